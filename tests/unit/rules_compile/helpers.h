/* Shared by the rules compiler's tests: where the Locking documents are, and
 * how to find a compiled fact.  The repository root and the documents'
 * directory come from tests/common/test_paths.h. */
#ifndef RULES_COMPILE_HELPERS_H
#define RULES_COMPILE_HELPERS_H

#include <cjson/cJSON.h>
#include "../../common/test_paths.h"

/* Path of the reference document with prefix ("002"), or NULL. */
const char *rc_doc_path(const char *prefix, char *buf, size_t buflen);

/* The spec of era ("4.x", "6.3", "6.6", "6.8"): compiled from its document
 * when present (*fresh = 1), else the checked-in rules/locking-ERA.json
 * (*fresh = 0), else NULL. */
cJSON *rc_spec_for_era(const char *era, int *fresh);

/* Document prefix of an era: "4.x" -> "002". */
const char *rc_prefix_of(const char *era);

cJSON *rc_method(const cJSON *spec, const char *iface, const char *method);
/* The n-th (0-based) lock fact of method for lock, or NULL. */
cJSON *rc_lock(const cJSON *method, const char *lock, int n);
const char *rc_str(const cJSON *o, const char *key);
int rc_int(const cJSON *o, const char *key);

/* Text of line n of file (static buffer), or NULL. */
const char *rc_line_text(const char *path, int n);

#endif

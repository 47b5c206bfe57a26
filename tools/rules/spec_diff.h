/* Differences between two compiled specs, by meaning: line numbers and
 * source details are not differences. */
#ifndef SPEC_DIFF_H
#define SPEC_DIFF_H

#include <stdio.h>
#include <cjson/cJSON.h>

/* Returns {"format": "lockcheck-spec-diff", "version": 1, "old": {...},
 * "new": {...}, "equal": bool, "changes": [...]} (docs/spec-format.md,
 * "Diff"), or NULL when out of memory.  prototypes: also compare the
 * prototypes' return and parameter types (off: a lock diff stays short). */
cJSON *spec_diff(const cJSON *old_spec, const cJSON *new_spec, int prototypes);

/* Readable text of a spec_diff() result, grouped by interface. */
void spec_diff_print(const cJSON *diff, FILE *out);

#endif

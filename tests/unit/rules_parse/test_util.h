/* Helpers for the rules_parse tests: where the repository and the Locking
 * documents are, and looking cells up in a parsed document. */
#ifndef RULES_PARSE_TEST_UTIL_H
#define RULES_PARSE_TEST_UTIL_H

#include "../../../tools/rules/doc_model.h"

/* Path of a repository file (static buffer, one call at a time); the root is
 * test_repo_root(). */
const char *tu_repo_path(const char *rel);
/* Path of the shared document whose name starts with prefix ("000_"), or NULL
 * when the documents are absent ($LOCKING_DOCS, else ../shared/locking). */
const char *tu_doc_path(const char *prefix);
/* Parse a shared document with the repository's resolutions; skips the test
 * (cr_skip_test) when the documents are absent. */
int tu_parse_doc(const char *prefix, doc *d);
/* Parse text written by the test. */
int tu_parse_text(const char *text, const char *resolutions, doc *d, char *err, size_t errlen);

const doc_section *tu_section(const doc *d, const char *title);
/* The cell (interface, method, column), or NULL if there is no such row/column. */
const doc_cell *tu_cell(const doc *d, const char *interface, const char *method, const char *column);
/* The value or "" for an empty cell, "<no row>" when the row/column is missing. */
const char *tu_value(const doc *d, const char *interface, const char *method, const char *column);
/* Number of diagnostics whose message contains needle (and severity >= min). */
int tu_diags_matching(const doc *d, const char *needle, int min_severity);

int tu_has_proto(const doc_section *s, const char *method);

#endif

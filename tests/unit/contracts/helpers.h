/* Shared by the contract tests: capture findings through the report hook,
 * choose a spec, find the build and source trees. */
#ifndef CONTRACT_TEST_HELPERS_H
#define CONTRACT_TEST_HELPERS_H

#include <stdbool.h>

#include "lc_finding.h"
#include "../../common/test_paths.h"

typedef struct seen_finding {
	lc_kind kind;
	char interface[64], method[64], lock[64], rule_cell[160], doc_line[16], object[96];
} seen_finding;

#define MAX_SEEN 64
extern seen_finding seen[MAX_SEEN];
extern unsigned nseen;

/* Options initialised, hook installed, the given fixture spec
 * ("mini-6.8", "mini-4.x") made the active one. */
void use_fixture_spec(const char *name);
/* A built-in spec by era; false (and the test should skip) if not built in. */
bool use_builtin_spec(const char *era);
/* Findings of a contract kind (or any kind when kind < 0). */
unsigned count_kind(int kind);
const seen_finding *first_kind(lc_kind kind);
/* All findings, "kind iface.method line; ..." for failure messages. */
const char *seen_summary(void);

/* The repository root (with include/ and tests/fixtures/); fails the test
 * when it cannot be found.  The build directory is test_build_dir(). */
const char *source_root(void);
bool builtin_has(const char *name);

#endif

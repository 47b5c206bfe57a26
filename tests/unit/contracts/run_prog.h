/* Run a program as a user would (optionally under LD_PRELOAD of the built
 * library) and read back its JSON Lines report. */
#ifndef CONTRACT_TEST_RUN_PROG_H
#define CONTRACT_TEST_RUN_PROG_H

#include <stdbool.h>
#include <stddef.h>

#include <cjson/cJSON.h>

typedef struct prog_run {
	int exit_code;      /* -1 if killed by a signal */
	cJSON *findings;    /* array of report objects */
	char out[4096];     /* start of stdout */
	char err[8192];     /* start of stderr */
} prog_run;

/* argv[0] is the program path; preload: LD_PRELOAD the built .so; options:
 * extra LOCKCHECK_OPTIONS (or NULL). */
void run_prog(prog_run *r, char *const argv[], bool preload, const char *options);
void prog_run_free(prog_run *r);
/* Findings whose kind starts with prefix ("contract-", or "" for all). */
int count_prefixed(const prog_run *r, const char *prefix);
/* The first finding with this kind, method and doc_line (any when NULL). */
const cJSON *find_finding(const prog_run *r, const char *kind, const char *method, const char *line);
const char *run_summary(const prog_run *r);
/* Compile C sources (paths relative to the source tree, space separated) into
 * out with cc and the given extra words; false with the compiler's output in
 * log when it fails.  Skips the test if there is no cc. */
bool compile_c(const char *out, const char *sources, const char *extra, char *log, size_t loglen);

#endif

/* Running a test program under the preloaded library, as a user would, and
 * reading back its JSON Lines report. */
#ifndef E2E_RUN_H
#define E2E_RUN_H

#include <cjson/cJSON.h>
#include <stdbool.h>

typedef struct e2e_run {
	char dir[256];      /* scratch directory: report files, stdout, stderr */
	bool exited;        /* ended by itself ... */
	int exit_code;      /* ... with this code */
	int signal;         /* or killed by this signal */
	bool killed_by_us;  /* still running when we stopped waiting */
	cJSON *findings;    /* every JSON object from every report file, in order */
	char *out, *err;    /* what it printed (NUL-terminated, may be empty) */
} e2e_run;

typedef struct e2e_opts {
	const char *arg;        /* one argument for the program, or NULL */
	const char *options;    /* extra LOCKCHECK_OPTIONS, or NULL */
	const char *stop_on;    /* stop (kill) once a finding of this kind is on disk */
	bool no_preload;        /* run it without the library */
	bool example;           /* NAME is in <build>/examples, not tests/progs */
	int max_wait_ms;        /* declare it hung (and kill it) after this; 0: 60 s */
} e2e_opts;

/* Runs <build>/tests/progs/NAME (or examples/NAME); never returns with the program running. */
void e2e_run_prog(e2e_run *r, const char *name, const e2e_opts *o);
void e2e_run_free(e2e_run *r);

/* Findings of one kind: how many, and the first. */
int e2e_count(const e2e_run *r, const char *kind);
const cJSON *e2e_find(const e2e_run *r, const char *kind);
/* Report kinds found, as "kind kind ..." for failure messages. */
const char *e2e_kinds(const e2e_run *r);

/* A lock of a finding: member "addr", "name", "type", "mode" (NULL if absent
 * or null). */
int e2e_nlocks(const cJSON *finding);
const char *e2e_lock_field(const cJSON *finding, int i, const char *member);
/* Whether finding names the lock at addr ("0x..."), in any position. */
bool e2e_has_lock(const cJSON *finding, const char *addr);

/* The address a program printed as "lock NAME 0x...", or NULL. */
const char *e2e_printed_lock(const e2e_run *r, const char *name);

#endif

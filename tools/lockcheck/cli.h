/* The `lockcheck` command: `run` (a program under the library) and `report`
 * (the CI gate over JSON Lines reports).  It does not link the library: it
 * only reads what the library wrote. */
#ifndef LOCKCHECK_CLI_H
#define LOCKCHECK_CLI_H

#include <cjson/cJSON.h>
#include <stdbool.h>
#include <stdio.h>
#include <uthash.h>

#include "../common/tool_opts.h"

/* Exit statuses of the command itself. */
#define CLI_CLEAN 0
#define CLI_FINDINGS 1
#define CLI_BAD_INPUT 2
#define CLI_NOT_CHECKED 124 /* `run`: the library could not be put into the program */
#define CLI_CANNOT_RUN 125 /* `run` could not start the program (as env(1)) */

/* One distinct finding, merged over every report line that repeats it. */
typedef struct cli_finding {
	cJSON *obj;          /* the first line's object, owned */
	const char *kind;    /* into obj */
	const char *message; /* into obj */
	char *key;           /* dedup key */
	unsigned count;      /* lines merged into this one */
	char *file;          /* where it was first seen */
	unsigned line;
	UT_hash_handle hh;
} cli_finding;

typedef struct cli_findings {
	cli_finding *by_key;  /* uthash */
	cli_finding **list;   /* in first-seen order */
	size_t n, cap;
	unsigned lines;       /* report lines read */
	unsigned suppressed;  /* lines dropped by suppressions */
} cli_findings;

typedef struct cli_suppressions cli_suppressions;

/* findings.c */
void findings_init(cli_findings *set);
void findings_free(cli_findings *set);
/* Reads one JSON Lines file.  strict: a bad line is an error (message on
 * stderr, returns false); otherwise it is warned about and skipped. */
bool findings_read_file(cli_findings *set, const char *path, const cli_suppressions *supp,
			bool strict);
/* The frame a person should look at: the first frame of the current stack
 * outside libc, the loader and liblockcheck itself.  NULL if none. */
const cJSON *finding_top_frame(const cli_finding *f);
/* "function (module+0xOFF)" for a frame, into buf. */
const char *frame_place(const cJSON *frame, char *buf, size_t cap);
/* "name (type, mode)" or "anonymous type@addr" for a lock, into buf. */
const char *lock_label(const cJSON *lock, char *buf, size_t cap);
const char *json_str(const cJSON *obj, const char *key); /* NULL unless a string */

/* suppress.c: NULL path gives an empty set; NULL return: bad file (said). */
cli_suppressions *suppressions_load(const char *path);
void suppressions_free(cli_suppressions *s);
bool suppressions_match(const cli_suppressions *s, const cJSON *finding);

/* kinds.c: known kinds with one-line descriptions, for SARIF rules. */
typedef struct cli_kind {
	const char *name;
	const char *description;
} cli_kind;
extern const cli_kind cli_kinds[];
extern const unsigned cli_nkinds;

/* Output formats. */
void write_text(FILE *out, const cli_findings *set);
void write_jsonl(FILE *out, const cli_findings *set);
void write_sarif(FILE *out, const cli_findings *set);
void write_junit(FILE *out, const cli_findings *set);

int cmd_run(int argc, char **argv);
int cmd_report(int argc, char **argv);

#endif

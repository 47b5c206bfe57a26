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

#ifndef LOCKCHECK_VERSION
#define LOCKCHECK_VERSION "0.1.0"
#endif
/* Where a SARIF viewer sends people for the tool (tool.driver.informationUri). */
#ifndef LOCKCHECK_INFORMATION_URI
#define LOCKCHECK_INFORMATION_URI "https://github.com/liblockcheck/liblockcheck"
#endif
/* A report line is a few KB; far beyond that it is not one. */
#define CLI_MAX_LINE (16u << 20)

/* Exit statuses of the command itself. */
#define CLI_CLEAN 0
#define CLI_FINDINGS 1
#define CLI_BAD_INPUT 2
#define CLI_REPORT_LOST 3 /* `run`: findings the library could not write to the report */
#define CLI_NOT_CHECKED 124 /* `run`: the library could not be put into the program */
#define CLI_CANNOT_RUN 125 /* `run` could not start the program (as env(1)) */

/* One distinct finding, merged over every report line that repeats it. */
typedef struct cli_finding {
	cJSON *obj;          /* the first line's object, owned */
	const char *kind;    /* into obj */
	const char *message; /* into obj */
	char *key;           /* signature (signature.c) */
	char fingerprint[33]; /* its hash: SARIF partialFingerprints, JUnit names */
	unsigned count;      /* lines merged into this one */
	unsigned occurrences; /* times it happened, counting repeats each process saw */
	unsigned instances;  /* distinct lock instances it happened on */
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
	unsigned in_baseline; /* distinct findings dropped by --baseline */
	struct {              /* library signature -> finding, for "counts" lines */
		char *sig;
		cli_finding *f;
	} *lib;
	size_t nlib;
} cli_findings;

typedef struct cli_suppressions cli_suppressions;

/* findings.c */
void findings_init(cli_findings *set);
void findings_free(cli_findings *set);
/* Reads one JSON Lines file.  strict: a bad line is an error (message on
 * stderr, returns false); otherwise it is warned about and skipped. */
bool findings_read_file(cli_findings *set, const char *path, const cli_suppressions *supp,
			bool strict);
/* baseline.c: drops every finding whose signature is in the report at
 * path; false (said on stderr) when it cannot be read. */
bool findings_drop_baseline(cli_findings *set, const char *path);

/* Settings of `lockcheck report` the writers read. */
extern const char *cli_source_root;  /* SARIF URIs are relative to it; NULL: cwd */
extern bool cli_gen_suppressions;    /* text: a suppression line per finding */

/* The frame a person should look at: the first frame of the current stack
 * outside libc, the loader and liblockcheck itself.  NULL if none. */
const cJSON *finding_top_frame(const cli_finding *f);
const cJSON *stack_top_frame(const cJSON *stack); /* the same for one stack */
bool frame_is_library(const cJSON *frame);          /* libc, the loader, us */
/* "function file:line", or "function (module+0xOFF)", for a frame, into buf. */
const char *frame_place(const cJSON *frame, char *buf, size_t cap);
/* "name (type, mode)" or "anonymous type@addr" for a lock, into buf. */
const char *lock_label(const cJSON *lock, char *buf, size_t cap);
const char *json_str(const cJSON *obj, const char *key); /* NULL unless a string */

/* signature.c: the identity of a finding (malloc'd), its 32-hex hash, the
 * site of one frame (malloc'd), the name a lock is known by. */
char *finding_signature(const cJSON *obj);
void signature_hash(const char *key, char out[33]);
char *frame_site(const cJSON *frame);
const char *lock_identity(const cJSON *lock, char *buf, size_t cap);

/* frames.c: symbolize a finding's frames in place (libdw), once per frame;
 * say which modules lacked debug info. */
void frames_symbolize_finding(cJSON *obj);
void frames_symbolize_disable(void);
void frames_symbolizer_free(void);
void frames_say_problems(FILE *out);

/* utf8.c: valid UTF-8, capped (malloc'd; *changed when it differs), and the
 * same for every string and key of a JSON tree, in place. */
char *utf8_clean(const char *s, bool *changed);
void utf8_clean_json(cJSON *item);

/* suppress.c: NULL path gives an empty set; NULL return: bad file (said). */
cli_suppressions *suppressions_load(const char *path);
void suppressions_free(cli_suppressions *s);
bool suppressions_match(const cli_suppressions *s, const cJSON *finding);
/* One paste-ready suppressions line per finding. */
void write_suppressions(FILE *out, const cli_findings *set);

/* kinds.c: known kinds with one-line descriptions, for SARIF rules. */
typedef struct cli_kind {
	const char *name;
	const char *description; /* one line */
} cli_kind;
extern const cli_kind cli_kinds[];
extern const unsigned cli_nkinds;
/* The longer description and the help of a kind (NULL when unknown). */
void cli_kind_details(const char *name, const char **full, const char **help);

/* Output formats. */
void write_text(FILE *out, const cli_findings *set);
void write_jsonl(FILE *out, const cli_findings *set);
void write_sarif(FILE *out, const cli_findings *set);
void write_junit(FILE *out, const cli_findings *set);

int cmd_run(int argc, char **argv);
int cmd_report(int argc, char **argv);
int cmd_graph(int argc, char **argv);
int cmd_symbolize(int argc, char **argv);

#endif

/* A finding: what a detector hands to reporting.
 *
 * Detectors fill one in (usually on their own stack; arrays may point at
 * memory from lc_alloc) and call lc_report().  Reporting decides whether it
 * is a duplicate or suppressed, prints it for people, writes it as one JSON
 * line, flushes both, and applies halt_on_error.  lc_report() returns only
 * after the finding is on disk. */
#ifndef LC_FINDING_H
#define LC_FINDING_H

#include <stdbool.h>
#include <stdint.h>

typedef enum lc_kind {
#define LC_KIND(e, name, summary) LC_KIND_##e,
#include "lc_kinds.def"
#undef LC_KIND
	LC_KIND_COUNT
} lc_kind;

/* Stable report names ("lock-order-inversion", ...); NULL if out of range. */
const char *lc_kind_name(lc_kind kind);
/* The kind for a stable name, or -1. */
int lc_kind_from_name(const char *name);
/* One line saying what the kind means (the CLI's list). */
const char *lc_kind_summary(lc_kind kind);

#define LC_MAX_FRAMES 64

typedef struct lc_stack {
	unsigned depth;
	uintptr_t pc[LC_MAX_FRAMES];
} lc_stack;

typedef struct lc_finding_lock {
	const void *addr;
	const char *name;        /* class name, or NULL for an anonymous lock */
	const char *type;        /* "mutex", "rwlock", "spinlock", ... */
	const char *mode;        /* "write", "read", or NULL */
	const char *object_type; /* "inode", ... or NULL */
	const void *object;
} lc_finding_lock;

typedef struct lc_finding_stack {
	const char *label;      /* "edge 1: A -> B first seen", "current", ... */
	const lc_stack *stack;
} lc_finding_stack;

typedef struct lc_finding_field {
	const char *key;        /* "interface", "method", "rule_cell", "doc_line", ... */
	const char *value;
} lc_finding_field;

typedef struct lc_finding {
	lc_kind kind;
	const char *message;    /* one sentence for people */
	long thread;            /* kernel thread id */
	unsigned nlocks;
	const lc_finding_lock *locks;
	unsigned nstacks;
	const lc_finding_stack *stacks;
	unsigned nfields;       /* extra key/value facts, written as JSON strings */
	const lc_finding_field *fields;
} lc_finding;

void lc_report(const lc_finding *f);
/* For tests and embedders: also hand every finding that passes dedup and
 * suppression to fn (synchronously, before lc_report returns). */
typedef void (*lc_report_hook)(const lc_finding *f, void *arg);
void lc_report_set_hook(lc_report_hook fn, void *arg);
/* For tests of the detectors: report every finding, duplicates included
 * (their counts are still kept).  On by default. */
void lc_report_set_dedup(bool on);
/* Findings reported so far in this process (after dedup and suppression). */
unsigned long lc_report_count(void);
/* Of those, how many could not be written to the report file (a full disk,
 * a missing directory): the report is incomplete by that many. */
unsigned long lc_report_lost(void);
/* Process exit, after the detectors' own exit checks: closes the report and,
 * when anything was reported, ends the process with lc_opt.exitcode. */
void lc_report_at_exit(void);
/* At load: verbosity=1 says the library is active and where reports go. */
void lc_report_started(void);
/* In a forked child: reopen the report file per process where needed. */
void lc_report_fork_child(void);

/* Lock wrapper frames (LOCKCHECK_LOCK_WRAPPER, skip_frames): a report is
 * placed at the first frame that is not one, and lock_classes=site classes
 * a lock by the same rule.  lc_skip_wanted: whether any are declared. */
struct lc_frame_info;
bool lc_skip_frame(const struct lc_frame_info *fr);
bool lc_skip_wanted(void);

/* Name used in reports for a lock type. */
const char *lc_lock_type_name(int type);

#endif

/* The compiled Locking spec in memory (loaded from docs/spec-format.md JSON):
 * interfaces -> methods -> lock rules, with the document line of each fact.
 * Read-only once loaded; the contract checker looks methods up by
 * "interface.method" in a hash built at load time. */
#ifndef LC_SPEC_H
#define LC_SPEC_H

#include <stdbool.h>
#include <stddef.h>

#include "lc_events.h"

typedef enum lc_spec_entry {
	LC_ENTRY_MAYBE,       /* maybe, maybe-shared, maybe-exclusive, unknown: not checked */
	LC_ENTRY_NONE,        /* "no": not taken by the caller */
	LC_ENTRY_HELD,        /* either mode */
	LC_ENTRY_SHARED,
	LC_ENTRY_EXCLUSIVE
} lc_spec_entry;

typedef enum lc_spec_exit {
	LC_EXIT_UNCHANGED,    /* balanced */
	LC_EXIT_RELEASED,     /* the method unlocks it (maybe via I/O completion) */
	LC_EXIT_ACQUIRED,     /* the method returns with it held */
	LC_EXIT_MAY_HOLD      /* either */
} lc_spec_exit;

typedef enum lc_spec_scope {
	LC_SCOPE_SELF,        /* null: the method's own object */
	LC_SCOPE_BOTH,        /* both parents of rename/link/unlink */
	LC_SCOPE_ALL,
	LC_SCOPE_VICTIM,
	LC_SCOPE_PER_SB,
	LC_SCOPE_NON_DIRS,    /* "non-directories": every non-directory inode involved */
	LC_SCOPE_MOVED_DIR,   /* "moved-subdirectory": a directory rename moves */
	LC_SCOPE_UNKNOWN      /* a scope this library does not know: not checked */
} lc_spec_scope;

typedef enum lc_spec_kind {
	LC_SKIND_SPINLOCK, LC_SKIND_MUTEX, LC_SKIND_RWSEM, LC_SKIND_RWLOCK, LC_SKIND_SEQLOCK,
	LC_SKIND_SEMAPHORE, LC_SKIND_FOLIO, LC_SKIND_RCU, LC_SKIND_BKL, LC_SKIND_OTHER
} lc_spec_kind;

typedef enum lc_spec_blocking {
	LC_BLOCK_UNKNOWN, LC_BLOCK_YES, LC_BLOCK_NO, LC_BLOCK_REF_WALK_ONLY, LC_BLOCK_MAYBE
} lc_spec_blocking;

typedef enum lc_spec_tri { LC_TRI_UNSAID, LC_TRI_YES, LC_TRI_NO, LC_TRI_MAYBE } lc_spec_tri;

/* lc_spec_method.contexts bits */
#define LC_SPEC_CTX_RCU_CALLBACK 0x1u
#define LC_SPEC_CTX_INTERRUPT    0x2u
#define LC_SPEC_CTX_RCU_READ     0x4u
#define LC_SPEC_CTX_PTL          0x8u

typedef struct lc_spec_rule {
	const char *lock;          /* spec lock name, e.g. "i_rwsem" */
	const char *const *names;  /* normalized names a lock class may carry: the lock, its
				    * aliases, and the other locks of "one_of" (any one will do) */
	unsigned nnames;
	lc_spec_kind kind;
	const char *object;        /* "inode", "dentry", ... or "" */
	lc_spec_entry entry;
	lc_spec_entry alt_entry;   /* from "alternative", or LC_ENTRY_MAYBE when none */
	bool has_alt;
	lc_spec_exit exit;
	lc_spec_scope scope;
	const char *condition;     /* NULL or the normalized phrase */
	const char *column;
	const char *cell;          /* the document's cell, verbatim */
	int line;
} lc_spec_rule;

typedef struct lc_spec_method {
	const char *interface;
	const char *name;
	int line;
	const lc_spec_rule *rules;
	unsigned nrules;
	lc_spec_blocking blocking;
	int blocking_line;
	lc_spec_tri rcu_walk;
	int rcu_walk_line;
	unsigned contexts;         /* LC_SPEC_CTX_* */
	int contexts_line;
} lc_spec_method;

typedef struct lc_spec lc_spec;

/* Parse a spec; NULL on error with a message (what and where) in err.
 * origin names it in messages ("locking-6.8", a path). */
lc_spec *lc_spec_parse(const char *json, size_t len, const char *origin, char *err, size_t errlen);
/* Read and parse a file without going through intercepted calls.  A spec
 * file is a regular file of at most LC_SPEC_FILE_MAX bytes (the built-in
 * ones are about 140 KB). */
#define LC_SPEC_FILE_MAX ((size_t)16 << 20)
lc_spec *lc_spec_load_file(const char *path, char *err, size_t errlen);
/* A built-in spec: by era ("6.8", "4.x") or by name ("locking-6.8"); NULL or
 * "" = the newest era.  NULL with a message if there is none. */
lc_spec *lc_spec_load_builtin(const char *era, char *err, size_t errlen);
void lc_spec_free(lc_spec *spec);
/* At library load: loads the spec now if an option names one, so that a
 * bad one fails early (said, and a configuration error: lc_config_error). */
void lc_spec_preload(void);

const char *lc_spec_name(const lc_spec *spec);   /* "locking-6.8" or the file path */
const char *lc_spec_era(const lc_spec *spec);    /* source.era */
unsigned lc_spec_method_count(const lc_spec *spec);
const lc_spec_method *lc_spec_method_at(const lc_spec *spec, unsigned i);

/* Hash lookup by interface and method name or alias; no allocation. */
const lc_spec_method *lc_spec_find(const lc_spec *spec, const char *interface, const char *method);

/* The spec the contract checker enforces: loaded on first use, once, from
 * lc_opt.spec_path or the built-in lc_opt.spec_era (newest by default).
 * NULL when loading failed (reported once on stderr) or there is no spec. */
const lc_spec *lc_spec_active(void);
/* Tests: forget the active spec so the next lc_spec_active() loads again
 * (with the current lc_opt).  Not safe while other threads check contracts. */
void lc_spec_reset_active(void);
void lc_spec_fork_child(void);

/* The name a lock class is known by, for matching ("&inode->i_rwsem",
 * "i_rwsem(inode)", "->d_lock" all give "i_rwsem"/"d_lock"); writes into out. */
const char *lc_spec_normalize_name(const char *name, char *out, size_t outlen);
/* Whether a held lock (class name, type) is the lock a rule speaks of. */
bool lc_spec_rule_matches(const lc_spec_rule *rule, const char *class_name, lc_lock_type type);

const char *lc_spec_entry_name(lc_spec_entry e);

#endif

/* Private to contracts/: the per-thread callback stack and the helpers the
 * entry, blocking and exit checks share. */
#ifndef LC_CONTRACT_STATE_H
#define LC_CONTRACT_STATE_H

#include <stdbool.h>

#include "lc_detectors.h"
#include "lc_finding.h"
#include "spec/lc_spec.h"

/* The checker's entry points (contracts.c), as lc_contracts_detector
 * lists them (detector.c). */
void lc_contracts_callback_enter(const char *interface, const char *method,
				 const lc_callback_object *objects, unsigned nobjects);
void lc_contracts_callback_exit(const char *interface, const char *method);
/* The thread is about to sleep: a blocking call, or a wait on a sleeping lock. */
void lc_contracts_blocking(const char *call);
void lc_contracts_thread_exit(void);
void lc_contracts_fork_child(void);

#define LC_CB_MAX_DEPTH   10 /* nested callbacks tracked per thread */
#define LC_CB_MAX_OBJECTS 8  /* objects kept per callback */
#define LC_CB_SNAPSHOT    16 /* newest held locks remembered at entry */
#define LC_CB_PENDING     8  /* "released" locks still held at exit, waiting */

typedef struct lc_held_snap {
	const void *lock;
	lc_mode mode;
} lc_held_snap;

typedef struct lc_cb_frame {
	const char *interface;       /* as the caller passed them */
	const char *method;
	const lc_spec_method *m;     /* NULL: the spec does not know it */
	const lc_spec *spec;
	lc_callback_object objects[LC_CB_MAX_OBJECTS];
	unsigned nobjects;
	unsigned held_at_entry;      /* all the thread held */
	unsigned nsnap;              /* the newest nsnap of them */
	lc_held_snap snap[LC_CB_SNAPSHOT];
	bool blocking_reported;
} lc_cb_frame;

typedef struct lc_pending_release {
	const void *lock;
	const lc_spec *spec;
	const lc_spec_method *m;
	const lc_spec_rule *rule;
	const char *role;
	const void *object;
} lc_pending_release;

typedef struct lc_cb_thread {
	unsigned depth;              /* frames in use */
	unsigned overflow;           /* callbacks beyond LC_CB_MAX_DEPTH, not tracked */
	lc_cb_frame frames[LC_CB_MAX_DEPTH];
	unsigned npending;
	lc_pending_release pending[LC_CB_PENDING];
} lc_cb_thread;

lc_cb_thread *lc_cb_self(void);

/* roles.c: which callback objects a rule's lock is checked on. */
#define LC_MAX_ROLES 4
typedef struct lc_role_target {
	const char *role;            /* NULL: no object, match the lock class anywhere */
	const void *object;
} lc_role_target;
unsigned lc_rule_targets(const lc_spec_method *m, const lc_spec_rule *r,
			 const lc_cb_frame *f, lc_role_target out[LC_MAX_ROLES]);
/* The newest held lock of this thread that is the rule's lock on object
 * (any object when object is NULL); index into the held list, or -1. */
int lc_find_held(const lc_spec_rule *r, const void *object, lc_held_info *out);

/* contract_report.c */
typedef struct lc_contract_fact {
	lc_kind kind;
	const lc_cb_frame *frame;    /* interface, method, spec */
	const lc_spec_method *m;
	const lc_spec_rule *rule;    /* NULL for blocking / rcu-walk facts */
	const char *role;
	const void *object;
	const lc_held_info *held;    /* the lock involved, if one is held */
	const char *what;            /* what happened, in words */
	const char *requires;        /* what the document requires, in words */
	const char *cell;            /* the document's cell (quoted in the report) */
	int line;                    /* its document line */
} lc_contract_fact;
void lc_contract_report(const lc_contract_fact *fact);
/* What a rule requires, in words (into buf). */
const char *lc_rule_words(const lc_spec_rule *r, char *buf, unsigned len);

/* contract_entry.c / contract_exit.c */
void lc_contract_check_entry(lc_cb_frame *f);
void lc_contract_check_exit(lc_cb_thread *t, lc_cb_frame *f);
void lc_contract_settle_pending(lc_cb_thread *t);

bool lc_contract_spin_kind(lc_spec_kind kind);

#endif

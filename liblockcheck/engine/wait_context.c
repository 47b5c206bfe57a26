/* lockdep's check_wait_context, for prove_raw_lock_nesting=1 (see
 * wait_context.h): the strictest wait type among the locks held in the
 * current interrupt context and the context itself, against what the new
 * lock does. */
#include <stdio.h>

#include "engine/wait_context.h"

static const char *const wait_names[LC_WAIT_MAX] = {"inv", "free", "spin", "config", "sleep"};

/* What holding a lock of this type presents to the locks taken inside it. */
static unsigned wait_inner(lc_lock_type type)
{
	switch (type) {
	case LC_LOCK_RAW_SPINLOCK:
		return LC_WAIT_SPIN;
	case LC_LOCK_SPINLOCK:
	case LC_LOCK_RWLOCK_SPIN:
	case LC_LOCK_RCU:
		return LC_WAIT_CONFIG;
	case LC_LOCK_SEQLOCK:
		return LC_WAIT_INV; /* a seqcount's writer side, as lockdep_init_map gives it */
	default:
		return lc_type_sleeps(type) ? LC_WAIT_SLEEP : LC_WAIT_INV;
	}
}

/* Where a lock of this type may be taken: RCU from anywhere. */
static unsigned wait_outer(lc_lock_type type)
{
	return type == LC_LOCK_RCU ? LC_WAIT_FREE : wait_inner(type);
}

typedef struct wait_limit {
	unsigned wait;
	const lc_held *held; /* the held lock that set it, or NULL: the context */
	const char *context; /* what the context is, when it set it */
} wait_limit;

static void lower(wait_limit *w, unsigned wait, const lc_held *h, const char *context)
{
	if (wait && wait < w->wait) {
		w->wait = wait;
		w->held = h;
		w->context = context;
	}
}

static wait_limit current_limit(const lc_thread *t)
{
	wait_limit w = {LC_WAIT_MAX, NULL, NULL};
	if (t->ctx_depth[LC_CTX_IRQ])
		lower(&w, t->ctx_depth[LC_CTX_IRQ_THREADED] ? LC_WAIT_CONFIG : LC_WAIT_SPIN, NULL,
		      t->ctx_depth[LC_CTX_IRQ_THREADED] ? "a threaded hardirq handler"
							: "a hardirq handler that is not threaded");
	else if (t->ctx_depth[LC_CTX_SOFTIRQ])
		lower(&w, LC_WAIT_CONFIG, NULL, "a softirq handler");
	if (t->ctx_depth[LC_CTX_RCU_SCHED])
		lower(&w, LC_WAIT_SPIN, NULL, "an RCU-sched read-side section");
	if (t->ctx_depth[LC_CTX_RCU_READ])
		lower(&w, LC_WAIT_CONFIG, NULL, "an RCU read-side section");
	/* Only this interrupt context's locks: the interrupted one's are not
	 * what the handler runs under. */
	for (unsigned i = t->ctx_base; i < t->nheld; i++)
		lower(&w, wait_inner((lc_lock_type)t->held[i].type), &t->held[i], NULL);
	return w;
}

static void report(lc_lockrec *rec, const void *lock, lc_mode mode, unsigned outer,
		   const wait_limit *w, const void *pc)
{
	if (!lc_opt.detect[LC_KIND_INVALID_WAIT_CONTEXT])
		return;
	lc_finding_lock locks[2];
	unsigned n = 0;
	char name[160], where[240], msg[560];
	if (w->held) {
		char held[160];
		lc_lock_display(held, sizeof held, w->held->rec->class_name,
				(lc_lock_type)w->held->type, w->held->addr);
		snprintf(where, sizeof where, "while holding %s %s (wait type %s)",
			 lc_lock_type_name(w->held->type), held, wait_names[w->wait]);
		lc_finding_lock_from_rec(&locks[n++], w->held->rec, w->held->addr, w->held->mode);
	} else {
		snprintf(where, sizeof where, "inside %s (wait type %s)", w->context,
			 wait_names[w->wait]);
	}
	lc_lock_display(name, sizeof name, rec->class_name, rec->type, lock);
	lc_finding_lock_from_rec(&locks[n++], rec, lock, mode);
	snprintf(msg, sizeof msg,
		 "Invalid wait context: %s %s (wait type %s%s) is acquired %s, where %s.",
		 lc_lock_type_name(rec->type), name, wait_names[outer],
		 outer == LC_WAIT_CONFIG ? ": sleeps on PREEMPT_RT" : "", where,
		 w->wait == LC_WAIT_SPIN ? "nothing may sleep, not even on PREEMPT_RT"
					 : "a lock that sleeps may not be taken");
	lc_report_simple(LC_KIND_INVALID_WAIT_CONTEXT, msg, locks, n, pc);
}

void lc_wait_context_check(lc_thread *t, lc_lockrec *rec, const void *lock, lc_mode mode,
			   const void *pc)
{
	unsigned outer = wait_outer((lc_lock_type)rec->type);
	if (!outer)
		return;
	wait_limit w = current_limit(t);
	if (outer > w.wait)
		report(rec, lock, mode, outer, &w, pc);
}

void lc_wait_context_moved(lc_thread *t, lc_context ctx, bool enter)
{
	/* The outermost handler starts unthreaded, and its mark ends with it. */
	if (ctx == LC_CTX_IRQ && t->ctx_depth[LC_CTX_IRQ] == (enter ? 1u : 0u))
		t->ctx_depth[LC_CTX_IRQ_THREADED] = 0;
}

/* Atomic context, blocking calls, condition waits and assertions. */
#include <stdio.h>

#include "engine/engine_internal.h"
#include "engine/wait_context.h"

static const char *const context_names[LC_CTX_COUNT] = {
	"an atomic section", "an interrupt handler", "an RCU read-side section",
	"an RCU-walk lookup", "an RCU callback",
};

void lc_engine_report_atomic(lc_thread *t, const char *what, lc_lockrec *rec, const void *lock,
			     lc_mode mode, const void *pc)
{
	if (!lc_opt.detect[LC_KIND_BLOCKING_IN_ATOMIC])
		return;
	lc_finding_lock locks[2];
	unsigned n = 0;
	char where[200], action[200], msg[480];
	const lc_held *spin = NULL;
	for (unsigned i = t->nheld; i-- > 0 && !spin;)
		if (lc_type_spins((lc_lock_type)t->held[i].type))
			spin = &t->held[i];
	if (spin) {
		char name[160];
		lc_lock_display(name, sizeof name, spin->rec->class_name, (lc_lock_type)spin->type,
				spin->addr);
		snprintf(where, sizeof where, "while holding %s %s",
			 lc_lock_type_name(spin->type), name);
		lc_finding_lock_from_rec(&locks[n++], spin->rec, spin->addr, spin->mode);
	} else {
		snprintf(where, sizeof where, "inside %s",
			 context_names[t->ctx_depth[LC_CTX_IRQ] ? LC_CTX_IRQ
				      : t->ctx_depth[LC_CTX_RCU_READ] &&
						t->ctx_depth[LC_CTX_ATOMIC] == t->ctx_depth[LC_CTX_RCU_READ]
					? LC_CTX_RCU_READ
					: LC_CTX_ATOMIC]);
	}
	if (rec) {
		char name[160];
		lc_lock_display(name, sizeof name, rec->class_name, rec->type, lock);
		snprintf(action, sizeof action, "sleeping lock %s is acquired", name);
		lc_finding_lock_from_rec(&locks[n++], rec, lock, mode);
	} else {
		snprintf(action, sizeof action, "%s may sleep", what ? what : "a call");
	}
	snprintf(msg, sizeof msg, "Blocking in atomic context: %s %s.", action, where);
	lc_report_simple(LC_KIND_BLOCKING_IN_ATOMIC, msg, locks, n, pc);
}

static bool thread_in_atomic(const lc_thread *t)
{
	return t->nspin || t->ctx_depth[LC_CTX_ATOMIC] || t->ctx_depth[LC_CTX_IRQ];
}

void lc_engine_blocking(const char *call, const void *pc)
{
	lc_thread *t = lc_thread_get();
	if (t && thread_in_atomic(t))
		lc_engine_report_atomic(t, call, NULL, NULL, LC_MODE_WRITE, pc);
}

void lc_engine_cond_wait(const void *cond, const void *mutex, const void *pc)
{
	lc_thread *t = lc_thread_get();
	if (!t)
		return;
	__atomic_store_n(&t->cond_wait_mutex, mutex, __ATOMIC_RELAXED);
	if (lc_held_find(t, mutex) < 0 && lc_opt.detect[LC_KIND_COND_WAIT_UNHELD]) {
		lc_lockrec *rec = lc_table_lookup(mutex);
		char name[160], msg[400];
		lc_lock_display(name, sizeof name, rec ? rec->class_name : NULL,
				rec ? rec->type : LC_LOCK_MUTEX, mutex);
		snprintf(msg, sizeof msg,
			 "Condition wait without its mutex: waiting on condition %p with %s, which this thread does not hold.",
			 cond, name);
		lc_finding_lock l;
		lc_finding_lock_from_rec(&l, rec, mutex, -1);
		lc_report_simple(LC_KIND_COND_WAIT_UNHELD, msg, &l, 1, pc);
	}
	if (thread_in_atomic(t))
		lc_engine_report_atomic(t, "pthread_cond_wait", NULL, NULL, LC_MODE_WRITE, pc);
}

/* Nested (a signal handler inside the library): no thread state may be
 * created then, so without one the event is only counted. */
void lc_engine_context(lc_context ctx, int enter, unsigned flags)
{
	lc_thread *t = (flags & LC_EV_NESTED) ? lc_self_thread : lc_thread_get();
	if (!t || (unsigned)ctx >= LC_CTX_COUNT) {
		if (flags & LC_EV_NESTED)
			lc_engine_count_drop();
		return;
	}
	if (enter > 0)
		t->ctx_depth[ctx]++;
	else if (t->ctx_depth[ctx])
		t->ctx_depth[ctx]--;
	else
		return;
	lc_wait_context_moved(t, ctx, enter > 0);
	/* Interrupt contexts: their state, and marks when they come back on
	 * (not on the reentrant path: marking takes the graph lock). */
	lc_irq_context_moved(t, ctx, enter > 0, !(flags & LC_EV_NESTED));
}

void lc_engine_assert_held(const void *lock, bool held, int mode, const void *pc)
{
	lc_thread *t = lc_thread_get();
	if (!t || !lc_opt.detect[LC_KIND_ASSERT_FAILED])
		return;
	if (t->nremote)
		lc_held_prune_remote(t);
	int i = lc_held_find(t, lock);
	lc_lockrec *rec = i >= 0 ? t->held[i].rec : lc_table_lookup(lock);
	char name[160], msg[400];
	lc_lock_display(name, sizeof name, rec ? rec->class_name : NULL,
			rec ? rec->type : LC_LOCK_MUTEX, lock);
	if (held && i < 0)
		snprintf(msg, sizeof msg, "Assertion failed: %s is not held by this thread.", name);
	else if (held && mode >= 0 && t->held[i].mode != mode)
		snprintf(msg, sizeof msg, "Assertion failed: %s is held for %s, not for %s.", name,
			 lc_mode_name(t->held[i].mode), lc_mode_name(mode));
	else if (!held && i >= 0)
		snprintf(msg, sizeof msg, "Assertion failed: %s is held by this thread.", name);
	else
		return;
	lc_finding_lock l;
	lc_finding_lock_from_rec(&l, rec, lock, i >= 0 ? t->held[i].mode : -1);
	lc_report_simple(LC_KIND_ASSERT_FAILED, msg, &l, 1, pc);
}

/* lockdep's wound/wait rules (the kernel's DEBUG_WW_MUTEXES checks), applied
 * to what a ww_mutex operation reports of the mutex and its acquire context
 * (lockcheck/kernel/ww_mutex.h).  The context is also a lock, the nest lock
 * of the ww_mutexes taken under it (nest_lock.c); what needs more than the
 * held stack is judged here, one finding per operation. */
#include <stdio.h>

#include "engine/engine_internal.h"
#include "engine/ww_mutex_rules.h"

static void name_of(char *buf, size_t len, const void *lock, const char *fallback)
{
	lc_lockrec *rec = lock ? lc_table_lookup(lock) : NULL;
	if (rec)
		lc_lock_display(buf, len, rec->class_name, (lc_lock_type)rec->type, lock);
	else
		snprintf(buf, len, "%s %p", fallback, lock);
}

/* What is wrong with the operation, or NULL.  Texts name the ww_mutex
 * first (%s), then the context (%s); ctx_only ones only the context. */
static const char *broken_rule(lc_ww_event ev, const lc_ww_state *st, bool *ctx_only)
{
	*ctx_only = false;
	switch (ev) {
	case LC_WW_CTX_DONE:
		*ctx_only = true;
		return st->done ? "ww_acquire_done() is called twice on acquire context %s." : NULL;
	case LC_WW_CTX_FINI:
		*ctx_only = true;
		return st->acquired ? "ww_acquire_fini() on acquire context %s while ww_mutexes taken under it are still locked." : NULL;
	case LC_WW_LOCK_SLOW:
		return st->contending ? NULL
				      : "ww_mutex_lock_slow() on %s under acquire context %s, which got no -EDEADLK to back off from.";
	case LC_WW_ACQUIRED:
		if (st->lock_ctx)
			return "%s is taken under acquire context %s while still recorded under a context: a ww_mutex locked with a context must be released with ww_mutex_unlock().";
		if (st->done)
			return "%s is taken under acquire context %s after ww_acquire_done(): the acquire phase is over.";
		if (st->contending && st->contending != st->lock)
			return "%s is taken under acquire context %s after -EDEADLK on another ww_mutex: after backing off, the contended lock must be taken first.";
		if (st->contending && st->acquired)
			return "%s is taken again under acquire context %s after -EDEADLK without backing off: every ww_mutex held under the context must be unlocked first.";
		if (st->ctx_class != st->lock_class)
			return "%s is taken under acquire context %s of another ww_class.";
		return NULL;
	case LC_WW_BACKOFF:
		return st->contending ? "%s gives -EDEADLK to acquire context %s again before it backed off from the last -EDEADLK." : NULL;
	case LC_WW_UNLOCK:
		return st->lock_ctx && !st->acquired
			       ? "%s is unlocked, but its acquire context %s records no ww_mutex taken under it: its count is out of step."
			       : NULL;
	case LC_WW_EVENT_COUNT:
		break;
	}
	return NULL;
}

void lc_engine_ww_event(lc_ww_event ev, const lc_ww_state *st, const void *pc)
{
	bool ctx_only;
	const char *rule = broken_rule(ev, st, &ctx_only);
	if (!rule || !lc_opt.detect[LC_KIND_WW_MUTEX_MISUSE])
		return;
	const void *ctx = ev == LC_WW_UNLOCK ? st->lock_ctx : st->ctx;
	char lock_name[160], ctx_name[160], text[480], msg[520];
	name_of(lock_name, sizeof lock_name, st->lock, "ww_mutex");
	name_of(ctx_name, sizeof ctx_name, ctx, "acquire context");
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
	if (ctx_only)
		snprintf(text, sizeof text, rule, ctx_name);
	else
		snprintf(text, sizeof text, rule, lock_name, ctx_name);
#pragma GCC diagnostic pop
	snprintf(msg, sizeof msg, "ww_mutex misuse: %s", text);
	lc_finding_lock l[2];
	unsigned nl = 0;
	const void *locks[2] = {ctx_only ? NULL : st->lock, ctx};
	for (unsigned i = 0; i < 2; i++)
		if (locks[i]) {
			lc_finding_lock_from_rec(&l[nl], lc_table_lookup(locks[i]), locks[i], -1);
			nl++;
		}
	lc_report_simple(LC_KIND_WW_MUTEX_MISUSE, msg, l, nl, pc);
}

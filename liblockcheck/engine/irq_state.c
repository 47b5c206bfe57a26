/* Interrupt state of a thread, as kernel-style code declares it: hard
 * interrupts on or off (local_irq_disable/enable/save/restore), softirqs held
 * off (local_bh_disable, counted), and running inside a hardirq or softirq
 * handler (entered through lockcheck_context_enter).
 *
 * Two things follow from it, both precomputed here so the acquisition fast
 * path only compares:
 *   - usage_want: the usage bits (irq_usage.c) an acquisition now marks on
 *     its class; the record keeps the bits already marked, so a lock seen in
 *     this state before costs one byte test;
 *   - the chain seed: a handler's locks start a chain of their own (lockdep
 *     does the same), so they get no order edges from the locks of the
 *     context they interrupted and a new context takes the slow path.
 * Being off, in a handler or with softirqs off is also atomic context: it
 * counts in ctx_depth[LC_CTX_ATOMIC], so sleeping there is reported. */
#include "engine/engine_internal.h"
#include "engine/irq_usage.h"

static void recompute(lc_thread *t)
{
	bool in_hard = t->ctx_depth[LC_CTX_IRQ] > 0;
	bool in_soft = t->ctx_depth[LC_CTX_SOFTIRQ] > 0;
	bool hard_on = !t->hardirqs_off && !in_hard;
	bool soft_on = hard_on && !in_soft && !t->ctx_depth[LC_CTX_BH_OFF];
	for (unsigned i = 0; i < 4; i++) {
		unsigned read = i & 1, try_acq = i >> 1;
		unsigned m = 0;
		/* A trylock cannot wait, so it does not make a lock irq-safe. */
		if (!try_acq && in_hard)
			m |= LC_USAGE_BIT(LC_USAGE_HARDIRQ, LC_USAGE_USED_IN, read);
		if (!try_acq && in_soft)
			m |= LC_USAGE_BIT(LC_USAGE_SOFTIRQ, LC_USAGE_USED_IN, read);
		if (hard_on)
			m |= LC_USAGE_BIT(LC_USAGE_HARDIRQ, LC_USAGE_ENABLED, read);
		if (soft_on)
			m |= LC_USAGE_BIT(LC_USAGE_SOFTIRQ, LC_USAGE_ENABLED, read);
		t->usage_want[i] = (uint8_t)m;
	}
}

void lc_irq_state_init(lc_thread *t)
{
	recompute(t);
}

static bool hardirqs_enabled(const lc_thread *t)
{
	return !t->hardirqs_off && !t->ctx_depth[LC_CTX_IRQ];
}

static bool softirqs_enabled(const lc_thread *t)
{
	return hardirqs_enabled(t) && !t->ctx_depth[LC_CTX_SOFTIRQ] && !t->ctx_depth[LC_CTX_BH_OFF];
}

/* Entering a handler: the locks held so far belong to the interrupted
 * context; leaving it: back to that context's chain. */
static void handler_moved(lc_thread *t, uint8_t ctx, bool enter)
{
	if (enter) {
		if (t->nsaved < sizeof t->saved_ctx / sizeof t->saved_ctx[0]) {
			t->saved_ctx[t->nsaved].base = t->ctx_base;
			t->saved_ctx[t->nsaved].seed = t->ctx_seed;
			t->saved_ctx[t->nsaved].ctx = t->irq_ctx;
		}
		t->nsaved++;
		t->ctx_base = t->nheld;
		t->ctx_seed = lc_mix64(0x1d8e4e27c47d124fULL + ctx + t->nsaved);
		t->irq_ctx = ctx;
		return;
	}
	if (!t->nsaved)
		return;
	t->nsaved--;
	if (t->nsaved < sizeof t->saved_ctx / sizeof t->saved_ctx[0]) {
		t->ctx_base = t->saved_ctx[t->nsaved].base;
		t->ctx_seed = t->saved_ctx[t->nsaved].seed;
		t->irq_ctx = t->saved_ctx[t->nsaved].ctx;
	}
	/* A handler that returned holding locks: they stay, the base cannot
	 * be above the stack. */
	if (t->ctx_base > t->nheld)
		t->ctx_base = t->nheld;
}

void lc_irq_context_moved(lc_thread *t, lc_context ctx, bool enter, bool marks)
{
	if (ctx == LC_CTX_RCU_READ) {
		/* An RCU read-side section must not sleep either (lockdep's
		 * "Illegal context switch in RCU read-side critical section"). */
		if (enter)
			t->ctx_depth[LC_CTX_ATOMIC]++;
		else if (t->ctx_depth[LC_CTX_ATOMIC])
			t->ctx_depth[LC_CTX_ATOMIC]--;
		return;
	}
	if (ctx != LC_CTX_IRQ && ctx != LC_CTX_SOFTIRQ && ctx != LC_CTX_BH_OFF)
		return;
	/* ctx_depth[ctx] has already moved: the state before is one step back. */
	t->ctx_depth[ctx] += enter ? -1u : 1u;
	bool soft_was = softirqs_enabled(t);
	t->ctx_depth[ctx] += enter ? 1u : -1u;
	/* Mirror the move in the atomic depth. */
	if (enter)
		t->ctx_depth[LC_CTX_ATOMIC]++;
	else if (t->ctx_depth[LC_CTX_ATOMIC])
		t->ctx_depth[LC_CTX_ATOMIC]--;
	if (ctx == LC_CTX_IRQ)
		handler_moved(t, LC_IRQ_CTX_HARDIRQ, enter);
	else if (ctx == LC_CTX_SOFTIRQ)
		handler_moved(t, LC_IRQ_CTX_SOFTIRQ, enter);
	recompute(t);
	if (marks && !soft_was && softirqs_enabled(t))
		lc_usage_mark_held(t, LC_USAGE_SOFTIRQ);
}

static int set_irqs(lc_thread *t, int op, bool marks)
{
	int was = t->hardirqs_off;
	if (op == LC_IRQS_QUERY || (op == LC_IRQS_DISABLE) == t->hardirqs_off)
		return was;
	bool soft_was = softirqs_enabled(t);
	t->hardirqs_off = op == LC_IRQS_DISABLE;
	if (t->hardirqs_off)
		t->ctx_depth[LC_CTX_ATOMIC]++;
	else if (t->ctx_depth[LC_CTX_ATOMIC])
		t->ctx_depth[LC_CTX_ATOMIC]--;
	recompute(t);
	/* Interrupts back on over held locks: each of them is now held with
	 * interrupts enabled (lockdep's mark_held_locks). */
	if (marks && hardirqs_enabled(t))
		lc_usage_mark_held(t, LC_USAGE_HARDIRQ);
	if (marks && !soft_was && softirqs_enabled(t))
		lc_usage_mark_held(t, LC_USAGE_SOFTIRQ);
	return was;
}

int lc_engine_irqs(int op, unsigned flags)
{
	/* Reentrant: the state still follows, the marks need the graph lock. */
	bool nested = flags & LC_EV_NESTED;
	lc_thread *t = nested ? lc_self_thread : lc_thread_get();
	return t ? set_irqs(t, op, !nested) : 0;
}

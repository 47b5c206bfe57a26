/* Wait types, lockdep's check_wait_context (prove_raw_lock_nesting=1).
 *
 * Every lock type has the kind of waiting it does (lockdep's
 * lockdep_wait_type): raw_spinlock_t spins everywhere; spinlock_t and
 * rwlock_t spin, but sleep on PREEMPT_RT; mutexes and semaphores sleep.  A
 * lock may only be taken where what it does is allowed: inside a raw spinlock
 * or a hardirq handler that is not threaded nothing may sleep, not even on
 * PREEMPT_RT, so a spinlock_t there is wrong on that kernel although it works
 * on this one.  Off by default, like the kernel's option. */
#ifndef LC_ENGINE_WAIT_CONTEXT_H
#define LC_ENGINE_WAIT_CONTEXT_H

#include "engine/engine_internal.h"

#pragma GCC visibility push(hidden)

/* lockdep's order: a smaller value allows less. */
enum lc_wait_type {
	LC_WAIT_INV = 0, /* not checked */
	LC_WAIT_FREE,    /* never waits (RCU) */
	LC_WAIT_SPIN,    /* spins (raw_spinlock_t) */
	LC_WAIT_CONFIG,  /* spins here, sleeps on PREEMPT_RT (spinlock_t) */
	LC_WAIT_SLEEP,   /* sleeps (mutex) */
	LC_WAIT_MAX
};

/* An acquisition (not a trylock) that blocking-in-atomic does not already
 * report: checked against the locks held and the thread's context. */
void lc_wait_context_check(lc_thread *t, lc_lockrec *rec, const void *lock, lc_mode mode,
			   const void *pc);

/* A hardirq handler starts unthreaded; lockdep_hardirq_threaded() says
 * otherwise until the handler ends. */
void lc_wait_context_moved(lc_thread *t, lc_context ctx, bool enter);

#pragma GCC visibility pop

#endif

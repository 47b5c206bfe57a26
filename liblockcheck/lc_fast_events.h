/* The event gate's fast path, inline in the interceptors: an uncontended
 * acquisition (the real trylock took the lock) and a release of the
 * innermost held lock, on a thread outside the library where no other
 * detector listens, go straight to the built-in lock detector's fast paths
 * (lc_detectors.h).  Anything else, or whatever the fast path declines,
 * is the caller's full event (lc_on_acquired_direct, lc_on_release_direct),
 * so what is checked and reported is the same either way. */
#ifndef LC_FAST_EVENTS_H
#define LC_FAST_EVENTS_H

#include "lc_detectors.h"

/* Not nested, options read, nobody else listening (events.c's plain()),
 * and slot 0 holds the built-in detector. */
static inline __attribute__((always_inline)) bool lc_fast_gate_open(void)
{
	return __builtin_expect((lc_gate.inside | lc_gate.listening) == 0, 1) &&
	       __builtin_expect(lc_locks_builtin, 1);
}

/* Inside the gate for one detector call: a signal handler that takes a lock
 * meanwhile sees the thread as nested (the fences keep the compiler from
 * moving the call out of the window). */
static inline __attribute__((always_inline)) void lc_fast_enter(void)
{
	lc_gate.inside = 1;
	__atomic_signal_fence(__ATOMIC_SEQ_CST);
}

static inline __attribute__((always_inline)) void lc_fast_leave(void)
{
	__atomic_signal_fence(__ATOMIC_SEQ_CST);
	lc_gate.inside = 0;
}

/* The lock is taken (uncontended): true once checked and recorded. */
static inline __attribute__((always_inline)) bool lc_fast_acquired(const void *lock, lc_mode mode,
								    const void *pc)
{
	if (!lc_fast_gate_open())
		return false;
	lc_fast_enter();
	bool done = lc_engine_fast_acquired(lock, mode, pc);
	lc_fast_leave();
	return done;
}

/* Before the real unlock: true once the release is recorded. */
static inline __attribute__((always_inline)) bool lc_fast_release(const void *lock, const void *pc)
{
	if (!lc_fast_gate_open())
		return false;
	lc_fast_enter();
	bool done = lc_engine_fast_release(lock, pc);
	lc_fast_leave();
	return done;
}

/* A lock that was busy: the checks before the wait and the record after
 * it, as events.c's plain path makes them (lc_on_acquire_at,
 * lc_on_acquired_at), without the call into the gate and the table's
 * indirect call. */
static inline __attribute__((always_inline)) void lc_fast_acquire_at(const void *lock, lc_mode mode,
								      unsigned flags,
								      const void *pc)
{
	if (!lc_fast_gate_open()) {
		lc_on_acquire_at(lock, mode, flags, 0, pc);
		return;
	}
	lc_fast_enter();
	lc_engine_before_acquire(lock, LC_ACQ_TYPE_OF(flags), mode, flags, 0, pc);
	lc_fast_leave();
}

static inline __attribute__((always_inline)) void lc_fast_acquired_at(const void *lock, lc_mode mode,
								       unsigned flags, bool success,
								       const void *pc)
{
	if (!lc_fast_gate_open()) {
		lc_on_acquired_at(lock, mode, flags, 0, success, pc);
		return;
	}
	if (__builtin_expect(!success, 0))
		flags |= LC_ACQ_FAILED;
	lc_fast_enter();
	lc_engine_after_acquire(lock, LC_ACQ_TYPE_OF(flags), mode, flags, 0, pc);
	lc_fast_leave();
}

#endif

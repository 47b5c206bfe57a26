/* pthread_mutex_*: every mutex type, as events, around the real call.
 *
 * Acquire is announced before the real lock so a deadlock is reported before
 * the thread hangs (a lock that trylock takes at once could not hang, so it
 * is announced after); release before the real unlock so the engine's view
 * never lags behind a thread that takes the mutex next.  The commonest two
 * (taken at once; the innermost lock released) try the inline fast path
 * first (lc_fast_events.h); what a mutex is (desc) is read only when that
 * declines, as only a lock first met on use needs it. */
#include <errno.h>
#include <pthread.h>
#include <time.h>

#include "lc_events.h"
#include "lc_fast_events.h"
#include "lc_runtime.h"
#include "mutex_kind.h"
#include "real.h"

LC_REAL(int, pthread_mutex_init, pthread_mutex_t *, const pthread_mutexattr_t *)
LC_REAL(int, pthread_mutex_destroy, pthread_mutex_t *)
LC_REAL(int, pthread_mutex_lock, pthread_mutex_t *)
LC_REAL(int, pthread_mutex_trylock, pthread_mutex_t *)
LC_REAL(int, pthread_mutex_timedlock, pthread_mutex_t *, const struct timespec *)
LC_REAL(int, pthread_mutex_clocklock, pthread_mutex_t *, clockid_t, const struct timespec *)
LC_REAL(int, pthread_mutex_unlock, pthread_mutex_t *)

#if defined(__x86_64__)
/* glibc's own aliases, bound by version: usable while dlsym is re-entered
 * (an interposed allocator locking a mutex under dlsym's calloc). */
int lc_libc_mutex_init(pthread_mutex_t *, const pthread_mutexattr_t *);
int lc_libc_mutex_destroy(pthread_mutex_t *);
int lc_libc_mutex_lock(pthread_mutex_t *);
int lc_libc_mutex_trylock(pthread_mutex_t *);
int lc_libc_mutex_unlock(pthread_mutex_t *);
__asm__(".symver lc_libc_mutex_init, __pthread_mutex_init@GLIBC_2.2.5");
__asm__(".symver lc_libc_mutex_destroy, __pthread_mutex_destroy@GLIBC_2.2.5");
__asm__(".symver lc_libc_mutex_lock, __pthread_mutex_lock@GLIBC_2.2.5");
__asm__(".symver lc_libc_mutex_trylock, __pthread_mutex_trylock@GLIBC_2.2.5");
__asm__(".symver lc_libc_mutex_unlock, __pthread_mutex_unlock@GLIBC_2.2.5");
#define FALLBACK(call, args) lc_libc_mutex_##call args
#else
#define FALLBACK(call, args) ENOSYS
#endif

__attribute__((constructor)) static void resolve_mutex(void)
{
	real_pthread_mutex_init();
	real_pthread_mutex_destroy();
	real_pthread_mutex_lock();
	real_pthread_mutex_trylock();
	real_pthread_mutex_timedlock();
	real_pthread_mutex_clocklock();
	real_pthread_mutex_unlock();
}

/* PTHREAD_MUTEX_ROBUST_NORMAL_NP in the kind word.  A robust mutex is
 * never tried first: in glibc 2.36 a trylock that answers ENOTRECOVERABLE
 * leaves the lock word taken, so the lock after it would hang instead of
 * answering ENOTRECOVERABLE as it does without the library. */
static inline bool robust(const pthread_mutex_t *m)
{
	return m->__data.__kind & 16;
}

/* libunwind's own mutexes go straight through, counted (runtime/unwinder_guard.c). */
#define UNWINDER_LOCK(m, call)                                                      \
	do {                                                                        \
		if (__builtin_expect(lc_unwinder_owns(m, __builtin_return_address(0)), 0)) { \
			int rc_ = call;                                             \
			lc_unwinder_locks += locked(rc_);                           \
			return rc_;                                                 \
		}                                                                   \
	} while (0)

LC_INTERCEPTOR int pthread_mutex_init(pthread_mutex_t *m, const pthread_mutexattr_t *attr)
{
	pthread_mutex_init_fn f = real_pthread_mutex_init();
	int rc = f ? f(m, attr) : FALLBACK(init, (m, attr));
	/* libunwind's own mutexes get no record (pthread_mutex_lock relies on it). */
	if (rc == 0 && !lc_unwinder_owns(m, LC_CALLER())) {
		lc_lock_attr a = { .type = type_of(m), .flags = lock_flags(m) | LC_LOCK_RAW };
		lc_on_lock_create_at(m, &a, LC_CALLER());
	}
	return rc;
}

LC_INTERCEPTOR int pthread_mutex_destroy(pthread_mutex_t *m)
{
	/* Announced first: destroying a held mutex is the finding, whatever
	 * glibc answers (it returns EBUSY only for some types). */
	lc_on_lock_destroy_at(m, LC_CALLER());
	pthread_mutex_destroy_fn f = real_pthread_mutex_destroy();
	return f ? f(m) : FALLBACK(destroy, (m));
}

/* Taken at once, and the fast path declined: one of libunwind's (counted,
 * never checked), or the full event. */
static __attribute__((noinline)) int acquired_slow(pthread_mutex_t *m, int rc, const void *pc)
{
	if (__builtin_expect(lc_unwinder_owns(m, pc), 0))
		lc_unwinder_locks++;
	else
		lc_on_acquired_direct(m, LC_MODE_WRITE, desc(m) | LC_ACQ_UNCONTENDED | LC_ACQ_FAST_DECLINED,
				      0, true, pc);
	return rc;
}

/* Busy, or robust: checked before the wait, recorded after it.  Out of
 * line, so the uncontended path saves fewer registers. */
static __attribute__((noinline)) int lock_announced(pthread_mutex_t *m, const void *pc)
{
	if (__builtin_expect(lc_unwinder_owns(m, pc), 0)) {
		int rc = real_pthread_mutex_lock() ? real_pthread_mutex_lock()(m) : FALLBACK(lock, (m));
		lc_unwinder_locks += locked(rc);
		return rc;
	}
	unsigned d = desc(m);
	lc_fast_acquire_at(m, LC_MODE_WRITE, d, pc);
	pthread_mutex_lock_fn f = real_pthread_mutex_lock();
	int rc = f ? f(m) : FALLBACK(lock, (m));
	lc_fast_acquired_at(m, LC_MODE_WRITE, d, locked(rc), pc);
	return rc;
}

/* Free (the common case): take it, then check, in one event.  Busy, or
 * held by this thread: check before waiting, as the deadlock would hang.
 * libunwind's locks are tested for only when the fast path declines: they
 * never have a record (their init is not announced, and the first use of
 * one is caught here before it could make one). */
LC_INTERCEPTOR int pthread_mutex_lock(pthread_mutex_t *m)
{
	if (__builtin_expect(!robust(m), 1)) {
		pthread_mutex_trylock_fn tf = real_pthread_mutex_trylock();
		int rc = tf ? tf(m) : FALLBACK(trylock, (m));
		if (__builtin_expect(locked(rc), 1)) {
			if (__builtin_expect(lc_fast_acquired(m, LC_MODE_WRITE, LC_CALLER()), 1))
				return rc;
			return acquired_slow(m, rc, LC_CALLER());
		}
	}
	return lock_announced(m, LC_CALLER());
}

LC_INTERCEPTOR int pthread_mutex_trylock(pthread_mutex_t *m)
{
	UNWINDER_LOCK(m, real_pthread_mutex_trylock() ? real_pthread_mutex_trylock()(m) : FALLBACK(trylock, (m)));
	unsigned d = desc(m) | LC_ACQ_TRY;
	lc_on_acquire_at(m, LC_MODE_WRITE, d, 0, LC_CALLER());
	pthread_mutex_trylock_fn f = real_pthread_mutex_trylock();
	int rc = f ? f(m) : FALLBACK(trylock, (m));
	lc_on_acquired_at(m, LC_MODE_WRITE, d, 0, locked(rc), LC_CALLER());
	return rc;
}

LC_INTERCEPTOR int pthread_mutex_timedlock(pthread_mutex_t *m, const struct timespec *abstime)
{
	unsigned d = desc(m) | LC_ACQ_TIMED;
	lc_on_acquire_at(m, LC_MODE_WRITE, d, 0, LC_CALLER());
	pthread_mutex_timedlock_fn f = real_pthread_mutex_timedlock();
	int rc = f ? f(m, abstime) : ENOSYS;
	lc_on_acquired_at(m, LC_MODE_WRITE, d, 0, locked(rc), LC_CALLER());
	return rc;
}

LC_INTERCEPTOR int pthread_mutex_clocklock(pthread_mutex_t *m, clockid_t clock, const struct timespec *abstime)
{
	unsigned d = desc(m) | LC_ACQ_TIMED;
	lc_on_acquire_at(m, LC_MODE_WRITE, d, 0, LC_CALLER());
	pthread_mutex_clocklock_fn f = real_pthread_mutex_clocklock();
	int rc = f ? f(m, clock, abstime) : ENOSYS;
	lc_on_acquired_at(m, LC_MODE_WRITE, d, 0, locked(rc), LC_CALLER());
	return rc;
}

/* Not the innermost held lock, or one of libunwind's. */
static __attribute__((noinline)) void unlock_slow(pthread_mutex_t *m, const void *pc)
{
	if (__builtin_expect(lc_unwinder_owns(m, pc), 0)) {
		if (lc_unwinder_locks > 0)
			lc_unwinder_locks--;
	} else {
		lc_on_release_direct(m, pc);
	}
}

LC_INTERCEPTOR int pthread_mutex_unlock(pthread_mutex_t *m)
{
	/* No first-use check: a lock first met at unlock is not held, and
	 * the engine says so whatever its type.  The innermost held lock
	 * first: one of libunwind's is never on the held stack (its lock
	 * went straight through), so that test waits for the slow path. */
	if (__builtin_expect(!lc_fast_release(m, LC_CALLER()), 0))
		unlock_slow(m, LC_CALLER());
	pthread_mutex_unlock_fn f = real_pthread_mutex_unlock();
	return f ? f(m) : FALLBACK(unlock, (m));
}

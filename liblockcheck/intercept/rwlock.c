/* pthread_rwlock_*: read and write acquisitions as events.
 *
 * glibc's default rwlock lets a reader in while a writer waits (reader
 * preferring), so read-read recursion cannot deadlock there; only
 * PREFER_WRITER_NONRECURSIVE queues readers behind writers. */
#include <errno.h>
#include <pthread.h>
#include <time.h>

#include "lc_events.h"
#include "lc_fast_events.h"
#include "real.h"

LC_REAL(int, pthread_rwlock_init, pthread_rwlock_t *, const pthread_rwlockattr_t *)
LC_REAL(int, pthread_rwlock_destroy, pthread_rwlock_t *)
LC_REAL(int, pthread_rwlock_rdlock, pthread_rwlock_t *)
LC_REAL(int, pthread_rwlock_wrlock, pthread_rwlock_t *)
LC_REAL(int, pthread_rwlock_tryrdlock, pthread_rwlock_t *)
LC_REAL(int, pthread_rwlock_trywrlock, pthread_rwlock_t *)
LC_REAL(int, pthread_rwlock_timedrdlock, pthread_rwlock_t *, const struct timespec *)
LC_REAL(int, pthread_rwlock_timedwrlock, pthread_rwlock_t *, const struct timespec *)
LC_REAL(int, pthread_rwlock_clockrdlock, pthread_rwlock_t *, clockid_t, const struct timespec *)
LC_REAL(int, pthread_rwlock_clockwrlock, pthread_rwlock_t *, clockid_t, const struct timespec *)
LC_REAL(int, pthread_rwlock_unlock, pthread_rwlock_t *)

__attribute__((constructor)) static void resolve_rwlock(void)
{
	real_pthread_rwlock_init();
	real_pthread_rwlock_destroy();
	real_pthread_rwlock_rdlock();
	real_pthread_rwlock_wrlock();
	real_pthread_rwlock_tryrdlock();
	real_pthread_rwlock_trywrlock();
	real_pthread_rwlock_timedrdlock();
	real_pthread_rwlock_timedwrlock();
	real_pthread_rwlock_clockrdlock();
	real_pthread_rwlock_clockwrlock();
	real_pthread_rwlock_unlock();
}

static inline unsigned lock_flags(const pthread_rwlock_t *rw)
{
	return rw->__data.__flags != PTHREAD_RWLOCK_PREFER_WRITER_NONRECURSIVE_NP
		       ? LC_LOCK_READER_PREFERRING
		       : 0;
}

/* Every acquisition says what the rwlock is, for one first met on use
 * (PTHREAD_RWLOCK_INITIALIZER). */
static inline unsigned desc(const pthread_rwlock_t *rw)
{
	return LC_ACQ_TYPE(LC_LOCK_RWLOCK) | LC_ACQ_LOCK_FLAGS(lock_flags(rw));
}

LC_INTERCEPTOR int pthread_rwlock_init(pthread_rwlock_t *rw, const pthread_rwlockattr_t *attr)
{
	pthread_rwlock_init_fn f = real_pthread_rwlock_init();
	int rc = f ? f(rw, attr) : ENOSYS;
	if (rc == 0) {
		lc_lock_attr a = { .type = LC_LOCK_RWLOCK, .flags = lock_flags(rw) | LC_LOCK_RAW };
		lc_on_lock_create_at(rw, &a, LC_CALLER());
	}
	return rc;
}

LC_INTERCEPTOR int pthread_rwlock_destroy(pthread_rwlock_t *rw)
{
	lc_on_lock_destroy_at(rw, LC_CALLER());
	pthread_rwlock_destroy_fn f = real_pthread_rwlock_destroy();
	return f ? f(rw) : ENOSYS;
}

/* One body for the eight acquiring calls: the real call is the argument. */
#define ACQUIRE(rw, mode, flags, call)                                      \
	do {                                                                \
		unsigned d_ = desc(rw) | (flags);                           \
		lc_on_acquire_at(rw, mode, d_, 0, LC_CALLER());                             \
		int rc_ = (call);                                           \
		lc_on_acquired_at(rw, mode, d_, 0, rc_ == 0, LC_CALLER());                  \
		return rc_;                                                 \
	} while (0)

/* The real function loaded once (an acquire load each time otherwise). */
#define CALL(name, ...)                                                     \
	__extension__({                                                     \
		name##_fn f_ = real_##name();                               \
		f_ ? f_(__VA_ARGS__) : ENOSYS;                              \
	})

/* Blocking calls try first: taken at once, nothing could hang, and one event
 * checks and records it.  Otherwise the checks come before the wait, out of
 * line (the uncontended path saves fewer registers). */
static __attribute__((noinline)) int acquire_announced(pthread_rwlock_t *rw, lc_mode mode,
						       const void *pc)
{
	unsigned d = desc(rw);
	lc_fast_acquire_at(rw, mode, d, pc);
	int rc = mode == LC_MODE_READ ? CALL(pthread_rwlock_rdlock, rw) : CALL(pthread_rwlock_wrlock, rw);
	lc_fast_acquired_at(rw, mode, d, rc == 0, pc);
	return rc;
}

#define ACQUIRE_BLOCKING(rw, mode, try_call)                                \
	do {                                                                \
		if (__builtin_expect((try_call) == 0, 1)) {                 \
			if (__builtin_expect(!lc_fast_acquired(rw, mode, LC_CALLER()), 0)) \
				lc_on_acquired_direct(rw, mode,             \
						      desc(rw) | LC_ACQ_UNCONTENDED | \
							      LC_ACQ_FAST_DECLINED, \
						      0, true, LC_CALLER());        \
			return 0;                                           \
		}                                                           \
		return acquire_announced(rw, mode, LC_CALLER());            \
	} while (0)

LC_INTERCEPTOR int pthread_rwlock_rdlock(pthread_rwlock_t *rw)
{
	ACQUIRE_BLOCKING(rw, LC_MODE_READ, CALL(pthread_rwlock_tryrdlock, rw));
}

LC_INTERCEPTOR int pthread_rwlock_wrlock(pthread_rwlock_t *rw)
{
	ACQUIRE_BLOCKING(rw, LC_MODE_WRITE, CALL(pthread_rwlock_trywrlock, rw));
}

LC_INTERCEPTOR int pthread_rwlock_tryrdlock(pthread_rwlock_t *rw)
{
	ACQUIRE(rw, LC_MODE_READ, LC_ACQ_TRY, CALL(pthread_rwlock_tryrdlock, rw));
}

LC_INTERCEPTOR int pthread_rwlock_trywrlock(pthread_rwlock_t *rw)
{
	ACQUIRE(rw, LC_MODE_WRITE, LC_ACQ_TRY, CALL(pthread_rwlock_trywrlock, rw));
}

LC_INTERCEPTOR int pthread_rwlock_timedrdlock(pthread_rwlock_t *rw, const struct timespec *t)
{
	ACQUIRE(rw, LC_MODE_READ, LC_ACQ_TIMED, CALL(pthread_rwlock_timedrdlock, rw, t));
}

LC_INTERCEPTOR int pthread_rwlock_timedwrlock(pthread_rwlock_t *rw, const struct timespec *t)
{
	ACQUIRE(rw, LC_MODE_WRITE, LC_ACQ_TIMED, CALL(pthread_rwlock_timedwrlock, rw, t));
}

LC_INTERCEPTOR int pthread_rwlock_clockrdlock(pthread_rwlock_t *rw, clockid_t c, const struct timespec *t)
{
	ACQUIRE(rw, LC_MODE_READ, LC_ACQ_TIMED, CALL(pthread_rwlock_clockrdlock, rw, c, t));
}

LC_INTERCEPTOR int pthread_rwlock_clockwrlock(pthread_rwlock_t *rw, clockid_t c, const struct timespec *t)
{
	ACQUIRE(rw, LC_MODE_WRITE, LC_ACQ_TIMED, CALL(pthread_rwlock_clockwrlock, rw, c, t));
}

LC_INTERCEPTOR int pthread_rwlock_unlock(pthread_rwlock_t *rw)
{
	/* No first-use check: a lock first met at unlock is not held, and
	 * the engine says so whatever its type. */
	if (__builtin_expect(!lc_fast_release(rw, LC_CALLER()), 0))
		lc_on_release_direct(rw, LC_CALLER());
	return CALL(pthread_rwlock_unlock, rw);
}

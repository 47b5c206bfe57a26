/* pthread_rwlock_*: read and write acquisitions as events.
 *
 * glibc's default rwlock lets a reader in while a writer waits (reader
 * preferring), so read-read recursion cannot deadlock there; only
 * PREFER_WRITER_NONRECURSIVE queues readers behind writers. */
#include <errno.h>
#include <pthread.h>
#include <time.h>

#include "lc_events.h"
#include "lock_registry.h"
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

static lc_lock_attr attr_of(const pthread_rwlock_t *rw, unsigned flags)
{
	lc_lock_attr a = { .type = LC_LOCK_RWLOCK, .flags = flags };
	if (rw->__data.__flags != PTHREAD_RWLOCK_PREFER_WRITER_NONRECURSIVE_NP)
		a.flags |= LC_LOCK_READER_PREFERRING;
	return a;
}

static inline void ensure_known(const pthread_rwlock_t *rw)
{
	if (__builtin_expect(!lc_registry_contains(rw), 0) && lc_registry_add(rw)) {
		lc_lock_attr a = attr_of(rw, LC_LOCK_STATIC_INIT);
		lc_on_lock_create(rw, &a);
	}
}

LC_INTERCEPTOR int pthread_rwlock_init(pthread_rwlock_t *rw, const pthread_rwlockattr_t *attr)
{
	pthread_rwlock_init_fn f = real_pthread_rwlock_init();
	int rc = f ? f(rw, attr) : ENOSYS;
	if (rc == 0) {
		lc_lock_attr a = attr_of(rw, 0);
		lc_registry_add(rw);
		lc_on_lock_create(rw, &a);
	}
	return rc;
}

LC_INTERCEPTOR int pthread_rwlock_destroy(pthread_rwlock_t *rw)
{
	if (lc_registry_contains(rw)) {
		lc_on_lock_destroy(rw);
		lc_registry_remove(rw);
	}
	pthread_rwlock_destroy_fn f = real_pthread_rwlock_destroy();
	return f ? f(rw) : ENOSYS;
}

/* One body for the eight acquiring calls: the real call is the argument. */
#define ACQUIRE(rw, mode, flags, call)                                      \
	do {                                                                \
		ensure_known(rw);                                           \
		lc_on_acquire(rw, mode, flags, 0);                          \
		int rc_ = (call);                                           \
		lc_on_acquired(rw, mode, flags, 0, rc_ == 0);               \
		return rc_;                                                 \
	} while (0)

#define CALL(name, ...) (real_##name() ? real_##name()(__VA_ARGS__) : ENOSYS)

/* Blocking calls try first: taken at once, nothing could hang, and one event
 * checks and records it.  Otherwise the checks come before the wait. */
#define ACQUIRE_BLOCKING(rw, mode, try_call, call)                          \
	do {                                                                \
		ensure_known(rw);                                           \
		if (__builtin_expect((try_call) == 0, 1)) {                 \
			lc_on_acquired_uncontended_direct(rw, mode);        \
			return 0;                                           \
		}                                                           \
		lc_on_acquire(rw, mode, 0, 0);                              \
		int rc_ = (call);                                           \
		lc_on_acquired(rw, mode, 0, 0, rc_ == 0);                   \
		return rc_;                                                 \
	} while (0)

LC_INTERCEPTOR int pthread_rwlock_rdlock(pthread_rwlock_t *rw)
{
	ACQUIRE_BLOCKING(rw, LC_MODE_READ, CALL(pthread_rwlock_tryrdlock, rw),
			 CALL(pthread_rwlock_rdlock, rw));
}

LC_INTERCEPTOR int pthread_rwlock_wrlock(pthread_rwlock_t *rw)
{
	ACQUIRE_BLOCKING(rw, LC_MODE_WRITE, CALL(pthread_rwlock_trywrlock, rw),
			 CALL(pthread_rwlock_wrlock, rw));
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
	lc_on_release_direct(rw);
	return CALL(pthread_rwlock_unlock, rw);
}

/* pthread_spin_*: holding one is atomic context (no sleeping inside). */
#include <errno.h>
#include <pthread.h>
#include <stdint.h>

#include "lc_events.h"
#include "real.h"

LC_REAL(int, pthread_spin_init, pthread_spinlock_t *, int)
LC_REAL(int, pthread_spin_destroy, pthread_spinlock_t *)
LC_REAL(int, pthread_spin_lock, pthread_spinlock_t *)
LC_REAL(int, pthread_spin_trylock, pthread_spinlock_t *)
LC_REAL(int, pthread_spin_unlock, pthread_spinlock_t *)

__attribute__((constructor)) static void resolve_spin(void)
{
	real_pthread_spin_init();
	real_pthread_spin_destroy();
	real_pthread_spin_lock();
	real_pthread_spin_trylock();
	real_pthread_spin_unlock();
}

static const lc_lock_attr spin_attr = { .type = LC_LOCK_SPINLOCK, .flags = LC_LOCK_RAW };
/* Every acquisition says it is a spinlock: a zeroed pthread_spinlock_t is a
 * valid unlocked spinlock without init, created by the engine on first use. */
#define DESC LC_ACQ_TYPE(LC_LOCK_SPINLOCK)

/* pthread_spinlock_t is a volatile int; the engine only needs its address. */
static inline const void *key(pthread_spinlock_t *s)
{
	return (const void *)(uintptr_t)s;
}

#define CALL(name, ...) (real_##name() ? real_##name()(__VA_ARGS__) : ENOSYS)

LC_INTERCEPTOR int pthread_spin_init(pthread_spinlock_t *s, int pshared)
{
	int rc = CALL(pthread_spin_init, s, pshared);
	if (rc == 0)
		lc_on_lock_create_at(key(s), &spin_attr, LC_CALLER());
	return rc;
}

LC_INTERCEPTOR int pthread_spin_destroy(pthread_spinlock_t *s)
{
	lc_on_lock_destroy_at(key(s), LC_CALLER());
	return CALL(pthread_spin_destroy, s);
}

LC_INTERCEPTOR int pthread_spin_lock(pthread_spinlock_t *s)
{
	lc_on_acquire_at(key(s), LC_MODE_WRITE, DESC, 0, LC_CALLER());
	int rc = CALL(pthread_spin_lock, s);
	lc_on_acquired_at(key(s), LC_MODE_WRITE, DESC, 0, rc == 0, LC_CALLER());
	return rc;
}

LC_INTERCEPTOR int pthread_spin_trylock(pthread_spinlock_t *s)
{
	lc_on_acquire_at(key(s), LC_MODE_WRITE, DESC | LC_ACQ_TRY, 0, LC_CALLER());
	int rc = CALL(pthread_spin_trylock, s);
	lc_on_acquired_at(key(s), LC_MODE_WRITE, DESC | LC_ACQ_TRY, 0, rc == 0, LC_CALLER());
	return rc;
}

LC_INTERCEPTOR int pthread_spin_unlock(pthread_spinlock_t *s)
{
	/* No first-use check: a lock first met at unlock is not held, and
	 * the engine says so whatever its type. */
	lc_on_release_direct(key(s), LC_CALLER());
	return CALL(pthread_spin_unlock, s);
}

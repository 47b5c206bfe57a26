/* Locks taken through wrappers, as ZFS does with mutex_enter: the report
 * must name the wrappers' callers.  mutex_enter is annotated;
 * rw_enter is left for the skip_frames option. */
#include <pthread.h>

#include "lockcheck/lockcheck.h"

static pthread_mutex_t spa_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t txg_lock = PTHREAD_MUTEX_INITIALIZER;

__attribute__((noinline)) void mutex_enter(pthread_mutex_t *m)
{
	pthread_mutex_lock(m);
	__asm__ volatile("" ::: "memory");
}

__attribute__((noinline)) void rw_enter(pthread_mutex_t *m)
{
	pthread_mutex_lock(m);
	__asm__ volatile("" ::: "memory");
}

LOCKCHECK_LOCK_WRAPPER(mutex_enter);

static __attribute__((noinline)) void spa_sync(void)
{
	mutex_enter(&spa_lock);
	mutex_enter(&txg_lock);
	pthread_mutex_unlock(&txg_lock);
	pthread_mutex_unlock(&spa_lock);
}

static __attribute__((noinline)) void txg_quiesce(void)
{
	rw_enter(&txg_lock);
	rw_enter(&spa_lock);
	pthread_mutex_unlock(&spa_lock);
	pthread_mutex_unlock(&txg_lock);
}

int main(void)
{
	spa_sync();
	txg_quiesce();
	return 0;
}

/* Readers in opposite orders on glibc's default (reader-preferring)
 * rwlocks cannot deadlock: a reader never waits for a reader.  Also a
 * recursive read lock on one of them, and static and dynamic init. */
#include <pthread.h>
#include <time.h>

static pthread_rwlock_t x = PTHREAD_RWLOCK_INITIALIZER;
static pthread_rwlock_t y;

static void *read_x_then_y(void *arg)
{
	pthread_rwlock_rdlock(&x);
	pthread_rwlock_rdlock(&y);
	pthread_rwlock_rdlock(&x);
	pthread_rwlock_unlock(&x);
	pthread_rwlock_unlock(&y);
	pthread_rwlock_unlock(&x);
	return arg;
}

static void *read_y_then_x(void *arg)
{
	pthread_rwlock_rdlock(&y);
	pthread_rwlock_tryrdlock(&x);
	pthread_rwlock_unlock(&x);
	pthread_rwlock_rdlock(&x);
	pthread_rwlock_unlock(&x);
	pthread_rwlock_unlock(&y);
	return arg;
}

int main(void)
{
	pthread_t t;
	pthread_rwlock_init(&y, NULL);
	pthread_create(&t, NULL, read_x_then_y, NULL);
	pthread_join(t, NULL);
	pthread_create(&t, NULL, read_y_then_x, NULL);
	pthread_join(t, NULL);
	/* The timed forms, in the same order as the first thread. */
	struct timespec later;
	clock_gettime(CLOCK_REALTIME, &later);
	later.tv_sec += 60;
	pthread_rwlock_timedwrlock(&x, &later);
	pthread_rwlock_timedrdlock(&y, &later);
	pthread_rwlock_unlock(&y);
	pthread_rwlock_unlock(&x);
	clock_gettime(CLOCK_MONOTONIC, &later);
	later.tv_sec += 60;
	pthread_rwlock_clockrdlock(&x, CLOCK_MONOTONIC, &later);
	pthread_rwlock_clockwrlock(&y, CLOCK_MONOTONIC, &later);
	if (pthread_rwlock_trywrlock(&y) == 0) /* held: fails, EBUSY or EDEADLK */
		return 1;
	pthread_rwlock_unlock(&y);
	pthread_rwlock_unlock(&x);
	pthread_rwlock_destroy(&y);
	return 0;
}

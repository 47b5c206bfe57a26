/* Readers in opposite orders on glibc's default (reader-preferring)
 * rwlocks cannot deadlock: a reader never waits for a reader.  Also a
 * recursive read lock on one of them, and static and dynamic init. */
#include <pthread.h>

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
	pthread_rwlock_wrlock(&x);
	pthread_rwlock_unlock(&x);
	pthread_rwlock_destroy(&y);
	return 0;
}

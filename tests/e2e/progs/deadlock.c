/* A real ABBA deadlock: both threads hold their first lock before either
 * asks for its second, so this program hangs.  The report must already be
 * on disk when it does. */
#include <pthread.h>
#include <stdio.h>

static pthread_mutex_t a = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t b = PTHREAD_MUTEX_INITIALIZER;
static pthread_barrier_t both_hold_one;

static void *take(pthread_mutex_t *first, pthread_mutex_t *second)
{
	pthread_mutex_lock(first);
	pthread_barrier_wait(&both_hold_one);
	pthread_mutex_lock(second);
	pthread_mutex_unlock(second);
	pthread_mutex_unlock(first);
	return NULL;
}

static void *t1(void *arg) { (void)arg; return take(&a, &b); }
static void *t2(void *arg) { (void)arg; return take(&b, &a); }

int main(void)
{
	pthread_t x, y;
	printf("lock a %p\n", (void *)&a);
	printf("lock b %p\n", (void *)&b);
	fflush(stdout);
	pthread_barrier_init(&both_hold_one, NULL, 2);
	pthread_create(&x, NULL, t1, NULL);
	pthread_create(&y, NULL, t2, NULL);
	pthread_join(x, NULL);
	pthread_join(y, NULL);
	return 0;
}

/* Threads that leave through pthread_exit or cancellation with a cleanup
 * handler that unlocks: they hold nothing once they are gone. */
#include <pthread.h>
#include <unistd.h>

static pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
static pthread_barrier_t locked;

static void unlock_it(void *arg)
{
	pthread_mutex_unlock(arg);
}

static void *leaves_by_pthread_exit(void *arg)
{
	pthread_cleanup_push(unlock_it, &m);
	pthread_mutex_lock(&m);
	pthread_exit(arg);
	pthread_cleanup_pop(1);
	return NULL;
}

static void *cancelled(void *arg)
{
	pthread_cleanup_push(unlock_it, &m);
	pthread_mutex_lock(&m);
	pthread_barrier_wait(&locked);
	for (;;)
		pause(); /* a cancellation point */
	pthread_cleanup_pop(1);
	return arg;
}

int main(void)
{
	pthread_t t;
	pthread_create(&t, NULL, leaves_by_pthread_exit, NULL);
	pthread_join(t, NULL);
	pthread_barrier_init(&locked, NULL, 2);
	pthread_create(&t, NULL, cancelled, NULL);
	pthread_barrier_wait(&locked);
	pthread_cancel(t);
	pthread_join(t, NULL);
	return 0;
}

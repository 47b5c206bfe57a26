/* A timed lock that gives up still shows a lock order: thread 2 holds b and
 * waits (until the timeout) for a, which main holds; later main, still
 * holding a, takes b.  Had thread 2 used a plain lock, this was a deadlock;
 * the timeout only turned it into a stall, so the order b -> a counts. */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <time.h>

static pthread_mutex_t a = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t b = PTHREAD_MUTEX_INITIALIZER;

static void *b_then_try_a(void *arg)
{
	pthread_mutex_lock(&b);
	struct timespec soon;
	clock_gettime(CLOCK_REALTIME, &soon);
	soon.tv_nsec += 20 * 1000 * 1000;
	if (soon.tv_nsec >= 1000000000L) {
		soon.tv_sec++;
		soon.tv_nsec -= 1000000000L;
	}
	int rc = pthread_mutex_timedlock(&a, &soon);
	printf("timedlock: %s\n", rc == ETIMEDOUT ? "timed out" : "took it");
	if (rc == 0)
		pthread_mutex_unlock(&a);
	pthread_mutex_unlock(&b);
	return arg;
}

int main(void)
{
	printf("lock a %p\n", (void *)&a);
	printf("lock b %p\n", (void *)&b);
	fflush(stdout);
	pthread_mutex_lock(&a);
	pthread_t t;
	pthread_create(&t, NULL, b_then_try_a, NULL);
	pthread_join(t, NULL);
	pthread_mutex_lock(&b);
	pthread_mutex_unlock(&b);
	pthread_mutex_unlock(&a);
	fflush(stdout);
	return 0;
}

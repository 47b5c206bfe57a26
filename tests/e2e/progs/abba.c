/* Lock-order inversion that does not deadlock on this run: thread 1 takes
 * A then B and finishes before thread 2 takes B then A.  With "timed" or
 * "clock", thread 2 takes A with a timed wait: it may give up, but while it
 * waits it is as stuck as with a plain lock. */
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

static pthread_mutex_t a = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t b = PTHREAD_MUTEX_INITIALIZER;

static void *a_then_b(void *arg)
{
	pthread_mutex_lock(&a);
	pthread_mutex_lock(&b);
	pthread_mutex_unlock(&b);
	pthread_mutex_unlock(&a);
	return arg;
}

static const char *how = "plain";

static void lock_a(void)
{
	struct timespec later;
	clockid_t clock = strcmp(how, "clock") == 0 ? CLOCK_MONOTONIC : CLOCK_REALTIME;
	clock_gettime(clock, &later);
	later.tv_sec += 60;
	if (strcmp(how, "timed") == 0)
		pthread_mutex_timedlock(&a, &later);
	else if (strcmp(how, "clock") == 0)
		pthread_mutex_clocklock(&a, clock, &later);
	else
		pthread_mutex_lock(&a);
}

static void *b_then_a(void *arg)
{
	pthread_mutex_lock(&b);
	lock_a();
	pthread_mutex_unlock(&a);
	pthread_mutex_unlock(&b);
	return arg;
}

int main(int argc, char **argv)
{
	if (argc > 1)
		how = argv[1];
	pthread_t t;
	printf("lock a %p\n", (void *)&a);
	printf("lock b %p\n", (void *)&b);
	fflush(stdout);
	pthread_create(&t, NULL, a_then_b, NULL);
	pthread_join(t, NULL);
	pthread_create(&t, NULL, b_then_a, NULL);
	pthread_join(t, NULL);
	return 0;
}

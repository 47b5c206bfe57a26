/* A default mutex locked by one thread and unlocked by another (a buffer
 * handed off between threads, as xfs_repair does).  glibc lets it happen;
 * the unlock is reported, and afterwards nobody holds the mutex:
 *   exit:  the locking thread then exits (no exit-holding);
 *   order: the locking thread then takes x, and main later takes x then m
 *          (no m -> x edge, so no inversion). */
#include <pthread.h>
#include <stdio.h>
#include <string.h>

static pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t x = PTHREAD_MUTEX_INITIALIZER;
static pthread_barrier_t locked, unlocked;

static void *locker(void *arg)
{
	pthread_mutex_lock(&m);
	pthread_barrier_wait(&locked);
	pthread_barrier_wait(&unlocked);
	if (arg) {
		pthread_mutex_lock(&x);
		pthread_mutex_unlock(&x);
	}
	return NULL;
}

int main(int argc, char **argv)
{
	int order = argc > 1 && strcmp(argv[1], "order") == 0;
	printf("lock m %p\n", (void *)&m);
	fflush(stdout);
	pthread_barrier_init(&locked, NULL, 2);
	pthread_barrier_init(&unlocked, NULL, 2);
	pthread_t t;
	pthread_create(&t, NULL, locker, order ? (void *)1 : NULL);
	pthread_barrier_wait(&locked);
	pthread_mutex_unlock(&m); /* the hand-off */
	pthread_barrier_wait(&unlocked);
	pthread_join(t, NULL);
	if (order) {
		pthread_mutex_lock(&x);
		pthread_mutex_lock(&m);
		pthread_mutex_unlock(&m);
		pthread_mutex_unlock(&x);
	}
	return 0;
}

/* Unlocking a mutex this thread does not hold.
 *   free:         nobody holds it.
 *   other-thread: another thread holds it.
 *   twice:        locked once, unlocked twice.
 * Error-checking mutexes make glibc answer EPERM instead of corrupting. */
#include <pthread.h>
#include <stdio.h>
#include <string.h>

static pthread_mutex_t m;
static pthread_barrier_t locked, unlocked;

static void *holder(void *arg)
{
	pthread_mutex_lock(&m);
	pthread_barrier_wait(&locked);
	pthread_barrier_wait(&unlocked);
	pthread_mutex_unlock(&m);
	return arg;
}

int main(int argc, char **argv)
{
	pthread_mutexattr_t attr;
	pthread_mutexattr_init(&attr);
	pthread_mutexattr_settype(&attr, PTHREAD_MUTEX_ERRORCHECK);
	pthread_mutex_init(&m, &attr);
	printf("lock m %p\n", (void *)&m);
	fflush(stdout);
	if (argc > 1 && strcmp(argv[1], "other-thread") == 0) {
		pthread_t t;
		pthread_barrier_init(&locked, NULL, 2);
		pthread_barrier_init(&unlocked, NULL, 2);
		pthread_create(&t, NULL, holder, NULL);
		pthread_barrier_wait(&locked);
		pthread_mutex_unlock(&m);
		pthread_barrier_wait(&unlocked);
		pthread_join(t, NULL);
	} else if (argc > 1 && strcmp(argv[1], "twice") == 0) {
		pthread_mutex_lock(&m);
		pthread_mutex_unlock(&m);
		pthread_mutex_unlock(&m);
	} else {
		pthread_mutex_unlock(&m);
	}
	pthread_mutex_destroy(&m);
	return 0;
}

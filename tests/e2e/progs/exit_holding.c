/* Exiting while holding a lock.
 *   thread:       a thread returns from its start routine holding one.
 *   pthread-exit: a thread calls pthread_exit holding one.
 *   cancelled:    a thread is cancelled holding one (no cleanup handler).
 *   process:      main returns holding one. */
#include <pthread.h>
#include <stdio.h>
#include <stdbool.h>
#include <string.h>
#include <unistd.h>

static pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;

static void *leaves_it_locked(void *arg)
{
	pthread_mutex_lock(&m);
	return arg;
}

static void *exits_with_it_locked(void *arg)
{
	pthread_mutex_lock(&m);
	pthread_exit(arg);
}

static pthread_barrier_t locked;

static void *cancelled_with_it_locked(void *arg)
{
	pthread_mutex_lock(&m);
	pthread_barrier_wait(&locked);
	for (;;)
		pause(); /* a cancellation point */
	return arg;
}

static int in_thread(void *(*fn)(void *), bool cancel)
{
	pthread_t t;
	pthread_barrier_init(&locked, NULL, 2);
	pthread_create(&t, NULL, fn, NULL);
	if (cancel) {
		pthread_barrier_wait(&locked);
		pthread_cancel(t);
	}
	pthread_join(t, NULL);
	return 0;
}

int main(int argc, char **argv)
{
	printf("lock m %p\n", (void *)&m);
	fflush(stdout);
	const char *how = argc > 1 ? argv[1] : "process";
	if (strcmp(how, "thread") == 0)
		return in_thread(leaves_it_locked, false);
	if (strcmp(how, "pthread-exit") == 0)
		return in_thread(exits_with_it_locked, false);
	if (strcmp(how, "cancelled") == 0)
		return in_thread(cancelled_with_it_locked, true);
	pthread_mutex_lock(&m);
	return 0;
}

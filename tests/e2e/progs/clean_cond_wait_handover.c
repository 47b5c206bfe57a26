/* CPython's GIL hand-over: a flag under mutex m, passed on with a condition
 * variable.  While a waiter sleeps in pthread_cond_timedwait, m is free and
 * the other threads take it; on waking, the waiter takes a second lock (the
 * GIL's switch mutex) before it releases m.  Correct code: no finding. */
#include <pthread.h>
#include <stdio.h>
#include <time.h>

static pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t sw = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t c = PTHREAD_COND_INITIALIZER;
static int locked;

static void take(void)
{
	pthread_mutex_lock(&m);
	while (locked) {
		struct timespec t;
		clock_gettime(CLOCK_REALTIME, &t);
		t.tv_nsec += 5000000;
		if (t.tv_nsec >= 1000000000) {
			t.tv_sec++;
			t.tv_nsec -= 1000000000;
		}
		pthread_cond_timedwait(&c, &m, &t);
	}
	pthread_mutex_lock(&sw);
	locked = 1;
	pthread_mutex_unlock(&sw);
	pthread_mutex_unlock(&m);
}

static void drop(void)
{
	pthread_mutex_lock(&m);
	locked = 0;
	pthread_cond_signal(&c);
	pthread_mutex_unlock(&m);
}

static void *run(void *arg)
{
	for (int i = 0; i < 100; i++) {
		take();
		struct timespec d = {0, 200000 + (long)(size_t)arg * 1000};
		nanosleep(&d, NULL);
		drop();
	}
	return NULL;
}

int main(void)
{
	pthread_t t[4];
	for (long i = 0; i < 4; i++)
		pthread_create(&t[i], NULL, run, (void *)i);
	for (int i = 0; i < 4; i++)
		pthread_join(t[i], NULL);
	puts("done");
	return 0;
}

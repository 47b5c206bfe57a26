/* Thread churn: many short threads, one after another, each adding a new
 * lock-order edge (its own two mutexes, nested, then destroyed) and
 * locking a mutex from a thread-specific-data destructor, after the
 * library has seen the thread end (as libunwind's and C++ thread_local
 * destructors do).  Prints how much RSS each thread left behind:
 *   bytes per thread N
 * ARG: the number of threads (default 3000).
 * Fixed-size tables of the library (its chain cache) fill as new lock
 * orders arrive: main fills them first, so only what threads leave shows. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

static pthread_mutex_t late = PTHREAD_MUTEX_INITIALIZER;
static pthread_key_t key;

static long rss_bytes(void)
{
	long pages = 0, resident = 0;
	FILE *f = fopen("/proc/self/statm", "r");
	if (!f || fscanf(f, "%ld %ld", &pages, &resident) != 2)
		resident = 0;
	if (f)
		fclose(f);
	return resident * 4096;
}

static void late_destructor(void *v)
{
	(void)v;
	pthread_mutex_lock(&late);
	pthread_mutex_unlock(&late);
}

static void new_edge(void)
{
	pthread_mutex_t a, b;
	pthread_mutex_init(&a, NULL);
	pthread_mutex_init(&b, NULL);
	pthread_mutex_lock(&a);
	pthread_mutex_lock(&b);
	pthread_mutex_unlock(&b);
	pthread_mutex_unlock(&a);
	pthread_mutex_destroy(&b);
	pthread_mutex_destroy(&a);
}

static void *worker(void *arg)
{
	new_edge();
	pthread_setspecific(key, arg);
	return NULL;
}

static void churn(int n)
{
	for (int i = 0; i < n; i++) {
		pthread_t t;
		if (pthread_create(&t, NULL, worker, &key) != 0)
			exit(2);
		pthread_join(t, NULL);
	}
}

int main(int argc, char **argv)
{
	int n = argc > 1 ? atoi(argv[1]) : 3000;
	pthread_key_create(&key, late_destructor);
	for (int i = 0; i < 20000; i++)
		new_edge();
	churn(300); /* warm up: stacks cached, tables sized */
	long before = rss_bytes();
	churn(n);
	long after = rss_bytes();
	printf("bytes per thread %ld\n", (after - before) / n);
	return 0;
}

/* Statically initialised locks, first seen on use: nested in one order by
 * two threads, a timed lock, a condition wait done properly, and I/O and
 * sleeping under a mutex (a sleeping lock: allowed). */
#include <pthread.h>
#include <time.h>
#include <unistd.h>

static pthread_mutex_t outer = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t inner = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t ready_cond = PTHREAD_COND_INITIALIZER;
static int ready;

static void *worker(void *arg)
{
	struct timespec later;
	clock_gettime(CLOCK_REALTIME, &later);
	later.tv_sec += 10;
	pthread_mutex_timedlock(&outer, &later);
	pthread_mutex_lock(&inner);
	ready = 1;
	pthread_cond_signal(&ready_cond);
	pthread_mutex_unlock(&inner);
	pthread_mutex_unlock(&outer);
	return arg;
}

int main(void)
{
	pthread_t t;
	pthread_mutex_lock(&outer);
	pthread_mutex_lock(&inner);
	usleep(100);
	pthread_mutex_unlock(&inner);
	pthread_mutex_unlock(&outer);
	pthread_create(&t, NULL, worker, NULL);
	pthread_mutex_lock(&inner);
	while (!ready)
		pthread_cond_wait(&ready_cond, &inner);
	pthread_mutex_unlock(&inner);
	pthread_join(t, NULL);
	return 0;
}

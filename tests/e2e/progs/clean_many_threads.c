/* Sixteen threads, four locks, always taken in the same order. */
#include <pthread.h>

#define THREADS 16
#define LOCKS 4

static pthread_mutex_t locks[LOCKS];
static long counter;

static void *worker(void *arg)
{
	long id = (long)arg;
	for (int round = 0; round < 200; round++) {
		int first = (int)(id + round) % LOCKS; /* any start, always ascending */
		for (int i = first; i < LOCKS; i++)
			pthread_mutex_lock(&locks[i]);
		counter++;
		for (int i = LOCKS - 1; i >= first; i--)
			pthread_mutex_unlock(&locks[i]);
	}
	return NULL;
}

int main(void)
{
	pthread_t t[THREADS];
	for (int i = 0; i < LOCKS; i++)
		pthread_mutex_init(&locks[i], NULL);
	for (long i = 0; i < THREADS; i++)
		pthread_create(&t[i], NULL, worker, (void *)i);
	for (int i = 0; i < THREADS; i++)
		pthread_join(t[i], NULL);
	return counter == THREADS * 200 ? 0 : 1;
}

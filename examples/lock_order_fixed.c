/* The fixed twin of lock_order_bug.c: the report takes the cache lock
 * first, like every lookup does, so there is one lock order and no
 * deadlock is possible.
 *
 *   lockcheck run -- build/examples/lock_order_fixed     (reports nothing) */
#include <pthread.h>
#include <stdio.h>

#define SLOTS 64

static pthread_mutex_t cache_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t stats_lock = PTHREAD_MUTEX_INITIALIZER;
static int cache[SLOTS]; /* key + 1, or 0 when empty */
static long hits, misses;

static void lookup(int key)
{
	pthread_mutex_lock(&cache_lock);
	int slot = key % SLOTS;
	int hit = cache[slot] == key + 1;
	cache[slot] = key + 1;
	pthread_mutex_lock(&stats_lock); /* cache, then stats */
	if (hit)
		hits++;
	else
		misses++;
	pthread_mutex_unlock(&stats_lock);
	pthread_mutex_unlock(&cache_lock);
}

static void report(void)
{
	pthread_mutex_lock(&cache_lock); /* cache, then stats: as in lookup() */
	pthread_mutex_lock(&stats_lock);
	int used = 0;
	for (int i = 0; i < SLOTS; i++)
		used += cache[i] != 0;
	printf("hits %ld, misses %ld, %d of %d slots used\n", hits, misses, used, SLOTS);
	pthread_mutex_unlock(&stats_lock);
	pthread_mutex_unlock(&cache_lock);
}

static void *worker(void *arg)
{
	for (int i = 0; i < 1000; i++)
		lookup((int)(long)arg * 7 + i % 100);
	return NULL;
}

int main(void)
{
	pthread_t t[4];
	for (long i = 0; i < 4; i++)
		pthread_create(&t[i], NULL, worker, (void *)i);
	for (int i = 0; i < 4; i++)
		pthread_join(t[i], NULL);
	report();
	return 0;
}

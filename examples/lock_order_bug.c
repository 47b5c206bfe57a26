/* A small cache with hit/miss statistics, and a lock-order bug.
 *
 * Lookups lock the cache, then the statistics.  The report locks the
 * statistics, then the cache (to count the entries): the opposite order.
 * In this program the report runs after the workers have finished, so it
 * never hangs -- but the day it runs while a lookup is in flight, each
 * thread waits for the lock the other one holds, forever.
 *
 *   lockcheck run -- build/examples/lock_order_bug
 *
 * finds the bug on this normal, non-hanging run.  lock_order_fixed.c is the
 * same program with the report taking the locks in the lookup's order. */
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
	pthread_mutex_lock(&stats_lock);
	pthread_mutex_lock(&cache_lock); /* BUG: stats, then cache */
	int used = 0;
	for (int i = 0; i < SLOTS; i++)
		used += cache[i] != 0;
	printf("hits %ld, misses %ld, %d of %d slots used\n", hits, misses, used, SLOTS);
	pthread_mutex_unlock(&cache_lock);
	pthread_mutex_unlock(&stats_lock);
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

/* A random lock program over real mutexes and threads, from a seed:
 *   consistent: every thread takes random subsets of NLOCKS mutexes in
 *               ascending order, sometimes trylocking a lower one last
 *               (a trylock adds no edge into the tried lock): no cycle;
 *   planted:    the same, then main takes lo -> hi and later hi -> lo for
 *               a random pair: exactly that inversion.
 * Prints "planted lo hi" with the two mutexes' addresses ("lock lo 0x..",
 * "lock hi 0x.."), so the checker knows what must be found.
 * ARG: MODE:SEED, e.g. planted:7. */
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { NLOCKS = 12, NTHREADS = 4 };
static pthread_mutex_t locks[NLOCKS];
static unsigned base_seed;
enum { ROUNDS = 300 }; /* per thread */

static void *worker(void *arg)
{
	unsigned seed = base_seed * 7919u + (unsigned)(uintptr_t)arg;
	for (int r = 0; r < ROUNDS; r++) {
		int held[NLOCKS], n = 0;
		for (int i = 0; i < NLOCKS; i++)
			if (rand_r(&seed) % 4 == 0) {
				pthread_mutex_lock(&locks[i]);
				held[n++] = i;
			}
		/* Now and then, a trylock against the order: never an edge in. */
		if (n && rand_r(&seed) % 3 == 0) {
			int low = (int)(rand_r(&seed) % (unsigned)(held[0] + 1)) - 1;
			if (low >= 0 && pthread_mutex_trylock(&locks[low]) == 0)
				held[n++] = low;
		}
		while (n)
			pthread_mutex_unlock(&locks[held[--n]]);
	}
	return NULL;
}

int main(int argc, char **argv)
{
	const char *colon = argc > 1 ? strchr(argv[1], ':') : NULL;
	if (!colon)
		return 2;
	base_seed = (unsigned)strtoul(colon + 1, NULL, 10);
	int planted = strncmp(argv[1], "planted:", 8) == 0;
	for (int i = 0; i < NLOCKS; i++)
		pthread_mutex_init(&locks[i], NULL);
	unsigned seed = base_seed;
	int lo = (int)(rand_r(&seed) % (NLOCKS - 1));
	int hi = lo + 1 + (int)(rand_r(&seed) % (unsigned)(NLOCKS - 1 - lo));
	if (planted) {
		printf("lock lo %p\nlock hi %p\n", (void *)&locks[lo], (void *)&locks[hi]);
		fflush(stdout);
		pthread_mutex_lock(&locks[lo]);
		pthread_mutex_lock(&locks[hi]);
		pthread_mutex_unlock(&locks[hi]);
		pthread_mutex_unlock(&locks[lo]);
	}
	pthread_t t[NTHREADS];
	for (int i = 0; i < NTHREADS; i++)
		pthread_create(&t[i], NULL, worker, (void *)(uintptr_t)i);
	for (int i = 0; i < NTHREADS; i++)
		pthread_join(t[i], NULL);
	if (planted) { /* alone now: the opposite order cannot deadlock */
		pthread_mutex_lock(&locks[hi]);
		pthread_mutex_lock(&locks[lo]);
		pthread_mutex_unlock(&locks[lo]);
		pthread_mutex_unlock(&locks[hi]);
	}
	return 0;
}

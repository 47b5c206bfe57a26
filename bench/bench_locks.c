/* bench_locks THREADS DEPTH PAIRS: each thread takes DEPTH mutexes of its
 * own in one fixed order and releases them in reverse, until it has done
 * PAIRS acquire+release pairs.  Prints the nanoseconds per pair, per thread
 * (wall time over one thread's pairs), as one number.
 *
 * DEPTH 0 measures an intercepted blocking call made with no lock held
 * instead: PAIRS one-byte write(2)s to /dev/null, ns per call.
 *
 * The order never changes, so with the library preloaded the chains are
 * validated in the first round and every later round measures the cached
 * path: the cost a correct program pays. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <fcntl.h>
#include <unistd.h>

#define MAX_DEPTH 64

/* One cache-line-aligned block per thread, so that threads on separate
 * locks share no cache line (false sharing would measure the machine). */
struct worker {
	_Alignas(64) pthread_mutex_t locks[MAX_DEPTH];
	int depth;
	long rounds;
	pthread_t thread;
};

static pthread_barrier_t start;
static int devnull = -1;

static void *run(void *arg)
{
	struct worker *w = arg;
	pthread_barrier_wait(&start);
	if (w->depth == 0) {
		for (long r = 0; r < w->rounds; r++)
			if (write(devnull, "x", 1) != 1)
				return NULL;
		return NULL;
	}
	for (long r = 0; r < w->rounds; r++) {
		for (int i = 0; i < w->depth; i++)
			pthread_mutex_lock(&w->locks[i]);
		for (int i = w->depth - 1; i >= 0; i--)
			pthread_mutex_unlock(&w->locks[i]);
	}
	return NULL;
}

static double now_ns(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec * 1e9 + t.tv_nsec;
}

int main(int argc, char **argv)
{
	if (argc != 4) {
		fprintf(stderr, "usage: bench_locks THREADS DEPTH PAIRS\n");
		return 2;
	}
	int threads = atoi(argv[1]), depth = atoi(argv[2]);
	long pairs = atol(argv[3]);
	if (threads < 1 || threads > 64 || depth < 0 || depth > MAX_DEPTH || pairs < depth || pairs < 1) {
		fprintf(stderr, "bench_locks: THREADS 1-64, DEPTH 0-%d, PAIRS >= DEPTH\n", MAX_DEPTH);
		return 2;
	}
	if (depth == 0 && (devnull = open("/dev/null", O_WRONLY)) < 0)
		return 1;
	struct worker *w = aligned_alloc(64, (size_t)threads * sizeof *w);
	if (!w)
		return 1;
	memset(w, 0, (size_t)threads * sizeof *w);
	pthread_barrier_init(&start, NULL, (unsigned)threads + 1);
	for (int t = 0; t < threads; t++) {
		w[t].depth = depth;
		w[t].rounds = depth ? pairs / depth : pairs;
		for (int i = 0; i < depth; i++)
			pthread_mutex_init(&w[t].locks[i], NULL);
		pthread_create(&w[t].thread, NULL, run, &w[t]);
	}
	double t0 = now_ns();
	pthread_barrier_wait(&start);
	for (int t = 0; t < threads; t++)
		pthread_join(w[t].thread, NULL);
	double elapsed = now_ns() - t0;
	printf("%.2f\n", elapsed / (double)(depth ? w[0].rounds * depth : w[0].rounds));
	free(w);
	return 0;
}

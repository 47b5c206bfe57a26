/* The workloads: each one is what a correct program does (locks always in
 * one order), so with the library preloaded it measures what checking
 * costs, not what reporting costs. */
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bench.h"

#define MAX_DEPTH 8

/* ---- validated chains: each thread its own locks, one fixed order ---- */

/* Cache-line aligned per thread, so threads share no line (false sharing
 * would measure the machine). */
struct chain_worker {
	_Alignas(64) pthread_mutex_t locks[MAX_DEPTH];
	int depth;
	long rounds;
};

static void *chain_body(void *p)
{
	struct chain_worker *w = p;
	for (long r = 0; r < w->rounds; r++) {
		for (int i = 0; i < w->depth; i++)
			pthread_mutex_lock(&w->locks[i]);
		for (int i = w->depth - 1; i >= 0; i--)
			pthread_mutex_unlock(&w->locks[i]);
	}
	return NULL;
}

static double chain(long ops, int threads, int depth)
{
	struct chain_worker *w = aligned_alloc(64, (size_t)threads * sizeof *w);
	memset(w, 0, (size_t)threads * sizeof *w);
	for (int t = 0; t < threads; t++) {
		w[t].depth = depth;
		w[t].rounds = ops / depth;
		for (int i = 0; i < depth; i++)
			pthread_mutex_init(&w[t].locks[i], NULL);
	}
	double dt = bench_threads(threads, chain_body, w, sizeof *w);
	free(w);
	return dt / (double)(ops / depth * depth);
}

/* ---- one mutex shared by two threads ---- */

static pthread_mutex_t shared = PTHREAD_MUTEX_INITIALIZER;
static long shared_rounds;
static volatile long shared_counter;

static void *contended_body(void *p)
{
	(void)p;
	for (long r = 0; r < shared_rounds; r++) {
		pthread_mutex_lock(&shared);
		shared_counter++;
		pthread_mutex_unlock(&shared);
	}
	return NULL;
}

static double contended(long ops, int threads, int depth)
{
	(void)depth;
	shared_rounds = ops;
	char unused[64 * 64];
	return bench_threads(threads, contended_body, unused, 64) / (double)ops;
}

/* ---- readers of one rwlock ---- */

static pthread_rwlock_t rw = PTHREAD_RWLOCK_INITIALIZER;

static void *read_body(void *p)
{
	(void)p;
	for (long r = 0; r < shared_rounds; r++) {
		pthread_rwlock_rdlock(&rw);
		pthread_rwlock_unlock(&rw);
	}
	return NULL;
}

static double rwlock_read(long ops, int threads, int depth)
{
	(void)depth;
	shared_rounds = ops;
	char unused[64 * 64];
	return bench_threads(threads, read_body, unused, 64) / (double)ops;
}

/* ---- condition variable ping-pong between two threads ---- */

static pthread_mutex_t pp_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t pp_cond = PTHREAD_COND_INITIALIZER;
static int pp_turn;

static void *pingpong_body(void *p)
{
	int me = (int)(*(long *)p);
	for (long r = 0; r < shared_rounds; r++) {
		pthread_mutex_lock(&pp_lock);
		while (pp_turn != me)
			pthread_cond_wait(&pp_cond, &pp_lock);
		pp_turn = 1 - me;
		pthread_cond_signal(&pp_cond);
		pthread_mutex_unlock(&pp_lock);
	}
	return NULL;
}

static double pingpong(long ops, int threads, int depth)
{
	(void)threads, (void)depth;
	shared_rounds = ops;
	long ids[2 * 8] = {0};
	ids[8] = 1;
	return bench_threads(2, pingpong_body, ids, 8 * sizeof(long)) / (double)(2 * ops);
}

/* ---- a mutex created, locked and destroyed per operation ---- */

static double churn(long ops, int threads, int depth)
{
	(void)threads, (void)depth;
	pthread_mutex_t outer = PTHREAD_MUTEX_INITIALIZER;
	double t0 = bench_now_ns();
	for (long r = 0; r < ops; r++) {
		pthread_mutex_t m;
		pthread_mutex_init(&m, NULL);
		pthread_mutex_lock(&outer);
		pthread_mutex_lock(&m);
		pthread_mutex_unlock(&m);
		pthread_mutex_unlock(&outer);
		pthread_mutex_destroy(&m);
	}
	return (bench_now_ns() - t0) / (double)ops;
}

/* ---- a large population: every lock first taken alone (its record),
 * then under one outer lock, then with another lock under it: two new
 * order edges per lock.  RSS is sampled between the phases. ---- */

static double population(long ops, int threads, int depth)
{
	(void)threads, (void)depth;
	pthread_mutex_t *m = calloc((size_t)ops, sizeof *m);
	pthread_mutex_t outer = PTHREAD_MUTEX_INITIALIZER, inner = PTHREAD_MUTEX_INITIALIZER;
	long rss0 = bench_rss_kb();
	for (long i = 0; i < ops; i++) {
		pthread_mutex_init(&m[i], NULL);
		pthread_mutex_lock(&m[i]);
		pthread_mutex_unlock(&m[i]);
	}
	long rss1 = bench_rss_kb();
	double t0 = bench_now_ns();
	pthread_mutex_lock(&outer);
	for (long i = 0; i < ops; i++) {
		pthread_mutex_lock(&m[i]);
		pthread_mutex_unlock(&m[i]);
	}
	pthread_mutex_unlock(&outer);
	for (long i = 0; i < ops; i++) {
		pthread_mutex_lock(&m[i]);
		pthread_mutex_lock(&inner);
		pthread_mutex_unlock(&inner);
		pthread_mutex_unlock(&m[i]);
	}
	double dt = bench_now_ns() - t0;
	long rss2 = bench_rss_kb();
	bench_rss_per_lock = (double)(rss1 - rss0) * 1024.0 / (double)ops;
	bench_rss_per_edge = (double)(rss2 - rss1) * 1024.0 / (double)(2 * ops);
	return dt / (double)(2 * ops);
}

/* ---- a dense graph: 10k locks and 200k edges i -> j (i < j), added in a
 * scrambled order (untimed), then new edges that agree with that order:
 * ns per new edge ---- */

#define DENSE_LOCKS 10000
#define DENSE_SPAN (DENSE_LOCKS - 64)
#define DENSE_EDGES 200000

static void dense_edge(pthread_mutex_t *m, long e, long n, long d0)
{
	/* Edge number k of a bijective scramble of 0..n-1: (i, i + d), distinct. */
	uint64_t k = ((uint64_t)e * 0x9E3779B1u) % (uint64_t)n;
	long i = (long)(k % DENSE_SPAN), d = d0 + (long)(k / DENSE_SPAN);
	pthread_mutex_lock(&m[i]);
	pthread_mutex_lock(&m[i + d]);
	pthread_mutex_unlock(&m[i + d]);
	pthread_mutex_unlock(&m[i]);
}

static double dense(long ops, int threads, int depth)
{
	(void)threads, (void)depth;
	pthread_mutex_t *m = calloc(DENSE_LOCKS, sizeof *m);
	for (int i = 0; i < DENSE_LOCKS; i++)
		pthread_mutex_init(&m[i], NULL);
	/* 0x9E3779B1 is prime, so e -> e * it mod n is a bijection unless n
	 * is a multiple of it. */
	long build = DENSE_EDGES - DENSE_EDGES % DENSE_SPAN; /* d in 1..20 */
	for (long e = 0; e < build; e++)
		dense_edge(m, e, build, 1);
	if (ops > DENSE_SPAN * 40L)
		ops = DENSE_SPAN * 40L;
	double t0 = bench_now_ns();
	for (long e = 0; e < ops; e++)
		dense_edge(m, e, ops, 1 + build / DENSE_SPAN);
	return (bench_now_ns() - t0) / (double)ops;
}

/* ---- threads started and joined one after the other, each locking ---- */

static pthread_mutex_t thread_lock = PTHREAD_MUTEX_INITIALIZER;

static void *short_thread(void *p)
{
	pthread_mutex_lock(&thread_lock);
	pthread_mutex_unlock(&thread_lock);
	return p;
}

static double thread_churn(long ops, int threads, int depth)
{
	(void)threads, (void)depth;
	double t0 = bench_now_ns();
	for (long r = 0; r < ops; r++) {
		pthread_t t;
		pthread_create(&t, NULL, short_thread, NULL);
		pthread_join(t, NULL);
	}
	return (bench_now_ns() - t0) / (double)ops;
}

/* ---- an intercepted blocking call with no lock held ---- */

static double write_no_lock(long ops, int threads, int depth)
{
	(void)threads, (void)depth;
	int fd = open("/dev/null", O_WRONLY);
	double t0 = bench_now_ns();
	for (long r = 0; r < ops; r++)
		if (write(fd, "x", 1) != 1)
			break;
	double dt = bench_now_ns() - t0;
	close(fd);
	return dt / (double)ops;
}

const bench_case bench_cases[] = {
	{"chain-1t-d1", "lock+unlock", chain, 4000000, 1, 1},
	{"chain-1t-d4", "lock+unlock", chain, 4000000, 1, 4},
	{"chain-1t-d8", "lock+unlock", chain, 4000000, 1, 8},
	{"chain-2t-d1", "lock+unlock", chain, 4000000, 2, 1},
	{"chain-2t-d4", "lock+unlock", chain, 4000000, 2, 4},
	{"chain-2t-d8", "lock+unlock", chain, 4000000, 2, 8},
	{"contended-2t", "lock+unlock", contended, 1000000, 2, 0},
	{"rwlock-read-1t", "rdlock+unlock", rwlock_read, 4000000, 1, 0},
	{"rwlock-read-2t", "rdlock+unlock", rwlock_read, 2000000, 2, 0},
	{"condvar-pingpong", "hand-off", pingpong, 100000, 2, 0},
	{"create-lock-destroy", "init+lock+unlock+destroy", churn, 1000000, 1, 0},
	{"population-1M", "new lock under a held one", population, 1000000, 1, 0},
	{"dense-10k-200k", "new edge (agreeing)", dense, 100000, 1, 0},
	{"thread-churn", "thread create+join", thread_churn, 5000, 1, 0},
	{"write-no-lock", "write(2) to /dev/null", write_no_lock, 500000, 1, 0},
};
const unsigned bench_ncases = sizeof bench_cases / sizeof *bench_cases;

/* bench_locks CASE [OPS]: runs one workload of bench/bench_cases.c once and
 * prints the ns per operation (and, for the population case, the resident
 * bytes per lock and per order edge: "lock=B edge=B").  bench_locks list: the case names.  The same
 * binary runs plain, under LD_PRELOAD=liblockcheck.so, and built with
 * ThreadSanitizer: bench/run.sh compares them in one invocation. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "bench.h"

double bench_rss_per_lock = -1, bench_rss_per_edge = -1;

double bench_now_ns(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec * 1e9 + t.tv_nsec;
}

long bench_rss_kb(void)
{
	FILE *f = fopen("/proc/self/status", "r");
	char line[256];
	long kb = -1;
	while (f && fgets(line, sizeof line, f))
		if (sscanf(line, "VmRSS: %ld kB", &kb) == 1)
			break;
	if (f)
		fclose(f);
	return kb;
}

static pthread_barrier_t start;

struct thread_arg {
	void *(*fn)(void *);
	void *arg;
};

static void *trampoline(void *p)
{
	struct thread_arg *a = p;
	pthread_barrier_wait(&start);
	return a->fn(a->arg);
}

double bench_threads(int n, void *(*fn)(void *), void *args, size_t arg_size)
{
	pthread_t t[64];
	struct thread_arg a[64];
	pthread_barrier_init(&start, NULL, (unsigned)n + 1);
	for (int i = 0; i < n; i++) {
		a[i] = (struct thread_arg){fn, (char *)args + (size_t)i * arg_size};
		pthread_create(&t[i], NULL, trampoline, &a[i]);
	}
	double t0 = bench_now_ns();
	pthread_barrier_wait(&start);
	for (int i = 0; i < n; i++)
		pthread_join(t[i], NULL);
	double dt = bench_now_ns() - t0;
	pthread_barrier_destroy(&start);
	return dt;
}

int main(int argc, char **argv)
{
	if (argc >= 2 && !strcmp(argv[1], "list")) {
		for (unsigned i = 0; i < bench_ncases; i++)
			printf("%s\t%s\n", bench_cases[i].name, bench_cases[i].unit);
		return 0;
	}
	if (argc < 2 || argc > 3) {
		fprintf(stderr, "usage: bench_locks CASE [OPS] | bench_locks list\n");
		return 2;
	}
	for (unsigned i = 0; i < bench_ncases; i++) {
		const bench_case *c = &bench_cases[i];
		if (strcmp(c->name, argv[1]))
			continue;
		long ops = argc == 3 ? atol(argv[2]) : c->ops;
		if (ops < 1) {
			fprintf(stderr, "bench_locks: OPS must be positive\n");
			return 2;
		}
		double ns = c->run(ops, c->threads, c->depth);
		if (bench_rss_per_lock >= 0)
			printf("%.2f lock=%.0f edge=%.0f\n", ns, bench_rss_per_lock, bench_rss_per_edge);
		else
			printf("%.2f\n", ns);
		return 0;
	}
	fprintf(stderr, "bench_locks: no case '%s' (bench_locks list)\n", argv[1]);
	return 2;
}

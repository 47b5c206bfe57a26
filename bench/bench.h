/* The workloads of `make bench` (bench_cases.c) and what they share
 * (bench_main.c).  Each case runs its workload once and returns the
 * nanoseconds per operation (what an operation is, it says in its name). */
#ifndef BENCH_H
#define BENCH_H

#include <pthread.h>

double bench_now_ns(void);
/* Resident set size of the process, in KiB. */
long bench_rss_kb(void);
/* Runs fn on n threads at once (after a barrier) and returns the wall time
 * in ns of the slowest. */
double bench_threads(int n, void *(*fn)(void *), void *args, size_t arg_size);

typedef struct bench_case {
	const char *name;
	const char *unit; /* what one operation is */
	double (*run)(long ops, int threads, int depth);
	long ops;         /* operations per run (per thread) */
	int threads, depth;
} bench_case;

extern const bench_case bench_cases[];
extern const unsigned bench_ncases;
/* Set by the population case: the RSS it added per live lock and per
 * order edge, in bytes (-1: not measured). */
extern double bench_rss_per_lock, bench_rss_per_edge;

#endif

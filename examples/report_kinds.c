/* One small bug per report kind, for docs/reports.md: its outputs there
 * are real runs of this program (tools/gen-report-docs.sh).
 *
 *   lockcheck run -- build/examples/report_kinds KIND
 *
 * KIND: lock-order-inversion, self-deadlock, recursive-locking,
 * unlock-not-held, destroy-held, exit-holding, cond-wait-unheld,
 * blocking-in-atomic, held-limit, assert-failed, invalid-wait-context
 * (that one with LOCKCHECK_OPTIONS=prove_raw_lock_nesting=1). */
/* Every call returns to its caller, so each frame is the line that made it
 * (a tail call would show the caller's caller instead). */
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC optimize("no-optimize-sibling-calls")
#endif
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lockcheck/kernel.h"

/* doc: lock-order-inversion */
static pthread_mutex_t cache_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t stats_lock = PTHREAD_MUTEX_INITIALIZER;

static __attribute__((noinline)) void take_cache_then_stats(void)
{
	pthread_mutex_lock(&cache_lock);
	pthread_mutex_lock(&stats_lock);
	pthread_mutex_unlock(&stats_lock);
	pthread_mutex_unlock(&cache_lock);
}

static __attribute__((noinline)) void take_stats_then_cache(void)
{
	pthread_mutex_lock(&stats_lock);
	pthread_mutex_lock(&cache_lock);
	pthread_mutex_unlock(&cache_lock);
	pthread_mutex_unlock(&stats_lock);
}

static void lock_order_inversion(void)
{
	take_cache_then_stats();
	take_stats_then_cache();
}
/* end doc */

/* doc: self-deadlock */
static pthread_mutex_t table_lock;

static __attribute__((noinline)) void table_helper(void)
{
	pthread_mutex_lock(&table_lock); /* BUG: the caller holds it already */
}

static void self_deadlock(void)
{
	pthread_mutexattr_t attr;
	pthread_mutexattr_init(&attr);
	pthread_mutexattr_settype(&attr, PTHREAD_MUTEX_ERRORCHECK); /* EDEADLK, not a hang */
	pthread_mutex_init(&table_lock, &attr);
	pthread_mutex_lock(&table_lock);
	table_helper();
	pthread_mutex_unlock(&table_lock);
}
/* end doc */

/* doc: recursive-locking */
struct inode {
	pthread_mutex_t lock;
	long size;
};

static void recursive_locking(void)
{
	static struct inode a, b;
	pthread_mutex_init(&a.lock, NULL);
	pthread_mutex_init(&b.lock, NULL);
	lockcheck_lock_init(&a.lock, "inode->i_lock", LOCKCHECK_MUTEX, &a, "inode");
	lockcheck_lock_init(&b.lock, "inode->i_lock", LOCKCHECK_MUTEX, &b, "inode");
	pthread_mutex_lock(&a.lock);
	pthread_mutex_lock(&b.lock); /* BUG: same class, no nesting level */
	pthread_mutex_unlock(&b.lock);
	pthread_mutex_unlock(&a.lock);
}
/* end doc */

/* doc: unlock-not-held */
static pthread_mutex_t queue_lock = PTHREAD_MUTEX_INITIALIZER;

static __attribute__((noinline)) int enqueue(int err)
{
	if (err)
		goto out; /* BUG: out unlocks, but the lock was not taken yet */
	pthread_mutex_lock(&queue_lock);
	/* ... */
out:
	pthread_mutex_unlock(&queue_lock);
	return err;
}

static void unlock_not_held(void)
{
	enqueue(0);
	enqueue(1);
}
/* end doc */

/* doc: destroy-held */
struct object {
	pthread_mutex_t lock;
};

static __attribute__((noinline)) struct object *object_new(void)
{
	struct object *o = calloc(1, sizeof *o);
	pthread_mutex_init(&o->lock, NULL);
	return o;
}

static void destroy_held(void)
{
	struct object *o = object_new();
	pthread_mutex_lock(&o->lock);
	pthread_mutex_destroy(&o->lock); /* BUG: still locked */
	free(o);
}
/* end doc */

/* doc: exit-holding */
static pthread_mutex_t job_lock = PTHREAD_MUTEX_INITIALIZER;

static void *job_worker(void *arg)
{
	pthread_mutex_lock(&job_lock);
	if (arg)
		return NULL; /* BUG: returns with job_lock held */
	pthread_mutex_unlock(&job_lock);
	return NULL;
}

static void exit_holding(void)
{
	pthread_t t;
	pthread_create(&t, NULL, job_worker, (void *)1);
	pthread_join(t, NULL);
}
/* end doc */

/* doc: cond-wait-unheld */
static pthread_mutex_t ready_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t ready_cv = PTHREAD_COND_INITIALIZER;

static void cond_wait_unheld(void)
{
	struct timespec soon = {0, 0};
	/* BUG: ready_lock is not held (a timed wait, so it returns) */
	pthread_cond_timedwait(&ready_cv, &ready_lock, &soon);
}
/* end doc */

/* doc: blocking-in-atomic */
static pthread_spinlock_t stats_spin;

static void blocking_in_atomic(void)
{
	pthread_spin_init(&stats_spin, PTHREAD_PROCESS_PRIVATE);
	pthread_spin_lock(&stats_spin);
	usleep(1); /* BUG: sleeps with a spinlock held */
	pthread_spin_unlock(&stats_spin);
}
/* end doc */

/* doc: held-limit */
static void held_limit(void)
{
	enum { N = 40 };
	static pthread_mutex_t items[N];
	for (int i = 0; i < N; i++) {
		pthread_mutex_init(&items[i], NULL);
		pthread_mutex_lock(&items[i]); /* BUG: never unlocked */
	}
	for (int i = 0; i < N; i++)
		pthread_mutex_unlock(&items[i]);
}
/* end doc */

/* doc: assert-failed */
static pthread_mutex_t list_lock = PTHREAD_MUTEX_INITIALIZER;

static __attribute__((noinline)) void list_del_locked(void)
{
	lockcheck_assert_held(&list_lock, -1); /* the caller must hold list_lock */
}

static void assert_failed(void)
{
	list_del_locked(); /* BUG: without list_lock */
}
/* end doc */

/* doc: invalid-wait-context */
static DEFINE_RAW_SPINLOCK(pool_lock);  /* taken from the scheduler: must spin */
static DEFINE_SPINLOCK(counters_lock);  /* a spinlock_t: sleeps on PREEMPT_RT */

static __attribute__((noinline)) void count_alloc(void)
{
	spin_lock(&counters_lock); /* BUG: a spinlock_t inside a raw_spinlock_t */
	spin_unlock(&counters_lock);
}

static void invalid_wait_context(void)
{
	raw_spin_lock(&pool_lock);
	count_alloc();
	raw_spin_unlock(&pool_lock);
}
/* end doc */

static const struct {
	const char *kind;
	void (*run)(void);
} bugs[] = {
	{"lock-order-inversion", lock_order_inversion},
	{"self-deadlock", self_deadlock},
	{"recursive-locking", recursive_locking},
	{"unlock-not-held", unlock_not_held},
	{"destroy-held", destroy_held},
	{"exit-holding", exit_holding},
	{"cond-wait-unheld", cond_wait_unheld},
	{"blocking-in-atomic", blocking_in_atomic},
	{"held-limit", held_limit},
	{"assert-failed", assert_failed},
	{"invalid-wait-context", invalid_wait_context},
};

int main(int argc, char **argv)
{
	for (size_t i = 0; argc > 1 && i < sizeof bugs / sizeof *bugs; i++)
		if (!strcmp(argv[1], bugs[i].kind)) {
			bugs[i].run();
			return 0;
		}
	fprintf(stderr, "usage: %s KIND (lock-order-inversion, self-deadlock, ...)\n", argv[0]);
	return 2;
}

/* Threads, fork and re-entry: the engine stays consistent and quiet. */
#include <pthread.h>
#include <sched.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include "engine_test.h"
#include "engine/lc_engine_stats.h"
#include "lc_detectors.h"

TestSuite(threads, .init = engine_test_setup, .timeout = 120);

static char A, B;

/* ---- events arriving while the thread is inside the library ---- */

static char inner_known, inner_unknown;
static unsigned held_in_hook;

static void reentering_hook(const lc_finding *f, void *arg)
{
	(void)f;
	(void)arg;
	/* As a signal handler would: take and drop locks mid-report. */
	lock_w(&inner_known);
	held_in_hook = lc_query_held_count();
	unlock(&inner_known);
	lock_w(&inner_unknown);
	unlock(&inner_unknown);
	unlock(&inner_known); /* not held: must stay quiet, no report from inside */
}

Test(threads, events_inside_the_library_do_not_deadlock)
{
	make_lock(&inner_known, LC_LOCK_MUTEX, NULL);
	make_lock(&A, LC_LOCK_MUTEX, NULL);
	lc_report_set_hook(reentering_hook, NULL);
	lock_w(&A);
	unsigned before = lc_query_held_count();
	lc_on_acquire(&A, LC_MODE_WRITE, 0, 0); /* self deadlock: report -> hook */
	cr_assert_eq(held_in_hook, before + 1, "known lock tracked on the nested path");
	cr_assert_eq(lc_query_held_count(), before, "stack restored");
	lc_engine_stats st;
	lc_engine_get_stats(&st);
	cr_assert_geq(st.reentrant_drops, 1, "unknown lock dropped and counted");
	unlock(&A);
	cr_assert_eq(lc_query_held_count(), 0);
}

/* ---- fork ---- */

static pthread_barrier_t held_barrier, done_barrier;

static void *hold_b_until_done(void *arg)
{
	(void)arg;
	lock_w(&B);
	pthread_barrier_wait(&held_barrier);
	pthread_barrier_wait(&done_barrier);
	unlock(&B);
	lc_on_thread_exit();
	return NULL;
}

Test(threads, fork_child_keeps_only_the_forking_thread)
{
	make_lock(&A, LC_LOCK_MUTEX, NULL);
	make_lock(&B, LC_LOCK_MUTEX, NULL);
	pthread_barrier_init(&held_barrier, NULL, 2);
	pthread_barrier_init(&done_barrier, NULL, 2);
	pthread_t t;
	pthread_create(&t, NULL, hold_b_until_done, NULL);
	pthread_barrier_wait(&held_barrier);
	lock_w(&A);
	lc_on_fork_prepare();
	pid_t pid = fork();
	if (pid == 0) {
		lc_on_fork_child();
		int code = 0;
		if (lc_query_held_count() != 1)
			code |= 1;
		unlock(&A); /* still ours in the child */
		lc_on_lock_destroy(&B); /* its holder does not exist here */
		lc_on_process_exit();
		if (nseen != 0)
			code |= 2;
		/* The engine still works after fork. */
		lock_w(&A); lock_w(&B); unlock(&B); unlock(&A);
		lock_w(&B); lock_w(&A); unlock(&A); unlock(&B);
		if (count_kind(LC_KIND_LOCK_ORDER_INVERSION) != 1)
			code |= 4;
		_exit(code);
	}
	lc_on_fork_parent();
	int status = 0;
	waitpid(pid, &status, 0);
	cr_assert(WIFEXITED(status));
	cr_assert_eq(WEXITSTATUS(status), 0, "child failed checks: %d", WEXITSTATUS(status));
	unlock(&A);
	pthread_barrier_wait(&done_barrier);
	pthread_join(t, NULL);
	cr_assert_eq(nseen, 0);
}

/* ---- many threads at once ---- */

enum { THREADS = 4, PER_THREAD = 2000, NAMED = 8 };
static char shared_named[NAMED];

static void *stress(void *arg)
{
	unsigned seed = (unsigned)(uintptr_t)arg;
	lc_on_thread_start();
	char *mine = malloc(PER_THREAD);
	for (int round = 0; round < 4; round++) {
		for (int i = 0; i < PER_THREAD; i++)
			make_lock(&mine[i], LC_LOCK_MUTEX, NULL);
		for (int i = 0; i < PER_THREAD; i++) {
			/* Always in ascending order: named class, then own locks. */
			int n = (int)(rand_r(&seed) % NAMED);
			lock_sub(&shared_named[n], 0);
			lock_w(&mine[i]);
			if (i + 1 < PER_THREAD)
				lock_w(&mine[i + 1]);
			if (i + 1 < PER_THREAD)
				unlock(&mine[i + 1]);
			unlock(&mine[i]);
			unlock(&shared_named[n]);
		}
		for (int i = 0; i < PER_THREAD; i++)
			lc_on_lock_destroy(&mine[i]);
	}
	free(mine);
	lc_on_thread_exit();
	return NULL;
}

Test(threads, concurrent_threads_with_consistent_order_are_silent)
{
	for (int i = 0; i < NAMED; i++)
		make_lock(&shared_named[i], LC_LOCK_MUTEX, "shared_class");
	pthread_t t[THREADS];
	for (int i = 0; i < THREADS; i++)
		pthread_create(&t[i], NULL, stress, (void *)(uintptr_t)(i + 1));
	for (int i = 0; i < THREADS; i++)
		pthread_join(t[i], NULL);
	cr_assert_eq(nseen, 0, "%s", nseen ? seen[0].message : "");
}

static void *order_ab(void *arg)
{
	(void)arg;
	lock_w(&A);
	lock_w(&B);
	unlock(&B);
	unlock(&A);
	lc_on_thread_exit();
	return NULL;
}

static void *order_ba(void *arg)
{
	(void)arg;
	lock_w(&B);
	lock_w(&A);
	unlock(&A);
	unlock(&B);
	lc_on_thread_exit();
	return NULL;
}

Test(threads, inversion_between_two_threads)
{
	make_lock(&A, LC_LOCK_MUTEX, NULL);
	make_lock(&B, LC_LOCK_MUTEX, NULL);
	pthread_t t;
	pthread_create(&t, NULL, order_ab, NULL);
	pthread_join(t, NULL);
	pthread_create(&t, NULL, order_ba, NULL);
	pthread_join(t, NULL);
	cr_assert_eq(count_kind(LC_KIND_LOCK_ORDER_INVERSION), 1);
}

/* ---- a real deadlock is reported before the threads hang ---- */

static pthread_mutex_t real_a = PTHREAD_MUTEX_INITIALIZER, real_b = PTHREAD_MUTEX_INITIALIZER;
static pthread_barrier_t both_hold;
static volatile int t1_waiting;

static void *t1_a_then_b(void *arg)
{
	(void)arg;
	lc_on_acquire(&real_a, LC_MODE_WRITE, 0, 0);
	pthread_mutex_lock(&real_a);
	lc_on_acquired(&real_a, LC_MODE_WRITE, 0, 0, true);
	pthread_barrier_wait(&both_hold);
	lc_on_acquire(&real_b, LC_MODE_WRITE, 0, 0); /* records A -> B, then blocks */
	__atomic_store_n(&t1_waiting, 1, __ATOMIC_RELEASE);
	pthread_mutex_lock(&real_b);
	lc_on_acquired(&real_b, LC_MODE_WRITE, 0, 0, true);
	lc_on_release(&real_b);
	pthread_mutex_unlock(&real_b);
	lc_on_release(&real_a);
	pthread_mutex_unlock(&real_a);
	lc_on_thread_exit();
	return NULL;
}

Test(threads, real_abba_deadlock_is_reported_before_it_hangs)
{
	make_lock(&real_a, LC_LOCK_MUTEX, NULL);
	make_lock(&real_b, LC_LOCK_MUTEX, NULL);
	pthread_barrier_init(&both_hold, NULL, 2);
	lc_on_acquire(&real_b, LC_MODE_WRITE, 0, 0);
	pthread_mutex_lock(&real_b);
	lc_on_acquired(&real_b, LC_MODE_WRITE, 0, 0, true);
	pthread_t t;
	pthread_create(&t, NULL, t1_a_then_b, NULL);
	pthread_barrier_wait(&both_hold);
	while (!__atomic_load_n(&t1_waiting, __ATOMIC_ACQUIRE))
		sched_yield();
	/* T1 holds A and waits for B, which we hold: taking A would hang. */
	lc_on_acquire(&real_a, LC_MODE_WRITE, 0, 0);
	cr_assert_eq(count_kind(LC_KIND_LOCK_ORDER_INVERSION), 1, "reported before blocking");
	const seen_finding *f = first_of(LC_KIND_LOCK_ORDER_INVERSION);
	cr_assert(finding_names_lock(f, &real_a) && finding_names_lock(f, &real_b));
	/* Back off instead of hanging. */
	lc_on_acquired(&real_a, LC_MODE_WRITE, 0, 0, false);
	lc_on_release(&real_b);
	pthread_mutex_unlock(&real_b);
	pthread_join(t, NULL);
}

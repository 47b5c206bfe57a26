/* A forked child has only the forking thread: a lock another thread held
 * at fork() stays locked in the child for ever.  Waiting for it is reported
 * before the child blocks; re-initialising it, trying it, or taking locks
 * nobody held stays quiet. */
#include <pthread.h>
#include <sys/wait.h>
#include <unistd.h>

#include "engine_test.h"
#include "lc_detectors.h"

TestSuite(fork_orphan, .init = engine_test_setup, .timeout = 60);

static char A, B;
static pthread_barrier_t held, done;

static void *hold_b(void *arg)
{
	(void)arg;
	lock_w(&B);
	pthread_barrier_wait(&held);
	pthread_barrier_wait(&done);
	unlock(&B);
	lc_on_thread_exit();
	return NULL;
}

/* Forks while another thread holds B; runs child() in the child and
 * returns its exit status. */
static int fork_with_b_held(int (*child)(void))
{
	make_lock(&A, LC_LOCK_MUTEX, NULL);
	make_lock(&B, LC_LOCK_MUTEX, NULL);
	pthread_barrier_init(&held, NULL, 2);
	pthread_barrier_init(&done, NULL, 2);
	pthread_t t;
	pthread_create(&t, NULL, hold_b, NULL);
	pthread_barrier_wait(&held);
	lc_on_fork_prepare();
	pid_t pid = fork();
	if (pid == 0) {
		lc_on_fork_child();
		nseen = 0;
		_exit(child());
	}
	lc_on_fork_parent();
	int status = 0;
	waitpid(pid, &status, 0);
	pthread_barrier_wait(&done);
	pthread_join(t, NULL);
	cr_assert(WIFEXITED(status));
	return WEXITSTATUS(status);
}

static int wait_for_orphan(void)
{
	lc_on_acquire(&B, LC_MODE_WRITE, 0, 0); /* would block for ever */
	if (count_kind(LC_KIND_FORK_ORPHANED_LOCK) != 1)
		return 1;
	if (!finding_names_lock(first_of(LC_KIND_FORK_ORPHANED_LOCK), &B))
		return 2;
	if (nseen != 1)
		return 3;
	lc_on_acquired(&B, LC_MODE_WRITE, LC_ACQ_FAILED, 0, false);
	return 0;
}

Test(fork_orphan, waiting_for_a_lock_of_a_vanished_thread_is_reported)
{
	cr_assert_eq(fork_with_b_held(wait_for_orphan), 0);
	cr_assert_eq(nseen, 0, "the parent is fine: %s", nseen ? seen[0].message : "");
}

static int timed_wait_for_orphan(void)
{
	lc_on_acquire(&B, LC_MODE_WRITE, LC_ACQ_TIMED, 0); /* can only time out */
	return count_kind(LC_KIND_FORK_ORPHANED_LOCK) == 1 ? 0 : 1;
}

Test(fork_orphan, a_timed_wait_for_it_is_reported_too)
{
	cr_assert_eq(fork_with_b_held(timed_wait_for_orphan), 0);
}

static int quiet_child(void)
{
	try_w(&B, false);                /* a trylock does not wait */
	lock_w(&A);                      /* nobody held A */
	unlock(&A);
	make_lock(&B, LC_LOCK_MUTEX, NULL); /* the child re-initialises B ... */
	lock_w(&B);                      /* ... and may use it */
	unlock(&B);
	lc_on_process_exit();
	return nseen == 0 ? 0 : 10 + (int)seen[0].kind;
}

Test(fork_orphan, trying_reinitialising_and_other_locks_are_quiet)
{
	cr_assert_eq(fork_with_b_held(quiet_child), 0);
}

static int destroy_child(void)
{
	lc_on_lock_destroy(&B); /* its holder does not exist here */
	return nseen == 0 ? 0 : 1;
}

Test(fork_orphan, destroying_it_is_quiet)
{
	cr_assert_eq(fork_with_b_held(destroy_child), 0);
}

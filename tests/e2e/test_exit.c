/* Exiting with a lock held (a thread, the process), and fork. */
#include "e2e_assert.h"

static void thread_exit_holding(const char *how)
{
	e2e_run r;
	e2e_opts o = { .arg = how };
	e2e_run_prog(&r, "exit_holding", &o);
	assert_single_finding(&r, "exit-holding", "m");
	e2e_run_free(&r);
}

Test(exit, thread_returns_holding_a_lock)
{
	thread_exit_holding("thread");
}

Test(exit, thread_calls_pthread_exit_holding_a_lock)
{
	thread_exit_holding("pthread-exit");
}

Test(exit, thread_cancelled_holding_a_lock)
{
	thread_exit_holding("cancelled");
}

Test(exit, main_returns_holding_a_lock)
{
	e2e_run r;
	e2e_opts o = { .arg = "process" };
	e2e_run_prog(&r, "exit_holding", &o);
	assert_single_finding(&r, "exit-holding", "m");
	e2e_run_free(&r);
}

Test(exit, fork_while_holding_locks_is_quiet_in_child_and_parent)
{
	e2e_run r;
	e2e_run_prog(&r, "clean_fork", NULL);
	/* The parent exits with the child's code: 0 only if the child was
	 * quiet too (a child finding would make it exit 66). */
	assert_silent(&r);
	e2e_run_free(&r);
}

Test(exit, threads_that_unlock_before_exit_are_quiet)
{
	e2e_run r;
	e2e_run_prog(&r, "clean_spin", NULL);
	assert_silent(&r);
	e2e_run_free(&r);
}

/* A forked child waiting for a mutex another thread held at fork(). */
Test(exit, forked_child_waiting_for_a_lock_of_a_vanished_thread)
{
	e2e_run r;
	e2e_opts o = { .arg = "wait", .options = "halt_on_error=1" };
	e2e_run_prog(&r, "fork_orphaned_lock", &o);
	cr_assert_not(r.killed_by_us, "the child hung without a report\n%s", r.err);
	assert_single_finding(&r, "fork-orphaned-lock", "m");
	e2e_run_free(&r);
}

Test(exit, forked_child_reinitialising_that_lock_is_quiet)
{
	e2e_run r;
	e2e_opts o = { .arg = "reinit" };
	e2e_run_prog(&r, "fork_orphaned_lock", &o);
	assert_silent(&r);
	e2e_run_free(&r);
}

/* Sleeping while holding a spinlock. */
#include "e2e_assert.h"

static void fires_with(const char *prog, const char *how)
{
	e2e_run r;
	e2e_opts o = { .arg = how };
	e2e_run_prog(&r, prog, &o);
	assert_single_finding(&r, "blocking-in-atomic", "s");
	e2e_run_free(&r);
}

static void fires(const char *how)
{
	fires_with("blocking_in_atomic", how);
}

Test(atomic, usleep_under_spinlock)
{
	fires("usleep");
}

Test(atomic, write_under_spinlock)
{
	fires("write");
}

Test(atomic, mutex_wait_under_spinlock)
{
	fires("mutex");
}

Test(atomic, spinlocks_used_correctly_are_quiet)
{
	e2e_run r;
	e2e_run_prog(&r, "clean_spin", NULL);
	assert_silent(&r);
	e2e_run_free(&r);
}

Test(atomic, lock_taken_in_signal_handler_is_quiet)
{
	e2e_run r;
	e2e_run_prog(&r, "clean_signal", NULL);
	assert_silent(&r);
	e2e_run_free(&r);
}

Test(atomic, sem_wait_under_spinlock)
{
	fires_with("semaphores", "under-spin");
}

Test(atomic, sem_trywait_under_spinlock_is_quiet)
{
	e2e_run r;
	e2e_opts o = { .arg = "trywait" };
	e2e_run_prog(&r, "semaphores", &o);
	assert_silent(&r);
	e2e_run_free(&r);
}

Test(atomic, semaphore_posted_by_another_thread_is_not_a_lock)
{
	e2e_run r;
	e2e_opts o = { .arg = "signal" };
	e2e_run_prog(&r, "semaphores", &o);
	assert_silent(&r);
	e2e_run_free(&r);
}

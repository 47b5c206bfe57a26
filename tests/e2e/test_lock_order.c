/* Lock-order inversion under LD_PRELOAD: found on a run that did not
 * deadlock, found before a real deadlock hangs, quiet on correct orders. */
#include "e2e_assert.h"

Test(lock_order, abba_found_without_deadlocking)
{
	e2e_run r;
	e2e_run_prog(&r, "abba", NULL);
	const cJSON *f;
	assert_one(&r, "lock-order-inversion", &f);
	cr_assert_geq(e2e_nlocks(f), 2);
	assert_names_lock(f, &r, "a");
	assert_names_lock(f, &r, "b");
	assert_lock_type(f, 0, "mutex");
	cr_assert_str_neq(cJSON_GetObjectItem(f, "message")->valuestring, "");
	cr_assert(cJSON_IsArray(cJSON_GetObjectItem(f, "stacks")));
	assert_exit_findings(&r);
	e2e_run_free(&r);
}

static void abba_with(const char *how)
{
	e2e_run r;
	e2e_opts o = { .arg = how };
	e2e_run_prog(&r, "abba", &o);
	const cJSON *f;
	assert_one(&r, "lock-order-inversion", &f);
	assert_names_lock(f, &r, "a");
	assert_names_lock(f, &r, "b");
	assert_exit_findings(&r);
	e2e_run_free(&r);
}

Test(lock_order, abba_with_timedlock_found)
{
	abba_with("timed");
}

Test(lock_order, abba_with_clocklock_found)
{
	abba_with("clock");
}

Test(lock_order, abba_program_is_fine_without_the_library)
{
	e2e_run r;
	e2e_opts o = { .no_preload = true };
	e2e_run_prog(&r, "abba", &o);
	assert_silent(&r);
	e2e_run_free(&r);
}

Test(lock_order, real_deadlock_reported_before_it_hangs)
{
	e2e_run r;
	e2e_opts o = { .stop_on = "lock-order-inversion" };
	e2e_run_prog(&r, "deadlock", &o);
	/* The program can only end one way: hung, then killed by us. */
	cr_assert(r.killed_by_us, "deadlock program ended by itself (exit %d signal %d)\n%s",
		  r.exit_code, r.signal, r.err);
	const cJSON *f;
	assert_one(&r, "lock-order-inversion", &f);
	assert_names_lock(f, &r, "a");
	assert_names_lock(f, &r, "b");
	e2e_run_free(&r);
}

Test(lock_order, opposite_order_trylock_is_quiet)
{
	e2e_run r;
	e2e_run_prog(&r, "clean_trylock", NULL);
	assert_silent(&r);
	e2e_run_free(&r);
}

Test(lock_order, many_threads_one_order_is_quiet)
{
	e2e_run r;
	e2e_run_prog(&r, "clean_many_threads", NULL);
	assert_silent(&r);
	e2e_run_free(&r);
}

Test(lock_order, hand_over_hand_is_quiet)
{
	e2e_run r;
	e2e_run_prog(&r, "clean_hand_over_hand", NULL);
	assert_silent(&r);
	e2e_run_free(&r);
}

Test(lock_order, reinitialised_locks_are_new_locks)
{
	e2e_run r;
	e2e_run_prog(&r, "clean_reinit", NULL);
	assert_silent(&r);
	e2e_run_free(&r);
}

Test(lock_order, rwlock_readers_in_any_order_are_quiet)
{
	e2e_run r;
	e2e_run_prog(&r, "clean_rwlock_read", NULL);
	assert_silent(&r);
	e2e_run_free(&r);
}

Test(lock_order, static_initialisers_and_cond_wait_are_quiet)
{
	e2e_run r;
	e2e_run_prog(&r, "clean_static_init", NULL);
	assert_silent(&r);
	e2e_run_free(&r);
}

/* Others take the mutex while its holder waits on a condition (the GIL of
 * every threaded CPython): that is no reset lock word, and the waiter's
 * unlock after waking is no unlock-not-held. */
Test(lock_order, mutex_taken_by_others_during_a_cond_wait_is_quiet)
{
	e2e_run r;
	e2e_run_prog(&r, "clean_cond_wait_handover", NULL);
	assert_silent(&r);
	e2e_run_free(&r);
}

Test(lock_order, switched_off_by_option)
{
	e2e_run r;
	e2e_opts o = { .options = "detect_lock_order_inversion=0" };
	e2e_run_prog(&r, "abba", &o);
	assert_silent(&r);
	e2e_run_free(&r);
}

/* Decided (docs/reports.md): a timed wait that gives up is still a wait in
 * that order, as for lockdep and ThreadSanitizer. */
Test(lock_order, timed_lock_that_times_out_still_orders)
{
	e2e_run r;
	e2e_run_prog(&r, "timed_out_inversion", NULL);
	cr_assert(strstr(r.out, "timedlock: timed out"), "stdout:\n%s", r.out);
	const cJSON *f;
	assert_one(&r, "lock-order-inversion", &f);
	assert_names_lock(f, &r, "a");
	assert_names_lock(f, &r, "b");
	assert_exit_findings(&r);
	e2e_run_free(&r);
}

Test(lock_order, timed_lock_that_times_out_is_fine_without_the_library)
{
	e2e_run r;
	e2e_opts o = { .no_preload = true };
	e2e_run_prog(&r, "timed_out_inversion", &o);
	cr_assert(strstr(r.out, "timedlock: timed out"), "stdout:\n%s", r.out);
	assert_silent(&r);
	e2e_run_free(&r);
}

/* lockdep's read-chain rule on pthread rwlocks (progs/rwlock_read_chains.c):
 * a cycle through a lock read on both sides is broken there only if that
 * lock's readers never queue behind a writer. */
static void read_chain(const char *how, bool deadlock)
{
	e2e_run r;
	e2e_opts o = { .arg = how };
	e2e_run_prog(&r, "rwlock_read_chains", &o);
	if (!deadlock) {
		assert_silent(&r);
		e2e_run_free(&r);
		return;
	}
	const cJSON *f;
	assert_one(&r, "lock-order-inversion", &f);
	cr_assert_eq(e2e_nlocks(f), 3, "%d locks", e2e_nlocks(f));
	assert_names_lock(f, &r, "x");
	assert_names_lock(f, &r, "y");
	assert_names_lock(f, &r, "z");
	assert_lock_type(f, 0, "rwlock");
	assert_exit_findings(&r);
	e2e_run_free(&r);
}

Test(lock_order, read_chain_broken_at_a_reader_preferring_lock_is_quiet)
{
	read_chain("r2r3-w3w1/reader", false);
}

Test(lock_order, read_chain_through_writer_preferring_locks_is_reported)
{
	read_chain("r2r3-w3w1/writer", true);
}

Test(lock_order, read_chain_written_at_every_lock_is_reported)
{
	read_chain("w2r3-w3r1/reader", true);
}

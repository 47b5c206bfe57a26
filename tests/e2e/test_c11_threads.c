/* C11 <threads.h>: glibc implements mtx_* and cnd_* without the pthread_*
 * entry points, so they are intercepted on their own. */
#include <string.h>

#include "e2e_assert.h"

Test(c11_threads, inversion_found)
{
	e2e_run r;
	e2e_opts o = { .arg = "abba" };
	e2e_run_prog(&r, "c11_threads", &o);
	const cJSON *f;
	assert_one(&r, "lock-order-inversion", &f);
	assert_names_lock(f, &r, "a");
	assert_names_lock(f, &r, "b");
	assert_lock_type(f, 0, "mutex");
	assert_exit_findings(&r);
	e2e_run_free(&r);
}

Test(c11_threads, inversion_through_a_timed_lock_found)
{
	e2e_run r;
	e2e_opts o = { .arg = "timed" };
	e2e_run_prog(&r, "c11_threads", &o);
	const cJSON *f;
	assert_one(&r, "lock-order-inversion", &f);
	assert_names_lock(f, &r, "a");
	assert_names_lock(f, &r, "b");
	assert_exit_findings(&r);
	e2e_run_free(&r);
}

Test(c11_threads, unlock_of_a_mutex_not_held_found)
{
	e2e_run r;
	e2e_opts o = { .arg = "unlock" };
	e2e_run_prog(&r, "c11_threads", &o);
	assert_single_finding(&r, "unlock-not-held", "b");
	e2e_run_free(&r);
}

Test(c11_threads, correct_program_is_quiet)
{
	e2e_run r;
	e2e_run_prog(&r, "c11_threads", NULL);
	cr_assert(strstr(r.out, "timedwait timed out, joined 0"), "stdout:\n%s", r.out);
	assert_silent(&r);
	e2e_run_free(&r);
}

Test(c11_threads, programs_are_fine_without_the_library)
{
	const char *modes[] = { "abba", "timed", "unlock", "clean" };
	for (unsigned i = 0; i < sizeof modes / sizeof *modes; i++) {
		e2e_run r;
		e2e_opts o = { .arg = modes[i], .no_preload = true };
		e2e_run_prog(&r, "c11_threads", &o);
		assert_silent(&r);
		e2e_run_free(&r);
	}
}

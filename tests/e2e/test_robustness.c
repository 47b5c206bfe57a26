/* The library inside unusual programs: it must not crash, hang or report
 * anything that is not there. */
#include "e2e_assert.h"

Test(robustness, program_with_its_own_mutex_guarded_malloc)
{
#if defined(__SANITIZE_ADDRESS__)
	cr_skip_test("an ASan-built program cannot replace malloc");
#endif
	e2e_run r;
	e2e_run_prog(&r, "clean_custom_malloc", NULL);
	cr_assert_not(r.killed_by_us, "hung");
	assert_silent(&r);
	e2e_run_free(&r);
}

Test(robustness, cleanup_handlers_unlock_before_the_exit_check)
{
	e2e_run r;
	e2e_run_prog(&r, "clean_thread_exit", NULL);
	assert_silent(&r);
	e2e_run_free(&r);
}

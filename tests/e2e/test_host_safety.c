/* The library must never hurt its host: programs that use the same
 * components the library uses (libunwind), or lock features that change
 * what a lock call returns (robust mutexes). */
#include <string.h>

#include "e2e_assert.h"

/* A hang is a failure, not a stuck test run: the child is killed after this. */
#define HANG_MS 20000

#define assert_printed(r, text) \
	cr_assert(strstr((r)->out, (text)), "expected \"%s\" in the output:\n%s\nstderr:\n%s", (text), (r)->out, (r)->err)

Test(host_safety, program_using_libunwind_does_not_hang)
{
	e2e_run r;
	e2e_opts o = { .max_wait_ms = HANG_MS };
	e2e_run_prog(&r, "uses_libunwind", &o);
	cr_assert_not(r.killed_by_us, "hung (killed after %d ms); stdout:\n%s", HANG_MS, r.out);
	assert_printed(&r, "frames found");
	assert_printed(&r, "thread walk found");
	assert_printed(&r, "signal mask unchanged");
	assert_silent(&r);
	e2e_run_free(&r);
}

Test(host_safety, program_using_libunwind_still_gets_its_inversion_reported)
{
	e2e_run r;
	e2e_opts o = { .arg = "abba", .max_wait_ms = HANG_MS };
	e2e_run_prog(&r, "uses_libunwind", &o);
	cr_assert_not(r.killed_by_us, "hung (killed after %d ms); stdout:\n%s", HANG_MS, r.out);
	assert_printed(&r, "signal mask unchanged");
	assert_single_finding(&r, "lock-order-inversion", "a");
	e2e_run_free(&r);
}

Test(host_safety, program_using_libunwind_is_fine_without_the_library)
{
	e2e_run r;
	e2e_opts o = { .no_preload = true, .max_wait_ms = HANG_MS };
	e2e_run_prog(&r, "uses_libunwind", &o);
	assert_printed(&r, "frames found");
	assert_silent(&r);
	e2e_run_free(&r);
}

/* The library must never hurt its host: programs that use the same
 * components the library uses (libunwind), or lock features that change
 * what a lock call returns (robust mutexes). */
#include <stdbool.h>
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

/* What a robust mutex answers must not change under the library. */
static void robust_answers_as_without_the_library(const char *how, bool exit_holding)
{
	e2e_run plain, r;
	e2e_opts po = { .arg = how, .no_preload = true, .max_wait_ms = HANG_MS };
	e2e_opts o = { .arg = how, .max_wait_ms = HANG_MS };
	e2e_run_prog(&plain, "robust_mutex", &po);
	cr_assert(plain.exited && plain.exit_code == 0, "the program fails without the library:\n%s", plain.out);
	assert_printed(&plain, "lock: EOWNERDEAD");
	e2e_run_prog(&r, "robust_mutex", &o);
	cr_assert_not(r.killed_by_us, "hung (killed after %d ms); stdout:\n%s", HANG_MS, r.out);
	cr_assert_str_eq(r.out, plain.out, "answers differ from those without the library");
	/* The owner that died holding it is the only thing to report. */
	cr_assert_eq(cJSON_GetArraySize(r.findings), exit_holding ? 1 : 0, "findings: %s", e2e_kinds(&r));
	if (exit_holding)
		cr_assert_eq(e2e_count(&r, "exit-holding"), 1, "findings: %s", e2e_kinds(&r));
	e2e_run_free(&plain);
	e2e_run_free(&r);
}

Test(host_safety, robust_mutex_owner_died_then_not_recoverable)
{
	robust_answers_as_without_the_library("thread", true);
}

Test(host_safety, robust_process_shared_mutex_owner_died_then_not_recoverable)
{
	robust_answers_as_without_the_library("process", false);
}

Test(host_safety, robust_mutex_made_consistent_is_usable)
{
	robust_answers_as_without_the_library("consistent", true);
}

/* Lock memory handed back without a destroy: free, realloc, munmap. */
#include "e2e_assert.h"

static void held_lock_freed(const char *how)
{
	e2e_run r;
	e2e_opts o = { .arg = how };
	e2e_run_prog(&r, "held_lock_freed", &o);
	assert_single_finding(&r, "held-lock-freed", "m");
	cr_assert_eq(cJSON_GetArraySize(r.findings), 1, "a freed lock is not held at exit: %s",
		     e2e_kinds(&r));
	e2e_run_free(&r);
}

Test(freed_memory, free_of_a_held_mutex)
{
	held_lock_freed("free");
}

Test(freed_memory, realloc_moving_a_held_mutex)
{
	held_lock_freed("realloc");
}

Test(freed_memory, munmap_of_a_held_mutex)
{
	held_lock_freed("munmap");
}

Test(freed_memory, reused_memory_starts_a_new_lock)
{
	e2e_run r;
	e2e_run_prog(&r, "clean_free_reuse", NULL);
	if (r.exited && r.exit_code == 77)
		cr_skip_test("the allocator never returned the same memory");
	assert_silent(&r);
	e2e_run_free(&r);
}

Test(freed_memory, helgrind_tc04_free_lock_shape)
{
	e2e_run r;
	e2e_run_prog(&r, "tc04_free_lock", NULL);
	cr_assert_eq(e2e_count(&r, "self-deadlock"), 0, "a new stack mutex is no relock: %s",
		     e2e_kinds(&r));
	const cJSON *f;
	assert_one(&r, "held-lock-freed", &f);
	assert_names_lock(f, &r, "xx");
	assert_one(&r, "exit-holding", &f);
	cr_assert_eq(e2e_nlocks(f), 1, "only the last abandoned mutex is held at exit");
	assert_names_lock(f, &r, "bar");
	cr_assert_eq(cJSON_GetArraySize(r.findings), 2, "%s", e2e_kinds(&r));
	e2e_run_free(&r);
}

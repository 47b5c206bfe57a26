/* kernel.h's families in a program shaped like kernel-derived userspace
 * code (progs/kernel_families.c): each wrong use is reported as the kernel
 * would, each correct twin is quiet. */
#include <string.h>

#include "e2e_assert.h"

static void run(e2e_run *r, const char *scenario, const char *options)
{
	e2e_opts o = {.arg = scenario, .options = options};
	e2e_run_prog(r, "kernel_families", &o);
}

static void assert_quiet(const char *scenario, const char *options)
{
	e2e_run r;
	run(&r, scenario, options);
	assert_silent(&r);
	e2e_run_free(&r);
}

/* One finding of kind naming the lock printed as name; returns nothing, frees. */
static void assert_found(const char *scenario, const char *options, const char *kind, const char *name)
{
	e2e_run r;
	run(&r, scenario, options);
	assert_single_finding(&r, kind, name);
	e2e_run_free(&r);
}

/* Whether function is among the top frames of the "current" stack. */
static bool near_top(const cJSON *f, const char *function)
{
	const cJSON *stack = cJSON_GetArrayItem(cJSON_GetObjectItem(f, "stacks"), 0);
	const cJSON *frames = cJSON_GetObjectItem(stack, "frames");
	for (int i = 0; i < 3 && i < cJSON_GetArraySize(frames); i++) {
		const cJSON *fn = cJSON_GetObjectItem(cJSON_GetArrayItem(frames, i), "function");
		if (cJSON_IsString(fn) && !strcmp(fn->valuestring, function))
			return true;
	}
	return false;
}

#define RAW_NESTING "prove_raw_lock_nesting=1"

Test(kernel_families, spinlock_in_raw_spinlock_is_an_invalid_wait_context)
{
	e2e_run r;
	run(&r, "spin_in_raw", RAW_NESTING);
	const cJSON *f;
	assert_one(&r, "invalid-wait-context", &f);
	cr_assert_eq(e2e_nlocks(f), 2);
	assert_names_lock(f, &r, "raw_outer");
	assert_names_lock(f, &r, "spin_inner");
	assert_lock_type(f, 0, "raw-spinlock");
	assert_lock_type(f, 1, "spinlock");
	const char *msg = cJSON_GetObjectItem(f, "message")->valuestring;
	cr_assert(strstr(msg, "spin_inner (wait type config") && strstr(msg, "raw_outer (wait type spin)"), "%s", msg);
	cr_assert(near_top(f, "take_spin_inner"), "the place is the acquisition: %s", r.err);
	assert_exit_findings(&r);
	e2e_run_free(&r);
}

Test(kernel_families, wait_contexts_that_are_fine)
{
	assert_quiet("spin_in_raw", NULL); /* the option is off by default, as in the kernel */
	assert_quiet("raw_in_spin", RAW_NESTING);
	assert_quiet("spin_in_threaded_hardirq", RAW_NESTING);
	assert_quiet("spin_trylock_in_raw", RAW_NESTING);
}

Test(kernel_families, spinlock_in_a_hardirq_handler_not_threaded)
{
	e2e_run r;
	run(&r, "spin_in_hardirq", RAW_NESTING);
	const cJSON *f;
	assert_one(&r, "invalid-wait-context", &f);
	cr_assert_eq(e2e_nlocks(f), 1);
	assert_names_lock(f, &r, "spin_inner");
	const char *msg = cJSON_GetObjectItem(f, "message")->valuestring;
	cr_assert(strstr(msg, "hardirq handler that is not threaded (wait type spin)"), "%s", msg);
	e2e_run_free(&r);
}

Test(kernel_families, blocking_calls_under_a_spinlock)
{
	assert_found("completion_under_spin", NULL, "blocking-in-atomic", "x");
	assert_found("wait_event_under_spin", NULL, "blocking-in-atomic", "x");
	assert_found("msleep_under_spin", NULL, "blocking-in-atomic", "x");
	assert_found("cond_resched_under_raw", NULL, "blocking-in-atomic", "raw_outer");
	assert_found("guard_sleep", NULL, "blocking-in-atomic", "x");
	/* A bit spinlock has no lock to name, but holds preemption off. */
	e2e_run r;
	run(&r, "bit_spin_sleep", NULL);
	const cJSON *f;
	assert_one(&r, "blocking-in-atomic", &f);
	const char *msg = cJSON_GetObjectItem(f, "message")->valuestring;
	cr_assert(strstr(msg, "msleep may sleep"), "%s", msg);
	e2e_run_free(&r);
}

Test(kernel_families, sleeping_and_waking_where_allowed_are_quiet)
{
	assert_quiet("completion", NULL);
	assert_quiet("sleeps", NULL);
	assert_quiet("killable", NULL);
}

Test(kernel_families, seqlock_writer_and_percpu_rwsem_inversions)
{
	e2e_run r;
	run(&r, "seqlock_inversion", NULL);
	const cJSON *f;
	assert_one(&r, "lock-order-inversion", &f);
	assert_names_lock(f, &r, "sq");
	assert_names_lock(f, &r, "x");
	e2e_run_free(&r);
	assert_quiet("seqlock_one_order", NULL);
	run(&r, "percpu_rwsem_inversion", NULL);
	assert_one(&r, "lock-order-inversion", &f);
	assert_names_lock(f, &r, "pr");
	assert_names_lock(f, &r, "big");
	e2e_run_free(&r);
}

Test(kernel_families, guards_release_at_scope_exit)
{
	assert_quiet("guards", RAW_NESTING);
	assert_found("no_guard", NULL, "exit-holding", "big");
}

Test(kernel_families, class_controls_rekey_initialised_locks)
{
	/* Two locks initialised at one place share a class: nesting them is
	 * recursive locking, until one is given a class of its own. */
	assert_found("class:same_class_nested", NULL, "recursive-locking", "child");
	assert_quiet("class:set_class", NULL);
	assert_quiet("class:set_class_after_use", NULL);
	assert_quiet("class:set_class_held", NULL);
	assert_quiet("class:set_subclass", NULL);
	assert_quiet("class:set_class_and_name", NULL);
	/* In their new classes the two are ordered like any two locks. */
	e2e_run r;
	run(&r, "class:set_class_inversion", NULL);
	const cJSON *f;
	assert_one(&r, "lock-order-inversion", &f);
	assert_names_lock(f, &r, "parent");
	assert_names_lock(f, &r, "child");
	e2e_run_free(&r);
}

Test(kernel_families, lockdep_is_held_and_assertions)
{
	assert_quiet("class:is_held", NULL);
	assert_found("class:assert_held_fails", NULL, "assert-failed", "parent");
	e2e_run r;
	run(&r, "class:assert_fails", NULL);
	const cJSON *f;
	assert_one(&r, "assert-failed", &f);
	const char *msg = cJSON_GetObjectItem(f, "message")->valuestring;
	cr_assert(strstr(msg, "lockdep_is_held(&parent.lock)"), "%s", msg);
	e2e_run_free(&r);
}

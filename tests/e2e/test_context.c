/* What each report says beyond its kind: who holds the lock and where it
 * was taken or last released, where held locks were acquired, where the
 * locks of a cycle were taken and created. */
#include <string.h>

#include "e2e_assert.h"

/* The stack whose label contains text, or NULL. */
static const cJSON *stack_with(const cJSON *f, const char *text)
{
	const cJSON *stack;
	cJSON_ArrayForEach(stack, cJSON_GetObjectItem(f, "stacks"))
		if (strstr(cJSON_GetObjectItem(stack, "label")->valuestring, text))
			return stack;
	return NULL;
}

static const char *top_function_of(const cJSON *stack)
{
	const cJSON *top = cJSON_GetArrayItem(cJSON_GetObjectItem(stack, "frames"), 0);
	const cJSON *fn = cJSON_GetObjectItem(top, "function");
	return cJSON_IsString(fn) ? fn->valuestring : "(none)";
}

static const char *message_of(const cJSON *f)
{
	return cJSON_GetObjectItem(f, "message")->valuestring;
}

Test(context, unlock_of_a_free_lock_says_nobody_holds_it)
{
	e2e_run r;
	e2e_run_prog(&r, "unlock_not_held", NULL);
	const cJSON *f;
	assert_one(&r, "unlock-not-held", &f);
	cr_assert(strstr(message_of(f), "not held by anyone (it was never locked)"), "%s", message_of(f));
	cr_assert_null(stack_with(f, "last released"), "never released: no such stack");
	e2e_run_free(&r);
}

Test(context, double_unlock_shows_the_last_release)
{
	e2e_run r;
	e2e_opts o = {.arg = "twice"};
	e2e_run_prog(&r, "unlock_not_held", &o);
	const cJSON *f;
	assert_one(&r, "unlock-not-held", &f);
	cr_assert(strstr(message_of(f), "not held by anyone (it was released before)"), "%s", message_of(f));
	const cJSON *last = stack_with(f, "last released");
	cr_assert_not_null(last);
	cr_assert_str_eq(top_function_of(last), "main");
	e2e_run_free(&r);
}

Test(context, unlock_of_another_threads_lock_names_the_holder_and_its_acquisition)
{
	e2e_run r;
	e2e_opts o = {.arg = "other-thread"};
	e2e_run_prog(&r, "unlock_not_held", &o);
	const cJSON *f;
	assert_one(&r, "unlock-not-held", &f);
	cr_assert(strstr(message_of(f), "but held by thread "), "%s", message_of(f));
	const cJSON *held = stack_with(f, ": acquired");
	cr_assert_not_null(held, "the holder's acquisition site");
	cr_assert(strstr(cJSON_GetObjectItem(held, "label")->valuestring, "held by thread "));
	cr_assert_str_eq(top_function_of(held), "holder");
	e2e_run_free(&r);
}

Test(context, exit_holding_shows_where_each_held_lock_was_acquired)
{
	e2e_run r;
	e2e_opts o = {.arg = "thread"};
	e2e_run_prog(&r, "exit_holding", &o);
	const cJSON *f;
	assert_one(&r, "exit-holding", &f);
	const cJSON *acq = stack_with(f, " acquired");
	cr_assert_not_null(acq);
	cr_assert_str_eq(top_function_of(acq), "leaves_it_locked");
	e2e_run_free(&r);
}

Test(context, inversion_shows_both_acquisitions_of_every_edge_and_each_lock_creation)
{
	e2e_run r;
	e2e_run_prog(&r, "abba", NULL);
	const cJSON *f;
	assert_one(&r, "lock-order-inversion", &f);
	cr_assert_not_null(stack_with(f, "first seen"));
	cr_assert_not_null(stack_with(f, "acquired before"), "where the edge's held lock was taken");
	cr_assert_not_null(stack_with(f, "acquired (held now)"), "where the held lock was taken");
	cr_assert(stack_with(f, "initialised") || stack_with(f, "first used"), "where the locks were made");
	e2e_run_free(&r);
}

Test(context, verbosity_one_says_the_library_is_active_and_what_it_saw)
{
	e2e_run r;
	e2e_opts o = {.options = "verbosity=1"};
	e2e_run_prog(&r, "clean_many_threads", &o);
	cr_assert_eq(e2e_count(&r, "lock-order-inversion"), 0);
	cr_assert(strstr(r.err, "lockcheck: active: lock checks on; report file: "), "%s", r.err);
	cr_assert(strstr(r.err, "lockcheck: exit: "), "%s", r.err);
	cr_assert(strstr(r.err, " threads seen, "), "%s", r.err);
	e2e_run_free(&r);
	e2e_run_prog(&r, "clean_many_threads", NULL);
	cr_assert_null(strstr(r.err, "lockcheck: active"), "quiet by default: %s", r.err);
	e2e_run_free(&r);
}

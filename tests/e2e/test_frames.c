/* Which frames a report shows: never the library's own, and the caller of
 * a lock wrapper as the place (annotated, or named by skip_frames). */
#include <string.h>

#include "e2e_assert.h"

/* The top frame's function of the stack whose label starts with prefix. */
static const char *top_function(const cJSON *f, const char *prefix)
{
	const cJSON *stack;
	cJSON_ArrayForEach(stack, cJSON_GetObjectItem(f, "stacks"))
	{
		const char *label = cJSON_GetObjectItem(stack, "label")->valuestring;
		if (strncmp(label, prefix, strlen(prefix)))
			continue;
		const cJSON *top = cJSON_GetArrayItem(cJSON_GetObjectItem(stack, "frames"), 0);
		const cJSON *fn = cJSON_GetObjectItem(top, "function");
		return cJSON_IsString(fn) ? fn->valuestring : "(none)";
	}
	return "(no such stack)";
}

Test(frames, annotated_wrapper_and_skip_frames_name_the_callers)
{
	e2e_run r;
	e2e_opts o = {.options = "skip_frames=rw_*"};
	e2e_run_prog(&r, "lock_wrappers", &o);
	const cJSON *f;
	assert_one(&r, "lock-order-inversion", &f);
	/* The edge was first seen through mutex_enter (annotated), the cycle
	 * closed through rw_enter (skip_frames). */
	cr_assert_str_eq(top_function(f, "edge"), "spa_sync");
	cr_assert_str_eq(top_function(f, "current"), "txg_quiesce");
	e2e_run_free(&r);
}

Test(frames, without_skip_frames_the_wrapper_is_the_place)
{
	e2e_run r;
	e2e_run_prog(&r, "lock_wrappers", NULL);
	const cJSON *f;
	assert_one(&r, "lock-order-inversion", &f);
	cr_assert_str_eq(top_function(f, "current"), "rw_enter");
	cr_assert_str_eq(top_function(f, "edge"), "spa_sync", "mutex_enter is annotated");
	e2e_run_free(&r);
}

Test(frames, the_librarys_own_frames_never_appear)
{
	e2e_run r;
	e2e_run_prog(&r, "abba", NULL);
	const cJSON *f, *stack, *frame;
	assert_one(&r, "lock-order-inversion", &f);
	cJSON_ArrayForEach(stack, cJSON_GetObjectItem(f, "stacks"))
		cJSON_ArrayForEach(frame, cJSON_GetObjectItem(stack, "frames"))
		{
			const cJSON *mod = cJSON_GetObjectItem(frame, "module");
			cr_assert(!cJSON_IsString(mod) || !strstr(mod->valuestring, "liblockcheck"),
				  "library frame in a stack: %s", mod->valuestring);
		}
	e2e_run_free(&r);
}

Test(frames, symbolize_gives_the_librarys_own_text_file_and_line)
{
	e2e_run r;
	e2e_opts o = {.options = "symbolize=1", .example = true};
	e2e_run_prog(&r, "lock_order_bug", &o);
	const cJSON *f;
	assert_one(&r, "lock-order-inversion", &f);
	/* lookup() is inlined into worker(): both lines, as two frames. */
	cr_assert(strstr(r.err, " in lookup ") && strstr(r.err, "examples/lock_order_bug.c:29\n"), "%s", r.err);
	cr_assert(strstr(r.err, " in worker ") && strstr(r.err, "examples/lock_order_bug.c:53 ("), "%s", r.err);
	e2e_run_free(&r);
}

Test(frames, a_missing_symbolizer_leaves_the_report_as_it_was)
{
	e2e_run r;
	e2e_opts o = {.options = "symbolize=1:symbolizer_path=/nonexistent/lockcheck", .example = true};
	e2e_run_prog(&r, "lock_order_bug", &o);
	const cJSON *f;
	assert_one(&r, "lock-order-inversion", &f);
	cr_assert(strstr(r.err, " in worker+0x"), "%s", r.err);
	cr_assert_null(strstr(r.err, "lock_order_bug.c:"), "%s", r.err);
	e2e_run_free(&r);
}

/* Function of frame i of the first stack whose label starts with prefix. */
static const char *frame_function(const cJSON *f, const char *prefix, int i)
{
	const cJSON *stack;
	cJSON_ArrayForEach(stack, cJSON_GetObjectItem(f, "stacks"))
	{
		const char *label = cJSON_GetObjectItem(stack, "label")->valuestring;
		if (strncmp(label, prefix, strlen(prefix)))
			continue;
		const cJSON *fr = cJSON_GetArrayItem(cJSON_GetObjectItem(stack, "frames"), i);
		const cJSON *fn = cJSON_GetObjectItem(fr, "function");
		return cJSON_IsString(fn) ? fn->valuestring : "(none)";
	}
	return "(no such stack)";
}

/* Edge stacks taken again from the same place are not walked again
 * (runtime/stack_repeat.c): the one edge taken through another caller of
 * the same frame size, and one of the many taken through the first, each
 * keep their own caller. */
Test(frames, a_repeated_edge_stack_keeps_each_edges_own_caller)
{
	const char *arg[] = {"beta", "alpha"};
	const char *want[] = {"via_beta", "via_alpha"};
	for (int i = 0; i < 2; i++) {
		e2e_run r;
		e2e_opts o = {.arg = arg[i]};
		e2e_run_prog(&r, "repeated_edge_stacks", &o);
		const cJSON *f;
		assert_one(&r, "lock-order-inversion", &f);
		cr_assert_str_eq(frame_function(f, "edge 1", 0), "take_pair", "%s", r.err);
		cr_assert_str_eq(frame_function(f, "edge 1", 1), want[i], "%s", r.err);
		cr_assert_str_eq(frame_function(f, "edge 1", 2), "main", "%s", r.err);
		e2e_run_free(&r);
	}
}

/* The symbolizer on this test binary, which is not linked with -rdynamic. */
#include <criterion/criterion.h>
#include <pthread.h>
#include <stdio.h>
#include <unistd.h>
#include <string.h>

#include "report_helpers.h"

static __attribute__((noinline)) void symbolize_me_static(lc_stack *st)
{
	lc_stack_capture(st, 0);
	__asm__ volatile("" ::: "memory");
}

__attribute__((noinline)) void symbolize_me_outer(lc_stack *st)
{
	symbolize_me_static(st);
	__asm__ volatile("" ::: "memory");
}

Test(symbolize, static_function_and_its_caller_are_named)
{
	lc_options_init();
	lc_stack st;
	symbolize_me_outer(&st);
	cr_assert_geq(st.depth, 3);
	lc_frame_info fr;
	lc_stack_symbolize(st.pc[0], &fr);
	cr_assert_str_eq(fr.function, "symbolize_me_static");
	cr_assert_gt(fr.function_offset, 0);
	cr_assert_lt(fr.function_offset, 0x200);
	cr_assert_not_null(strstr(fr.module, "unit-report"), "module %s", fr.module);
	cr_assert_eq(fr.module[0], '/', "module path should be absolute: %s", fr.module);
	cr_assert_eq(fr.pc, st.pc[0]);
	lc_stack_symbolize(st.pc[1], &fr);
	cr_assert_str_eq(fr.function, "symbolize_me_outer");
}

Test(symbolize, exported_library_function_is_named)
{
	lc_frame_info fr;
	lc_stack_symbolize((uintptr_t)&getpid + 1, &fr);
	cr_assert_not_null(strstr(fr.module, "libc.so"), "module %s", fr.module);
	cr_assert_neq(fr.function[0], 0);
}

Test(symbolize, unknown_address_has_no_names)
{
	lc_frame_info fr;
	lc_stack_symbolize(16, &fr);
	cr_assert_eq(fr.pc, 16);
	cr_assert_str_eq(fr.function, "");
	cr_assert_str_eq(fr.module, "");
}

Test(symbolize, stack_depth_is_respected)
{
	lc_options_init();
	lc_opt.stack_depth = 2;
	lc_stack st;
	symbolize_me_outer(&st);
	cr_assert_eq(st.depth, 2);
}

static lc_stack thread_stack;

static void *capture_in_thread(void *arg)
{
	(void)arg;
	lc_stack_capture(&thread_stack, 0);
	return NULL;
}

/* start_thread is not exported: its name comes from libc's separate debug
 * file (libc6-dbg), found by build-id. */
Test(symbolize, libc_internal_frames_are_named_from_debug_files)
{
	lc_options_init();
	lc_opt.stack_depth = 32;
	pthread_t t;
	cr_assert_eq(pthread_create(&t, NULL, capture_in_thread, NULL), 0);
	pthread_join(t, NULL);
	bool saw_libc = false;
	for (unsigned i = 0; i < thread_stack.depth; i++) {
		lc_frame_info fr;
		lc_stack_symbolize(thread_stack.pc[i], &fr);
		if (!strstr(fr.module, "libc.so"))
			continue;
		saw_libc = true;
		char debug[300];
		snprintf(debug, sizeof debug, "/usr/lib/debug/.build-id/%.2s/%s.debug", fr.build_id, fr.build_id + 2);
		if (access(debug, R_OK))
			cr_skip_test("no debug file for libc (%s): install libc6-dbg", debug);
		cr_assert_neq(fr.function[0], 0, "libc frame at %s+%#lx unnamed", fr.module,
			      (unsigned long)fr.module_offset);
	}
	cr_assert(saw_libc, "a thread's stack goes through libc");
}

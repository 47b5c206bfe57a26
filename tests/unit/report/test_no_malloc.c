/* lc_report must work where malloc cannot be used (signal handlers, inside
 * an allocator's lock): count malloc calls made while it runs, first report
 * of the process included (opening files, loading symbols, suppressions).
 * Not in the sanitizer build, whose allocator cannot be wrapped this way. */
#include <criterion/criterion.h>
#include <stddef.h>

#include "report_helpers.h"

#ifndef __SANITIZE_ADDRESS__
extern void *__libc_malloc(size_t);
extern void *__libc_calloc(size_t, size_t);
extern void *__libc_realloc(void *, size_t);

static volatile int counting, calls;

void *malloc(size_t n)
{
	if (counting)
		calls++;
	return __libc_malloc(n);
}

void *calloc(size_t n, size_t m)
{
	if (counting)
		calls++;
	return __libc_calloc(n, m);
}

void *realloc(void *p, size_t n)
{
	if (counting)
		calls++;
	return __libc_realloc(p, n);
}

static __attribute__((noinline)) void capture_without_malloc(lc_stack *st)
{
	lc_stack_capture(st, 0);
	__asm__ volatile("" ::: "memory");
}

Test(no_malloc, first_report_of_the_process_allocates_nothing, .init = report_setup)
{
	char supp[256];
	temp_path(supp, sizeof supp, "supp");
	test_write_file(supp, "# nothing of ours\nself-deadlock:no_such_function\nbad line\n");
	strcpy(lc_opt.suppressions, supp);
	lc_finding_lock lock = {.addr = (void *)0x10, .name = "m", .type = "mutex", .mode = "write"};
	lc_finding_field field = {.key = "method", .value = "rename"};
	lc_stack st;
	lc_finding_stack stacks[1] = {{.label = "current", .stack = &st}};
	lc_finding f = {.kind = LC_KIND_SELF_DEADLOCK, .message = "m", .thread = 1, .nlocks = 1,
			.locks = &lock, .nstacks = 1, .stacks = stacks, .nfields = 1, .fields = &field};
	counting = 1;
	capture_without_malloc(&st);
	lc_report(&f);
	counting = 0;
	cr_assert_eq(count_lines(report_file), 1);
	cr_assert_eq(calls, 0, "lc_report called malloc %d times", calls);
	/* The wrapper itself works: otherwise this test could not fail. */
	counting = 1;
	void *volatile p = malloc(16);
	free(p);
	counting = 0;
	cr_assert_eq(calls, 1);
}
#endif

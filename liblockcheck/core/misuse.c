/* See misuse.h. */
#include <stdio.h>
#include <string.h>

#include "core/misuse.h"
#include "lc_finding.h"
#include "lc_runtime.h"

static void report_at(lc_kind kind, const char *message, const void *lock, const void *pc)
{
	if (!lc_opt.detect[kind])
		return;
	lc_stack st;
	lc_stack_capture(&st, 0);
	/* Linked in, the library's own frames are still there: start at the
	 * annotation's caller. */
	for (unsigned i = 0; pc && i < st.depth; i++)
		if (st.pc[i] == (uintptr_t)pc) {
			memmove(st.pc, st.pc + i, (st.depth - i) * sizeof st.pc[0]);
			st.depth -= i;
			break;
		}
	lc_finding_stack fs = {.label = "current", .stack = &st};
	lc_finding_lock l = {.addr = lock, .type = "lock"};
	lc_finding f = {
		.kind = kind,
		.message = message,
		.thread = lc_gettid(),
		.nlocks = lock ? 1 : 0,
		.locks = lock ? &l : NULL,
		.nstacks = 1,
		.stacks = &fs,
	};
	lc_report(&f);
}

void lc_report_misuse(const char *message, const void *lock, const void *pc)
{
	report_at(LC_KIND_ANNOTATION_MISUSE, message, lock, pc);
}

void lc_report_assert(const char *expr, const void *pc)
{
	char msg[300];
	snprintf(msg, sizeof msg, "Assertion failed: %s.", expr);
	report_at(LC_KIND_ASSERT_FAILED, msg, NULL, pc);
}

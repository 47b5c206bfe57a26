/* Small helpers the engine's detectors share to describe locks and hand a
 * finding to reporting. */
#include <stdio.h>
#include <string.h>

#include "engine/engine_internal.h"

const char *lc_mode_name(int mode)
{
	if (mode == LC_MODE_WRITE)
		return "write";
	if (mode == LC_MODE_READ)
		return "read";
	return NULL;
}

void lc_lock_display(char *buf, size_t len, const char *class_name, lc_lock_type type,
		     const void *addr)
{
	if (class_name)
		snprintf(buf, len, "%s", class_name);
	else
		snprintf(buf, len, "%s %p", lc_lock_type_name(type), addr);
}

void lc_finding_lock_from_rec(lc_finding_lock *out, const lc_lockrec *rec, const void *addr,
			      int mode)
{
	out->addr = addr;
	out->name = rec ? rec->class_name : NULL;
	out->type = lc_lock_type_name(rec ? (int)rec->type : LC_LOCK_MUTEX);
	out->mode = lc_mode_name(mode);
	out->object = rec ? rec->object : NULL;
	out->object_type = rec ? rec->object_type : NULL;
}

void lc_capture_stack(lc_stack *st, const void *pc)
{
	lc_stack_capture(st, 0);
	uintptr_t caller = (uintptr_t)pc;
	/* Preloaded, the capture already drops the library's frames and the
	 * caller (an interposed wrapper) is not found: nothing to cut. */
	for (unsigned i = 0; caller && i < st->depth; i++)
		if (st->pc[i] == caller) {
			memmove(st->pc, st->pc + i, (st->depth - i) * sizeof st->pc[0]);
			st->depth -= i;
			return;
		}
}

void lc_stack_of_pc(lc_stack *st, const void *pc)
{
	st->depth = pc ? 1 : 0;
	st->pc[0] = (uintptr_t)pc;
}

void lc_report_with(lc_kind kind, const char *message, const lc_finding_lock *locks,
		    unsigned nlocks, const void *pc, const lc_finding_stack *extra, unsigned nextra)
{
	if (!lc_opt.detect[kind])
		return;
	enum { MAX_STACKS = 16 };
	lc_stack st;
	lc_capture_stack(&st, pc);
	lc_finding_stack fs[MAX_STACKS] = {{.label = "current", .stack = &st}};
	unsigned n = 1;
	for (unsigned i = 0; i < nextra && n < MAX_STACKS; i++)
		if (extra[i].stack && extra[i].stack->depth)
			fs[n++] = extra[i];
	lc_finding f = {
		.kind = kind,
		.message = message,
		.thread = lc_gettid(),
		.nlocks = nlocks,
		.locks = locks,
		.nstacks = n,
		.stacks = fs,
	};
	lc_report(&f);
}

void lc_report_simple(lc_kind kind, const char *message, const lc_finding_lock *locks,
		      unsigned nlocks, const void *pc)
{
	lc_report_with(kind, message, locks, nlocks, pc, NULL, 0);
}

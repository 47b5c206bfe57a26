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

void lc_report_simple(lc_kind kind, const char *message, const lc_finding_lock *locks,
		      unsigned nlocks, const void *pc)
{
	if (!lc_opt.detect[kind])
		return;
	lc_stack st;
	lc_capture_stack(&st, pc);
	lc_finding_stack fs = {.label = "current", .stack = &st};
	lc_finding f = {
		.kind = kind,
		.message = message,
		.thread = lc_gettid(),
		.nlocks = nlocks,
		.locks = locks,
		.nstacks = 1,
		.stacks = &fs,
	};
	lc_report(&f);
}

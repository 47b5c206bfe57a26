/* Symbolize every frame of a finding once, into lc_alloc memory. */
#include <string.h>
#include <unistd.h>

#include "report/report_internal.h"

static unsigned stack_depth(const lc_finding_stack *s)
{
	if (!s->stack)
		return 0;
	return s->stack->depth < LC_MAX_FRAMES ? s->stack->depth : LC_MAX_FRAMES;
}

bool lc_resolve(const lc_finding *f, lc_resolved *r)
{
	memset(r, 0, sizeof *r);
	r->f = f;
	r->pid = (int)getpid();
	lc_names_resolve(r);
	if (!f->nstacks || !f->stacks)
		return true;
	unsigned total = 0;
	for (unsigned i = 0; i < f->nstacks; i++)
		total += stack_depth(&f->stacks[i]);
	r->alloc_index = 2 * f->nstacks * sizeof(unsigned);
	r->first = lc_alloc(r->alloc_index);
	if (!r->first)
		return false;
	r->depth = r->first + f->nstacks;
	if (total) {
		r->alloc_frames = total * sizeof(lc_frame_info);
		r->frames = lc_alloc(r->alloc_frames);
		if (!r->frames) {
			lc_resolved_release(r);
			return false;
		}
	}
	unsigned at = 0;
	for (unsigned i = 0; i < f->nstacks; i++) {
		unsigned d = stack_depth(&f->stacks[i]);
		r->first[i] = at;
		for (unsigned j = 0; j < d; j++)
			lc_stack_symbolize(f->stacks[i].stack->pc[j], &r->frames[at + j]);
		/* Lock wrappers at the top are not the place: their caller is. */
		unsigned skip = 0;
		while (lc_skip_wanted() && skip + 1 < d && skip < 8 && lc_skip_frame(&r->frames[at + skip]))
			skip++;
		r->first[i] = at + skip;
		r->depth[i] = d - skip;
		at += d;
	}
	r->nframes = total;
	return true;
}

void lc_resolved_release(lc_resolved *r)
{
	lc_names_release(r);
	lc_symbolizer_release(r);
	if (r->frames)
		lc_free(r->frames, r->alloc_frames);
	if (r->first)
		lc_free(r->first, r->alloc_index);
	r->frames = NULL;
	r->first = r->depth = NULL;
}

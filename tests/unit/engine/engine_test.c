#include <stdio.h>

#include "engine_test.h"

seen_finding seen[MAX_SEEN];
unsigned nseen;

static void hook(const lc_finding *f, void *arg)
{
	(void)arg;
	if (nseen >= MAX_SEEN)
		return;
	seen_finding *s = &seen[nseen++];
	memset(s, 0, sizeof *s);
	s->kind = f->kind;
	snprintf(s->message, sizeof s->message, "%s", f->message ? f->message : "");
	s->nlocks = f->nlocks;
	for (unsigned i = 0; i < f->nlocks && i < MAX_SEEN_LOCKS; i++) {
		s->locks[i].addr = f->locks[i].addr;
		snprintf(s->locks[i].name, sizeof s->locks[i].name, "%s",
			 f->locks[i].name ? f->locks[i].name : "");
		snprintf(s->locks[i].mode, sizeof s->locks[i].mode, "%s",
			 f->locks[i].mode ? f->locks[i].mode : "");
	}
	s->nstacks = f->nstacks;
	for (unsigned i = 0; i < f->nstacks && i < 4; i++)
	{
		snprintf(s->labels[i], sizeof s->labels[i], "%s",
			 f->stacks[i].label ? f->stacks[i].label : "");
		const lc_stack *st = f->stacks[i].stack;
		s->top_pc[i] = st && st->depth ? st->pc[0] : 0;
	}
}

void engine_test_setup(void)
{
	nseen = 0;
	lc_options_init();
	lc_report_set_hook(hook, NULL);
	/* Every finding the detectors make, also one at a code site already reported. */
	lc_report_set_dedup(false);
}

unsigned count_kind(lc_kind kind)
{
	unsigned n = 0;
	for (unsigned i = 0; i < nseen; i++)
		n += seen[i].kind == kind;
	return n;
}

const seen_finding *first_of(lc_kind kind)
{
	for (unsigned i = 0; i < nseen; i++)
		if (seen[i].kind == kind)
			return &seen[i];
	return NULL;
}

bool finding_names_lock(const seen_finding *f, const void *addr)
{
	for (unsigned i = 0; i < f->nlocks && i < MAX_SEEN_LOCKS; i++)
		if (f->locks[i].addr == addr)
			return true;
	return false;
}

void make_lock_flags(const void *l, lc_lock_type type, unsigned flags, const char *class_name)
{
	lc_lock_attr a = {.type = type, .flags = flags, .class_name = class_name};
	lc_on_lock_create(l, &a);
}

void make_lock(const void *l, lc_lock_type type, const char *class_name)
{
	make_lock_flags(l, type, 0, class_name);
}

void lock_w(const void *l)
{
	lc_on_acquire(l, LC_MODE_WRITE, 0, 0);
	lc_on_acquired(l, LC_MODE_WRITE, 0, 0, true);
}

void lock_r(const void *l)
{
	lc_on_acquire(l, LC_MODE_READ, 0, 0);
	lc_on_acquired(l, LC_MODE_READ, 0, 0, true);
}

void lock_sub(const void *l, unsigned subclass)
{
	lc_on_acquire(l, LC_MODE_WRITE, 0, subclass);
	lc_on_acquired(l, LC_MODE_WRITE, 0, subclass, true);
}

bool try_w(const void *l, bool success)
{
	lc_on_acquire(l, LC_MODE_WRITE, LC_ACQ_TRY, 0);
	lc_on_acquired(l, LC_MODE_WRITE, LC_ACQ_TRY, 0, success);
	return success;
}

void unlock(const void *l)
{
	lc_on_release(l);
}

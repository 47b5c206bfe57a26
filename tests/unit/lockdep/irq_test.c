#include <stdio.h>
#include <string.h>

#include "irq_test.h"
#include "lc_runtime.h"

irq_seen irq_findings[IRQ_SEEN_MAX];
unsigned irq_nfindings;

static void hook(const lc_finding *f, void *arg)
{
	(void)arg;
	if (irq_nfindings >= IRQ_SEEN_MAX)
		return;
	irq_seen *s = &irq_findings[irq_nfindings++];
	memset(s, 0, sizeof *s);
	s->kind = f->kind;
	snprintf(s->message, sizeof s->message, "%s", f->message);
	s->nlocks = f->nlocks;
	for (unsigned i = 0; i < f->nlocks && i < 8; i++) {
		s->locks[i] = f->locks[i].addr;
		snprintf(s->modes[i], sizeof s->modes[i], "%s", f->locks[i].mode ? f->locks[i].mode : "");
	}
	s->nstacks = f->nstacks;
	for (unsigned i = 0; i < f->nstacks && i < 3; i++) {
		snprintf(s->labels[i], sizeof s->labels[i], "%s", f->stacks[i].label);
		s->depth[i] = f->stacks[i].stack ? f->stacks[i].stack->depth : 0;
	}
}

void irq_test_setup(void)
{
	irq_nfindings = 0;
	lc_options_init();
	lc_report_set_hook(hook, NULL);
}

unsigned irq_count(lc_kind kind)
{
	unsigned n = 0;
	for (unsigned i = 0; i < irq_nfindings; i++)
		n += irq_findings[i].kind == kind;
	return n;
}

const irq_seen *irq_first(lc_kind kind)
{
	for (unsigned i = 0; i < irq_nfindings; i++)
		if (irq_findings[i].kind == kind)
			return &irq_findings[i];
	return NULL;
}

void as_hardirq(void (*fn)(void))
{
	local_irq_disable();
	irq_enter();
	fn();
	irq_exit();
	local_irq_enable();
}

void as_softirq(void (*fn)(void))
{
	local_bh_disable();
	lockcheck_softirq_enter();
	fn();
	lockcheck_softirq_exit();
	local_bh_enable();
}

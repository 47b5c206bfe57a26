/* Describing a cycle as a lock-order-inversion finding: every lock in
 * order; per existing edge A -> B the stack where B was first taken under A
 * and the site where A had been acquired then; the current stack and the
 * site where the held lock was acquired; and where each lock was created
 * (init, or first use).  Edge stacks come from the depot; sites are single
 * frames: a held lock keeps only its caller's pc, which costs the hot path
 * one store.  Built under lc_graph_lock (edges may go once it is released,
 * so stacks are copied out), reported after it is released. */
#include <stdio.h>
#include <string.h>

#include "engine/graph_types.h"

#define LABEL_LEN 192

struct lc_cycle {
	unsigned nlocks;
	lc_finding_lock *locks;
	unsigned nstacks;
	lc_finding_stack *stacks;
	lc_stack *stack_store;
	char *labels;
	char *names; /* display name per lock, LABEL_LEN each */
	char message[640];
	size_t bytes;
};

static lc_cycle *cycle_alloc(unsigned nlocks)
{
	unsigned nstacks = 3 * nlocks; /* edges + current, their held sites, creations */
	size_t bytes = sizeof(lc_cycle) + nlocks * sizeof(lc_finding_lock) +
		       nstacks * sizeof(lc_finding_stack) + nstacks * sizeof(lc_stack) +
		       (size_t)nstacks * LABEL_LEN + (size_t)nlocks * LABEL_LEN;
	char *p = lc_alloc(bytes);
	if (!p)
		return NULL;
	lc_cycle *c = (lc_cycle *)p;
	p += sizeof *c;
	c->locks = (lc_finding_lock *)p;
	p += nlocks * sizeof(lc_finding_lock);
	c->stacks = (lc_finding_stack *)p;
	p += nstacks * sizeof(lc_finding_stack);
	c->stack_store = (lc_stack *)p;
	p += nstacks * sizeof(lc_stack);
	c->labels = p;
	p += (size_t)nstacks * LABEL_LEN;
	c->names = p;
	c->nlocks = nlocks;
	c->bytes = bytes;
	return c;
}

static void set_lock(lc_cycle *c, unsigned i, const char *name, lc_lock_type type,
		     const void *addr, int mode, const void *object, const char *object_type)
{
	lc_finding_lock *l = &c->locks[i];
	l->addr = addr;
	l->name = name;
	l->type = lc_lock_type_name(type);
	l->mode = lc_mode_name(mode);
	l->object = object;
	l->object_type = object_type;
	lc_lock_display(c->names + (size_t)i * LABEL_LEN, LABEL_LEN, name, type, addr);
}

/* Path next -> ... -> prev found by search(); held entry h is prev. */
lc_cycle *lc_cycle_build(lc_held *h, const lc_lockrec *rec, const void *addr, lc_mode mode,
			 lc_node *prev, int arrival, const lc_stack *current)
{
	/* Count the path's edges: walk back until the start state (no parent). */
	unsigned nedges = 0;
	lc_node *v = prev;
	unsigned st = (unsigned)arrival;
	while (v->par[st]) {
		unsigned ps = v->par_state[st];
		v = v->par[st];
		st = ps;
		nedges++;
	}
	unsigned nlocks = nedges + 1; /* prev, next and the ones between */
	lc_cycle *c = cycle_alloc(nlocks);
	if (!c)
		return NULL;
	set_lock(c, 0, h->rec->class_name, (lc_lock_type)h->type, h->addr, h->mode, h->rec->object,
		 h->rec->object_type);
	set_lock(c, 1, rec->class_name, rec->type, addr, mode, rec->object, rec->object_type);
	/* Each edge's modes (held, acquired), for its label; NULL: no modes. */
	uint8_t *modes = lc_alloc(2 * (size_t)nedges);
	bool any_read = mode == LC_MODE_READ || h->mode == LC_MODE_READ;
	/* Walk back from prev, filling locks[2..] and edge stacks in cycle order. */
	v = prev;
	st = (unsigned)arrival;
	for (unsigned k = nedges; k >= 1; k--) {
		lc_edge *e = v->par_edge[st];
		any_read |= e->from_mode == LC_MODE_READ || e->to_mode == LC_MODE_READ;
		if (modes) {
			modes[2 * (k - 1)] = e->from_mode;
			modes[2 * (k - 1) + 1] = e->to_mode;
		}
		lc_node *p = v->par[st];
		unsigned ps = v->par_state[st];
		/* Edge k goes from lock k to lock k+1 (lock nlocks == lock 0). */
		if (k + 1 < nlocks)
			set_lock(c, k + 1, v->name, (lc_lock_type)v->type, e->to_addr, e->to_mode, NULL,
				 NULL);
		lc_stack *s = &c->stack_store[k - 1];
		const uintptr_t *frames;
		s->depth = lc_depot_get(e->stack, &frames);
		if (s->depth > LC_MAX_FRAMES)
			s->depth = LC_MAX_FRAMES;
		if (s->depth)
			memcpy(s->pc, frames, s->depth * sizeof s->pc[0]);
		c->stacks[k - 1].stack = s;
		lc_stack_of_pc(&c->stack_store[nlocks + k - 1], e->from_pc);
		v = p;
		st = ps;
	}
	for (unsigned k = 1; k <= nedges; k++) {
		char *label = c->labels + (size_t)(k - 1) * LABEL_LEN;
		unsigned to = (k + 1) % nlocks;
		/* With read locks in the cycle, how each edge held and took its
		 * locks decides whether it is a deadlock: say it. */
		if (any_read && modes)
			snprintf(label, LABEL_LEN, "edge %u: %s (%s) -> %s (%s) first seen", k,
				 c->names + (size_t)k * LABEL_LEN, lc_mode_name(modes[2 * (k - 1)]),
				 c->names + (size_t)to * LABEL_LEN, lc_mode_name(modes[2 * (k - 1) + 1]));
		else
			snprintf(label, LABEL_LEN, "edge %u: %s -> %s first seen", k,
				 c->names + (size_t)k * LABEL_LEN, c->names + (size_t)to * LABEL_LEN);
		c->stacks[k - 1].label = label;
	}
	lc_free(modes, 2 * (size_t)nedges);
	char *label = c->labels + (size_t)nedges * LABEL_LEN;
	snprintf(label, LABEL_LEN, "current: %s acquired while holding %s", c->names + LABEL_LEN,
		 c->names);
	c->stack_store[nedges] = *current;
	c->stacks[nedges].label = label;
	c->stacks[nedges].stack = &c->stack_store[nedges];
	c->nstacks = nedges + 1;
	/* One-frame sites: each edge's held lock, the current held lock, and
	 * each lock's creation; a site not known is left out. */
	lc_stack_of_pc(&c->stack_store[nlocks + nedges], h->pc);
	for (unsigned k = 1; k <= nlocks; k++) {
		lc_stack *s = &c->stack_store[nlocks + k - 1];
		if (!s->depth)
			continue;
		label = c->labels + (size_t)c->nstacks * LABEL_LEN;
		if (k <= nedges)
			snprintf(label, LABEL_LEN, "edge %u: %s acquired before", k, c->names + (size_t)k * LABEL_LEN);
		else
			snprintf(label, LABEL_LEN, "%s acquired (held now)", c->names);
		c->stacks[c->nstacks++] = (lc_finding_stack){.label = label, .stack = s};
	}
	for (unsigned i = 0; i < nlocks; i++) {
		const void *at;
		bool first_use;
		if (!lc_origin_get(c->locks[i].addr, &at, &first_use))
			continue;
		lc_stack *s = &c->stack_store[2 * nlocks + i];
		lc_stack_of_pc(s, at);
		label = c->labels + (size_t)c->nstacks * LABEL_LEN;
		snprintf(label, LABEL_LEN, "%s %s", c->names + (size_t)i * LABEL_LEN,
			 first_use ? "first used (no init call seen)" : "initialised");
		c->stacks[c->nstacks++] = (lc_finding_stack){.label = label, .stack = s};
	}
	if (nlocks == 2)
		snprintf(c->message, sizeof c->message,
			 "Lock order inversion: %s is acquired while holding %s, but %s was acquired while holding %s before.",
			 c->names + LABEL_LEN, c->names, c->names, c->names + LABEL_LEN);
	else
		snprintf(c->message, sizeof c->message,
			 "Lock order inversion: %s is acquired while holding %s, closing a cycle of %u locks %s -> ... -> %s seen before.",
			 c->names + LABEL_LEN, c->names, nlocks, c->names + LABEL_LEN, c->names);
	return c;
}

void lc_cycle_report(lc_cycle *c)
{
	lc_finding f = {
		.kind = LC_KIND_LOCK_ORDER_INVERSION,
		.message = c->message,
		.thread = lc_gettid(),
		.nlocks = c->nlocks,
		.locks = c->locks,
		.nstacks = c->nstacks,
		.stacks = c->stacks,
	};
	lc_report(&f);
	lc_free(c, c->bytes);
}


void lc_cycle_report_discard(lc_cycle *c)
{
	lc_free(c, c->bytes);
}

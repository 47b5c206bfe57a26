/* dump_graph=1: the lock-order graph, copied out under lc_graph_lock and
 * handed over after it is released (naming a lock may ask the loader,
 * which must not happen under the graph lock). */
#include "engine/graph_types.h"
#include "lc_graph_dump.h"

typedef struct copy {
	lc_graph_edge *edges;
	unsigned n, cap;
} copy;

static void end_of(lc_graph_end *out, const lc_node *n)
{
	out->name = n->name;
	out->addr = n->addr;
	out->type = n->type;
}

static void take(const lc_edge *e, void *arg)
{
	copy *c = arg;
	if (c->n == c->cap)
		return;
	lc_graph_edge *g = &c->edges[c->n++];
	end_of(&g->from, e->from);
	end_of(&g->to, e->to);
}

/* Edges whose locks went before exit (destroyed, or their memory freed):
 * the dump shows every order the run saw, not only the orders of locks
 * still alive.  Bounded, so a program that churns locks cannot grow it
 * without end; past the bound the dump says fewer. */
#define RETIRED_MAX (1u << 16)
static copy retired;

void lc_graph_dump_retire(const lc_edge *e)
{
	if (retired.n == retired.cap) {
		unsigned cap = retired.cap ? retired.cap * 2 : 256;
		if (retired.cap >= RETIRED_MAX)
			return;
		lc_graph_edge *grown = lc_realloc(retired.edges, retired.cap * sizeof *grown, cap * sizeof *grown);
		if (!grown)
			return;
		retired.edges = grown;
		retired.cap = cap;
	}
	take(e, &retired);
}

unsigned lc_graph_dump(lc_graph_edge **out, size_t *bytes)
{
	lc_spin_lock(&lc_graph_lock);
	unsigned long n = lc_counters.edges + retired.n;
	copy c = {.cap = (unsigned)n};
	*bytes = (n ? n : 1) * sizeof *c.edges;
	c.edges = lc_alloc(*bytes);
	if (c.edges) {
		for (unsigned i = 0; i < retired.n; i++)
			c.edges[c.n++] = retired.edges[i];
		lc_graph_each_edge(take, &c);
	}
	lc_spin_unlock(&lc_graph_lock);
	*out = c.edges;
	return c.edges ? c.n : 0;
}

/* The cycle search: breadth-first over states (node, arrived by an R-only
 * edge) with an explicit queue, so no recursion and no depth limit.  The
 * recursive-read rule it applies is described in graph.c. */
#include "engine/graph_types.h"

static unsigned long search_gen;

typedef struct qitem {
	lc_node *n;
	unsigned state;
} qitem;
static qitem *queue;
static size_t queue_cap;

static bool queue_push(size_t *len, lc_node *n, unsigned state)
{
	if (*len == queue_cap) {
		size_t ncap = queue_cap ? queue_cap * 2 : 256;
		qitem *q = lc_realloc(queue, queue_cap * sizeof *q, ncap * sizeof *q);
		if (!q)
			return false;
		queue = q;
		queue_cap = ncap;
	}
	queue[(*len)++] = (qitem){n, state};
	return true;
}

int lc_graph_search(lc_node *start, unsigned start_state, lc_node *target, bool from_shared)
{
	size_t head = 0, len = 0;
	unsigned long gen = ++search_gen;
	start->seen[start_state] = gen;
	start->par[start_state] = NULL;
	if (!queue_push(&len, start, start_state))
		return -1;
	while (head < len) {
		qitem it = queue[head++];
		lc_node *u = it.n;
		unsigned usable_mask = it.state ? DEP_FROM_E : (DEP_FROM_E | DEP_SR | DEP_SN);
		for (unsigned i = 0; i < u->nout; i++) {
			lc_edge *e = u->out[i];
			unsigned usable = e->bits & usable_mask;
			if (!usable)
				continue;
			unsigned st = (usable & DEP_TO_N) ? 0 : 1;
			lc_node *v = e->to;
			/* Arriving by N is never worse than by R. */
			if (v->seen[0] == gen || v->seen[st] == gen)
				continue;
			v->seen[st] = gen;
			v->par[st] = u;
			v->par_state[st] = (uint8_t)it.state;
			v->par_edge[st] = e;
			if (v == target && !(st == 1 && from_shared))
				return (int)st;
			if (v == target)
				continue; /* reached only as a reader of a read-held lock: broken here */
			if (!queue_push(&len, v, st))
				return -1;
		}
	}
	return -1;
}


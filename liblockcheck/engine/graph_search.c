/* Breadth-first searches over strong paths (lockdep's __bfs), with an
 * explicit queue: no recursion and no depth limit.
 *
 * A path is strong if no edge on it that acquires a lock as a recursive
 * read (-(*R)->) is followed by an edge that had that lock held only for
 * read (-(S*)->): at such a lock the waiter is a reader that the holder,
 * itself only a reader, cannot block, so the wait chain is broken there
 * (the rule is described with examples in graph.c).  Only strong paths
 * make deadlocks: the cycle search (a new edge closing a cycle) and the
 * irq-safe -> irq-unsafe searches of irq_usage.c both walk them.
 *
 * The search state of a node is how it was reached ("only_xr" in lockdep):
 *   forwards:  1 if every edge that reached it acquired it as R, so no S*
 *              edge may leave it;
 *   backwards: 1 if it is held only as S on every edge that leaves it
 *              towards the start, so no *R edge may lead into it.
 * State 0 allows everything state 1 does and more, so a node reached in
 * state 0 is not visited again in state 1.  Each (node, state) is visited
 * at most once; par/par_state/par_edge record the path for reports. */
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

/* The dependency bits of e still usable after arriving in state, and the
 * state they leave the next node in. */
static unsigned usable_bits(const lc_edge *e, bool forward, unsigned state, unsigned *next_state)
{
	unsigned bits = e->bits;
	if (forward) {
		if (state)
			bits &= DEP_FROM_E; /* -(*R)-> then -(S*)->: not strong */
		*next_state = (bits & DEP_TO_N) ? 0 : 1;
	} else {
		if (state)
			bits &= DEP_TO_N; /* walking back: -(*R)-> before -(S*)-> */
		*next_state = (bits & DEP_FROM_E) ? 0 : 1;
	}
	return bits;
}

lc_node *lc_graph_strong_search(lc_node *const *roots, unsigned nroots, unsigned root_state,
				bool forward, lc_bfs_visit visit, void *arg, unsigned *found_state)
{
	size_t head = 0, len = 0;
	unsigned long gen = ++search_gen;
	for (unsigned i = 0; i < nroots; i++) {
		lc_node *r = roots[i];
		if (r->seen[0] == gen || r->seen[root_state] == gen)
			continue;
		r->seen[root_state] = gen;
		r->par[root_state] = NULL;
		lc_bfs_verdict v = visit(r, root_state, arg);
		if (v == LC_BFS_FOUND) {
			*found_state = root_state;
			return r;
		}
		if (v == LC_BFS_GO && !queue_push(&len, r, root_state))
			return NULL;
	}
	while (head < len) {
		qitem it = queue[head++];
		lc_node *u = it.n;
		unsigned deg = forward ? u->nout : u->nin;
		for (unsigned i = 0; i < deg; i++) {
			lc_edge *e = forward ? u->out[i] : u->in[i];
			unsigned st;
			if (!usable_bits(e, forward, it.state, &st))
				continue;
			lc_node *v = forward ? e->to : e->from;
			if (v->seen[0] == gen || v->seen[st] == gen)
				continue;
			v->seen[st] = gen;
			v->par[st] = u;
			v->par_state[st] = (uint8_t)it.state;
			v->par_edge[st] = e;
			lc_bfs_verdict verdict = visit(v, st, arg);
			if (verdict == LC_BFS_FOUND) {
				*found_state = st;
				return v;
			}
			if (verdict == LC_BFS_GO && !queue_push(&len, v, st))
				return NULL;
		}
	}
	return NULL;
}

unsigned lc_graph_path(lc_node *n, unsigned state, lc_node **out, unsigned max)
{
	unsigned k = 0;
	while (n && k < max) {
		out[k++] = n;
		lc_node *p = n->par[state];
		state = n->par_state[state];
		n = p;
	}
	return k;
}

/* The cycle search: the new edge target -> start closes a deadlock if a
 * strong path start -> ... -> target exists whose last edge, together with
 * the new one, is strong too (not -(*R)-> into a target held as S). */
typedef struct cycle_goal {
	const lc_node *target;
	bool from_shared;
} cycle_goal;

static lc_bfs_verdict cycle_visit(lc_node *n, unsigned state, void *arg)
{
	const cycle_goal *g = arg;
	if (n != g->target)
		return LC_BFS_GO;
	/* Reached only as a reader of a read-held lock: broken here. */
	return state == 1 && g->from_shared ? LC_BFS_PRUNE : LC_BFS_FOUND;
}

int lc_graph_search(lc_node *start, unsigned start_state, lc_node *target, bool from_shared)
{
	cycle_goal g = {target, from_shared};
	unsigned st;
	lc_node *root = start;
	return lc_graph_strong_search(&root, 1, start_state, true, cycle_visit, &g, &st) ? (int)st : -1;
}

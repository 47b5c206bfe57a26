/* An incremental topological order of the lock-order graph (Pearce and
 * Kelly's algorithm, as Abseil's GraphCycles keeps it): every node has a
 * rank, and every ordered edge x -> y has rank(x) < rank(y).  Then adding
 * an edge that agrees with the ranks cannot close a cycle and needs no
 * search; one that disagrees needs a search bounded to the nodes ranked
 * between its ends, and a reordering of just those.  Removing nodes or
 * edges never breaks the order.  Everything here runs under lc_graph_lock. */
#include "engine/graph_types.h"

/* Ranks are handed out at both ends: a new node has no edges yet, so it
 * may go first (when it is the held end of its first edge) or last (the
 * acquired end), and that first edge then agrees with the order. */
static int64_t lowest = 0, highest = -1;
static unsigned mark_gen;

/* Growable arrays of nodes for the two searches and the stack. */
typedef struct node_list {
	lc_node **v;
	size_t n, cap;
} node_list;
static node_list fwd, bwd, stack;
static int64_t *ranks;
static size_t ranks_cap;

static bool push(node_list *l, lc_node *n)
{
	if (l->n == l->cap) {
		size_t ncap = l->cap ? l->cap * 2 : 256;
		lc_node **v = lc_realloc(l->v, l->cap * sizeof *v, ncap * sizeof *v);
		if (!v)
			return false;
		l->v = v;
		l->cap = ncap;
	}
	l->v[l->n++] = n;
	return true;
}

void lc_order_node_added(lc_node *n, bool first)
{
	n->rank = first ? --lowest : ++highest;
}

/* In-place heapsorts (no malloc, no recursion). */
#define HEAPSORT(name, type, less)                                              \
	static void name(type *a, size_t n)                                     \
	{                                                                       \
		for (size_t end = n, start = n / 2; end > 1;) {                 \
			if (start > 0) {                                        \
				start--;                                        \
			} else {                                                \
				end--;                                          \
				type t = a[0];                                  \
				a[0] = a[end];                                  \
				a[end] = t;                                     \
			}                                                       \
			size_t root = start;                                    \
			for (size_t child; (child = 2 * root + 1) < end; root = child) { \
				if (child + 1 < end && less(a[child], a[child + 1])) \
					child++;                                \
				if (!less(a[root], a[child]))                   \
					break;                                  \
				type t = a[root];                               \
				a[root] = a[child];                             \
				a[child] = t;                                   \
			}                                                       \
		}                                                               \
	}
#define NODE_LESS(a, b) ((a)->rank < (b)->rank)
#define RANK_LESS(a, b) ((a) < (b))
HEAPSORT(sort_nodes, lc_node *, NODE_LESS)
HEAPSORT(sort_ranks, int64_t, RANK_LESS)

/* Nodes reachable from y over ordered edges with rank below bound; true
 * (a cycle) if x is among them. */
static int forward(lc_node *y, lc_node *x, int64_t bound, unsigned gen)
{
	fwd.n = stack.n = 0;
	y->mark = gen;
	if (!push(&stack, y))
		return -1;
	while (stack.n) {
		lc_node *u = stack.v[--stack.n];
		if (!push(&fwd, u))
			return -1;
		for (unsigned i = 0; i < u->nout; i++) {
			lc_edge *e = u->out[i];
			lc_node *v = e->to;
			if (e->back)
				continue;
			if (v == x)
				return 1;
			if (v->mark != gen && v->rank < bound) {
				v->mark = gen;
				if (!push(&stack, v))
					return -1;
			}
		}
	}
	return 0;
}

/* Nodes that reach x over ordered edges with rank above bound. */
static bool backward(lc_node *x, int64_t bound, unsigned gen)
{
	bwd.n = stack.n = 0;
	x->mark = gen;
	if (!push(&stack, x))
		return false;
	while (stack.n) {
		lc_node *u = stack.v[--stack.n];
		if (!push(&bwd, u))
			return false;
		for (unsigned i = 0; i < u->nin; i++) {
			lc_edge *e = u->in[i];
			lc_node *v = e->from;
			if (e->back)
				continue;
			if (v->mark != gen && v->rank > bound) {
				v->mark = gen;
				if (!push(&stack, v))
					return false;
			}
		}
	}
	return true;
}

/* The ranks the two sets held, handed out again: first everything that
 * reaches x, then everything y reaches, each in its old relative order. */
static bool reorder(void)
{
	size_t n = bwd.n + fwd.n;
	if (n > ranks_cap) {
		int64_t *r = lc_realloc(ranks, ranks_cap * sizeof *r, n * sizeof *r);
		if (!r)
			return false;
		ranks = r;
		ranks_cap = n;
	}
	sort_nodes(bwd.v, bwd.n);
	sort_nodes(fwd.v, fwd.n);
	for (size_t i = 0; i < bwd.n; i++)
		ranks[i] = bwd.v[i]->rank;
	for (size_t i = 0; i < fwd.n; i++)
		ranks[bwd.n + i] = fwd.v[i]->rank;
	sort_ranks(ranks, n);
	for (size_t i = 0; i < bwd.n; i++)
		bwd.v[i]->rank = ranks[i];
	for (size_t i = 0; i < fwd.n; i++)
		fwd.v[i]->rank = ranks[bwd.n + i];
	return true;
}

bool lc_order_before(const lc_node *x, const lc_node *y)
{
	return x->rank < y->rank;
}

lc_order_result lc_order_make_room(lc_node *x, lc_node *y)
{
	if (x->rank < y->rank)
		return LC_ORDER_OK;
	/* y with no edge out (a lock nothing was yet taken under) or x with no
	 * edge in: moving it to the end (the start) keeps every edge it has in
	 * order, with no search (what a new lock under a held one mostly is). */
	if (y->nout == 0) {
		y->rank = ++highest;
		return LC_ORDER_OK;
	}
	if (x->nin == 0) {
		x->rank = --lowest;
		return LC_ORDER_OK;
	}
	unsigned gen = ++mark_gen;
	if (gen == 0) { /* wrapped: no node may keep a stale mark */
		gen = ++mark_gen;
	}
	int f = forward(y, x, x->rank, gen);
	if (f != 0)
		return f > 0 ? LC_ORDER_CYCLE : LC_ORDER_NO_MEMORY;
	if (!backward(x, y->rank, gen) || !reorder())
		return LC_ORDER_NO_MEMORY;
	return LC_ORDER_OK;
}

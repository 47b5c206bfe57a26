/* The lock-order graph over (class, subclass) nodes: adding edges for an
 * acquisition, removing a destroyed class.
 *
 * An edge A -> B means "B was acquired while A was held".  Each edge
 * carries up to four dependency bits, lockdep's encoding of read/write:
 *   from side: S if A was held for read, E if held for write;
 *   to side:   R if B was acquired as a recursive read (a read of a
 *              reader-preferring rwlock, or RCU: it never waits behind a
 *              queued writer), N otherwise (write, or a read that queues
 *              behind writers: rwsem, fair/writer-preferring rwlock).
 *
 * The rule (lockdep's recursive-read rule): a cycle is a deadlock unless,
 * at some lock L on it, the edge into L acquires L as R and the edge out of
 * L had L held as S.  Then the thread waiting for L is a reader that cannot
 * be blocked by the thread holding L, which is only a reader, so that link
 * of the wait chain is broken.  Examples:
 *   T1: read A, read B;   T2: read B, read A   (both reader-preferring)
 *       edges A(S)->B(R), B(S)->A(R): every lock is broken, no report.
 *   same with rwsems: A(S)->B(N), B(S)->A(N): a writer queued on A or B
 *       makes the reader wait, so it is reported.
 *   T1: write A, read B;  T2: read B, read A   (reader-preferring)
 *       A(E)->B(R), B(S)->A(R): broken at B (T1 only wants to read B and
 *       T2 only reads it), so no report.
 *   T1: write A, read B;  T2: write B, read A  (reader-preferring)
 *       A(E)->B(R), B(E)->A(R): no lock has R in and S out: reported
 *       (T1 waits for B held for write by T2, T2 for A held by T1).
 *
 * The search for such a cycle is in graph_search.c.  Everything here runs
 * under lc_graph_lock, on the slow path only. */
#include <string.h>

#include "engine/graph_types.h"

lc_spin lc_graph_lock = LC_SPIN_INIT;
lc_engine_counters lc_counters;

static lc_node *nodes;

static uint64_t node_key(uint64_t class_key, unsigned subclass)
{
	return class_key | (subclass < LC_MAX_SUBCLASS ? subclass : LC_MAX_SUBCLASS - 1);
}

static lc_node *find_node(uint64_t key)
{
	lc_node *n;
	HASH_FIND(hh, nodes, &key, sizeof key, n);
	return n;
}

static lc_node *get_node(uint64_t class_key, unsigned subclass, const lc_lockrec *rec,
			 const void *addr)
{
	uint64_t key = node_key(class_key, subclass);
	lc_node *n = find_node(key);
	if (n)
		return n;
	n = lc_alloc(sizeof *n);
	if (!n)
		return NULL;
	n->key = key;
	n->name = rec->class_name;
	n->type = rec->type;
	n->addr = addr;
	HASH_ADD(hh, nodes, key, sizeof n->key, n);
	if (!LC_HASH_ADDED(n)) {
		lc_free(n, sizeof *n);
		return NULL;
	}
	return n;
}

static bool grow(void **arr, unsigned *cap, unsigned n, size_t elem)
{
	if (n < *cap)
		return true;
	unsigned ncap = *cap ? *cap * 2 : 4;
	void *p = lc_realloc(*arr, (size_t)*cap * elem, (size_t)ncap * elem);
	if (!p)
		return false;
	*arr = p;
	*cap = ncap;
	return true;
}

static lc_edge *edges; /* all edges, by (from, to) */

static lc_edge *find_edge(lc_node *from, lc_node *to)
{
	lc_edge_key key = {from, to};
	lc_edge *e;
	HASH_FIND(hh, edges, &key, sizeof key, e);
	return e;
}

static bool is_recursive_read(const lc_lockrec *rec, lc_mode mode)
{
	return mode == LC_MODE_READ &&
	       ((rec->flags & LC_LOCK_READER_PREFERRING) || rec->type == LC_LOCK_RCU);
}

static bool add_edge(lc_node *from, lc_node *to, unsigned bits, const lc_held *h,
		     const void *to_addr, lc_mode to_mode, const lc_stack *st)
{
	if (!grow((void **)&from->out, &from->capout, from->nout, sizeof(lc_edge *)) ||
	    !grow((void **)&to->in, &to->capin, to->nin, sizeof(lc_edge *)))
		return false;
	lc_edge *e = lc_alloc(sizeof *e);
	if (!e)
		return false;
	e->key = (lc_edge_key){from, to};
	e->to = to;
	e->bits = bits;
	e->from_addr = h->addr;
	e->to_addr = to_addr;
	e->from_mode = h->mode;
	e->from_pc = h->pc;
	e->to_mode = (uint8_t)to_mode;
	HASH_ADD(hh, edges, key, sizeof e->key, e);
	if (!LC_HASH_ADDED(e)) {
		lc_free(e, sizeof *e);
		return false;
	}
	e->stack = lc_alloc(lc_stack_bytes(st->depth));
	if (e->stack)
		lc_stack_copy(e->stack, st);
	e->out_pos = from->nout;
	from->out[from->nout++] = e;
	e->in_pos = to->nin;
	to->in[to->nin++] = e;
	lc_counters.edges++;
	return true;
}

lc_cycle *lc_graph_validate(lc_thread *t, lc_lockrec *rec, const void *addr, lc_mode mode,
			    unsigned subclass, const void *pc)
{
	lc_counters.graph_validations++;
	lc_node *next = get_node(rec->class_key, subclass, rec, addr);
	if (!next)
		return NULL;
	bool to_r = is_recursive_read(rec, mode);
	lc_stack st;
	bool have_stack = false;
	for (unsigned i = t->nheld; i-- > 0;) {
		lc_held *h = &t->held[i];
		lc_node *prev = get_node(h->class_key, h->subclass, h->rec, h->addr);
		if (!prev)
			break;
		if (prev != next) {
			bool from_s = h->mode == LC_MODE_READ;
			unsigned bit = from_s ? (to_r ? DEP_SR : DEP_SN) : (to_r ? DEP_ER : DEP_EN);
			lc_edge *e = find_edge(prev, next);
			if (!e || !(e->bits & bit)) {
				int arrival = lc_graph_search(next, to_r ? 1 : 0, prev, from_s);
				if (arrival >= 0) {
					lc_stack cur;
					lc_capture_stack(&cur, pc);
					return lc_cycle_build(h, rec, addr, mode, prev, arrival, &cur);
				}
				if (e) {
					e->bits |= bit;
				} else {
					if (!have_stack) {
						lc_capture_stack(&st, pc);
						have_stack = true;
					}
					add_edge(prev, next, bit, h, addr, mode, &st);
				}
			}
		}
		/* Locks below a write-held, blocking-acquired one already have
		 * their edges into it, hence (transitively) into next. */
		if (!h->try_acq && h->mode == LC_MODE_WRITE)
			break;
	}
	return NULL;
}

static void remove_edge(lc_edge *e)
{
	lc_node *from = e->key.from, *to = e->to;
	from->out[e->out_pos] = from->out[--from->nout];
	from->out[e->out_pos]->out_pos = e->out_pos;
	to->in[e->in_pos] = to->in[--to->nin];
	to->in[e->in_pos]->in_pos = e->in_pos;
	HASH_DEL(edges, e);
	if (e->stack)
		lc_free(e->stack, lc_stack_bytes(e->stack->depth));
	lc_free(e, sizeof *e);
	lc_counters.edges--;
}

static void free_node(lc_node *n)
{
	while (n->nin)
		remove_edge(n->in[0]);
	while (n->nout)
		remove_edge(n->out[0]);
	HASH_DEL(nodes, n);
	lc_free(n->out, n->capout * sizeof(lc_edge *));
	lc_free(n->in, n->capin * sizeof(lc_edge *));
	lc_free(n, sizeof *n);
}

void lc_graph_remove_class(uint64_t class_key)
{
	for (unsigned s = 0; s < LC_MAX_SUBCLASS; s++) {
		lc_node *n = find_node(class_key | s);
		if (n)
			free_node(n);
	}
}

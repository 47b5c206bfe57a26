/* The lock-order graph over (class, subclass) nodes: adding edges for an
 * acquisition, removing a destroyed class.
 *
 * An edge A -> B means "B was acquired while A was held".  Each edge
 * carries up to four dependency bits, lockdep's encoding of read/write:
 *   from side: S if A was held for read, E if held for write;
 *   to side:   R if B was acquired as a recursive read (a read of a
 *              reader-preferring rwlock, RCU, or a kernel rwlock_t in
 *              interrupt context: it never waits behind a queued writer;
 *              lc_read_recursive), N otherwise (write, or a read that
 *              queues behind writers: rwsem, fair/writer-preferring rwlock,
 *              rwlock_t in process context).
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
 * Most new edges agree with the order already seen: graph_order.c keeps a
 * topological order of the nodes, and an edge that agrees with it cannot
 * close a cycle, so it is added without any search.  Only an edge against
 * the order whose end already reaches its start (a cycle in the plain
 * graph), or any edge while the graph holds a cycle that was let in (read
 * locks: not a deadlock), goes through the search of graph_search.c.  Such
 * an edge stays outside the order (back) even when a later bit makes the
 * cycle a deadlock: that bit is searched for as well while back edges
 * exist.  Every new edge or bit is also checked for irq-safe ->
 * irq-unsafe paths (irq_usage.c), over the same strong paths.
 * Everything here runs under lc_graph_lock, on the slow path only. */
#include <string.h>

#include "engine/graph_types.h"
#include "engine/ptr_table.h"

lc_spin lc_graph_lock = LC_SPIN_INIT;
lc_engine_counters lc_counters;

/* Edges outside the order (cycles that are no deadlock).  While there is
 * one, agreeing with the order proves nothing and every new edge is
 * searched. */
static unsigned long back_edges;

typedef struct node_key {
	uint64_t key;
	uint32_t subclass;
} node_key;
static uint64_t node_key_hash(uint64_t key, uint32_t subclass)
{
	return lc_mix64(key ^ ((uint64_t)subclass << 32));
}
static uint64_t node_hash(const void *n)
{
	return node_key_hash(((const lc_node *)n)->key, ((const lc_node *)n)->subclass);
}
static bool node_eq(const void *n, const void *key)
{
	const node_key *k = key;
	return ((const lc_node *)n)->key == k->key && ((const lc_node *)n)->subclass == k->subclass;
}
static lc_ptr_table nodes = {.hash_of = node_hash};
/* Nodes per nesting level below LC_MAX_SUBCLASS: removing a class looks
 * up only the levels some class uses (most programs: level 0 alone). */
static unsigned long level_nodes[LC_MAX_SUBCLASS];

static uint64_t pair_hash(const lc_node *from, const lc_node *to)
{
	return lc_mix64((uintptr_t)from * 0x9e3779b97f4a7c15ULL ^ (uintptr_t)to);
}
static uint64_t edge_hash(const void *e)
{
	return pair_hash(((const lc_edge *)e)->from, ((const lc_edge *)e)->to);
}
typedef struct edge_key {
	const lc_node *from, *to;
} edge_key;
static bool edge_eq(const void *e, const void *key)
{
	const edge_key *k = key;
	return ((const lc_edge *)e)->from == k->from && ((const lc_edge *)e)->to == k->to;
}
static lc_ptr_table edges = {.hash_of = edge_hash};

/* The two nodes looked up or made last: an outer lock held across many new
 * edges, one taken under many, or a new lock destroyed soon after, is found
 * without hashing. */
static lc_node *recent[2];
static unsigned recent_old; /* the entry to replace next */

static void remember(lc_node *n)
{
	unsigned i = !recent[0] ? 0 : !recent[1] ? 1 : recent_old; /* a freed one's place first */
	recent[i] = n;
	recent_old = i ^ 1;
}

static lc_node *find_node(uint64_t class_key, unsigned subclass)
{
	node_key k = {class_key | (subclass < LC_MAX_SUBCLASS ? subclass : 0), subclass};
	for (unsigned i = 0; i < 2; i++)
		if (recent[i] && recent[i]->key == k.key && recent[i]->subclass == subclass) {
			recent_old = i ^ 1;
			return recent[i];
		}
	lc_node *n = lc_ptr_find(&nodes, node_key_hash(k.key, k.subclass), &k, node_eq);
	if (n)
		remember(n);
	return n;
}

/* Nodes and edges come and go with every lock made and destroyed: freed
 * ones are kept here for the next (under lc_graph_lock, so no allocator
 * lock), chained through their first word. */
static void *free_nodes, *free_edges;

static void *graph_alloc(void **list, size_t size)
{
	void *p = *list;
	if (!p)
		return lc_alloc(size);
	*list = *(void **)p;
	memset(p, 0, size);
	return p;
}

static void graph_free(void **list, void *p)
{
	*(void **)p = *list;
	*list = p;
}

lc_node *lc_graph_node(uint64_t key)
{
	/* key: class | subclass in the low bits, for levels below LC_MAX_SUBCLASS */
	return find_node(key & ~(uint64_t)(LC_MAX_SUBCLASS - 1), (unsigned)(key & (LC_MAX_SUBCLASS - 1)));
}

static lc_node *get_node(uint64_t class_key, unsigned subclass, const lc_lockrec *rec,
			 const void *addr, bool held)
{
	lc_node *n = find_node(class_key, subclass);
	if (n)
		return n;
	/* A high level is listed on its class's level 0 (made if need be). */
	lc_node *base = NULL;
	if (subclass >= LC_MAX_SUBCLASS && !(base = get_node(class_key, 0, rec, addr, held)))
		return NULL;
	n = graph_alloc(&free_nodes, sizeof *n);
	if (!n)
		return NULL;
	n->key = class_key | (subclass < LC_MAX_SUBCLASS ? subclass : 0);
	n->subclass = subclass;
	n->name = rec->class_name;
	n->type = rec->type;
	n->addr = addr;
	if (!lc_ptr_insert(&nodes, n)) {
		graph_free(&free_nodes, n);
		return NULL;
	}
	if (base) {
		n->next_level = base->next_level;
		base->next_level = n;
	} else {
		level_nodes[subclass]++;
	}
	lc_order_node_added(n, held);
	remember(n); /* a new lock's node: next wanted when it is destroyed */
	__atomic_or_fetch(&((lc_lockrec *)rec)->flags, LC_REC_IN_GRAPH, __ATOMIC_RELAXED);
	return n;
}

_Static_assert(sizeof(lc_node) <= 128, "a node fits its allocator size class");

static size_t cap_of(uint8_t log)
{
	return log ? (size_t)1 << log : 0;
}

/* A node's first edges each way sit in an array of two, the size most
 * locks keep: those come from a free list like nodes and edges. */
#define PAIR_BYTES (2 * sizeof(lc_edge *))
static void *free_pairs;

static bool grow(lc_edge ***arr, uint8_t *log, uint32_t n)
{
	if (n < cap_of(*log))
		return true;
	uint8_t nlog = *log ? (uint8_t)(*log + 1) : 1;
	lc_edge **p;
	if (*log == 0) {
		p = graph_alloc(&free_pairs, PAIR_BYTES);
	} else if (*log == 1) {
		p = lc_alloc(cap_of(nlog) * sizeof *p);
		if (p) {
			memcpy(p, *arr, PAIR_BYTES);
			graph_free(&free_pairs, *arr);
		}
	} else {
		p = lc_realloc(*arr, cap_of(*log) * sizeof **arr, cap_of(nlog) * sizeof **arr);
	}
	if (!p)
		return false;
	*arr = p;
	*log = nlog;
	return true;
}

static void release(lc_edge **arr, uint8_t log)
{
	if (log == 1)
		graph_free(&free_pairs, arr);
	else if (log)
		lc_free(arr, cap_of(log) * sizeof *arr);
}

/* Most locks have a few edges each way: an edge whose start has at most
 * SCAN edges out, or whose end at most SCAN in, is found by scanning the
 * shorter list, and only edges between two busier nodes are hashed (so a
 * new lock's edges cost no hash insert and removal).  Every edge (f, t)
 * with f->nout > SCAN and t->nin > SCAN is in the hash: add_edge hashes
 * those that qualify as a count passes SCAN. */
#define SCAN 8
static bool hash_incomplete; /* a hash insert failed (out of memory): always scan */

static lc_edge *find_edge(lc_node *from, lc_node *to)
{
	if (hash_incomplete || from->nout <= SCAN || to->nin <= SCAN) {
		if (from->nout <= to->nin) {
			for (uint32_t i = 0; i < from->nout; i++)
				if (from->out[i]->to == to)
					return from->out[i];
		} else {
			for (uint32_t i = 0; i < to->nin; i++)
				if (to->in[i]->from == from)
					return to->in[i];
		}
		return NULL;
	}
	edge_key key = {from, to};
	return lc_ptr_find(&edges, pair_hash(from, to), &key, edge_eq);
}

static void hash_edge(lc_edge *e)
{
	if (e->hashed)
		return;
	if (lc_ptr_insert(&edges, e))
		e->hashed = 1;
	else
		hash_incomplete = true;
}

/* After e joined its nodes' lists. */
static void hash_if_busy(lc_edge *e)
{
	lc_node *from = e->from, *to = e->to;
	if (from->nout > SCAN && to->nin > SCAN)
		hash_edge(e);
	if (from->nout == SCAN + 1)
		for (uint32_t i = 0; i < from->nout; i++)
			if (from->out[i]->to->nin > SCAN)
				hash_edge(from->out[i]);
	if (to->nin == SCAN + 1)
		for (uint32_t i = 0; i < to->nin; i++)
			if (to->in[i]->from->nout > SCAN)
				hash_edge(to->in[i]);
}

static bool add_edge(lc_node *from, lc_node *to, unsigned bits, const lc_held *h,
		     const void *to_addr, lc_mode to_mode, uint32_t stack, bool back)
{
	if (!grow(&from->out, &from->out_log, from->nout) || !grow(&to->in, &to->in_log, to->nin))
		return false;
	lc_edge *e = graph_alloc(&free_edges, sizeof *e);
	if (!e)
		return false;
	e->from = from;
	e->to = to;
	e->bits = (uint8_t)bits;
	e->from_addr = h->addr;
	e->to_addr = to_addr;
	e->from_mode = h->mode;
	e->from_pc = h->pc;
	e->to_mode = (uint8_t)to_mode;
	e->stack = stack;
	e->back = back;
	e->out_pos = from->nout;
	from->out[from->nout++] = e;
	e->in_pos = to->nin;
	to->in[to->nin++] = e;
	hash_if_busy(e);
	back_edges += back;
	lc_counters.edges++;
	return true;
}

static uint32_t take_stack(const void *pc, lc_stack *st)
{
	lc_capture_stack(st, pc);
	return lc_depot_put(st->pc, st->depth);
}

/* Where this acquisition happens, in the depot: taken once per validation,
 * only when an edge is new, and only if it can ever be shown (an edge's
 * stack appears only in lock-order-inversion reports).  The same stack
 * taken again from the same place costs no walk (runtime/stack_repeat.c). */
static uint32_t current_stack(lc_thread *t, uint32_t *id, const void *pc)
{
	if (!lc_opt.detect[LC_KIND_LOCK_ORDER_INVERSION])
		return 0;
	if (*id == UINT32_MAX)
		*id = lc_stack_repeat(&t->stack_cache, pc, take_stack);
	return *id;
}

lc_cycle *lc_graph_validate(lc_thread *t, lc_lockrec *rec, const void *addr, lc_mode mode,
			    unsigned subclass, const void *pc, bool *added)
{
	lc_counters.graph_validations++;
	*added = false;
	/* Left out of order checking (LOCKCHECK_INIT_NO_VALIDATE): no edge in. */
	if (rec->flags & LC_LOCK_NO_VALIDATE)
		return NULL;
	lc_node *next = get_node(rec->class_key, subclass, rec, addr, false);
	if (!next)
		return NULL;
	bool to_r = lc_read_recursive(t, rec, mode);
	uint32_t stack = UINT32_MAX;
	/* Only the current interrupt context's locks: a handler's chain
	 * starts afresh (ctx_base). */
	for (unsigned i = t->nheld; i-- > t->ctx_base;) {
		lc_held *h = &t->held[i];
		if (h->rec->flags & LC_LOCK_NO_VALIDATE)
			continue; /* nor out */
		lc_node *prev = get_node(h->class_key, h->subclass, h->rec, h->addr, true);
		if (!prev)
			break;
		if (prev != next) {
			bool from_s = h->mode == LC_MODE_READ;
			unsigned bit = from_s ? (to_r ? DEP_SR : DEP_SN) : (to_r ? DEP_ER : DEP_EN);
			lc_edge *e = find_edge(prev, next);
			if (!e || !(e->bits & bit)) {
				/* Against the order, and next already reaches prev:
				 * maybe a deadlock.  (A back edge already there is
				 * outside the order, and back_edges says so.) */
				lc_order_result r = e ? LC_ORDER_OK : lc_order_make_room(prev, next);
				if (back_edges || r != LC_ORDER_OK) {
					int arrival = lc_graph_search(next, to_r ? 1 : 0, prev, from_s);
					if (arrival >= 0) {
						lc_stack cur;
						lc_capture_stack(&cur, pc);
						return lc_cycle_build(h, rec, addr, mode, prev, arrival, &cur);
					}
				}
				if (e)
					e->bits |= (uint8_t)bit;
				else if (!add_edge(prev, next, bit, h, addr, mode,
						   current_stack(t, &stack, pc), r != LC_ORDER_OK))
					continue; /* out of memory: not tracked */
				/* A new bit can make a new strong path too. */
				lc_usage_new_edge(prev->key, next->key, from_s, to_r, pc);
				*added = true;
			}
		}
		/* Locks below a write-held, blocking-acquired one already have
		 * their edges into it, hence (transitively) into next. */
		if (!h->try_acq && h->mode == LC_MODE_WRITE)
			break;
	}
	return NULL;
}

/* Every edge once: the out lists of every node (not the hash, which holds
 * only some). */
void lc_graph_each_edge(void (*fn)(const lc_edge *e, void *arg), void *arg)
{
	for (size_t i = 0; nodes.mask && i <= nodes.mask; i++) {
		lc_node *n = nodes.slots[i];
		if (n && n != (void *)1) /* 1: a tombstone */
			for (uint32_t k = 0; k < n->nout; k++)
				fn(n->out[k], arg);
	}
}

static void remove_edge(lc_edge *e)
{
	lc_node *from = e->from, *to = e->to;
	if (lc_opt.dump_graph)
		lc_graph_dump_retire(e);
	from->out[e->out_pos] = from->out[--from->nout];
	from->out[e->out_pos]->out_pos = e->out_pos;
	to->in[e->in_pos] = to->in[--to->nin];
	to->in[e->in_pos]->in_pos = e->in_pos;
	if (e->hashed)
		lc_ptr_remove(&edges, e);
	back_edges -= e->back;
	graph_free(&free_edges, e);
	lc_counters.edges--;
}

static void free_node(lc_node *n)
{
	while (n->nin)
		remove_edge(n->in[0]);
	while (n->nout)
		remove_edge(n->out[0]);
	lc_ptr_remove(&nodes, n);
	if (n->subclass < LC_MAX_SUBCLASS)
		level_nodes[n->subclass]--;
	release(n->out, n->out_log);
	release(n->in, n->in_log);
	for (unsigned i = 0; i < 2; i++)
		if (recent[i] == n)
			recent[i] = NULL;
	graph_free(&free_nodes, n);
}

void lc_graph_remove_class(uint64_t class_key)
{
	lc_usage_forget(class_key);
	lc_sig_forget(class_key);
	if (!nodes.live)
		return;
	for (unsigned s = 0; s < LC_MAX_SUBCLASS; s++) {
		lc_node *n = level_nodes[s] ? find_node(class_key, s) : NULL;
		if (!n)
			continue;
		for (lc_node *high = n->next_level, *next; high; high = next) {
			next = high->next_level;
			free_node(high);
		}
		free_node(n);
	}
}

static void check_order(const lc_edge *e, void *arg)
{
	if (!e->back && !lc_order_before(e->from, e->to))
		*(bool *)arg = false;
}

bool lc_graph_order_valid(void)
{
	lc_spin_lock(&lc_graph_lock);
	bool ok = true;
	lc_graph_each_edge(check_order, &ok);
	lc_spin_unlock(&lc_graph_lock);
	return ok;
}

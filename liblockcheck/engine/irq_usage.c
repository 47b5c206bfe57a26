/* Per-class interrupt usage, as lockdep keeps it, and its two reports.
 *
 * A class is hardirq-safe once taken inside a hardirq handler and
 * hardirq-unsafe once taken (or held) with hardirqs enabled; the same for
 * softirqs.  Two rules follow:
 *   - inconsistent-irq-state: one class both safe and unsafe (a write use
 *     on either side): an interrupt arriving while the lock is held takes
 *     it again on the same CPU;
 *   - irq-unsafe-dependency: a safe class S and an unsafe class U with a
 *     path S -> ... -> U in the order graph: CPU 1 holds U with interrupts
 *     on, CPU 2 holds S and waits for U, an interrupt on CPU 1 waits for S.
 *     With read locks the path must be strong, the interrupt's own edge
 *     U -> S included (graph_search.c; usage_seen below).
 * The first stack of each usage bit is kept, so both reports show where
 * each side was established.  Everything runs under lc_graph_lock, on the
 * slow path; the report is made after it is released. */
#include <stdio.h>
#include <string.h>

#include "engine/class_records.h"
#include "engine/graph_types.h"
#include "engine/irq_usage.h"
#include "engine/lc_uthash.h"

#define PATH_MAX_LOCKS 8
#define LABEL_LEN 320

typedef struct usage_class {
	uint64_t key; /* class key, subclass bits clear: usage is per class */
	unsigned mask;
	lc_finding_lock lock;
	uint32_t stack[LC_USAGE_NBITS]; /* depot ids, 0: none */
	UT_hash_handle hh;
} usage_class;

static usage_class *classes;
unsigned lc_usage_safe_classes;

/* A finding built under the graph lock, reported after it. */
typedef struct usage_report {
	lc_kind kind;
	char message[1800];
	unsigned nlocks, nstacks;
	lc_finding_lock locks[PATH_MAX_LOCKS];
	lc_finding_stack stacks[3];
	lc_stack st[3];
	char labels[3][LABEL_LEN];
} usage_report;

static LC_TLS usage_report *pending;
/* The library's caller, where stacks are cut (set by each entry point). */
static LC_TLS const void *caller_pc;

static const char *const state_names[LC_USAGE_STATES] = {"hardirq", "softirq"};
static const char *const state_tags[LC_USAGE_STATES] = {"HARDIRQ", "SOFTIRQ"};

static unsigned bit_state(unsigned b) { return b / 4; }
static unsigned bit_dir(unsigned b) { return (b / 2) & 1; }
static unsigned bit_read(unsigned b) { return b & 1; }

/* lockdep's notation: {IN-HARDIRQ-W}, {SOFTIRQ-ON-R}. */
static void bit_tag(char *buf, size_t len, unsigned b)
{
	const char *rw = bit_read(b) ? "R" : "W";
	if (bit_dir(b) == LC_USAGE_USED_IN)
		snprintf(buf, len, "{IN-%s-%s}", state_tags[bit_state(b)], rw);
	else
		snprintf(buf, len, "{%s-ON-%s}", state_tags[bit_state(b)], rw);
}

static void bit_words(char *buf, size_t len, unsigned b)
{
	const char *how = bit_read(b) ? "read-acquired" : "acquired";
	if (bit_dir(b) == LC_USAGE_USED_IN)
		snprintf(buf, len, "%s in %s context", how, state_names[bit_state(b)]);
	else
		snprintf(buf, len, "%s with %ss enabled", how, state_names[bit_state(b)]);
}

static void lock_words(char *buf, size_t len, const lc_finding_lock *l)
{
	if (l->name)
		snprintf(buf, len, "%s", l->name);
	else
		snprintf(buf, len, "%s %p", l->type, l->addr);
}

static uint64_t class_of(uint64_t node_key)
{
	return node_key & ~(uint64_t)(LC_MAX_SUBCLASS - 1);
}

static usage_class *find_class(uint64_t key)
{
	usage_class *c;
	HASH_FIND(hh, classes, &key, sizeof key, c);
	return c;
}

static usage_class *get_class(const lc_lockrec *rec, const void *addr)
{
	return LC_CLASS_RECORD_GET(classes, class_of(rec->class_key), rec, addr);
}

static usage_report *report_new(lc_kind kind)
{
	if (pending)
		return NULL; /* one finding per slow path is plenty */
	usage_report *r = lc_alloc(sizeof *r);
	if (r)
		r->kind = kind;
	pending = r;
	return r;
}

/* The stored stack of a usage bit, or the current one (id 0 or unknown). */
static void report_stack(usage_report *r, const char *label, uint32_t id)
{
	if (r->nstacks >= 3)
		return;
	unsigned i = r->nstacks++;
	snprintf(r->labels[i], LABEL_LEN, "%s", label);
	const uintptr_t *frames;
	unsigned depth = id ? lc_depot_get(id, &frames) : 0;
	if (depth) {
		if (depth > LC_MAX_FRAMES)
			depth = LC_MAX_FRAMES;
		memcpy(r->st[i].pc, frames, depth * sizeof(uintptr_t));
		r->st[i].depth = depth;
	} else {
		lc_capture_stack(&r->st[i], caller_pc);
	}
	r->stacks[i].label = r->labels[i];
	r->stacks[i].stack = &r->st[i];
}

static void usage_stack_label(char *buf, size_t len, const usage_class *c, unsigned b)
{
	char name[160], words[96], tag[32];
	lock_words(name, sizeof name, &c->lock);
	bit_words(words, sizeof words, b);
	bit_tag(tag, sizeof tag, b);
	snprintf(buf, len, "%s first %s %s", name, words, tag);
}

/* ---- inconsistent state: one class, both sides ---- */

/* The bits that conflict with new_bit on the same class: the other
 * direction of the same state, except read against read. */
static unsigned conflicting_bits(unsigned b)
{
	unsigned other = bit_dir(b) == LC_USAGE_USED_IN ? LC_USAGE_ENABLED : LC_USAGE_USED_IN;
	unsigned m = LC_USAGE_BIT(bit_state(b), other, 0);
	if (!bit_read(b))
		m |= LC_USAGE_BIT(bit_state(b), other, 1);
	return m;
}

static void report_inconsistent(const usage_class *c, unsigned old_bit, unsigned new_bit)
{
	usage_report *r = report_new(LC_KIND_INCONSISTENT_IRQ_STATE);
	if (!r)
		return;
	char name[160], oldw[96], neww[96], oldt[32], newt[32], label[LABEL_LEN];
	lock_words(name, sizeof name, &c->lock);
	bit_words(oldw, sizeof oldw, old_bit);
	bit_words(neww, sizeof neww, new_bit);
	bit_tag(oldt, sizeof oldt, old_bit);
	bit_tag(newt, sizeof newt, new_bit);
	const char *st = state_names[bit_state(new_bit)];
	snprintf(r->message, sizeof r->message,
		 "Inconsistent lock state: %s was %s %s and is now %s %s; a %s that arrives while it is held and takes it deadlocks on the same CPU.",
		 name, oldw, oldt, neww, newt, st);
	r->locks[0] = c->lock;
	r->nlocks = 1;
	usage_stack_label(label, sizeof label, c, old_bit);
	report_stack(r, label, c->stack[old_bit]);
	snprintf(label, sizeof label, "current: %s %s", neww, newt);
	report_stack(r, label, 0);
}

/* ---- irq-safe -> irq-unsafe: searches over the order graph ---- */

/* The write bits ({IN-*-W}, {*-ON-W}) of a usage mask. */
#define USAGE_WRITE_BITS 0x55u

/* An interrupt makes an edge of its own: a handler taking S interrupts a
 * holder of U, U -> S.  Together with a path S -> ... -> U that is a
 * cycle, a deadlock only if it is strong at both ends (lockdep's rule):
 *   - at U: a path arriving by -(*R)-> (U acquired as a recursive read)
 *     may only meet a U held for write with interrupts on;
 *   - at S: a path leaving by -(S*)-> (S held for read) may only meet an
 *     S taken for write in the handler.
 * Read usage in a handler is a recursive read (a queued rwlock's readers
 * are recursive in interrupt context), so in either case only the write
 * usage bits count when the path end is in state 1. */
static unsigned usage_seen(const usage_class *c, unsigned state)
{
	return state ? c->mask & USAGE_WRITE_BITS : c->mask;
}

typedef struct usage_goal {
	uint64_t skip_class; /* the class searched from: its own conflicts are inconsistent-irq-state */
	unsigned want;       /* usage bits that match */
	unsigned seen;       /* accumulate: every usage bit met */
	bool accumulate;
	usage_class *found;
} usage_goal;

/* A local_lock is never part of an irq inversion (lockdep's usage_skip): a
 * lock that cannot sleep taken in an interrupt is never ordered against
 * it, so searches neither start from it nor go through it. */
static bool skipped(const lc_node *n)
{
	return n->type == LC_LOCK_LOCAL_LOCK;
}

static lc_bfs_verdict usage_visit(lc_node *n, unsigned state, void *arg)
{
	usage_goal *g = arg;
	if (skipped(n))
		return LC_BFS_PRUNE;
	uint64_t k = class_of(n->key);
	if (k == g->skip_class)
		return LC_BFS_GO;
	usage_class *c = find_class(k);
	if (!c)
		return LC_BFS_GO;
	if (g->accumulate) {
		g->seen |= usage_seen(c, state);
		return LC_BFS_GO;
	}
	if (!(usage_seen(c, state) & g->want))
		return LC_BFS_GO;
	g->found = c;
	return LC_BFS_FOUND;
}

/* Every node of a class: its subclass levels, and the high levels that
 * hang off level 0. */
static unsigned class_nodes(uint64_t key, lc_node **out, unsigned max)
{
	unsigned k = 0;
	for (unsigned s = 0; s < LC_MAX_SUBCLASS && k < max; s++) {
		lc_node *n = lc_graph_node(key | s);
		if (!n)
			continue;
		out[k++] = n;
		if (s == 0)
			for (lc_node *h = n->next_level; h && k < max; h = h->next_level)
				out[k++] = h;
	}
	return k;
}

#define MAX_ROOTS 64

/* From every node of class `from` (not matching the class itself), over
 * strong paths forwards or backwards, to the first class having one of
 * `want`.  root_state: lockdep's only_xr of the usage being marked. */
static usage_class *search(uint64_t from, bool forward, unsigned root_state, unsigned want,
			   lc_node **found, unsigned *found_state)
{
	lc_node *roots[MAX_ROOTS];
	unsigned nroots = class_nodes(from, roots, MAX_ROOTS);
	if (nroots && skipped(roots[0])) {
		*found = NULL;
		return NULL;
	}
	usage_goal g = {.skip_class = from, .want = want};
	*found = lc_graph_strong_search(roots, nroots, root_state, forward, usage_visit, &g, found_state);
	return *found ? g.found : NULL;
}

static void node_lock(lc_finding_lock *l, const lc_node *n)
{
	const usage_class *c = find_class(class_of(n->key));
	if (c) {
		*l = c->lock;
		return;
	}
	memset(l, 0, sizeof *l);
	l->name = n->name;
	l->type = lc_lock_type_name(n->type);
	l->addr = n->addr;
}

/* The pair of bits to show: the safe class's USED_IN bit and the unsafe
 * class's ENABLED bit of one state, writes preferred. */
static bool pick_pair(unsigned safe_mask, unsigned unsafe_mask, unsigned *sb, unsigned *ub)
{
	for (unsigned state = 0; state < LC_USAGE_STATES; state++)
		for (unsigned rs = 0; rs < 2; rs++)
			for (unsigned ru = 0; ru < 2; ru++) {
				unsigned s = state * 4 + LC_USAGE_USED_IN * 2 + rs;
				unsigned u = state * 4 + LC_USAGE_ENABLED * 2 + ru;
				if ((safe_mask >> s & 1) && (unsafe_mask >> u & 1)) {
					*sb = s;
					*ub = u;
					return true;
				}
			}
	return false;
}

/* safe ... -> unsafe: path[] is listed from the safe lock to the unsafe one;
 * safe_seen/unsafe_seen: the usage bits that count at each end. */
static void report_dependency(const usage_class *safe, unsigned safe_seen,
			      const usage_class *unsafe, unsigned unsafe_seen,
			      lc_finding_lock *path, unsigned npath)
{
	unsigned sb, ub;
	if (!pick_pair(safe_seen, unsafe_seen, &sb, &ub))
		return;
	usage_report *r = report_new(LC_KIND_IRQ_UNSAFE_DEPENDENCY);
	if (!r)
		return;
	char sname[160], uname[160], label[LABEL_LEN], chain[400] = "";
	lock_words(sname, sizeof sname, &safe->lock);
	lock_words(uname, sizeof uname, &unsafe->lock);
	for (unsigned i = 0; i < npath && i < PATH_MAX_LOCKS; i++) {
		char n[160];
		lock_words(n, sizeof n, &path[i]);
		size_t len = strlen(chain);
		snprintf(chain + len, sizeof chain - len, "%s%s", i ? " -> " : "", n);
		r->locks[r->nlocks++] = path[i];
	}
	const char *st = state_names[bit_state(sb)];
	snprintf(r->message, sizeof r->message,
		 "Irq-safe to irq-unsafe dependency: %s is %s-safe (taken in %s context) and %s is %s-unsafe (taken with %ss enabled), and %s is acquired while %s is held (%s). "
		 "A %s arriving where %s is held with %ss enabled waits for %s, whose holder waits for %s.",
		 sname, st, st, uname, st, st, uname, sname, chain, st, uname, st, sname, uname);
	usage_stack_label(label, sizeof label, safe, sb);
	report_stack(r, label, safe->stack[sb]);
	usage_stack_label(label, sizeof label, unsafe, ub);
	report_stack(r, label, unsafe->stack[ub]);
	report_stack(r, "current", 0);
}

#define PATH_WALK 64

/* The locks of a path, n_a first: at most PATH_MAX_LOCKS, the ends kept
 * when it is longer (the middle is in the graph: `lockcheck graph`). */
static unsigned path_keep(lc_node *const *nodes, unsigned k, lc_finding_lock *out, unsigned room)
{
	if (k <= room) {
		for (unsigned i = 0; i < k; i++)
			node_lock(&out[i], nodes[i]);
		return k;
	}
	unsigned head = room / 2, tail = room - head;
	for (unsigned i = 0; i < head; i++)
		node_lock(&out[i], nodes[i]);
	for (unsigned i = 0; i < tail; i++)
		node_lock(&out[head + i], nodes[k - tail + i]);
	return room;
}

/* Found by a search from `start` (its nodes are the roots) for its new
 * usage bit b; the path, read back from `at`, runs found ... start. */
static void report_found(const usage_class *start, unsigned b, const usage_class *found,
			 lc_node *at, unsigned at_state, bool start_is_safe)
{
	lc_node *back[PATH_WALK], *nodes[PATH_WALK];
	unsigned k = lc_graph_path(at, at_state, back, PATH_WALK);
	for (unsigned i = 0; i < k; i++) /* the safe lock first */
		nodes[i] = start_is_safe ? back[k - 1 - i] : back[i];
	lc_finding_lock path[PATH_MAX_LOCKS];
	unsigned n = path_keep(nodes, k, path, PATH_MAX_LOCKS);
	if (start_is_safe)
		report_dependency(start, 1u << b, found, usage_seen(found, at_state), path, n);
	else
		report_dependency(found, usage_seen(found, at_state), start, 1u << b, path, n);
}

/* ---- marking ---- */

/* recursive: b comes from an acquisition that was a recursive read. */
static void mark_bit(usage_class *c, unsigned b, bool recursive)
{
	unsigned conflict = c->mask & conflicting_bits(b);
	if (conflict)
		report_inconsistent(c, (unsigned)__builtin_ctz(conflict), b);
	bool was_safe = (c->mask & (LC_USAGE_STATE_MASK(0, 0) | LC_USAGE_STATE_MASK(1, 0))) != 0;
	c->mask |= 1u << b;
	lc_stack st;
	lc_capture_stack(&st, caller_pc);
	c->stack[b] = lc_depot_put(st.pc, st.depth);
	if (bit_dir(b) == LC_USAGE_USED_IN && !was_safe)
		lc_usage_safe_classes++;
	if (conflict || !lc_usage_safe_classes)
		return;
	/* Safe now: nothing after it may be unsafe; unsafe now: nothing
	 * before it may be safe.  The edge the interrupt would make starts
	 * the search: into c as a recursive read (safe), or out of c held
	 * for read (unsafe), and the path must be strong with it. */
	lc_node *at = NULL;
	unsigned state = bit_state(b), at_state = 0;
	if (bit_dir(b) == LC_USAGE_USED_IN) {
		unsigned root = bit_read(b) && recursive;
		usage_class *u = search(c->key, true, root, LC_USAGE_STATE_MASK(state, LC_USAGE_ENABLED),
					&at, &at_state);
		if (u)
			report_found(c, b, u, at, at_state, true);
	} else {
		unsigned root = bit_read(b);
		usage_class *s = search(c->key, false, root, LC_USAGE_STATE_MASK(state, LC_USAGE_USED_IN),
					&at, &at_state);
		if (s)
			report_found(c, b, s, at, at_state, false);
	}
}

/* Under lc_graph_lock. */
static void mark(lc_lockrec *rec, const void *lock, unsigned bits, bool recursive)
{
	usage_class *c = get_class(rec, lock);
	if (!c)
		return;
	unsigned fresh = bits & ~c->mask;
	for (unsigned b = 0; b < LC_USAGE_NBITS; b++)
		if (fresh >> b & 1)
			mark_bit(c, b, recursive);
}

void lc_usage_flush(void)
{
	usage_report *r = pending;
	if (!r)
		return;
	pending = NULL;
	lc_finding f = {
		.kind = r->kind,
		.message = r->message,
		.thread = lc_gettid(),
		.nlocks = r->nlocks,
		.locks = r->locks,
		.nstacks = r->nstacks,
		.stacks = r->stacks,
	};
	if (lc_opt.detect[r->kind])
		lc_report(&f);
	lc_free(r, sizeof *r);
}

void lc_usage_acquire_slow(lc_thread *t, lc_lockrec *rec, const void *lock, lc_mode mode,
			   bool try_acq, const void *pc)
{
	caller_pc = pc;
	unsigned bits = t->usage_want[(unsigned)try_acq << 1 | (unsigned)mode];
	bool recursive = lc_read_recursive(t, rec, mode);
	lc_spin_lock(&lc_graph_lock);
	mark(rec, lock, bits, recursive);
	lc_spin_unlock(&lc_graph_lock);
	lc_usage_remember(t, lock, rec, bits);
	lc_usage_flush();
}

static bool tracked(const lc_held *h)
{
	return lc_type_spins((lc_lock_type)h->type) || h->rec->class_name;
}

void lc_usage_mark_held(lc_thread *t, unsigned state)
{
	caller_pc = NULL;
	bool any = false;
	for (unsigned i = t->ctx_base; i < t->nheld && !any; i++)
		any = tracked(&t->held[i]);
	if (!any)
		return;
	lc_spin_lock(&lc_graph_lock);
	for (unsigned i = t->ctx_base; i < t->nheld; i++) {
		lc_held *h = &t->held[i];
		if (!tracked(h) ||
		    __atomic_load_n(&h->rec->addr, __ATOMIC_RELAXED) != h->addr)
			continue;
		unsigned bit = LC_USAGE_BIT(state, LC_USAGE_ENABLED, h->mode == LC_MODE_READ);
		mark(h->rec, h->addr, bit, false);
		lc_usage_remember(t, h->addr, h->rec, bit);
	}
	lc_spin_unlock(&lc_graph_lock);
	lc_usage_flush();
}

/* Each USED_IN bit of a state calls for every ENABLED bit of it (read or
 * write: lockdep's exclusive_mask), and the other way round
 * (original_mask). */
static unsigned opposite_bits(unsigned mask, unsigned dir)
{
	unsigned out = 0;
	for (unsigned state = 0; state < LC_USAGE_STATES; state++)
		if (mask & LC_USAGE_STATE_MASK(state, dir))
			out |= LC_USAGE_STATE_MASK(state, dir ^ 1);
	return out;
}

/* lockdep's check_irq_usage: gather the USED_IN usage of everything that
 * reaches prev by a strong path (prev included), look after next for a
 * class with the opposite ENABLED usage, then back again for the safe class
 * that pairs with it.  prev_shared: prev is held for read on the new edge;
 * next_recursive: next is acquired as a recursive read. */
void lc_usage_new_edge(uint64_t prev_key, uint64_t next_key, bool prev_shared, bool next_recursive,
		       const void *pc)
{
	caller_pc = pc;
	if (!lc_usage_safe_classes || pending)
		return;
	lc_node *prev = lc_graph_node(prev_key), *next = lc_graph_node(next_key);
	if (!prev || !next || skipped(prev) || skipped(next))
		return;
	unsigned st, back_state;
	usage_goal g = {.skip_class = UINT64_MAX, .accumulate = true};
	lc_graph_strong_search(&prev, 1, prev_shared, false, usage_visit, &g, &st);
	unsigned used = g.seen & (LC_USAGE_STATE_MASK(0, LC_USAGE_USED_IN) |
				  LC_USAGE_STATE_MASK(1, LC_USAGE_USED_IN));
	if (!used)
		return;
	usage_goal fwd = {.skip_class = UINT64_MAX, .want = opposite_bits(used, LC_USAGE_USED_IN)};
	unsigned fwd_state;
	lc_node *u_node = lc_graph_strong_search(&next, 1, next_recursive, true, usage_visit, &fwd,
						 &fwd_state);
	if (!u_node)
		return;
	/* Kept before the second search reuses the path fields. */
	lc_node *after[PATH_WALK];
	unsigned nafter = lc_graph_path(u_node, fwd_state, after, PATH_WALK); /* unsafe ... next */
	unsigned unsafe_seen = usage_seen(fwd.found, fwd_state);
	usage_goal bwd = {.skip_class = UINT64_MAX,
			  .want = opposite_bits(unsafe_seen, LC_USAGE_ENABLED)};
	lc_node *s_node = lc_graph_strong_search(&prev, 1, prev_shared, false, usage_visit, &bwd,
						 &back_state);
	if (!s_node)
		return;
	lc_node *nodes[2 * PATH_WALK];
	unsigned k = lc_graph_path(s_node, back_state, nodes, PATH_WALK); /* safe ... prev */
	for (unsigned i = nafter; i-- > 0;)
		nodes[k++] = after[i]; /* next ... unsafe */
	lc_finding_lock path[PATH_MAX_LOCKS];
	unsigned n = path_keep(nodes, k, path, PATH_MAX_LOCKS);
	report_dependency(bwd.found, usage_seen(bwd.found, back_state), fwd.found, unsafe_seen, path, n);
}

/* The class went (destroy or re-init): so do its usage bits. */
void lc_usage_forget(uint64_t class_key)
{
	usage_class *c = find_class(class_of(class_key));
	if (!c)
		return;
	HASH_DEL(classes, c);
	if (c->mask & (LC_USAGE_STATE_MASK(0, 0) | LC_USAGE_STATE_MASK(1, 0)))
		lc_usage_safe_classes--;
	lc_free(c, sizeof *c);
}

/* The graph's nodes and edges, shared by graph.c (building it),
 * graph_order.c (its topological order), graph_search.c (walking it) and
 * cycle_report.c (describing a cycle).  Everything here is touched only
 * under lc_graph_lock. */
#ifndef LC_GRAPH_TYPES_H
#define LC_GRAPH_TYPES_H

#include "engine/engine_internal.h"

#pragma GCC visibility push(hidden)

/* Dependency bits of an edge: see the rule in graph.c. */
#define DEP_SR 0x1u
#define DEP_SN 0x2u
#define DEP_ER 0x4u
#define DEP_EN 0x8u
#define DEP_FROM_E (DEP_ER | DEP_EN)
#define DEP_TO_N (DEP_SN | DEP_EN)

typedef struct lc_node lc_node;

/* Edges are allocated one by one (stable addresses), found by (from, to)
 * in graph.c's hash or in the shorter of the two nodes' lists, and know their place in both end nodes' lists so
 * removing one is O(1) however many edges a node has. */
typedef struct lc_edge {
	lc_node *from, *to;
	const void *from_addr, *to_addr;
	uint32_t out_pos, in_pos; /* index in from->out, in to->in */
	uint32_t stack;           /* stack depot id: where the edge was first seen */
	uint8_t bits;
	uint8_t from_mode, to_mode;
	const void *from_pc; /* where the held lock had been acquired then */
	uint8_t back; /* closes a cycle that is not a deadlock: outside the order */
	uint8_t hashed; /* in graph.c's edge hash (only edges between busy nodes are) */
} lc_edge;

/* A node is one (class, subclass): every nesting level its own node.  Levels
 * from LC_MAX_SUBCLASS up have key = class key and hang off the class's
 * level-0 node, so removing a class finds them without a search. */
struct lc_node {
	uint64_t key;  /* class key | subclass (below LC_MAX_SUBCLASS) */
	lc_node *next_level;
	int64_t rank;  /* place in the topological order (graph_order.c) */
	const char *name;
	const void *addr; /* first instance seen */
	lc_edge **out;
	lc_edge **in;
	uint32_t subclass;
	uint32_t nout, nin;
	uint32_t mark; /* graph_order.c's visit generation */
	uint8_t type;
	/* out and in hold 1 << log slots (log 0: no array yet); bytes, so a
	 * node fits in 128 (one per lock in a process of anonymous locks) */
	uint8_t out_log, in_log;
	/* search scratch, per arrival state: 0 = arrived by an N edge, 1 = R only */
	uint8_t par_state[2];
	unsigned long seen[2];
	lc_node *par[2];
	lc_edge *par_edge[2];
};

/* ---- the topological order (graph_order.c) ---- */
/* A new node, with no edges yet: ranked first (it is the held end of its
 * first edge) or last (the acquired end). */
void lc_order_node_added(lc_node *n, bool first);
typedef enum lc_order_result {
	LC_ORDER_OK,       /* x is now ranked before y */
	LC_ORDER_CYCLE,    /* y reaches x over ordered edges: x -> y closes a cycle */
	LC_ORDER_NO_MEMORY /* could not tell; the order is unchanged */
} lc_order_result;
/* Before adding the edge x -> y: make x rank before y, if no path y -> x
 * over ordered edges forbids it.  Only the nodes ranked between them are
 * visited. */
lc_order_result lc_order_make_room(lc_node *x, lc_node *y);
bool lc_order_before(const lc_node *x, const lc_node *y);

/* dump_graph=1: an edge about to go (its lock destroyed or freed) is kept
 * for the dump at exit, under lc_graph_lock (graph_dump.c). */
void lc_graph_dump_retire(const lc_edge *e);
/* Every edge, under lc_graph_lock (graph_dump.c). */
void lc_graph_each_edge(void (*fn)(const lc_edge *e, void *arg), void *arg);
/* The node of (class | subclass) key, or NULL (irq_usage.c walks the graph). */
lc_node *lc_graph_node(uint64_t key);

/* ---- strong-path searches (graph_search.c) ---- */
typedef enum lc_bfs_verdict {
	LC_BFS_GO,    /* keep searching, through this node */
	LC_BFS_PRUNE, /* keep searching, but not through this node */
	LC_BFS_FOUND  /* stop: this is the node */
} lc_bfs_verdict;
/* Called once per (node, state) reached, roots included. */
typedef lc_bfs_verdict (*lc_bfs_visit)(lc_node *n, unsigned state, void *arg);
/* Breadth-first from roots (all in root_state) over strong paths, along
 * out-edges (forward) or in-edges; returns the node visit said FOUND (its
 * state in *found_state, the path in the par fields) or NULL. */
lc_node *lc_graph_strong_search(lc_node *const *roots, unsigned nroots, unsigned root_state,
				bool forward, lc_bfs_visit visit, void *arg, unsigned *found_state);
/* The path to n as the last search found it, n first, up to max nodes. */
unsigned lc_graph_path(lc_node *n, unsigned state, lc_node **out, unsigned max);

/* Is there a path start -> ... -> target that the new edge target -> start
 * would close into a deadlock cycle?  start_state: 1 if the new edge
 * acquires start as a recursive read.  from_shared: target is held for read
 * on the new edge.  Returns the arrival state at target (the path is in the
 * nodes' par fields), or -1. */
int lc_graph_search(lc_node *start, unsigned start_state, lc_node *target, bool from_shared);

/* The finding for a path found by lc_graph_search; h is the held entry of
 * target ("prev"), rec/addr/mode the acquisition. */
lc_cycle *lc_cycle_build(lc_held *h, const lc_lockrec *rec, const void *addr, lc_mode mode,
			 lc_node *prev, int arrival, const lc_stack *current);

#pragma GCC visibility pop

#endif

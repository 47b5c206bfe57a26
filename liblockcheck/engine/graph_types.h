/* The graph's nodes and edges, shared by graph.c (building it),
 * graph_search.c (walking it) and cycle_report.c (describing a cycle).
 * Everything here is touched only under lc_graph_lock. */
#ifndef LC_GRAPH_TYPES_H
#define LC_GRAPH_TYPES_H

#include "engine/engine_internal.h"
#include "engine/lc_uthash.h"

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
 * in a hash, and know their place in both end nodes' lists so removing one
 * is O(1) however many edges a node has. */
typedef struct lc_edge_key {
	lc_node *from, *to;
} lc_edge_key;

typedef struct lc_edge {
	lc_edge_key key;
	lc_node *to;
	unsigned bits;
	unsigned out_pos, in_pos; /* index in key.from->out, in to->in */
	const void *from_addr, *to_addr;
	uint8_t from_mode, to_mode;
	lc_stack *stack; /* where the edge was first seen */
	const void *from_pc; /* where the held lock had been acquired then */
	UT_hash_handle hh;
} lc_edge;

struct lc_node {
	uint64_t key; /* class key | subclass */
	const char *name;
	lc_lock_type type;
	const void *addr; /* first instance seen */
	lc_edge **out;
	unsigned nout, capout;
	lc_edge **in;
	unsigned nin, capin;
	/* search scratch, per arrival state: 0 = arrived by an N edge, 1 = R only */
	unsigned long seen[2];
	lc_node *par[2];
	lc_edge *par_edge[2];
	uint8_t par_state[2];
	UT_hash_handle hh;
};

/* Edge stacks keep only their frames: a full lc_stack is mostly empty. */
#include <stddef.h>
#include <string.h>
static inline size_t lc_stack_bytes(unsigned depth)
{
	return offsetof(lc_stack, pc) + (size_t)depth * sizeof(uintptr_t);
}
static inline void lc_stack_copy(lc_stack *dst, const lc_stack *src)
{
	memcpy(dst, src, lc_stack_bytes(src->depth));
}

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

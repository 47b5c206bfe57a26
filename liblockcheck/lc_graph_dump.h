/* The lock-order graph as a list of edges, for dump_graph=1 (the engine
 * fills it, reporting writes it).  Class names are interned for the life
 * of the process; addresses name a lock nobody named. */
#ifndef LC_GRAPH_DUMP_H
#define LC_GRAPH_DUMP_H

#include <stddef.h>

#include "lc_detectors.h"

typedef struct lc_graph_end {
	const char *name; /* class name, or NULL */
	const void *addr; /* the first lock of the class seen */
	int type;         /* lc_lock_type */
} lc_graph_end;

typedef struct lc_graph_edge {
	lc_graph_end from, to; /* to was acquired while from was held */
} lc_graph_edge;

/* Every edge now in the graph, in lc_alloc memory (*bytes, for lc_free);
 * returns how many. */
unsigned lc_graph_dump(lc_graph_edge **out, size_t *bytes);
/* Where a lock was created (its init call or first use), or NULL. */
const void *lc_lock_origin(const void *lock);

#endif

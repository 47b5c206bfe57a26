/* Engine internals visible to tests and diagnostics. */
#ifndef LC_ENGINE_STATS_H
#define LC_ENGINE_STATS_H

#include <stdbool.h>

typedef struct lc_engine_stats {
	unsigned long graph_validations; /* acquisitions that went through the graph */
	unsigned long edges;             /* edges now in the graph */
	unsigned long live_locks;        /* records in the lock table */
	unsigned long live_threads;      /* threads with engine state now */
	unsigned long reentrant_drops;   /* events dropped by the reentrancy guard */
	unsigned long table_full_drops;  /* locks not tracked for lack of memory */
	unsigned long chain_cache_wipes; /* times the chain cache filled up and was emptied */
	unsigned long locks_seen;        /* locks ever tracked (verbosity=1 says it at exit) */
	unsigned long threads_seen;      /* threads ever seen */
} lc_engine_stats;

void lc_engine_get_stats(lc_engine_stats *out);
/* Every edge of the order graph, but those let in outside the order (read
 * cycles), agrees with its topological order (graph_order.c). */
bool lc_graph_order_valid(void);

#endif

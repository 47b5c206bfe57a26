/* The chain cache: the set of held-lock chains (running chain keys) already
 * validated against the graph.  A hit means every edge this acquisition
 * would add is already in the graph, so the hot path is one probe here.
 *
 * Lookups take no lock.  Inserts happen under lc_graph_lock.  When half
 * full the set is wiped (pages handed back); readers racing the wipe just
 * miss and validate again, which is correct, only slower. */
#include <sys/mman.h>

#include "engine/engine_internal.h"

#define CACHE_BITS 20
#define CACHE_SLOTS ((size_t)1 << CACHE_BITS)
#define CACHE_MASK (CACHE_SLOTS - 1)
_Static_assert(CACHE_MASK == LC_CHAIN_CACHE_MASK, "the inline lookup probes the same slots");

uint64_t *lc_chain_cache;
#define cache lc_chain_cache
static size_t cache_used;

void lc_chain_cache_insert(uint64_t key)
{
	if (!cache) {
		uint64_t *c = lc_alloc(CACHE_SLOTS * sizeof(uint64_t));
		if (!c)
			return;
		__atomic_store_n(&cache, c, __ATOMIC_RELEASE);
	}
	if ((cache_used + 1) * 2 > CACHE_SLOTS) {
		/* Wipe: zero pages come back on next touch. */
		if (madvise(cache, CACHE_SLOTS * sizeof(uint64_t), MADV_DONTNEED) != 0) {
			for (size_t i = 0; i < CACHE_SLOTS; i++)
				__atomic_store_n(&cache[i], 0, __ATOMIC_RELAXED);
		}
		cache_used = 0;
		lc_counters.chain_cache_wipes++;
	}
	size_t i = (size_t)key & CACHE_MASK;
	for (;;) {
		uint64_t k = cache[i];
		if (k == key)
			return;
		if (k == 0)
			break;
		i = (i + 1) & CACHE_MASK;
	}
	__atomic_store_n(&cache[i], key, __ATOMIC_RELEASE);
	cache_used++;
}

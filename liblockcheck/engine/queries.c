/* What the other detectors may ask about the calling thread, and the
 * engine's statistics. */
#include <string.h>

#include "engine/engine_internal.h"
#include "engine/lc_engine_stats.h"

static void fill_info(lc_held_info *out, const lc_lockrec *rec, const void *addr, int mode,
		      unsigned subclass)
{
	memset(out, 0, sizeof *out);
	out->lock = addr;
	out->class_name = rec->class_name;
	out->type = rec->type;
	out->mode = mode == LC_MODE_READ ? LC_MODE_READ : LC_MODE_WRITE;
	out->subclass = subclass;
	out->object = rec->object;
	out->object_type = rec->object_type;
}

unsigned lc_engine_held_count(void)
{
	lc_thread *t = lc_self_thread;
	if (!t)
		return 0;
	if (t->nremote)
		lc_held_prune_remote(t);
	lc_held_prune_if_stale(t);
	return t->nheld;
}

bool lc_engine_held_at(unsigned i, lc_held_info *out)
{
	lc_thread *t = lc_self_thread;
	if (!t || i >= t->nheld)
		return false;
	const lc_held *h = &t->held[i];
	fill_info(out, h->rec, h->addr, h->mode, h->subclass);
	return true;
}

bool lc_engine_lock_info(const void *lock, lc_held_info *out)
{
	lc_thread *t = lc_self_thread;
	if (t) {
		int i = lc_held_find(t, lock);
		if (i >= 0)
			return lc_engine_held_at((unsigned)i, out);
	}
	lc_lockrec *rec = lc_table_lookup(lock);
	if (!rec)
		return false;
	fill_info(out, rec, lock, LC_MODE_WRITE, 0);
	return true;
}

bool lc_engine_in_atomic(void)
{
	lc_thread *t = lc_self_thread;
	return t && (t->nspin || t->ctx_depth[LC_CTX_ATOMIC] || t->ctx_depth[LC_CTX_IRQ]);
}

unsigned lc_engine_context_depth(lc_context ctx)
{
	lc_thread *t = lc_self_thread;
	return t && (unsigned)ctx < LC_CTX_COUNT ? t->ctx_depth[ctx] : 0;
}

void lc_engine_get_stats(lc_engine_stats *out)
{
	out->graph_validations = __atomic_load_n(&lc_counters.graph_validations, __ATOMIC_RELAXED);
	out->edges = __atomic_load_n(&lc_counters.edges, __ATOMIC_RELAXED);
	out->live_locks = lc_table_live();
	out->live_threads = lc_thread_live();
	out->reentrant_drops = __atomic_load_n(&lc_counters.reentrant_drops, __ATOMIC_RELAXED);
	out->table_full_drops = __atomic_load_n(&lc_counters.table_full_drops, __ATOMIC_RELAXED);
	out->chain_cache_wipes = __atomic_load_n(&lc_counters.chain_cache_wipes, __ATOMIC_RELAXED);
	out->locks_seen = __atomic_load_n(&lc_counters.locks_seen, __ATOMIC_RELAXED);
	out->threads_seen = __atomic_load_n(&lc_counters.threads_seen, __ATOMIC_RELAXED);
}

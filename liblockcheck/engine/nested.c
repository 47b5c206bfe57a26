/* Events that arrive while the thread is already inside the library (a
 * signal handler taking a lock, or the library's own calls into intercepted
 * functions).  No internal lock may be taken here, so no lookup-with-create,
 * no graph, no report: only keep the held stack consistent when that is
 * safe, and count what had to be dropped. */
#include "engine/hot_path.h"

void lc_engine_count_drop(void)
{
	__atomic_add_fetch(&lc_counters.reentrant_drops, 1, __ATOMIC_RELAXED);
}

void lc_engine_nested_acquired(const void *lock, lc_mode mode, unsigned flags, unsigned subclass)
{
	lc_thread *t = lc_self_thread;
	lc_lockrec *rec = lc_table_lookup(lock);
	if (!t || !rec || t->mutating || t->nheld >= t->cap || t->nheld >= lc_opt.max_held) {
		if (t)
			t->dropped++; /* its release must stay quiet */
		lc_engine_count_drop();
		return;
	}
	uint64_t below = lc_chain_below(t, t->nheld);
	uint64_t key = lc_chain_next(below, rec->class_key, mode, subclass, (flags & LC_ACQ_TRY) != 0);
	lc_acq_push(t, rec, lock, mode, flags, subclass, key, NULL);
}

void lc_engine_nested_release(const void *lock)
{
	lc_thread *t = lc_self_thread;
	if (!t || t->mutating) {
		lc_engine_count_drop();
		return;
	}
	int i = lc_held_find(t, lock);
	if (i >= 0) {
		lc_held h = t->held[i];
		lc_held_remove(t, (unsigned)i);
		lc_held_disown(t, &h, NULL);
		return;
	}
	if (t->dropped)
		t->dropped--;
	else
		lc_engine_count_drop();
}



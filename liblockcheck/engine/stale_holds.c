/* Holds that ended behind their holder's back:
 *   - a lock released by a thread that does not hold it: the release is
 *     reported (unlock-not-held) by the caller; here it takes effect, as it
 *     does in the implementation (a default pthread mutex, a kernel mutex or
 *     spinlock handed to another thread): nobody holds the lock afterwards;
 *   - a lock destroyed, freed or re-initialised while held;
 *   - a lock whose lock word says free while its record says held (its
 *     memory was reused as a new lock without a destroy we saw).
 * A holder's stack belongs to its thread, so it is not touched from here:
 * the record's release_gen moves on, and the holder drops its stale entry
 * the next time it adds edges, ends, or is asked what it holds
 * (lc_held_prune_stale). */
#include "engine/engine_internal.h"

/* How many such releases (and held-lock frees) happened: while 0, no stack
 * can hold a stale entry and nobody scans. */
unsigned long lc_stale_events;

bool lc_cross_release(lc_thread *t, lc_lockrec *rec)
{
	/* A forked child unlocking what a vanished thread held: free now. */
	if ((__atomic_load_n(&rec->flags, __ATOMIC_RELAXED) & (LC_REC_ORPHANED | LC_LOCK_OWNER_CHECKED)) ==
	    LC_REC_ORPHANED)
		__atomic_and_fetch(&rec->flags, (uint8_t)~LC_REC_ORPHANED, __ATOMIC_RELAXED);
	long owner = __atomic_load_n(&rec->owner, __ATOMIC_RELAXED);
	if (!owner || owner == t->tid || (rec->flags & LC_LOCK_OWNER_CHECKED) ||
	    rec->type == LC_LOCK_MUTEX_RECURSIVE)
		return false;
	__atomic_store_n(&rec->owner_depth, 0, __ATOMIC_RELAXED);
	__atomic_store_n(&rec->owner, 0, __ATOMIC_RELAXED);
	lc_mark_stale(rec);
	return true;
}

void lc_mark_stale(lc_lockrec *rec)
{
	__atomic_add_fetch(&rec->release_gen, 1, __ATOMIC_RELEASE);
	__atomic_add_fetch(&lc_stale_events, 1, __ATOMIC_RELEASE);
}

bool lc_held_prune_stale(lc_thread *t)
{
	bool pruned = false;
	for (unsigned i = t->nheld; i-- > 0;) {
		lc_held *h = &t->held[i];
		if (__atomic_load_n(&h->rec->release_gen, __ATOMIC_ACQUIRE) == h->release_gen &&
		    __atomic_load_n(&h->rec->addr, __ATOMIC_RELAXED) == h->addr)
			continue;
		lc_held gone = *h;
		lc_held_remove(t, i);
		/* Its record is no longer ours to change: only the counts. */
		if (lc_type_spins((lc_lock_type)gone.type) && t->nspin)
			t->nspin--;
		if (lc_type_released_elsewhere((lc_lock_type)gone.type) && t->nremote)
			t->nremote--;
		pruned = true;
	}
	return pruned;
}

struct cond_waiter {
	long tid;
	const void *mutex;
	bool waits;
};

static void find_cond_waiter(lc_thread *t, void *arg)
{
	struct cond_waiter *w = arg;
	if (t->tid == w->tid && __atomic_load_n(&t->cond_wait_mutex, __ATOMIC_RELAXED) == w->mutex)
		w->waits = true;
}

/* The recorded owner is (or was last) in a condition wait on this mutex:
 * glibc released the mutex inside the wait, so others take it there. */
static bool owner_in_cond_wait(long owner, const void *mutex)
{
	struct cond_waiter w = {owner, mutex, false};
	lc_thread_for_each(find_cond_waiter, &w);
	return w.waits;
}

bool lc_lock_word_disagrees(const lc_thread *t, const lc_lockrec *rec, lc_mode mode)
{
	long owner = __atomic_load_n(&rec->owner, __ATOMIC_RELAXED);
	unsigned readers = __atomic_load_n(&rec->readers, __ATOMIC_RELAXED);
	if (__atomic_load_n(&rec->flags, __ATOMIC_RELAXED) & LC_REC_ORPHANED)
		return true; /* taken, so its lock word was reset in the child */
	if (!owner && (mode == LC_MODE_READ || !readers))
		return false;
	/* Holds that may legitimately overlap: recursion, counting semaphores. */
	if (rec->type == LC_LOCK_SEMAPHORE || rec->type == LC_LOCK_RCU)
		return false;
	if (rec->type == LC_LOCK_MUTEX_RECURSIVE && owner == t->tid)
		return false;
	if (owner && owner != t->tid && owner_in_cond_wait(owner, rec->addr))
		return false;
	return true;
}

void lc_lock_word_reset(lc_thread *t, lc_lockrec *rec)
{
	__atomic_store_n(&rec->owner_depth, 0, __ATOMIC_RELAXED);
	__atomic_store_n(&rec->owner, 0, __ATOMIC_RELAXED);
	__atomic_store_n(&rec->readers, 0, __ATOMIC_RELAXED);
	__atomic_and_fetch(&rec->flags, (uint8_t)~LC_REC_ORPHANED, __ATOMIC_RELAXED);
	lc_mark_stale(rec);
	(void)lc_held_prune_stale(t);
	/* An anonymous lock's order was the old lock's: it starts clean. */
	if (!rec->class_name) {
		lc_forget_class(rec->class_key);
		rec->class_key = lc_class_key_anonymous();
	}
}

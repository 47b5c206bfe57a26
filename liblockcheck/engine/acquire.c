/* Before-acquire, after-acquire, release: the engine's hot path (its
 * inline parts are in hot_path.h).
 *
 * Fast path of an acquisition: TLS, one lock-table probe, a few checks on
 * the record, one chain-cache probe (none at all when nothing is held), then
 * a push in after-acquire (at once, for an uncontended one).  Everything
 * that needs the graph or a report happens in lc_engine_acquire_slow, before
 * the caller blocks, so a real deadlock is reported before the process
 * hangs. */
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "engine/hot_path.h"
#include "engine/nest_lock.h"
#include "engine/site_classes.h"

__attribute__((noinline, cold)) void lc_engine_report_held_limit(lc_thread *t, const void *pc)
{
	if (t->held_limit_reported)
		return;
	t->held_limit_reported = true;
	char msg[160];
	snprintf(msg, sizeof msg,
		 "Thread holds more than %u locks (max_held); further locks are not tracked.",
		 lc_opt.max_held);
	lc_report_simple(LC_KIND_HELD_LIMIT, msg, NULL, 0, pc);
}

static void report_self_deadlock(lc_lockrec *rec, const void *lock, lc_mode mode,
				 const lc_held *h, const void *pc)
{
	if (!lc_opt.detect[LC_KIND_SELF_DEADLOCK])
		return;
	char name[160], msg[400];
	lc_lock_display(name, sizeof name, rec->class_name, rec->type, lock);
	if (h->mode == LC_MODE_READ && mode == LC_MODE_WRITE)
		snprintf(msg, sizeof msg,
			 "Self deadlock: %s is acquired for write by a thread that already holds it for read.",
			 name);
	else if (h->mode == LC_MODE_READ)
		snprintf(msg, sizeof msg,
			 "Self deadlock: %s is read-acquired again by a thread that holds it for read, and a writer queued in between would block it forever.",
			 name);
	else
		snprintf(msg, sizeof msg,
			 "Self deadlock: %s is acquired again by the thread that already holds it.", name);
	lc_finding_lock l;
	lc_finding_lock_from_rec(&l, rec, lock, mode);
	lc_report_simple(LC_KIND_SELF_DEADLOCK, msg, &l, 1, pc);
}

static void report_fork_orphaned(lc_lockrec *rec, const void *lock, lc_mode mode,
				 const void *pc)
{
	if (!lc_opt.detect[LC_KIND_FORK_ORPHANED_LOCK])
		return;
	char name[160], msg[400];
	lc_lock_display(name, sizeof name, rec->class_name, rec->type, lock);
	snprintf(msg, sizeof msg,
		 "Lock of a vanished thread: %s was held by another thread of the parent when this process was forked; no thread here can release it, so waiting for it never ends.",
		 name);
	lc_finding_lock l;
	lc_finding_lock_from_rec(&l, rec, lock, mode);
	lc_report_simple(LC_KIND_FORK_ORPHANED_LOCK, msg, &l, 1, pc);
}

static void report_recursive(lc_lockrec *rec, const void *lock, lc_mode mode, const lc_held *h,
			     const void *pc)
{
	if (!lc_opt.detect[LC_KIND_RECURSIVE_LOCKING])
		return;
	char msg[400];
	snprintf(msg, sizeof msg,
		 "Recursive locking: a second %s lock (%p) is acquired while %p of the same class is held, without a distinct subclass.",
		 rec->class_name, lock, h->addr);
	lc_finding_lock l[2];
	lc_finding_lock_from_rec(&l[0], h->rec, h->addr, h->mode);
	lc_finding_lock_from_rec(&l[1], rec, lock, mode);
	lc_report_simple(LC_KIND_RECURSIVE_LOCKING, msg, l, 2, pc);
}


/* Same class nested without a subclass (named classes only). */
static const lc_held *find_same_class(lc_thread *t, lc_lockrec *rec, const void *lock,
				      lc_mode mode, unsigned subclass)
{
	for (unsigned i = t->nheld; i-- > 0;) {
		const lc_held *h = &t->held[i];
		if (h->class_key != rec->class_key || h->subclass != subclass || h->addr == lock)
			continue;
		/* A recursive read inside a read of its class cannot wait. */
		if (h->mode == LC_MODE_READ && lc_read_recursive(t, rec, mode))
			continue;
		return h;
	}
	return NULL;
}

__attribute__((noinline)) void lc_engine_acquire_slow(lc_thread *t, lc_lockrec *rec,
						      const void *lock, lc_mode mode,
						      unsigned subclass, uint64_t *keyp,
						      bool suspicious, bool atomic_issue,
						      const void *pc)
{
	/* Edges come from every held entry: none may be a lock another thread
	 * released meanwhile.  The chain key changes with the stack. */
	if (LC_UNLIKELY(__atomic_load_n(&lc_stale_events, __ATOMIC_RELAXED)) &&
	    lc_held_prune_stale(t))
		*keyp = lc_chain_next(t->nheld ? t->held[t->nheld - 1].chain_key : 0, rec->class_key,
				      lc_chain_mode(t, rec, mode), subclass, false);
	uint64_t key = *keyp;
	if (LC_UNLIKELY(__atomic_load_n(&rec->flags, __ATOMIC_RELAXED) & LC_REC_ORPHANED)) {
		report_fork_orphaned(rec, lock, mode, pc);
		return; /* no graph work for an acquisition that cannot complete */
	}
	if (suspicious) {
		int i = lc_held_find(t, lock);
		if (i >= 0) {
			const lc_held *h = &t->held[i];
			/* Recursive mutexes nest; a counting semaphore may be taken
			 * twice by one thread. */
			bool fine = rec->type == LC_LOCK_MUTEX_RECURSIVE || rec->type == LC_LOCK_SEMAPHORE ||
				    (mode == LC_MODE_READ && h->mode == LC_MODE_READ &&
				     lc_read_recursive(t, rec, mode));
			if (!fine) {
				report_self_deadlock(rec, lock, mode, h, pc);
				return; /* no graph work for an acquisition that cannot complete */
			}
		}
	}
	if (atomic_issue)
		lc_engine_report_atomic(t, NULL, rec, lock, mode, pc);
	/* Other threads' readers, or the atomic report, brought us here: the
	 * order part may still be known (a writer waiting for readers must not
	 * take the graph lock every time). */
	if (t->nheld == t->ctx_base || lc_chain_known(rec, key))
		return;
	if (rec->class_name && !(rec->flags & LC_LOCK_NO_VALIDATE)) {
		const lc_held *h = find_same_class(t, rec, lock, mode, subclass);
		/* Under its nest lock: no report and, as in lockdep, no edges. */
		if (h && lc_nest_serializes(t, rec, lock, subclass))
			return;
		if (h && lc_site_class_name(rec->class_name))
			lc_report_site_nesting(rec, lock, mode, h, pc);
		else if (h)
			report_recursive(rec, lock, mode, h, pc);
	}
	lc_spin_lock(&lc_graph_lock);
	bool added;
	lc_cycle *c = lc_graph_validate(t, rec, lock, mode, subclass, pc, &added);
	/* Cached only once a validation found nothing new (the second time):
	 * chains seen once, like those of a lock created, taken and destroyed,
	 * do not fill the cache. */
	if (!added) {
		lc_chain_cache_insert(key);
		__atomic_or_fetch(&rec->flags, LC_REC_CACHED, __ATOMIC_RELAXED);
	}
	lc_spin_unlock(&lc_graph_lock);
	lc_usage_flush();
	if (c) {
		if (lc_opt.detect[LC_KIND_LOCK_ORDER_INVERSION])
			lc_cycle_report(c);
		else
			lc_cycle_report_discard(c);
	}
}

int lc_engine_before_acquire(const void *lock, int type, lc_mode mode, unsigned flags,
			     unsigned subclass, const void *pc)
{
	lc_thread *t = lc_thread_get();
	if (LC_UNLIKELY(!t))
		return -1;
	lc_lockrec *rec;
	uint64_t key = 0;
	bool untracked = false;
	int known = lc_acq_check(t, lock, type, mode, flags, subclass, pc, &rec, &key, &untracked);
	/* Saved for the after-acquire that follows: no second lookup. */
	t->pending_addr = lock;
	t->pending_rec = rec;
	t->pending_key = key;
	t->pending_untracked = untracked;
	return known;
}

/* After a before-acquire (the pending fields), or without one: then the
 * acquisition is only recorded, not checked. */
static __attribute__((noinline)) int after_announced(lc_thread *t, const void *lock, int type,
						      lc_mode mode, unsigned flags,
						      unsigned subclass, const void *pc)
{
	lc_lockrec *rec;
	uint64_t key;
	bool untracked;
	if (LC_LIKELY(t->pending_addr == lock && t->pending_rec)) {
		rec = t->pending_rec;
		key = t->pending_key;
		untracked = t->pending_untracked;
	} else {
		rec = lc_table_get(lock, type, LC_ACQ_LOCK_FLAGS_OF(flags), mode, pc);
		if (!rec)
			return -1;
		uint64_t below = lc_chain_below(t, t->nheld);
		key = lc_chain_next(below, rec->class_key, lc_chain_mode(t, rec, mode), subclass,
				    flags & LC_ACQ_TRY);
		untracked = t->nheld >= lc_opt.max_held;
		if (untracked)
			lc_engine_report_held_limit(t, pc);
	}
	t->pending_addr = NULL;
	if (flags & LC_ACQ_FAILED)
		return rec->type;
	/* A trylock worked, yet the lock is recorded as held: the lock word
	 * was reset.  (A blocking acquisition is not judged so: annotations
	 * may describe overlapping holds the implementation allows.) */
	if (LC_UNLIKELY((flags & LC_ACQ_TRY) && lc_lock_word_disagrees(t, rec, mode))) {
		lc_lock_word_reset(t, rec);
		key = lc_chain_next(t->nheld ? t->held[t->nheld - 1].chain_key : 0, rec->class_key,
				    lc_chain_mode(t, rec, mode), subclass, true);
	}
	if (LC_UNLIKELY(untracked || !lc_thread_reserve(t))) {
		t->untracked++;
		return rec->type;
	}
	lc_acq_push(t, rec, lock, mode, flags, subclass, key, pc);
	return rec->type;
}

/* Two adjacent unsigned counters of the thread, tested with one load. */
static inline uint64_t two_counts(const unsigned *first)
{
	uint64_t v;
	memcpy(&v, first, sizeof v);
	return v;
}
_Static_assert(offsetof(lc_thread, nremote) == offsetof(lc_thread, nspin) + sizeof(unsigned),
	       "nspin and nremote are read as one word");
_Static_assert(LC_CTX_IRQ == LC_CTX_ATOMIC + 1, "atomic and irq depths are read as one word");

/* The common uncontended acquisition, decided on reads alone: true once
 * pushed; false, with nothing changed, when the checks must run (first
 * use, held limit, this thread owns it, a writer or readers that exclude
 * this acquisition, atomic context, usage not yet recorded, a chain not
 * yet validated, spin/remote types, a stack to grow).  Other readers of a
 * lock whose reads are recursive (reader-preferring) do not send a read
 * here to the full checks: they would find nothing either (no self-deadlock
 * is possible, the lock word agrees). */
static inline __attribute__((always_inline)) bool uncontended_fast(const void *lock, lc_mode mode,
								   unsigned flags, const void *pc)
{
	lc_thread *t = lc_self_thread;
	if (LC_UNLIKELY(!t || two_counts(&t->nspin)))
		return false;
	lc_lockrec *rec = lc_table_lookup(lock);
	if (LC_UNLIKELY(!rec))
		return false;
	unsigned n = t->nheld;
	if (LC_UNLIKELY(n >= lc_opt.max_held || n >= t->cap))
		return false;
	if (LC_UNLIKELY(((LC_TYPES_COUNTED >> rec->type) & 1) ||
			__atomic_load_n(&rec->owner, __ATOMIC_RELAXED) != 0 ||
			two_counts(&t->ctx_depth[LC_CTX_ATOMIC])))
		return false;
	if (LC_UNLIKELY(__atomic_load_n(&rec->readers, __ATOMIC_RELAXED)) &&
	    !lc_read_recursive(t, rec, mode))
		return false;
	if (LC_UNLIKELY(lc_sig_is_new(t, rec, lock)) ||
	    (LC_UNLIKELY(rec->class_name != NULL) && lc_usage_is_new(t, rec, lock, mode, false)))
		return false;
	/* The mode alone makes the key (lc_chain_mode): spinning rwlocks, whose
	 * reads it marks, are counted types and never come this far. */
	uint64_t key = lc_chain_next(lc_chain_below(t, n), rec->class_key, mode, 0, false);
	if (n > t->ctx_base && LC_UNLIKELY(!lc_chain_known(rec, key)))
		return false;
	lc_acq_push(t, rec, lock, mode, flags, 0, key, pc);
	return true;
}

/* Taken at once: the checks of a before-acquire, then the push. */
static __attribute__((noinline)) int uncontended_checked(const void *lock, int type, lc_mode mode,
							 unsigned flags, const void *pc)
{
	lc_thread *t = lc_thread_get();
	if (LC_UNLIKELY(!t))
		return -1;
	lc_lockrec *rec;
	uint64_t key = 0;
	bool untracked = false;
	int known = lc_acq_check(t, lock, type, mode, flags, 0, pc, &rec, &key, &untracked);
	if (LC_UNLIKELY(!rec))
		return -1;
	if (LC_UNLIKELY(untracked || !lc_thread_reserve(t))) {
		t->untracked++;
		return known;
	}
	lc_acq_push(t, rec, lock, mode, flags, 0, key, pc);
	return known;
}

static __attribute__((noinline)) int after_acquire_full(const void *lock, int type, lc_mode mode,
							unsigned flags, unsigned subclass,
							const void *pc)
{
	if (flags & LC_EV_NESTED) {
		lc_engine_nested_acquired(lock, mode, flags, subclass);
		return -1;
	}
	if (flags & LC_ACQ_UNCONTENDED)
		return uncontended_checked(lock, type, mode, flags, pc);
	lc_thread *t = lc_thread_get();
	if (LC_UNLIKELY(!t))
		return -1;
	return after_announced(t, lock, type, mode, flags, subclass, pc);
}

/* A blocking acquisition after its before-acquire (the lock was busy):
 * what after_announced does when the pending record is there and there is
 * room on the stack, without its calls.  False, with nothing changed,
 * otherwise. */
static inline __attribute__((always_inline)) bool announced_fast(const void *lock, lc_mode mode,
								 unsigned flags, unsigned subclass,
								 const void *pc, int *typep)
{
	lc_thread *t = lc_self_thread;
	if (LC_UNLIKELY(!t || t->pending_addr != lock))
		return false;
	lc_lockrec *rec = t->pending_rec;
	if (LC_UNLIKELY(!rec || t->pending_untracked || t->nheld >= t->cap))
		return false;
	t->pending_addr = NULL;
	lc_acq_push(t, rec, lock, mode, flags, subclass, t->pending_key, pc);
	*typep = rec->type;
	return true;
}

/* The fast paths are leaves; everything else is a tail call, so the common
 * case saves no registers. */
int lc_engine_after_acquire(const void *lock, int type, lc_mode mode, unsigned flags,
			    unsigned subclass, const void *pc)
{
	unsigned kind = flags & (LC_ACQ_UNCONTENDED | LC_EV_NESTED | LC_ACQ_FAILED | LC_ACQ_TRY |
				 LC_ACQ_FAST_DECLINED);
	if (LC_LIKELY(kind == LC_ACQ_UNCONTENDED) && LC_LIKELY(uncontended_fast(lock, mode, flags, pc)))
		return type;
	if (kind == 0 && LC_LIKELY(announced_fast(lock, mode, flags, subclass, pc, &type)))
		return type;
	return after_acquire_full(lock, type, mode, flags, subclass, pc);
}

/* Who holds it, if anyone: a double unlock ("not held by anyone", last
 * released there) reads differently from releasing another thread's lock
 * (held by thread T, acquired there). */
static __attribute__((noinline, cold)) void report_unlock_not_held(lc_thread *t, lc_lockrec *rec,
								    const void *lock, const void *pc)
{
	if (!lc_opt.detect[LC_KIND_UNLOCK_NOT_HELD])
		return;
	char name[160], msg[400], label[96];
	lc_lock_display(name, sizeof name, rec ? rec->class_name : NULL,
			rec ? rec->type : LC_LOCK_MUTEX, lock);
	long owner = rec ? __atomic_load_n(&rec->owner, __ATOMIC_RELAXED) : 0;
	unsigned readers = rec ? __atomic_load_n(&rec->readers, __ATOMIC_RELAXED) : 0;
	const void *site = rec ? lc_rec_site(rec) : NULL;
	lc_stack st;
	lc_stack_of_pc(&st, site);
	lc_finding_stack extra = {.label = label, .stack = &st};
	label[0] = 0;
	if (owner && owner != t->tid) {
		snprintf(msg, sizeof msg,
			 "Unlock of a lock not held: %s is released by thread %ld but held by thread %ld.",
			 name, t->tid, owner);
		snprintf(label, sizeof label, "held by thread %ld: acquired", owner);
	} else if (readers) {
		snprintf(msg, sizeof msg,
			 "Unlock of a lock not held: %s is released by thread %ld, which does not hold it; "
			 "%u thread%s hold it for read.",
			 name, t->tid, readers, readers == 1 ? "" : "s");
		st.depth = 0;
	} else {
		snprintf(msg, sizeof msg,
			 "Unlock of a lock not held: %s is released by thread %ld; it is not held by anyone%s.",
			 name, t->tid, site ? " (it was released before)" : " (it was never locked)");
		snprintf(label, sizeof label, "last released");
	}
	lc_finding_lock l;
	lc_finding_lock_from_rec(&l, rec, lock, -1);
	lc_report_with(LC_KIND_UNLOCK_NOT_HELD, msg, &l, 1, pc, &extra, 1);
}

/* Not the innermost lock: out of line, so the fast path saves few registers. */
static __attribute__((noinline)) void release_slow(lc_thread *t, const void *lock, const void *pc)
{
	int i = lc_held_find(t, lock);
	if (i >= 0) {
		lc_held h = t->held[i];
		lc_held_remove(t, (unsigned)i);
		lc_held_disown(t, &h, pc);
		return;
	}
	lc_lockrec *rec = lc_table_lookup(lock);
	if (rec && lc_type_released_elsewhere(rec->type)) {
		/* Page locks end with I/O completion; semaphores have no owner. */
		if (__atomic_load_n(&rec->owner, __ATOMIC_RELAXED)) {
			__atomic_store_n(&rec->owner_depth, 0, __ATOMIC_RELAXED);
			__atomic_store_n(&rec->owner, 0, __ATOMIC_RELAXED);
		} else if (__atomic_load_n(&rec->readers, __ATOMIC_RELAXED)) {
			__atomic_sub_fetch(&rec->readers, 1, __ATOMIC_RELAXED);
		}
		__atomic_add_fetch(&rec->release_gen, 1, __ATOMIC_RELEASE);
		return;
	}
	if (t->untracked) {
		t->untracked--;
		return;
	}
	if (t->dropped) {
		t->dropped--;
		return;
	}
	/* Memory ran out at some point: it may have been taken untracked. */
	if (lc_out_of_memory_count())
		return;
	report_unlock_not_held(t, rec, lock, pc);
	if (rec)
		(void)lc_cross_release(t, rec);
}

static __attribute__((noinline)) void release_full(const void *lock, unsigned flags,
						   const void *pc)
{
	if (LC_UNLIKELY(flags & LC_EV_NESTED)) {
		lc_engine_nested_release(lock);
		return;
	}
	lc_thread *t = lc_thread_get();
	if (LC_UNLIKELY(!t))
		return;
	if (LC_UNLIKELY(t->nremote))
		lc_held_prune_remote(t);
	unsigned n = t->nheld;
	if (n && t->held[n - 1].addr == lock) {
		lc_held h = t->held[n - 1];
		t->nheld = n - 1; /* one store: a signal handler sees before or after */
		lc_held_disown(t, &h, pc);
		return;
	}
	release_slow(t, lock, pc);
}

/* The innermost lock of a thread with no remote-released locks: true once
 * popped and disowned; false, with nothing changed, otherwise. */
static inline __attribute__((always_inline)) bool release_innermost(const void *lock,
								    const void *pc)
{
	lc_thread *t = lc_self_thread;
	if (LC_LIKELY(t && !t->nremote)) {
		unsigned n = t->nheld;
		if (LC_LIKELY(n && t->held[n - 1].addr == lock)) {
			lc_held h = t->held[n - 1];
			t->nheld = n - 1; /* one store: a signal handler sees before or after */
			lc_held_disown(t, &h, pc);
			return true;
		}
	}
	return false;
}

/* The innermost lock inline (a leaf), anything else a tail call. */
void lc_engine_release(const void *lock, unsigned flags, const void *pc)
{
	if (LC_LIKELY(!flags) && LC_LIKELY(release_innermost(lock, pc)))
		return;
	release_full(lock, flags, pc);
}

/* The gate's direct calls (lc_detectors.h, lc_fast_events.h): the same
 * fast paths as lc_engine_after_acquire's and lc_engine_release's. */
bool lc_engine_fast_acquired(const void *lock, lc_mode mode, const void *pc)
{
	return uncontended_fast(lock, mode, LC_ACQ_UNCONTENDED, pc);
}

bool lc_engine_fast_release(const void *lock, const void *pc)
{
	return release_innermost(lock, pc);
}

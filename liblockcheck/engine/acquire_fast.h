/* The acquisition and release fast paths, inline: core/events.c takes them
 * into its event functions (no call layer between guard and engine), and
 * engine/acquire.c wraps them as the lc_engine_* entry points; nested.c
 * shares the push.  Only those files include this. */
#ifndef LC_ENGINE_ACQUIRE_FAST_H
#define LC_ENGINE_ACQUIRE_FAST_H

#include "engine/engine_internal.h"

#pragma GCC visibility push(hidden)

/* The out-of-line parts (acquire.c). */
void lc_engine_report_held_limit(lc_thread *t);
void lc_engine_acquire_slow(lc_thread *t, lc_lockrec *rec, const void *lock, lc_mode mode,
			    unsigned subclass, uint64_t key, bool suspicious, bool atomic_issue);
void lc_engine_release_slow(lc_thread *t, const void *lock);

/* The checks before an acquisition.  Sets *recp (NULL: untracked), *keyp
 * and *untrackedp for the push; returns the lock's type, or -1. */
static inline __attribute__((always_inline)) int lc_acq_check(lc_thread *t, const void *lock,
							 lc_mode mode, unsigned flags,
							 unsigned subclass, lc_lockrec **recp,
							 uint64_t *keyp, bool *untrackedp)
{
	if (LC_UNLIKELY(t->nremote))
		lc_held_prune_remote(t);
	lc_lockrec *rec = lc_table_get(lock, mode);
	*recp = rec;
	if (LC_UNLIKELY(!rec))
		return -1;
	unsigned nheld = t->nheld;
	if (LC_UNLIKELY(nheld >= lc_opt.max_held)) {
		*untrackedp = true;
		lc_engine_report_held_limit(t);
		return (int)rec->type;
	}
	*untrackedp = false;
	bool try_acq = flags & LC_ACQ_TRY;
	uint64_t below = nheld ? t->held[nheld - 1].chain_key : 0;
	uint64_t key = lc_chain_next(below, rec->class_key, mode, subclass, try_acq);
	*keyp = key;
	int type = rec->type;
	/* A trylock never waits: it can neither deadlock nor sleep. */
	if (try_acq)
		return type;
	long owner = __atomic_load_n(&rec->owner, __ATOMIC_RELAXED);
	bool self = owner == t->tid;
	/* Nor does re-taking a recursive mutex this thread owns. */
	if (self && type == LC_LOCK_MUTEX_RECURSIVE)
		return type;
	bool suspicious = self || (__atomic_load_n(&rec->readers, __ATOMIC_RELAXED) &&
				   !(mode == LC_MODE_READ && lc_reader_preferring(rec)));
	bool atomic_issue = (t->nspin || t->ctx_depth[LC_CTX_ATOMIC] || t->ctx_depth[LC_CTX_IRQ]) &&
			    lc_type_sleeps((lc_lock_type)type);
	if (LC_LIKELY(!suspicious && !atomic_issue)) {
		if (nheld == 0)
			return type; /* nothing held: no edge, no nesting */
		if (LC_LIKELY(lc_chain_cache_contains(key)))
			return type;
	}
	lc_engine_acquire_slow(t, rec, lock, mode, subclass, key, suspicious, atomic_issue);
	return type;
}

static inline __attribute__((always_inline)) void lc_acq_push(lc_thread *t, lc_lockrec *rec,
							     const void *lock, lc_mode mode,
							     unsigned flags, unsigned subclass,
							     uint64_t key)
{
	t->mutating = 1;
	__atomic_signal_fence(__ATOMIC_SEQ_CST);
	lc_held *h = &t->held[t->nheld];
	h->rec = rec;
	h->addr = lock;
	h->class_key = rec->class_key;
	h->chain_key = key;
	h->subclass = subclass;
	h->mode = (uint8_t)mode;
	h->try_acq = (flags & LC_ACQ_TRY) != 0;
	h->type = (uint8_t)rec->type;
	h->release_gen = __atomic_load_n(&rec->release_gen, __ATOMIC_ACQUIRE);
	t->nheld++;
	__atomic_signal_fence(__ATOMIC_SEQ_CST);
	t->mutating = 0;
	if (mode == LC_MODE_WRITE) {
		if (__atomic_load_n(&rec->owner, __ATOMIC_RELAXED) == t->tid) {
			__atomic_store_n(&rec->owner_depth, __atomic_load_n(&rec->owner_depth, __ATOMIC_RELAXED) + 1, __ATOMIC_RELAXED);
		} else {
			__atomic_store_n(&rec->owner_depth, 1, __ATOMIC_RELAXED);
			__atomic_store_n(&rec->owner, t->tid, __ATOMIC_RELAXED);
		}
	} else {
		__atomic_add_fetch(&rec->readers, 1, __ATOMIC_RELAXED);
	}
	if (LC_UNLIKELY((LC_TYPES_COUNTED >> rec->type) & 1)) {
		if (lc_type_spins(rec->type))
			t->nspin++;
		if (lc_type_released_elsewhere(rec->type))
			t->nremote++;
	}
}

/* Check and push in one: the lock is already taken (its trylock worked). */
static inline __attribute__((always_inline)) int lc_acquired_uncontended_inline(const void *lock,
										    lc_mode mode)
{
	lc_thread *t = lc_thread_get();
	if (LC_UNLIKELY(!t))
		return -1;
	lc_lockrec *rec;
	uint64_t key = 0;
	bool untracked = false;
	int type = lc_acq_check(t, lock, mode, 0, 0, &rec, &key, &untracked);
	if (LC_UNLIKELY(!rec))
		return -1;
	t->pending_addr = NULL;
	if (LC_UNLIKELY(untracked || !lc_thread_reserve(t))) {
		t->untracked++;
		return type;
	}
	lc_acq_push(t, rec, lock, mode, 0, 0, key);
	return type;
}

/* Release: the innermost lock inline, anything else out of line. */
static inline __attribute__((always_inline)) void lc_release_inline(const void *lock)
{
	lc_thread *t = lc_thread_get();
	if (LC_UNLIKELY(!t))
		return;
	if (LC_UNLIKELY(t->nremote))
		lc_held_prune_remote(t);
	unsigned n = t->nheld;
	if (LC_LIKELY(n && t->held[n - 1].addr == lock)) {
		lc_held h = t->held[n - 1];
		t->nheld = n - 1; /* one store: a signal handler sees before or after */
		lc_held_disown(t, &h);
		return;
	}
	lc_engine_release_slow(t, lock);
}

/* The common uncontended acquisition, decided on reads alone: true once
 * pushed; false, with nothing changed, when the full path must run (first
 * use, held limit, this thread owns it, readers, atomic context, a chain
 * not yet validated, spin/remote types, a stack to grow). */
static inline __attribute__((always_inline)) bool lc_acquired_uncontended_fast(const void *lock,
										  lc_mode mode)
{
	lc_thread *t = lc_self_thread;
	if (LC_UNLIKELY(!t || t->nremote))
		return false;
	lc_lockrec *rec = lc_table_lookup(lock);
	if (LC_UNLIKELY(!rec))
		return false;
	unsigned n = t->nheld;
	if (LC_UNLIKELY(n >= lc_opt.max_held || n >= t->cap))
		return false;
	if (LC_UNLIKELY(((LC_TYPES_COUNTED >> rec->type) & 1) ||
			__atomic_load_n(&rec->owner, __ATOMIC_RELAXED) == t->tid ||
			__atomic_load_n(&rec->readers, __ATOMIC_RELAXED) || t->nspin ||
			t->ctx_depth[LC_CTX_ATOMIC] || t->ctx_depth[LC_CTX_IRQ]))
		return false;
	uint64_t key = lc_chain_next(n ? t->held[n - 1].chain_key : 0, rec->class_key, mode, 0,
				     false);
	if (n && LC_UNLIKELY(!lc_chain_cache_contains(key)))
		return false;
	/* lc_acq_push, less what the checks above ruled out (an owner
	 * recursion, a counted type).  pending_* is left alone: only an
	 * acquire sets it, for the acquired that follows. */
	t->mutating = 1;
	__atomic_signal_fence(__ATOMIC_SEQ_CST);
	lc_held *h = &t->held[n];
	h->rec = rec;
	h->addr = lock;
	h->class_key = rec->class_key;
	h->chain_key = key;
	h->subclass = 0;
	h->mode = (uint8_t)mode;
	h->try_acq = 0;
	h->type = rec->type;
	h->release_gen = __atomic_load_n(&rec->release_gen, __ATOMIC_ACQUIRE);
	t->nheld = n + 1;
	__atomic_signal_fence(__ATOMIC_SEQ_CST);
	t->mutating = 0;
	if (mode == LC_MODE_WRITE) {
		__atomic_store_n(&rec->owner_depth, 1, __ATOMIC_RELAXED);
		__atomic_store_n(&rec->owner, t->tid, __ATOMIC_RELAXED);
	} else {
		__atomic_add_fetch(&rec->readers, 1, __ATOMIC_RELAXED);
	}
	return true;
}

/* The common release: the innermost entry, a write hold of depth one on a
 * plain type.  False, with nothing changed, for anything else. */
static inline __attribute__((always_inline)) bool lc_release_fast(const void *lock)
{
	lc_thread *t = lc_self_thread;
	if (LC_UNLIKELY(!t || t->nremote))
		return false;
	unsigned n = t->nheld;
	if (LC_UNLIKELY(!n))
		return false;
	const lc_held *h = &t->held[n - 1];
	lc_lockrec *r = h->rec;
	if (LC_UNLIKELY(h->addr != lock || h->mode != LC_MODE_WRITE ||
			((LC_TYPES_COUNTED >> h->type) & 1) ||
			__atomic_load_n(&r->addr, __ATOMIC_RELAXED) != lock ||
			__atomic_load_n(&r->owner, __ATOMIC_RELAXED) != t->tid ||
			__atomic_load_n(&r->owner_depth, __ATOMIC_RELAXED) > 1))
		return false;
	t->nheld = n - 1; /* one store: a signal handler sees before or after */
	__atomic_store_n(&r->owner_depth, 0, __ATOMIC_RELAXED);
	__atomic_store_n(&r->owner, 0, __ATOMIC_RELEASE);
	return true;
}

#pragma GCC visibility pop

#endif

/* The acquisition and release hot path, inline: the checks before an
 * acquisition, the one push onto the held stack and the one disown that
 * undoes it.  acquire.c builds the engine's entry points from them,
 * nested.c and lifecycle.c reuse push and disown. */
#ifndef LC_ENGINE_HOT_PATH_H
#define LC_ENGINE_HOT_PATH_H

#include "engine/engine_internal.h"
#include "engine/irq_usage.h"
#include "engine/wait_context.h"

#pragma GCC visibility push(hidden)

/* The out-of-line parts (acquire.c). */
void lc_engine_report_held_limit(lc_thread *t, const void *pc);
void lc_engine_acquire_slow(lc_thread *t, lc_lockrec *rec, const void *lock, lc_mode mode,
			    unsigned subclass, uint64_t *keyp, bool suspicious, bool atomic_issue,
			    const void *pc);

/* The checks before an acquisition: a lock-table probe, a few reads of the
 * record and, with locks held, one chain-cache probe; anything else goes to
 * lc_engine_acquire_slow.  Sets *recp (NULL: untracked), *keyp and
 * *untrackedp for the push; returns the lock's type, or -1. */
static inline __attribute__((always_inline)) int lc_acq_check(lc_thread *t, const void *lock,
							 int type_hint, lc_mode mode,
							 unsigned flags, unsigned subclass,
							 const void *pc, lc_lockrec **recp,
							 uint64_t *keyp, bool *untrackedp)
{
	if (LC_UNLIKELY(t->nremote))
		lc_held_prune_remote(t);
	lc_lockrec *rec = lc_table_get(lock, type_hint, LC_ACQ_LOCK_FLAGS_OF(flags), mode, pc);
	*recp = rec;
	if (LC_UNLIKELY(!rec))
		return -1;
	/* Already taken, yet recorded as held: the lock word was reset. */
	if ((flags & LC_ACQ_UNCONTENDED) && LC_UNLIKELY(lc_lock_word_disagrees(t, rec, mode)))
		lc_lock_word_reset(t, rec);
	unsigned nheld = t->nheld;
	if (LC_UNLIKELY(nheld >= lc_opt.max_held)) {
		*untrackedp = true;
		lc_engine_report_held_limit(t, pc);
		return (int)rec->type;
	}
	*untrackedp = false;
	bool try_acq = flags & LC_ACQ_TRY;
	uint64_t below = lc_chain_below(t, nheld);
	uint64_t key = lc_chain_next(below, rec->class_key, lc_chain_mode(t, rec, mode), subclass, try_acq);
	*keyp = key;
	int type = rec->type;
	/* An interrupt state this lock has not been seen in (irq_usage.h). */
	if (LC_UNLIKELY(lc_usage_is_new(t, rec, lock, mode, try_acq)))
		lc_usage_acquire_slow(t, rec, lock, mode, try_acq, pc);
	/* A trylock never waits: it can neither deadlock nor sleep. */
	if (try_acq)
		return type;
	/* Signal state this lock has not been seen in (0 without handlers). */
	if (LC_UNLIKELY(lc_sig_is_new(t, rec, lock)))
		lc_sig_acquire_slow(t, rec, lock, mode, pc);
	long owner = __atomic_load_n(&rec->owner, __ATOMIC_RELAXED);
	bool self = owner == t->tid;
	/* Nor does re-taking a recursive mutex this thread owns. */
	if (self && type == LC_LOCK_MUTEX_RECURSIVE)
		return type;
	/* A forked child waiting for a lock of a thread it does not have. */
	bool orphan = (__atomic_load_n(&rec->flags, __ATOMIC_RELAXED) & LC_REC_ORPHANED) &&
		      !(flags & LC_ACQ_UNCONTENDED);
	bool suspicious = self || orphan || (__atomic_load_n(&rec->readers, __ATOMIC_RELAXED) &&
				   !lc_read_recursive(t, rec, mode));
	bool atomic_issue = (t->nspin || t->ctx_depth[LC_CTX_ATOMIC] || t->ctx_depth[LC_CTX_IRQ]) &&
			    lc_type_sleeps((lc_lock_type)type);
	/* Wait types (prove_raw_lock_nesting): only where something is held or
	 * the context limits; a sleeping lock there is blocking-in-atomic. */
	if (LC_UNLIKELY(lc_opt.prove_raw_lock_nesting) && !atomic_issue &&
	    (t->nspin || t->ctx_depth[LC_CTX_ATOMIC]))
		lc_wait_context_check(t, rec, lock, mode, pc);
	if (LC_LIKELY(!suspicious && !atomic_issue)) {
		if (nheld == t->ctx_base)
			return type; /* nothing held in this context: no edge, no nesting */
		if (LC_LIKELY(lc_chain_known(rec, key)))
			return type;
	}
	lc_engine_acquire_slow(t, rec, lock, mode, subclass, keyp, suspicious, atomic_issue, pc);
	return type;
}

/* The one push: the entry, then what holding it means on the record. */
static inline __attribute__((always_inline)) void lc_acq_push(lc_thread *t, lc_lockrec *rec,
							     const void *lock, lc_mode mode,
							     unsigned flags, unsigned subclass,
							     uint64_t key, const void *pc)
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
	h->irq_ctx = t->irq_ctx;
	h->release_gen = __atomic_load_n(&rec->release_gen, __ATOMIC_ACQUIRE);
	h->pc = pc;
	t->nheld++;
	__atomic_signal_fence(__ATOMIC_SEQ_CST);
	t->mutating = 0;
	if (mode == LC_MODE_WRITE) {
		if (LC_UNLIKELY(__atomic_load_n(&rec->owner, __ATOMIC_RELAXED) == t->tid)) {
			uint16_t d = __atomic_load_n(&rec->owner_depth, __ATOMIC_RELAXED);
			if (LC_LIKELY(d != UINT16_MAX))
				__atomic_store_n(&rec->owner_depth, (uint16_t)(d + 1), __ATOMIC_RELAXED);
		} else {
			__atomic_store_n(&rec->owner_depth, 1, __ATOMIC_RELAXED);
			__atomic_store_n(&rec->owner, t->tid, __ATOMIC_RELAXED);
			lc_rec_set_site(rec, pc);
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

/* The one disown: undo what holding the entry set on its record (owner,
 * readers) and on the thread (counts).  The entry is already off the stack.
 * pc: the release call's caller (the record's site), or NULL. */
static inline __attribute__((always_inline)) void lc_held_disown(lc_thread *t, const lc_held *h,
								 const void *pc)
{
	lc_lockrec *r = h->rec;
	if (LC_LIKELY(__atomic_load_n(&r->addr, __ATOMIC_RELAXED) == h->addr)) {
		if (h->mode == LC_MODE_READ) {
			if (__atomic_load_n(&r->readers, __ATOMIC_RELAXED) > 0)
				__atomic_sub_fetch(&r->readers, 1, __ATOMIC_RELAXED);
		} else if (__atomic_load_n(&r->owner, __ATOMIC_RELAXED) == t->tid) {
			unsigned depth = __atomic_load_n(&r->owner_depth, __ATOMIC_RELAXED);
			if (LC_LIKELY(depth <= 1)) {
				__atomic_store_n(&r->owner_depth, 0, __ATOMIC_RELAXED);
				if (pc)
					lc_rec_set_site(r, pc);
				__atomic_store_n(&r->owner, 0, __ATOMIC_RELEASE);
			} else {
				__atomic_store_n(&r->owner_depth, (uint16_t)(depth - 1), __ATOMIC_RELAXED);
			}
		}
	}
	if (LC_UNLIKELY((LC_TYPES_COUNTED >> h->type) & 1)) {
		if (lc_type_spins((lc_lock_type)h->type) && t->nspin)
			t->nspin--;
		if (lc_type_released_elsewhere((lc_lock_type)h->type) && t->nremote)
			t->nremote--;
	}
}

#pragma GCC visibility pop

#endif

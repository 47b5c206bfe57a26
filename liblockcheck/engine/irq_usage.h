/* Usage bits of a lock class, lockdep's encoding: bit = state * 4 + dir * 2
 * + read, where state is hardirq or softirq, dir is "used in that context"
 * (the class is irq-safe) or "taken with it enabled" (irq-unsafe), read is a
 * read acquisition.  Spinning locks and named classes carry them (a named
 * mutex can be the irq-unsafe end of a dependency); anonymous pthread locks
 * do not, so an unannotated program keeps no usage stacks. */
#ifndef LC_IRQ_USAGE_H
#define LC_IRQ_USAGE_H

#include "engine/engine_internal.h"

#pragma GCC visibility push(hidden)

enum { LC_USAGE_HARDIRQ = 0, LC_USAGE_SOFTIRQ = 1, LC_USAGE_STATES = 2 };
enum { LC_USAGE_USED_IN = 0, LC_USAGE_ENABLED = 1 };
#define LC_USAGE_BIT(state, dir, read) (1u << ((state) * 4 + (dir) * 2 + (read)))
#define LC_USAGE_NBITS 8
/* Every USED_IN (resp. ENABLED) bit of one state, read or not. */
#define LC_USAGE_STATE_MASK(state, dir) \
	(LC_USAGE_BIT(state, dir, 0) | LC_USAGE_BIT(state, dir, 1))

/* A new thread starts in process context with interrupts enabled. */
void lc_irq_state_init(lc_thread *t);

/* What this thread already recorded for a lock (its usage cache): irq
 * usage bits in the low byte, signal usage (sig_want) above. */
static inline unsigned lc_usage_slot(const void *lock)
{
	uintptr_t a = (uintptr_t)lock;
	return (unsigned)((a >> 4) ^ (a >> 12)) & (LC_USAGE_CACHE - 1);
}
static inline uint32_t lc_usage_known(const lc_thread *t, const void *lock, const lc_lockrec *rec)
{
	const __typeof__(t->usage_cache[0]) *e = &t->usage_cache[lc_usage_slot(lock)];
	return e->addr == lock && e->class_key == rec->class_key ? e->bits : 0;
}
static inline void lc_usage_remember(lc_thread *t, const void *lock, const lc_lockrec *rec,
				     uint32_t bits)
{
	__typeof__(t->usage_cache[0]) *e = &t->usage_cache[lc_usage_slot(lock)];
	if (e->addr != lock || e->class_key != rec->class_key) {
		e->addr = lock;
		e->class_key = rec->class_key;
		e->bits = 0;
	}
	e->bits |= bits;
}

/* The acquisition check's test: would this acquisition mark anything new? */
static inline bool lc_usage_is_new(const lc_thread *t, const lc_lockrec *rec, const void *lock,
				   lc_mode mode, bool try_acq)
{
	return (lc_type_spins((lc_lock_type)rec->type) || rec->class_name) &&
	       (t->usage_want[(unsigned)try_acq << 1 | (unsigned)mode] &
		~lc_usage_known(t, lock, rec) & 0xffu);
}

/* Signal state this lock has not been recorded in (never while no handler
 * is installed: sig_want is 0). */
static inline bool lc_sig_is_new(const lc_thread *t, const lc_lockrec *rec, const void *lock)
{
	return LC_UNLIKELY(t->sig_want) &&
	       ((uint32_t)t->sig_want << 8 & ~lc_usage_known(t, lock, rec));
}

#pragma GCC visibility pop

#endif

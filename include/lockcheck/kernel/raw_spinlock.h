/* raw_spinlock_t and lockdep's wait types (part of lockcheck/kernel.h).
 *
 * raw_spinlock_t spins on every kernel; spinlock_t and rwlock_t become
 * sleeping locks on PREEMPT_RT.  The checker knows the difference
 * (LOCKCHECK_RAW_SPINLOCK): with prove_raw_lock_nesting=1, a spinlock_t
 * taken inside a raw_spinlock_t is an invalid-wait-context report, as with
 * the kernel's CONFIG_PROVE_RAW_LOCK_NESTING. */
#ifndef LOCKCHECK_KERNEL_RAW_SPINLOCK_H
#define LOCKCHECK_KERNEL_RAW_SPINLOCK_H
#ifndef LOCKCHECK_KERNEL_H
#error "include lockcheck/kernel.h"
#endif

typedef struct raw_spinlock { KSHIM__MEMBERS } raw_spinlock_t;
#define __RAW_SPIN_LOCK_UNLOCKED(name) { .w = KSHIM_WORD_INIT(#name) }
#define DEFINE_RAW_SPINLOCK(x) raw_spinlock_t x = __RAW_SPIN_LOCK_UNLOCKED(x)

LOCKCHECK_NAMES(3)
static inline void raw_spin_lock_init_class(raw_spinlock_t *l, const char *name, const void *object,
					    const char *object_type)
{
	kshim__init(l, &l->w, LOCKCHECK_RAW_SPINLOCK, name, object, object_type);
}
#define raw_spin_lock_init(l) raw_spin_lock_init_class((l), #l, 0, 0)
static inline void raw_spin_lock_nested(raw_spinlock_t *l, unsigned sub)
{
	KSHIM__LOCK(l, LOCKCHECK_RAW_SPINLOCK, LOCKCHECK_WRITE, sub, kshim__lock_write);
}
static inline void raw_spin_lock(raw_spinlock_t *l) { raw_spin_lock_nested(l, 0); }
static inline int raw_spin_trylock(raw_spinlock_t *l)
{
	return kshim__trylock(l, &l->w, LOCKCHECK_RAW_SPINLOCK, LOCKCHECK_WRITE);
}
static inline void raw_spin_unlock(raw_spinlock_t *l) { kshim__release(l, &l->w, LOCKCHECK_RAW_SPINLOCK); }
static inline int raw_spin_is_locked(raw_spinlock_t *l) { return __atomic_load_n(&l->w.v, __ATOMIC_RELAXED) != 0; }
KSHIM__IRQ_VARIANTS(raw_spin_lock, raw_spin_unlock, raw_spinlock_t)
#define raw_spin_lock_irqsave(l, flags) do { local_irq_save(flags); raw_spin_lock(l); } while (0)
#define raw_spin_lock_irqsave_nested(l, flags, sub) \
	do { local_irq_save(flags); raw_spin_lock_nested((l), (sub)); } while (0)
#define raw_spin_unlock_irqrestore(l, flags) do { raw_spin_unlock(l); local_irq_restore(flags); } while (0)
#define raw_spin_trylock_irqsave(l, flags) \
	({ local_irq_save(flags); raw_spin_trylock(l) ? 1 : (local_irq_restore(flags), 0); })
#define raw_spin_trylock_irq(l) ({ local_irq_disable(); raw_spin_trylock(l) ? 1 : (local_irq_enable(), 0); })
#define raw_spin_trylock_bh(l) ({ local_bh_disable(); raw_spin_trylock(l) ? 1 : (local_bh_enable(), 0); })

/* lockdep's wait types: what a lock does while it waits, as
 * lockdep_init_map_wait() takes them (include/linux/lockdep_types.h). */
enum lockdep_wait_type {
	LD_WAIT_INV = 0, /* not checked */
	LD_WAIT_FREE,    /* never waits (RCU) */
	LD_WAIT_SPIN,    /* spins (raw_spinlock_t) */
	LD_WAIT_CONFIG,  /* spins, but sleeps on PREEMPT_RT (spinlock_t) */
	LD_WAIT_SLEEP,   /* sleeps (mutex) */
	LD_WAIT_MAX
};
/* A map of its own with a wait type: the checker knows wait types by lock
 * kind, so the inner one picks the kind (not checked: a mutex, as
 * lockdep_init_map gives). */
static inline int kshim__kind_of_wait(int inner)
{
	return inner == LD_WAIT_SPIN ? LOCKCHECK_RAW_SPINLOCK
	       : inner == LD_WAIT_CONFIG ? LOCKCHECK_SPINLOCK
	       : inner == LD_WAIT_FREE ? LOCKCHECK_RCU : LOCKCHECK_MUTEX;
}
#define lockdep_init_map_waits(map, n, key, sub, inner, outer) \
	((void)(key), (void)(sub), (void)(outer), (map)->name = (n), \
	 lockcheck_lock_init((map), (n), kshim__kind_of_wait(inner), 0, 0))
#define lockdep_init_map_wait(map, n, key, sub, inner) \
	lockdep_init_map_waits((map), (n), (key), (sub), (inner), LD_WAIT_INV)
#define lockdep_init_map_type(map, n, key, sub, inner, outer, type) \
	((void)(type), lockdep_init_map_waits((map), (n), (key), (sub), (inner), (outer)))
#define STATIC_LOCKDEP_MAP_INIT_WAIT(n, key, inner) { (n) }

/* A hardirq handler that runs threaded (forced irq threads): its locks may
 * sleep on PREEMPT_RT, so spinlock_t is fine there.  Until irq_exit(). */
static inline void lockdep_hardirq_threaded(void) { lockcheck_context_enter(LOCKCHECK_CTX_IRQ_THREADED); }

/* RCU flavours: -bh holds softirqs off, -sched preemption (so only
 * raw spinlocks may be taken inside it on PREEMPT_RT). */
static inline void rcu_read_lock_bh(void) { local_bh_disable(); rcu_read_lock(); }
static inline void rcu_read_unlock_bh(void) { rcu_read_unlock(); local_bh_enable(); }
static inline void rcu_read_lock_sched(void)
{
	preempt_disable();
	rcu_read_lock();
	lockcheck_context_enter(LOCKCHECK_CTX_RCU_SCHED);
}
static inline void rcu_read_unlock_sched(void)
{
	lockcheck_context_exit(LOCKCHECK_CTX_RCU_SCHED);
	rcu_read_unlock();
	preempt_enable();
}

#endif

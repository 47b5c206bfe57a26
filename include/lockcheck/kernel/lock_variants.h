/* The variants of kernel.h's locks that kernel code calls by other names
 * (part of lockcheck/kernel.h): interruptible, killable and io waits, the
 * _nested forms lockdep has, trylocks with interrupts off, non-owner rwsem
 * readers.  No signal interrupts a wait here, so the interruptible and
 * killable forms always get the lock and return 0. */
#ifndef LOCKCHECK_KERNEL_LOCK_VARIANTS_H
#define LOCKCHECK_KERNEL_LOCK_VARIANTS_H
#ifndef LOCKCHECK_KERNEL_H
#error "include lockcheck/kernel.h"
#endif

/* ---- struct mutex ---- */
static inline int mutex_lock_interruptible_nested(struct mutex *m, unsigned sub)
{
	mutex_lock_nested(m, sub);
	return 0;
}
static inline int mutex_lock_interruptible(struct mutex *m) { return mutex_lock_interruptible_nested(m, 0); }
static inline int mutex_lock_killable_nested(struct mutex *m, unsigned sub)
{
	mutex_lock_nested(m, sub);
	return 0;
}
static inline int mutex_lock_killable(struct mutex *m) { return mutex_lock_killable_nested(m, 0); }
static inline void mutex_lock_io_nested(struct mutex *m, unsigned sub) { mutex_lock_nested(m, sub); }
static inline void mutex_lock_io(struct mutex *m) { mutex_lock_nested(m, 0); }

/* ---- struct rw_semaphore ---- */
static inline int down_read_interruptible(struct rw_semaphore *s)
{
	down_read(s);
	return 0;
}
static inline int down_read_killable_nested(struct rw_semaphore *s, unsigned sub)
{
	down_read_nested(s, sub);
	return 0;
}
static inline int down_read_killable(struct rw_semaphore *s) { return down_read_killable_nested(s, 0); }
static inline int down_write_killable_nested(struct rw_semaphore *s, unsigned sub)
{
	down_write_nested(s, sub);
	return 0;
}
static inline int down_write_killable(struct rw_semaphore *s) { return down_write_killable_nested(s, 0); }
/* Readers whose release may come from another thread: lockdep does not
 * track them, nor does the checker; the wait may still sleep. */
static inline void down_read_non_owner(struct rw_semaphore *s)
{
	lockcheck_might_sleep("down_read_non_owner");
	kshim__lock_read(&s->w);
}
static inline void up_read_non_owner(struct rw_semaphore *s) { kshim__unlock(&s->w); }

/* ---- spinlock_t and rwlock_t ---- */
#define spin_lock_irqsave_nested(l, flags, sub) \
	do { local_irq_save(flags); spin_lock_nested((l), (sub)); } while (0)
static inline void spin_lock_bh_nested(spinlock_t *l, unsigned sub) { local_bh_disable(); spin_lock_nested(l, sub); }
#define spin_trylock_irqsave(l, flags) \
	({ local_irq_save(flags); spin_trylock(l) ? 1 : (local_irq_restore(flags), 0); })
#define spin_trylock_irq(l) ({ local_irq_disable(); spin_trylock(l) ? 1 : (local_irq_enable(), 0); })
#define spin_trylock_bh(l) ({ local_bh_disable(); spin_trylock(l) ? 1 : (local_bh_enable(), 0); })
#define assert_spin_locked(l) lockdep_assert_held(l)
#define assert_raw_spin_locked(l) lockdep_assert_held(l)
static inline void write_lock_nested(rwlock_t *l, unsigned sub)
{
	KSHIM__LOCK(l, LOCKCHECK_RWLOCK_SPIN, LOCKCHECK_WRITE, sub, kshim__lock_write);
}

#endif

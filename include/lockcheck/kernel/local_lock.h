/* local_lock_t (lockcheck/kernel.h includes this): the kernel's per-CPU
 * lock, which outside PREEMPT_RT only disables preemption (or interrupts)
 * around per-CPU data.  Here it is a lock of its own type: it excludes other
 * threads (a thread is the CPU here), holding it is atomic context (no
 * sleeping inside), and, as in lockdep, it is never part of an irq-safe ->
 * irq-unsafe inversion: a lock taken in an interrupt cannot be ordered
 * against it, since no interrupt comes on that CPU while it is held with
 * interrupts off, and without them the section is not reentered. */
#ifndef LOCKCHECK_KERNEL_LOCAL_LOCK_H
#define LOCKCHECK_KERNEL_LOCAL_LOCK_H

typedef struct local_lock { KSHIM__MEMBERS } local_lock_t;
#define INIT_LOCAL_LOCK(name) { .w = KSHIM_WORD_INIT(#name) }

LOCKCHECK_NAMES(1)
static inline void local_lock_init_class(local_lock_t *l, const char *name)
{
	kshim__init(l, &l->w, LOCKCHECK_LOCAL_LOCK, name, 0, 0);
}
#define local_lock_init(l) local_lock_init_class((l), #l)

static inline void kshim__local_lock(local_lock_t *l)
{
	KSHIM__LOCK(l, LOCKCHECK_LOCAL_LOCK, LOCKCHECK_WRITE, 0, kshim__lock_write);
}
static inline void kshim__local_unlock(local_lock_t *l)
{
	kshim__release(l, &l->w, LOCKCHECK_LOCAL_LOCK);
}
#define local_lock(l) do { preempt_disable(); kshim__local_lock(l); } while (0)
#define local_unlock(l) do { kshim__local_unlock(l); preempt_enable(); } while (0)
#define local_lock_irq(l) do { local_irq_disable(); kshim__local_lock(l); } while (0)
#define local_unlock_irq(l) do { kshim__local_unlock(l); local_irq_enable(); } while (0)
#define local_lock_irqsave(l, flags) do { local_irq_save(flags); kshim__local_lock(l); } while (0)
#define local_unlock_irqrestore(l, flags) \
	do { kshim__local_unlock(l); local_irq_restore(flags); } while (0)

#endif

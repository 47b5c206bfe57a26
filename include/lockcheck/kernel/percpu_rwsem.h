/* struct percpu_rw_semaphore and bit spinlocks (part of lockcheck/kernel.h). */
#ifndef LOCKCHECK_KERNEL_PERCPU_RWSEM_H
#define LOCKCHECK_KERNEL_PERCPU_RWSEM_H
#ifndef LOCKCHECK_KERNEL_H
#error "include lockcheck/kernel.h"
#endif

/* A reader/writer semaphore whose readers are cheap in the kernel: to the
 * checker it is an rw_semaphore (readers sleep while a writer holds it, a
 * writer waits for every reader). */
struct percpu_rw_semaphore { struct rw_semaphore rw; };
#define DEFINE_PERCPU_RWSEM(name) struct percpu_rw_semaphore name = { .rw = __RWSEM_INITIALIZER(name) }
#define DEFINE_STATIC_PERCPU_RWSEM(name) static DEFINE_PERCPU_RWSEM(name)
LOCKCHECK_NAMES(3)
static inline int percpu_init_rwsem_class(struct percpu_rw_semaphore *s, const char *name,
					  const void *object, const char *object_type)
{
	init_rwsem_class(&s->rw, name, object, object_type);
	return 0;
}
#define percpu_init_rwsem(s) percpu_init_rwsem_class((s), #s, 0, 0)
static inline void percpu_free_rwsem(struct percpu_rw_semaphore *s) { lockcheck_lock_destroy(&s->rw); }
static inline void percpu_down_read(struct percpu_rw_semaphore *s) { down_read(&s->rw); }
static inline int percpu_down_read_trylock(struct percpu_rw_semaphore *s) { return down_read_trylock(&s->rw); }
static inline void percpu_up_read(struct percpu_rw_semaphore *s) { up_read(&s->rw); }
static inline void percpu_down_write(struct percpu_rw_semaphore *s) { down_write(&s->rw); }
static inline void percpu_up_write(struct percpu_rw_semaphore *s) { up_write(&s->rw); }
static inline int percpu_rwsem_is_held(struct percpu_rw_semaphore *s) { return lockdep_is_held(&s->rw); }
#define percpu_rwsem_assert_held(s) lockdep_assert_held(&(s)->rw)

/* ---- bit_spin_lock(bitnum, addr) ---------------------------------------------- */
/* One bit of a word as a spinlock.  lockdep does not see these, nor does
 * the checker's order graph (bits have no class); holding one disables
 * preemption, so sleeping inside it is a blocking-in-atomic report. */
static inline int kshim__bit_try(int bitnum, unsigned long *addr)
{
	unsigned long bit = 1ul << bitnum;
	return !(__atomic_fetch_or(addr, bit, __ATOMIC_ACQUIRE) & bit);
}
static inline void bit_spin_lock(int bitnum, unsigned long *addr)
{
	preempt_disable();
	while (!kshim__bit_try(bitnum, addr))
		while (__atomic_load_n(addr, __ATOMIC_RELAXED) & (1ul << bitnum))
			syscall(SYS_sched_yield); /* the holder runs as a thread here */
}
static inline int bit_spin_trylock(int bitnum, unsigned long *addr)
{
	preempt_disable();
	if (kshim__bit_try(bitnum, addr))
		return 1;
	preempt_enable();
	return 0;
}
static inline void bit_spin_unlock(int bitnum, unsigned long *addr)
{
	__atomic_fetch_and(addr, ~(1ul << bitnum), __ATOMIC_RELEASE);
	preempt_enable();
}
#define __bit_spin_unlock(bitnum, addr) bit_spin_unlock((bitnum), (addr))
static inline int bit_spin_is_locked(int bitnum, unsigned long *addr)
{
	return (__atomic_load_n(addr, __ATOMIC_RELAXED) >> bitnum) & 1;
}

#endif

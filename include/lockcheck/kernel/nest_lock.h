/* mutex_lock_nest_lock / spin_lock_nest_lock (lockcheck/kernel.h includes
 * this): take a lock while holding the lock that serialises every lock of
 * its class, as code that locks many objects of one class under a common
 * lock does.  Holding several of them is then not recursive locking and
 * adds no order between them; the nest lock not held is reported
 * (nest-lock-not-held).  nest is any lock of kernel.h, or a struct with a
 * dep_map (a ww_acquire_ctx). */
#ifndef LOCKCHECK_KERNEL_NEST_LOCK_H
#define LOCKCHECK_KERNEL_NEST_LOCK_H

static inline void kshim__lock_nest(void *lock, struct kshim_word *w, int kind, const void *nest)
{
	kshim__announce(lock, w, kind);
	lockcheck_acquire_nest(lock, LOCKCHECK_WRITE, 0, 0, nest);
	kshim__lock_write(w);
	lockcheck_acquired(lock, LOCKCHECK_WRITE, 0, 0, 1);
}
#define mutex_lock_nest_lock(m, nest) \
	kshim__lock_nest((m), &(m)->w, LOCKCHECK_MUTEX, &(nest)->dep_map)
#define spin_lock_nest_lock(l, nest) \
	kshim__lock_nest((l), &(l)->w, LOCKCHECK_SPINLOCK, &(nest)->dep_map)

#endif

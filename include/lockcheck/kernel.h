/* Kernel-style locks in userspace, checked by liblockcheck when it is there.
 *
 * Filesystem code written for the kernel's lock API (spin_lock, mutex_lock,
 * down_read/down_write, read_lock, rcu_read_lock, lockdep_assert_held, ...)
 * compiles against this header and runs as a normal program; each operation
 * tells liblockcheck what happened (lockcheck.h), so lock order, atomic
 * context and the VFS callback contracts are checked.  Without the library
 * the locks just work.
 *
 * The locks are built on one futex word, not on pthread locks, because:
 *   - under LD_PRELOAD the pthread calls would be intercepted and every
 *     kernel lock would be seen twice (as itself and as an anonymous pthread
 *     lock inside it);
 *   - a page/folio lock must be releasable by another thread (I/O completion),
 *     which a pthread mutex forbids.
 *
 * Naming: the plain initialisers (spin_lock_init(&inode->i_lock)) name the
 * lock class after the expression, as lockdep does ("&inode->i_lock"); the
 * checker matches the member name ("i_lock") against the Locking document.
 * The *_init_class(lock, name, object, object_type) forms name the class and
 * tie the lock to the object it protects, so contracts can be checked per
 * object:
 *     init_rwsem_class(&inode->i_rwsem, "i_rwsem", inode, "inode");
 * Statically initialised locks (DEFINE_MUTEX(m)) are announced on first use.
 *
 * This file has the lock word, interrupts, spinlock_t, mutex, rw_semaphore,
 * rwlock_t, the page lock, RCU, the class controls and lockdep's raw
 * annotations; the other families are in lockcheck/kernel/ (raw_spinlock_t
 * and wait types, the killable/interruptible/_nested variants, sleeping
 * calls, wait queues and completions, seqlocks, percpu rwsems and bit
 * spinlocks, scope guards) and come with it. */
#ifndef LOCKCHECK_KERNEL_H
#define LOCKCHECK_KERNEL_H

#include <limits.h>
#include <linux/futex.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "lockcheck/lockcheck.h"

#ifdef __cplusplus
extern "C" {
#endif

#ifndef __USE_MISC
long syscall(long number, ...); /* strict -std=c11 without _GNU_SOURCE hides it */
#endif

/* ---- the futex word every lock is made of ------------------------------------ */
/* v: 0 free, n > 0 held by n readers, -1 held for writing. */
struct kshim_word {
	int v;
	int waiters;
	int announced;          /* told lockcheck about this lock yet? */
	int kind;               /* LOCKCHECK_* kind, for renaming */
	const char *name;       /* class name (static initialisers, renames) */
	const void *object;     /* what it protects, kept for renames */
	const char *object_type;
	unsigned flags;         /* LOCKCHECK_INIT_* set after init (novalidate) */
	unsigned subclass;      /* what a plain lock call takes (lockdep_set_subclass) */
};
#define KSHIM_WORD_INIT(name) { 0, 0, 0, 0, name, 0, 0, 0, 0 }

/* lockdep's map: what the raw annotations (lock_acquire, mutex_acquire,
 * lock_map_acquire...) name.  Inside every lock of this header it shares the
 * lock's address, so &lock->dep_map is the lock itself to the checker; on
 * its own (a home-made lock type, STATIC_LOCKDEP_MAP) it is a lock of its own. */
struct lockdep_map { const char *name; };
#define STATIC_LOCKDEP_MAP_INIT(n, key) { (n) }
#define KSHIM__MEMBERS union { struct kshim_word w; struct lockdep_map dep_map; };

/* rwlock_t is the kernel's queued rwlock (CONFIG_QUEUED_RWLOCKS), as
 * lockdep's read_lock_is_recursive() has it: a reader waits behind a queued
 * writer in process context, and is a recursive reader only in interrupt
 * context (a hardirq or softirq handler, or bottom halves off).  Code whose
 * rwlock_t readers never wait for a writer defines KSHIM_RWLOCK_INIT_FLAGS
 * to LOCKCHECK_INIT_RECURSIVE_READ before including this header. */
#ifndef KSHIM_RWLOCK_INIT_FLAGS
#define KSHIM_RWLOCK_INIT_FLAGS 0u
#endif
static inline unsigned kshim__kind_flags(int kind)
{
	return kind == LOCKCHECK_RWLOCK_SPIN ? (unsigned)(KSHIM_RWLOCK_INIT_FLAGS) : 0u;
}

static inline void kshim__announce(void *lock, struct kshim_word *w, int kind)
{
	if (__builtin_expect(__atomic_load_n(&w->announced, __ATOMIC_ACQUIRE), 1))
		return;
	int zero = 0;
	if (__atomic_compare_exchange_n(&w->announced, &zero, 1, 0, __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE)) {
		w->kind = kind;
		lockcheck_lock_init_flags(lock, w->name, kind, kshim__kind_flags(kind) | w->flags, 0, 0);
	}
}

LOCKCHECK_NAMES(5)
static inline void kshim__init(void *lock, struct kshim_word *w, int kind, const char *name,
			       const void *object, const char *object_type)
{
	w->v = 0;
	w->waiters = 0;
	w->kind = kind;
	w->name = name;
	w->object = object;
	w->object_type = object_type;
	w->flags = 0;
	w->subclass = 0;
	__atomic_store_n(&w->announced, 1, __ATOMIC_RELEASE);
	lockcheck_lock_init_flags(lock, name, kind, kshim__kind_flags(kind), object, object_type);
}

static inline int kshim__try_write(struct kshim_word *w)
{
	int zero = 0;
	return __atomic_compare_exchange_n(&w->v, &zero, -1, 0, __ATOMIC_SEQ_CST, __ATOMIC_RELAXED);
}

static inline int kshim__try_read(struct kshim_word *w)
{
	int c = __atomic_load_n(&w->v, __ATOMIC_RELAXED);
	while (c >= 0)
		if (__atomic_compare_exchange_n(&w->v, &c, c + 1, 0, __ATOMIC_SEQ_CST, __ATOMIC_RELAXED))
			return 1;
	return 0;
}

/* Sleep while the word still reads `seen`; the waiter count is raised first so
 * a release either sees it and wakes us, or we see the released value. */
static inline void kshim__wait(struct kshim_word *w, int seen)
{
	__atomic_add_fetch(&w->waiters, 1, __ATOMIC_SEQ_CST);
	if (__atomic_load_n(&w->v, __ATOMIC_SEQ_CST) == seen)
		syscall(SYS_futex, &w->v, FUTEX_WAIT_PRIVATE, seen, (void *)0, (void *)0, 0);
	__atomic_sub_fetch(&w->waiters, 1, __ATOMIC_SEQ_CST);
}

static inline void kshim__wake(struct kshim_word *w)
{
	if (__atomic_load_n(&w->waiters, __ATOMIC_SEQ_CST))
		syscall(SYS_futex, &w->v, FUTEX_WAKE_PRIVATE, INT_MAX, (void *)0, (void *)0, 0);
}

static inline void kshim__lock_write(struct kshim_word *w)
{
	while (!kshim__try_write(w)) {
		int seen = __atomic_load_n(&w->v, __ATOMIC_SEQ_CST);
		if (seen != 0)
			kshim__wait(w, seen);
	}
}

static inline void kshim__lock_read(struct kshim_word *w)
{
	while (!kshim__try_read(w)) {
		int seen = __atomic_load_n(&w->v, __ATOMIC_SEQ_CST);
		if (seen < 0)
			kshim__wait(w, seen);
	}
}

/* Unlock whichever way it is held; unlocking a free lock changes nothing (the
 * checker reports it), so a buggy caller cannot corrupt the word. */
static inline void kshim__unlock(struct kshim_word *w)
{
	int c = __atomic_load_n(&w->v, __ATOMIC_SEQ_CST);
	for (;;) {
		if (c == 0)
			return;
		int next = c < 0 ? 0 : c - 1;
		if (__atomic_compare_exchange_n(&w->v, &c, next, 0, __ATOMIC_SEQ_CST, __ATOMIC_RELAXED))
			break;
	}
	kshim__wake(w);
}

/* The common shape of every lock operation: announce, then tell the checker
 * before blocking (so a deadlock is reported before it hangs) and after. */
#define KSHIM__LOCK(lock, kind, mode, sub, take)                                      \
	do {                                                                          \
		unsigned kshim__sub = (sub) ? (unsigned)(sub) : (lock)->w.subclass;    \
		kshim__announce((lock), &(lock)->w, (kind));                          \
		lockcheck_acquire((lock), (mode), 0, kshim__sub);                     \
		take(&(lock)->w);                                                     \
		lockcheck_acquired((lock), (mode), 0, kshim__sub, 1);                 \
	} while (0)

static inline int kshim__trylock(void *lock, struct kshim_word *w, int kind, int mode)
{
	kshim__announce(lock, w, kind);
	lockcheck_acquire(lock, mode, LOCKCHECK_TRY, 0);
	int ok = mode == LOCKCHECK_READ ? kshim__try_read(w) : kshim__try_write(w);
	lockcheck_acquired(lock, mode, LOCKCHECK_TRY, 0, ok);
	return ok;
}

static inline void kshim__release(void *lock, struct kshim_word *w, int kind)
{
	kshim__announce(lock, w, kind);
	lockcheck_release(lock);
	kshim__unlock(w);
}

/* ---- interrupts ------------------------------------------------------------------ */
/* There are no interrupts in userspace, but code written for them declares
 * its interrupt state, and the checker keeps it per thread: which locks are
 * taken inside handlers and which with interrupts enabled (lockdep's
 * inconsistent-state and irq-safe -> irq-unsafe rules).  A test "delivers"
 * an interrupt by calling the handler between irq_enter() and irq_exit(). */
static inline void local_irq_disable(void) { (void)lockcheck_irqs(LOCKCHECK_IRQS_DISABLE); }
static inline void local_irq_enable(void) { (void)lockcheck_irqs(LOCKCHECK_IRQS_ENABLE); }
static inline int irqs_disabled(void) { return lockcheck_irqs(LOCKCHECK_IRQS_QUERY); }
#define local_irq_save(flags) \
	do { (flags) = (unsigned long)lockcheck_irqs(LOCKCHECK_IRQS_DISABLE); } while (0)
#define local_irq_restore(flags) \
	do { (void)lockcheck_irqs((flags) ? LOCKCHECK_IRQS_DISABLE : LOCKCHECK_IRQS_ENABLE); } while (0)
static inline void local_bh_disable(void) { lockcheck_context_enter(LOCKCHECK_CTX_BH_OFF); }
static inline void local_bh_enable(void) { lockcheck_context_exit(LOCKCHECK_CTX_BH_OFF); }
/* A hardirq handler runs between these (interrupts are off inside). */
static inline void irq_enter(void) { lockcheck_context_enter(LOCKCHECK_CTX_IRQ); }
static inline void irq_exit(void) { lockcheck_context_exit(LOCKCHECK_CTX_IRQ); }
/* A softirq (bottom half) handler runs between these. */
static inline void lockcheck_softirq_enter(void) { lockcheck_context_enter(LOCKCHECK_CTX_SOFTIRQ); }
static inline void lockcheck_softirq_exit(void) { lockcheck_context_exit(LOCKCHECK_CTX_SOFTIRQ); }

/* lock_irq / lock_bh variants of a lock function pair (irqsave is a macro
 * per type: it assigns the caller's flags). */
#define KSHIM__IRQ_VARIANTS(lockfn, unlockfn, type)                                    \
	static inline void lockfn##_irq(type *l) { local_irq_disable(); lockfn(l); }    \
	static inline void unlockfn##_irq(type *l) { unlockfn(l); local_irq_enable(); } \
	static inline void lockfn##_bh(type *l) { local_bh_disable(); lockfn(l); }      \
	static inline void unlockfn##_bh(type *l) { unlockfn(l); local_bh_enable(); }

/* ---- spinlock_t ----------------------------------------------------------------- */
typedef struct spinlock { KSHIM__MEMBERS } spinlock_t;
#define __SPIN_LOCK_UNLOCKED(name) { .w = KSHIM_WORD_INIT(#name) }
#define DEFINE_SPINLOCK(x) spinlock_t x = __SPIN_LOCK_UNLOCKED(x)

LOCKCHECK_NAMES(3)
static inline void spin_lock_init_class(spinlock_t *l, const char *name, const void *object,
					const char *object_type)
{
	kshim__init(l, &l->w, LOCKCHECK_SPINLOCK, name, object, object_type);
}
#define spin_lock_init(l) spin_lock_init_class((l), #l, 0, 0)
static inline void spin_lock_nested(spinlock_t *l, unsigned sub)
{
	KSHIM__LOCK(l, LOCKCHECK_SPINLOCK, LOCKCHECK_WRITE, sub, kshim__lock_write);
}
static inline void spin_lock(spinlock_t *l) { spin_lock_nested(l, 0); }
static inline int spin_trylock(spinlock_t *l)
{
	return kshim__trylock(l, &l->w, LOCKCHECK_SPINLOCK, LOCKCHECK_WRITE);
}
static inline void spin_unlock(spinlock_t *l) { kshim__release(l, &l->w, LOCKCHECK_SPINLOCK); }
static inline int spin_is_locked(spinlock_t *l) { return __atomic_load_n(&l->w.v, __ATOMIC_RELAXED) != 0; }
KSHIM__IRQ_VARIANTS(spin_lock, spin_unlock, spinlock_t)
#define spin_lock_irqsave(l, flags) do { local_irq_save(flags); spin_lock(l); } while (0)
#define spin_unlock_irqrestore(l, flags) do { spin_unlock(l); local_irq_restore(flags); } while (0)

/* ---- struct mutex ------------------------------------------------------------- */
struct mutex { KSHIM__MEMBERS };
#define __MUTEX_INITIALIZER(name) { .w = KSHIM_WORD_INIT(#name) }
#define DEFINE_MUTEX(x) struct mutex x = __MUTEX_INITIALIZER(x)

LOCKCHECK_NAMES(3)
static inline void mutex_init_class(struct mutex *m, const char *name, const void *object,
				    const char *object_type)
{
	kshim__init(m, &m->w, LOCKCHECK_MUTEX, name, object, object_type);
}
#define mutex_init(m) mutex_init_class((m), #m, 0, 0)
static inline void mutex_destroy(struct mutex *m) { lockcheck_lock_destroy(m); }
static inline void mutex_lock_nested(struct mutex *m, unsigned sub)
{
	KSHIM__LOCK(m, LOCKCHECK_MUTEX, LOCKCHECK_WRITE, sub, kshim__lock_write);
}
static inline void mutex_lock(struct mutex *m) { mutex_lock_nested(m, 0); }
static inline int mutex_trylock(struct mutex *m)
{
	return kshim__trylock(m, &m->w, LOCKCHECK_MUTEX, LOCKCHECK_WRITE);
}
static inline void mutex_unlock(struct mutex *m) { kshim__release(m, &m->w, LOCKCHECK_MUTEX); }
static inline int mutex_is_locked(struct mutex *m) { return __atomic_load_n(&m->w.v, __ATOMIC_RELAXED) != 0; }

/* ---- struct rw_semaphore ------------------------------------------------------ */
struct rw_semaphore { KSHIM__MEMBERS };
#define __RWSEM_INITIALIZER(name) { .w = KSHIM_WORD_INIT(#name) }
#define DECLARE_RWSEM(x) struct rw_semaphore x = __RWSEM_INITIALIZER(x)

LOCKCHECK_NAMES(3)
static inline void init_rwsem_class(struct rw_semaphore *s, const char *name, const void *object,
				    const char *object_type)
{
	kshim__init(s, &s->w, LOCKCHECK_RWSEM, name, object, object_type);
}
#define init_rwsem(s) init_rwsem_class((s), #s, 0, 0)
static inline void down_read_nested(struct rw_semaphore *s, unsigned sub)
{
	KSHIM__LOCK(s, LOCKCHECK_RWSEM, LOCKCHECK_READ, sub, kshim__lock_read);
}
static inline void down_read(struct rw_semaphore *s) { down_read_nested(s, 0); }
static inline void down_write_nested(struct rw_semaphore *s, unsigned sub)
{
	KSHIM__LOCK(s, LOCKCHECK_RWSEM, LOCKCHECK_WRITE, sub, kshim__lock_write);
}
static inline void down_write(struct rw_semaphore *s) { down_write_nested(s, 0); }
static inline int down_read_trylock(struct rw_semaphore *s)
{
	return kshim__trylock(s, &s->w, LOCKCHECK_RWSEM, LOCKCHECK_READ);
}
static inline int down_write_trylock(struct rw_semaphore *s)
{
	return kshim__trylock(s, &s->w, LOCKCHECK_RWSEM, LOCKCHECK_WRITE);
}
static inline void up_read(struct rw_semaphore *s) { kshim__release(s, &s->w, LOCKCHECK_RWSEM); }
static inline void up_write(struct rw_semaphore *s) { kshim__release(s, &s->w, LOCKCHECK_RWSEM); }
/* Write -> read without letting a writer in: to the checker a release and a
 * re-acquire that cannot block (so no new order edge). */
static inline void downgrade_write(struct rw_semaphore *s)
{
	kshim__announce(s, &s->w, LOCKCHECK_RWSEM);
	lockcheck_release(s);
	int writer = -1;
	__atomic_compare_exchange_n(&s->w.v, &writer, 1, 0, __ATOMIC_SEQ_CST, __ATOMIC_RELAXED);
	kshim__wake(&s->w);
	lockcheck_acquire(s, LOCKCHECK_READ, LOCKCHECK_TRY, 0);
	lockcheck_acquired(s, LOCKCHECK_READ, LOCKCHECK_TRY, 0, 1);
}
static inline int rwsem_is_locked(struct rw_semaphore *s) { return __atomic_load_n(&s->w.v, __ATOMIC_RELAXED) != 0; }

/* ---- rwlock_t ------------------------------------------------------------------- */
typedef struct rwlock { KSHIM__MEMBERS } rwlock_t;
#define __RW_LOCK_UNLOCKED(name) { .w = KSHIM_WORD_INIT(#name) }
#define DEFINE_RWLOCK(x) rwlock_t x = __RW_LOCK_UNLOCKED(x)

LOCKCHECK_NAMES(3)
static inline void rwlock_init_class(rwlock_t *l, const char *name, const void *object,
				     const char *object_type)
{
	kshim__init(l, &l->w, LOCKCHECK_RWLOCK_SPIN, name, object, object_type);
}
#define rwlock_init(l) rwlock_init_class((l), #l, 0, 0)
static inline void read_lock(rwlock_t *l)
{
	KSHIM__LOCK(l, LOCKCHECK_RWLOCK_SPIN, LOCKCHECK_READ, 0, kshim__lock_read);
}
static inline void write_lock(rwlock_t *l)
{
	KSHIM__LOCK(l, LOCKCHECK_RWLOCK_SPIN, LOCKCHECK_WRITE, 0, kshim__lock_write);
}
static inline int read_trylock(rwlock_t *l) { return kshim__trylock(l, &l->w, LOCKCHECK_RWLOCK_SPIN, LOCKCHECK_READ); }
static inline int write_trylock(rwlock_t *l) { return kshim__trylock(l, &l->w, LOCKCHECK_RWLOCK_SPIN, LOCKCHECK_WRITE); }
static inline void read_unlock(rwlock_t *l) { kshim__release(l, &l->w, LOCKCHECK_RWLOCK_SPIN); }
static inline void write_unlock(rwlock_t *l) { kshim__release(l, &l->w, LOCKCHECK_RWLOCK_SPIN); }
KSHIM__IRQ_VARIANTS(read_lock, read_unlock, rwlock_t)
KSHIM__IRQ_VARIANTS(write_lock, write_unlock, rwlock_t)
#define read_lock_irqsave(l, flags) do { local_irq_save(flags); read_lock(l); } while (0)
#define read_unlock_irqrestore(l, flags) do { read_unlock(l); local_irq_restore(flags); } while (0)
#define write_lock_irqsave(l, flags) do { local_irq_save(flags); write_lock(l); } while (0)
#define write_unlock_irqrestore(l, flags) do { write_unlock(l); local_irq_restore(flags); } while (0)

/* ---- page/folio lock: a sleeping lock any thread may release ------------------- */
typedef struct page_lock { KSHIM__MEMBERS } page_lock_t;

LOCKCHECK_NAMES(3)
static inline void page_lock_init_class(page_lock_t *l, const char *name, const void *object,
					const char *object_type)
{
	kshim__init(l, &l->w, LOCKCHECK_PAGE, name, object, object_type);
}
#define page_lock_init(l) page_lock_init_class((l), #l, 0, 0)
static inline void page_lock(page_lock_t *l)
{
	KSHIM__LOCK(l, LOCKCHECK_PAGE, LOCKCHECK_WRITE, 0, kshim__lock_write);
}
static inline int page_trylock(page_lock_t *l) { return kshim__trylock(l, &l->w, LOCKCHECK_PAGE, LOCKCHECK_WRITE); }
/* Also from another thread (I/O completion). */
static inline void page_unlock(page_lock_t *l) { kshim__release(l, &l->w, LOCKCHECK_PAGE); }
static inline int page_is_locked(page_lock_t *l) { return __atomic_load_n(&l->w.v, __ATOMIC_ACQUIRE) != 0; }
/* Sleep until nobody holds it, without taking it (folio_wait_locked). */
static inline void page_wait_unlocked(page_lock_t *l)
{
	lockcheck_might_sleep("page_wait_unlocked");
	int seen;
	while ((seen = __atomic_load_n(&l->w.v, __ATOMIC_SEQ_CST)) != 0)
		kshim__wait(&l->w, seen);
}

/* ---- RCU, sleeping, assertions --------------------------------------------------- */
static inline void rcu_read_lock(void) { lockcheck_context_enter(LOCKCHECK_CTX_RCU_READ); }
static inline void rcu_read_unlock(void) { lockcheck_context_exit(LOCKCHECK_CTX_RCU_READ); }
#define might_sleep() lockcheck_might_sleep("might_sleep")
/* Atomic sections without a lock (preempt_disable, local_irq_disable). */
static inline void preempt_disable(void) { lockcheck_context_enter(LOCKCHECK_CTX_ATOMIC); }
static inline void preempt_enable(void) { lockcheck_context_exit(LOCKCHECK_CTX_ATOMIC); }

/* Renaming a lock's class after init, as lockdep_set_class_and_name() does
 * (the key is not needed: the name is the class).  Works on every lock of
 * this header; it keeps the object the lock was tied to.  A lock the caller
 * holds stays held, now in its new class (lockdep's lock_set_class): it is
 * released, renamed and taken again without waiting. */
static inline void kshim__set_name(void *lock, struct kshim_word *w, const char *name)
{
	int held = lockcheck_is_held(lock, -1) == 1;
	int mode = held && lockcheck_is_held(lock, LOCKCHECK_READ) == 1 ? LOCKCHECK_READ : LOCKCHECK_WRITE;
	if (held)
		lockcheck_release(lock);
	w->name = name;
	__atomic_store_n(&w->announced, 1, __ATOMIC_RELEASE);
	lockcheck_lock_init_flags(lock, name, w->kind, kshim__kind_flags(w->kind) | w->flags,
				  w->object, w->object_type);
	if (held) {
		lockcheck_acquire(lock, mode, LOCKCHECK_TRY, w->subclass);
		lockcheck_acquired(lock, mode, LOCKCHECK_TRY, w->subclass, 1);
	}
}
#define lockdep_set_class_and_name(l, key, n) ((void)(key), kshim__set_name((l), &(l)->w, (n)))
#define lockdep_set_name(l, n) kshim__set_name((l), &(l)->w, (n))
/* Tracked for misuse (self-deadlock, unlock not held...) but left out of
 * order checking: what the kernel's NOLOCKDEP-style locks want. */
static inline void kshim__set_flags(void *lock, struct kshim_word *w, unsigned flags)
{
	w->flags |= flags;
	kshim__set_name(lock, w, w->name);
}
#define lockdep_set_novalidate_class(l) kshim__set_flags((l), &(l)->w, LOCKCHECK_INIT_NO_VALIDATE)
#define lockdep_set_notrack_class(l) lockdep_set_novalidate_class(l)
/* The class is the name: a key gives the class of the lock expression and
 * the key's ("&inode->i_rwsem(&type->i_mutex_key)", still i_rwsem to the
 * contracts), so one key set on one kind of lock gives one class. */
#define lockdep_set_class(l, key) ((void)(key), kshim__set_name((l), &(l)->w, #l "(" #key ")"))
/* The subclass a plain lock call takes from now on (the _nested calls say their own). */
static inline void kshim__set_subclass(struct kshim_word *w, unsigned sub) { w->subclass = sub; }
#define lockdep_set_subclass(l, sub) kshim__set_subclass(&(l)->w, (sub))
#define lockdep_set_class_and_subclass(l, key, sub) \
	(lockdep_set_class((l), key), lockdep_set_subclass((l), (sub)))

/* Whether the calling thread holds it, as the checker knows; without the
 * library, whether anyone holds it (the lock word). */
static inline int kshim__is_held(const void *lock, const struct kshim_word *w, int mode)
{
	int held = lockcheck_is_held(lock, mode);
	if (held >= 0)
		return held;
	int v = __atomic_load_n(&w->v, __ATOMIC_RELAXED);
	return mode < 0 ? v != 0 : mode == LOCKCHECK_WRITE ? v < 0 : v > 0;
}
#define lockdep_is_held(l) kshim__is_held((l), &(l)->w, -1)
/* read: 0 held for write, 1 for read, -1 either way (lockdep_is_held_type). */
#define lockdep_is_held_type(l, read) \
	kshim__is_held((l), &(l)->w, (read) < 0 ? -1 : (read) ? LOCKCHECK_READ : LOCKCHECK_WRITE)
#define lockdep_assert(cond) lockcheck_assert_cond(!!(cond), #cond)
#define lockdep_assert_once(cond) lockdep_assert(cond)
#define lockdep_assert_held_once(l) lockdep_assert_held(l)
#define lockdep_assert_irqs_disabled() lockcheck_assert_cond(irqs_disabled(), "interrupts are disabled")
#define lockdep_assert_irqs_enabled() lockcheck_assert_cond(!irqs_disabled(), "interrupts are enabled")
/* lockdep's per-task switch: the checker has none (the calls compile). */
#define lockdep_off() ((void)0)
#define lockdep_on() ((void)0)
/* Keys are names here: nothing to register. */
#define lockdep_register_key(key) ((void)(key))
#define lockdep_unregister_key(key) ((void)(key))

#define lockdep_assert_held(l)       lockcheck_assert_held((l), -1)
#define lockdep_assert_held_write(l) lockcheck_assert_held((l), LOCKCHECK_WRITE)
#define lockdep_assert_held_read(l)  lockcheck_assert_held((l), LOCKCHECK_READ)
#define lockdep_assert_not_held(l)   lockcheck_assert_not_held(l)

/* ---- raw annotations, for lock types of your own (lockdep.h) ------------------ */
/* read: 0 write, 1 read, 2 recursive read; trylock: the call never waited;
 * nest_lock: the held lock that serialises map's class, or NULL.
 * check and ip are lockdep's. */
static inline void lock_acquire(struct lockdep_map *map, unsigned subclass, int trylock, int read,
				int check, struct lockdep_map *nest_lock, unsigned long ip)
{
	(void)check;
	(void)ip;
	int mode = read ? LOCKCHECK_READ : LOCKCHECK_WRITE;
	int flags = trylock ? LOCKCHECK_TRY : 0;
	lockcheck_acquire_nest(map, mode, flags, subclass, nest_lock);
	lockcheck_acquired(map, mode, flags, subclass, 1);
}
static inline void lock_release(struct lockdep_map *map, unsigned long ip)
{
	(void)ip;
	lockcheck_release(map);
}
/* A map of its own gets its class name (the key is not needed: the name is the class). */
#define lockdep_init_map(map, n, key, sub) \
	((void)(key), (void)(sub), (map)->name = (n), lockcheck_lock_init((map), (n), LOCKCHECK_MUTEX, 0, 0))
#ifndef _THIS_IP_
#define _THIS_IP_ ((unsigned long)0)
#endif
#define lock_map_acquire(m) lock_acquire((m), 0, 0, 0, 1, 0, _THIS_IP_)
#define lock_map_acquire_read(m) lock_acquire((m), 0, 0, 2, 1, 0, _THIS_IP_)
#define lock_map_acquire_tryread(m) lock_acquire((m), 0, 1, 2, 1, 0, _THIS_IP_)
#define lock_map_release(m) lock_release((m), _THIS_IP_)
#define mutex_acquire(m, s, t, i) lock_acquire((m), (s), (t), 0, 1, 0, (i))
#define mutex_acquire_nest(m, s, t, n, i) lock_acquire((m), (s), (t), 0, 1, (n), (i))
#define mutex_release(m, i) lock_release((m), (i))
#define spin_acquire(m, s, t, i) lock_acquire((m), (s), (t), 0, 1, 0, (i))
#define spin_acquire_nest(m, s, t, n, i) lock_acquire((m), (s), (t), 0, 1, (n), (i))
#define spin_release(m, i) lock_release((m), (i))
#define rwlock_acquire(m, s, t, i) lock_acquire((m), (s), (t), 0, 1, 0, (i))
#define rwlock_acquire_read(m, s, t, i) lock_acquire((m), (s), (t), 2, 1, 0, (i))
#define rwlock_release(m, i) lock_release((m), (i))
#define rwsem_acquire(m, s, t, i) lock_acquire((m), (s), (t), 0, 1, 0, (i))
#define rwsem_acquire_nest(m, s, t, n, i) lock_acquire((m), (s), (t), 0, 1, (n), (i))
#define rwsem_acquire_read(m, s, t, i) lock_acquire((m), (s), (t), 1, 1, 0, (i))
#define rwsem_release(m, i) lock_release((m), (i))
#define lock_acquire_exclusive(m, s, t, n, i) lock_acquire((m), (s), (t), 0, 1, (n), (i))
#define lock_acquire_shared(m, s, t, n, i) lock_acquire((m), (s), (t), 1, 1, (n), (i))
#define lock_acquire_shared_recursive(m, s, t, n, i) lock_acquire((m), (s), (t), 2, 1, (n), (i))
#define seqcount_acquire(m, s, t, i) lock_acquire_exclusive((m), (s), (t), 0, (i))
#define seqcount_acquire_read(m, s, t, i) lock_acquire_shared_recursive((m), (s), (t), 0, (i))
#define seqcount_release(m, i) lock_release((m), (i))
/* Whether the caller holds a map (1 when no library can tell). */
static inline int lock_is_held_type(const struct lockdep_map *map, int read)
{
	int held = lockcheck_is_held(map, read < 0 ? -1 : read ? LOCKCHECK_READ : LOCKCHECK_WRITE);
	return held < 0 ? 1 : held;
}
#define lock_is_held(m) lock_is_held_type((m), -1)
/* A held map in a new class (name; key and subclass as lockdep has them). */
static inline void lock_set_class(struct lockdep_map *map, const char *name, void *key,
				  unsigned subclass, unsigned long ip)
{
	(void)key;
	(void)ip;
	int read = lockcheck_is_held(map, LOCKCHECK_READ) == 1;
	lockcheck_release(map);
	map->name = name;
	lockcheck_lock_init(map, name, LOCKCHECK_MUTEX, 0, 0);
	lockcheck_acquire(map, read ? LOCKCHECK_READ : LOCKCHECK_WRITE, LOCKCHECK_TRY, subclass);
	lockcheck_acquired(map, read ? LOCKCHECK_READ : LOCKCHECK_WRITE, LOCKCHECK_TRY, subclass, 1);
}
#define lock_set_subclass(m, sub, ip) lock_set_class((m), (m)->name, 0, (sub), (ip))
/* Write -> read of a held map, without waiting. */
static inline void lock_downgrade(struct lockdep_map *map, unsigned long ip)
{
	(void)ip;
	lockcheck_release(map);
	lockcheck_acquire(map, LOCKCHECK_READ, LOCKCHECK_TRY, 0);
	lockcheck_acquired(map, LOCKCHECK_READ, LOCKCHECK_TRY, 0, 1);
}

/* lockdep subclasses used by the VFS (include/linux/fs.h). */
enum inode_i_mutex_lock_class {
	I_MUTEX_NORMAL,
	I_MUTEX_PARENT,
	I_MUTEX_CHILD,
	I_MUTEX_XATTR,
	I_MUTEX_NONDIR2,
	I_MUTEX_PARENT2,
};
#define SINGLE_DEPTH_NESTING 1

/* The other families, one header each (include/lockcheck/kernel/). */
#include "lockcheck/kernel/raw_spinlock.h"
#include "lockcheck/kernel/lock_variants.h"
#include "lockcheck/kernel/sleep.h"
#include "lockcheck/kernel/wait.h"
#include "lockcheck/kernel/seqlock.h"
#include "lockcheck/kernel/percpu_rwsem.h"
#include "lockcheck/kernel/cleanup.h"
#include "lockcheck/kernel/nest_lock.h"
#include "lockcheck/kernel/local_lock.h"
#include "lockcheck/kernel/ww_mutex.h"
#include "lockcheck/kernel/fs_reclaim.h"

#ifdef __cplusplus
}
#endif
#endif

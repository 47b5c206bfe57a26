/* Scope-based locking (part of lockcheck/kernel.h), the kernel's
 * linux/cleanup.h interface on gcc/clang's cleanup attribute:
 *     guard(mutex)(&m);                  held until the end of the scope
 *     scoped_guard(spinlock, &l) { ... } held for the block (break leaves it)
 *     CLASS(name, var)(args), DEFINE_GUARD, DEFINE_LOCK_GUARD_0/1, __free
 * The unlock runs on every way out of the scope, so the checker sees it
 * like any other unlock. */
#ifndef LOCKCHECK_KERNEL_CLEANUP_H
#define LOCKCHECK_KERNEL_CLEANUP_H
#ifndef LOCKCHECK_KERNEL_H
#error "include lockcheck/kernel.h"
#endif

#define KSHIM__PASTE2(a, b) a##b
#define KSHIM__PASTE(a, b) KSHIM__PASTE2(a, b)
#define KSHIM__UNIQUE(prefix) KSHIM__PASTE(prefix, __COUNTER__)

#ifndef __cleanup
#define __cleanup(fn) __attribute__((__cleanup__(fn)))
#endif

/* ---- freeing on scope exit: DEFINE_FREE(name, type, free expression on _T) ---- */
#define DEFINE_FREE(name, type, free_expr) \
	static inline void __free_##name(void *p) { type _T = *(type *)p; free_expr; }
#define __free(name) __cleanup(__free_##name)
/* Hands the pointer out of the scope: not freed there. */
#define no_free_ptr(p) ({ __typeof__(p) kshim__p = (p); (p) = (__typeof__(p))0; kshim__p; })
#define return_ptr(p) return no_free_ptr(p)

/* ---- classes: a value made by a constructor, ended by a destructor ---- */
#define DEFINE_CLASS(name, type, exit_expr, init_expr, ...)                            \
	typedef type class_##name##_t;                                                 \
	static inline void class_##name##_destructor(type *p) { type _T = *p; exit_expr; } \
	static inline type class_##name##_constructor(__VA_ARGS__) { type t = init_expr; return t; }
#define CLASS(name, var) \
	__attribute__((unused)) class_##name##_t var __cleanup(class_##name##_destructor) = class_##name##_constructor

/* ---- lock guards on a pointer: DEFINE_GUARD(name, type, lock on _T, unlock on _T) ---- */
#define DEFINE_GUARD(name, type, lock_expr, unlock_expr)                                   \
	typedef type class_##name##_t;                                                     \
	static inline void class_##name##_destructor(type *p)                              \
	{                                                                                  \
		type _T = *p;                                                              \
		if (_T) { unlock_expr; }                                                   \
	}                                                                                  \
	static inline type class_##name##_constructor(type _T) { lock_expr; return _T; }     \
	static inline void *class_##name##_lock_ptr(class_##name##_t *p) { return (void *)*p; }
/* The conditional form (trylock, interruptible): name##_ext is a guard that
 * holds nothing when the lock was not taken. */
#define DEFINE_GUARD_COND(name, ext, cond_lock_expr)                                       \
	typedef class_##name##_t class_##name##ext##_t;                                   \
	static inline void class_##name##ext##_destructor(class_##name##_t *p)            \
	{                                                                                  \
		class_##name##_destructor(p);                                              \
	}                                                                                  \
	static inline class_##name##_t class_##name##ext##_constructor(class_##name##_t _T) \
	{                                                                                  \
		return (cond_lock_expr) ? _T : (class_##name##_t)0;                        \
	}                                                                                  \
	static inline void *class_##name##ext##_lock_ptr(class_##name##_t *p) { return (void *)*p; }

/* ---- lock guards with a struct (room for irqsave's flags) ---- */
#define DEFINE_LOCK_GUARD_1(name, type, lock_expr, unlock_expr, ...)                      \
	typedef struct { type *lock; unsigned long flags; } class_##name##_t;             \
	static inline void class_##name##_destructor(class_##name##_t *_T)                \
	{                                                                                  \
		if (_T->lock) { unlock_expr; }                                             \
	}                                                                                  \
	static inline class_##name##_t class_##name##_constructor(type *l)                \
	{                                                                                  \
		class_##name##_t g = {l, 0}, *_T = &g;                                     \
		lock_expr;                                                                 \
		return g;                                                                  \
	}                                                                                  \
	static inline void *class_##name##_lock_ptr(class_##name##_t *p) { return (void *)p->lock; }
#define DEFINE_LOCK_GUARD_0(name, lock_expr, unlock_expr, ...)                            \
	typedef struct { void *lock; unsigned long flags; } class_##name##_t;             \
	static inline void class_##name##_destructor(class_##name##_t *_T)                \
	{                                                                                  \
		if (_T->lock) { unlock_expr; }                                             \
	}                                                                                  \
	static inline class_##name##_t class_##name##_constructor(void)                   \
	{                                                                                  \
		class_##name##_t g = {(void *)1, 0}, *_T = &g;                            \
		(void)_T;                                                                  \
		lock_expr;                                                                 \
		return g;                                                                  \
	}

#define guard(name) CLASS(name, KSHIM__UNIQUE(kshim__guard_))
/* One pass through the block; the guard ends with it (also on break). */
#define scoped_guard(name, ...)                                                             \
	for (CLASS(name, scope)(__VA_ARGS__), *kshim__once = (class_##name##_t *)0; !kshim__once; \
	     kshim__once = (class_##name##_t *)1)
/* The block runs only when the guard took the lock; otherwise fail runs. */
#define scoped_cond_guard(name, fail, ...)                                                 \
	for (CLASS(name, scope)(__VA_ARGS__), *kshim__once = (class_##name##_t *)0; !kshim__once; \
	     kshim__once = (class_##name##_t *)1)                                          \
		if (!class_##name##_lock_ptr(&scope)) { fail; } else

/* ---- the guards of kernel.h's locks ---- */
DEFINE_GUARD(mutex, struct mutex *, mutex_lock(_T), mutex_unlock(_T))
DEFINE_GUARD_COND(mutex, _try, mutex_trylock(_T))
DEFINE_GUARD_COND(mutex, _intr, mutex_lock_interruptible(_T) == 0)
DEFINE_GUARD(rwsem_read, struct rw_semaphore *, down_read(_T), up_read(_T))
DEFINE_GUARD(rwsem_write, struct rw_semaphore *, down_write(_T), up_write(_T))
DEFINE_GUARD_COND(rwsem_write, _try, down_write_trylock(_T))
DEFINE_LOCK_GUARD_1(raw_spinlock, raw_spinlock_t, raw_spin_lock(_T->lock), raw_spin_unlock(_T->lock))
DEFINE_LOCK_GUARD_1(raw_spinlock_nested, raw_spinlock_t, raw_spin_lock_nested(_T->lock, SINGLE_DEPTH_NESTING),
		    raw_spin_unlock(_T->lock))
DEFINE_LOCK_GUARD_1(raw_spinlock_irq, raw_spinlock_t, raw_spin_lock_irq(_T->lock), raw_spin_unlock_irq(_T->lock))
DEFINE_LOCK_GUARD_1(raw_spinlock_irqsave, raw_spinlock_t, raw_spin_lock_irqsave(_T->lock, _T->flags),
		    raw_spin_unlock_irqrestore(_T->lock, _T->flags), unsigned long flags)
DEFINE_LOCK_GUARD_1(spinlock, spinlock_t, spin_lock(_T->lock), spin_unlock(_T->lock))
DEFINE_LOCK_GUARD_1(spinlock_irq, spinlock_t, spin_lock_irq(_T->lock), spin_unlock_irq(_T->lock))
DEFINE_LOCK_GUARD_1(spinlock_bh, spinlock_t, spin_lock_bh(_T->lock), spin_unlock_bh(_T->lock))
DEFINE_LOCK_GUARD_1(spinlock_irqsave, spinlock_t, spin_lock_irqsave(_T->lock, _T->flags),
		    spin_unlock_irqrestore(_T->lock, _T->flags), unsigned long flags)
DEFINE_LOCK_GUARD_1(read_lock, rwlock_t, read_lock(_T->lock), read_unlock(_T->lock))
DEFINE_LOCK_GUARD_1(write_lock, rwlock_t, write_lock(_T->lock), write_unlock(_T->lock))
DEFINE_LOCK_GUARD_1(write_lock_irq, rwlock_t, write_lock_irq(_T->lock), write_unlock_irq(_T->lock))
DEFINE_LOCK_GUARD_1(write_lock_irqsave, rwlock_t, write_lock_irqsave(_T->lock, _T->flags),
		    write_unlock_irqrestore(_T->lock, _T->flags), unsigned long flags)
DEFINE_LOCK_GUARD_1(percpu_read, struct percpu_rw_semaphore, percpu_down_read(_T->lock),
		    percpu_up_read(_T->lock))
DEFINE_LOCK_GUARD_1(percpu_write, struct percpu_rw_semaphore, percpu_down_write(_T->lock),
		    percpu_up_write(_T->lock))
DEFINE_LOCK_GUARD_0(rcu, rcu_read_lock(), rcu_read_unlock())
DEFINE_LOCK_GUARD_0(preempt, preempt_disable(), preempt_enable())
DEFINE_LOCK_GUARD_0(irq, local_irq_disable(), local_irq_enable())
DEFINE_LOCK_GUARD_0(irqsave, local_irq_save(_T->flags), local_irq_restore(_T->flags), unsigned long flags)

#endif

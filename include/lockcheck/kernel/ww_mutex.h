/* Wound/wait mutexes (lockcheck/kernel.h includes this): the kernel's
 * ww_mutex, for code that takes many objects' locks in any order under an
 * acquire context and backs off on -EDEADLK (Documentation/locking/
 * ww-mutex-design.rst).  A real implementation: each ww_mutex is a kernel.h
 * mutex, each context has a stamp from its class (lower is older), and two
 * contexts that collide resolve as the kernel does:
 *   wait-die (DEFINE_WD_CLASS): a younger context wanting a ww_mutex an older
 *     one holds gets -EDEADLK; an older one waits;
 *   wound-wait (DEFINE_WW_CLASS): an older context wounds a younger holder,
 *     which gets -EDEADLK at its next contended lock; a younger one waits.
 * A context that holds nothing never gets -EDEADLK.
 *
 * The checker sees the context as a lock (class "<class>_acquire") held from
 * ww_acquire_init to ww_acquire_fini and the nest lock of every ww_mutex
 * taken under it, as lockdep does, and checks lockdep's ww rules on each
 * operation (ww-mutex-misuse): locking after ww_acquire_done, -EDEADLK not
 * backed off, ww_mutex_lock_slow without -EDEADLK, a ww_mutex of another
 * class, ww_acquire_fini with ww_mutexes still locked, and so on. */
#ifndef LOCKCHECK_KERNEL_WW_MUTEX_H
#define LOCKCHECK_KERNEL_WW_MUTEX_H

#include <errno.h>
#include <time.h>

struct lockcheck_ww_key { int unused; }; /* lockdep's keys: the names are the classes here */

struct ww_class {
	long stamp;
	struct lockcheck_ww_key acquire_key, mutex_key;
	const char *acquire_name;
	const char *mutex_name;
	unsigned int is_wait_die;
};
#define __WW_CLASS_INITIALIZER(c, wait_die) \
	{ .stamp = 0, .acquire_key = {0}, .mutex_key = {0}, .acquire_name = #c "_acquire", \
	  .mutex_name = #c "_mutex", .is_wait_die = (wait_die) }
#define DEFINE_WD_CLASS(c) struct ww_class c = __WW_CLASS_INITIALIZER(c, 1)
#define DEFINE_WW_CLASS(c) struct ww_class c = __WW_CLASS_INITIALIZER(c, 0)

struct ww_acquire_ctx {
	unsigned long stamp;
	unsigned int acquired;        /* ww_mutexes locked under it */
	unsigned short wounded;       /* wound-wait: an older context wants what we hold */
	unsigned short is_wait_die;
	unsigned int done_acquire;    /* ww_acquire_done() was called */
	struct ww_class *ww_class;
	void *contending_lock;        /* the ww_mutex that gave -EDEADLK, until it is taken */
	struct lockdep_map dep_map;   /* the context as a lock, to the checker */
	unsigned int deadlock_inject_interval, deadlock_inject_countdown; /* not used */
};

struct ww_mutex {
	struct mutex base;
	struct ww_acquire_ctx *ctx;   /* the context it is locked under, or NULL */
	struct ww_class *ww_class;
};

static inline void ww_mutex_init(struct ww_mutex *lock, struct ww_class *ww_class)
{
	mutex_init_class(&lock->base, ww_class->mutex_name, 0, 0);
	lock->ctx = 0;
	lock->ww_class = ww_class;
}
static inline void ww_mutex_destroy(struct ww_mutex *lock) { mutex_destroy(&lock->base); }
static inline int ww_mutex_is_locked(struct ww_mutex *lock) { return mutex_is_locked(&lock->base); }

/* Tell the checker the facts of one operation. */
static inline void kshim__ww_event(int event, struct ww_mutex *lock, struct ww_acquire_ctx *ctx)
{
	struct ww_acquire_ctx *lock_ctx = lock ? __atomic_load_n(&lock->ctx, __ATOMIC_ACQUIRE) : 0;
	struct ww_acquire_ctx *counted = event == LOCKCHECK_WW_UNLOCK ? lock_ctx : ctx;
	struct lockcheck_ww_state st = {
		.lock = lock ? (const void *)&lock->base : 0,
		.ctx = ctx ? (const void *)&ctx->dep_map : 0,
		.lock_ctx = lock_ctx ? (const void *)&lock_ctx->dep_map : 0,
		.contending = ctx && ctx->contending_lock ? (const void *)&((struct ww_mutex *)ctx->contending_lock)->base : 0,
		.ctx_class = ctx ? ctx->ww_class : 0,
		.lock_class = lock ? lock->ww_class : 0,
		.acquired = counted ? counted->acquired : 0,
		.done = ctx ? (int)ctx->done_acquire : 0,
	};
	lockcheck_ww_event(event, &st);
}

static inline void ww_acquire_init(struct ww_acquire_ctx *ctx, struct ww_class *ww_class)
{
	ctx->stamp = (unsigned long)__atomic_add_fetch(&ww_class->stamp, 1, __ATOMIC_RELAXED);
	ctx->acquired = 0;
	ctx->wounded = 0;
	ctx->is_wait_die = (unsigned short)ww_class->is_wait_die;
	ctx->ww_class = ww_class;
	ctx->done_acquire = 0;
	ctx->contending_lock = 0;
	ctx->dep_map.name = ww_class->acquire_name;
	lockcheck_lock_init(&ctx->dep_map, ww_class->acquire_name, LOCKCHECK_WW_CTX, 0, 0);
	lockcheck_acquire(&ctx->dep_map, LOCKCHECK_WRITE, 0, 0);
	lockcheck_acquired(&ctx->dep_map, LOCKCHECK_WRITE, 0, 0, 1);
}
/* No more ww_mutexes will be taken under ctx (only unlocked). */
static inline void ww_acquire_done(struct ww_acquire_ctx *ctx)
{
	lockcheck_assert_held(&ctx->dep_map, -1);
	kshim__ww_event(LOCKCHECK_WW_CTX_DONE, 0, ctx);
	ctx->done_acquire = 1;
}
/* After every ww_mutex taken under ctx is unlocked. */
static inline void ww_acquire_fini(struct ww_acquire_ctx *ctx)
{
	lockcheck_release(&ctx->dep_map);
	kshim__ww_event(LOCKCHECK_WW_CTX_FINI, 0, ctx);
}

/* a is younger than b (a later stamp; wrapping compared as the kernel does). */
static inline int kshim__ww_younger(const struct ww_acquire_ctx *a, const struct ww_acquire_ctx *b)
{
	return (long)(a->stamp - b->stamp) > 0;
}
/* ctx, wanting lock, which is taken, must back off now. */
static inline int kshim__ww_must_die(struct ww_mutex *lock, struct ww_acquire_ctx *ctx)
{
	if (ctx->acquired == 0)
		return 0;
	if (!ctx->is_wait_die)
		return __atomic_load_n(&ctx->wounded, __ATOMIC_ACQUIRE);
	struct ww_acquire_ctx *hold = __atomic_load_n(&lock->ctx, __ATOMIC_ACQUIRE);
	return hold && hold != ctx && kshim__ww_younger(ctx, hold);
}
/* Wound-wait: an older ctx waiting wounds a younger holder that holds more. */
static inline void kshim__ww_wound(struct ww_mutex *lock, struct ww_acquire_ctx *ctx)
{
	struct ww_acquire_ctx *hold = __atomic_load_n(&lock->ctx, __ATOMIC_ACQUIRE);
	if (!ctx->is_wait_die && hold && hold != ctx && hold->acquired > 0 &&
	    kshim__ww_younger(hold, ctx))
		__atomic_store_n(&hold->wounded, 1, __ATOMIC_RELEASE);
}
static inline int kshim__ww_kill(struct ww_mutex *lock, struct ww_acquire_ctx *ctx)
{
	kshim__ww_event(LOCKCHECK_WW_BACKOFF, lock, ctx);
	ctx->contending_lock = lock;
	return -EDEADLK;
}
/* Sleep a little while the word reads `seen`: a wounded waiter must notice. */
static inline void kshim__ww_wait(struct kshim_word *w, int seen)
{
	struct timespec ts = {0, 1000000};
	__atomic_add_fetch(&w->waiters, 1, __ATOMIC_SEQ_CST);
	if (__atomic_load_n(&w->v, __ATOMIC_SEQ_CST) == seen)
		syscall(SYS_futex, &w->v, FUTEX_WAIT_PRIVATE, seen, &ts, (void *)0, 0);
	__atomic_sub_fetch(&w->waiters, 1, __ATOMIC_SEQ_CST);
}
/* lock is taken under ctx: the rules, then the bookkeeping. */
static inline void kshim__ww_acquired(struct ww_mutex *lock, struct ww_acquire_ctx *ctx)
{
	kshim__ww_event(LOCKCHECK_WW_ACQUIRED, lock, ctx);
	ctx->contending_lock = 0;
	ctx->acquired++;
	__atomic_store_n(&lock->ctx, ctx, __ATOMIC_RELEASE);
}

static inline int kshim__ww_lock(struct ww_mutex *lock, struct ww_acquire_ctx *ctx)
{
	if (!ctx) {
		mutex_lock(&lock->base);
		return 0;
	}
	if (ctx == __atomic_load_n(&lock->ctx, __ATOMIC_ACQUIRE))
		return -EALREADY;
	if (ctx->acquired == 0)
		ctx->wounded = 0;
	struct kshim_word *w = &lock->base.w;
	kshim__announce(&lock->base, w, LOCKCHECK_MUTEX);
	/* Taken, and ctx must back off: it never waits, so nothing to check. */
	if (__atomic_load_n(&w->v, __ATOMIC_SEQ_CST) != 0 && kshim__ww_must_die(lock, ctx))
		return kshim__ww_kill(lock, ctx);
	lockcheck_acquire_nest(&lock->base, LOCKCHECK_WRITE, 0, 0, &ctx->dep_map);
	while (!kshim__try_write(w)) {
		if (kshim__ww_must_die(lock, ctx)) {
			lockcheck_acquired(&lock->base, LOCKCHECK_WRITE, 0, 0, 0);
			return kshim__ww_kill(lock, ctx);
		}
		kshim__ww_wound(lock, ctx);
		int seen = __atomic_load_n(&w->v, __ATOMIC_SEQ_CST);
		if (seen != 0)
			kshim__ww_wait(w, seen);
	}
	lockcheck_acquired(&lock->base, LOCKCHECK_WRITE, 0, 0, 1);
	kshim__ww_acquired(lock, ctx);
	return 0;
}
/* 0, -EDEADLK (back off: unlock everything under ctx, then lock_slow the
 * contended one) or -EALREADY (ctx already holds it).  No signals here, so
 * the interruptible forms never give -EINTR. */
static inline int ww_mutex_lock(struct ww_mutex *lock, struct ww_acquire_ctx *ctx)
{
	return kshim__ww_lock(lock, ctx);
}
static inline int ww_mutex_lock_interruptible(struct ww_mutex *lock, struct ww_acquire_ctx *ctx)
{
	return kshim__ww_lock(lock, ctx);
}
/* After -EDEADLK and backing off: take the contended ww_mutex, waiting. */
static inline void ww_mutex_lock_slow(struct ww_mutex *lock, struct ww_acquire_ctx *ctx)
{
	kshim__ww_event(LOCKCHECK_WW_LOCK_SLOW, lock, ctx);
	(void)kshim__ww_lock(lock, ctx);
}
static inline int ww_mutex_lock_slow_interruptible(struct ww_mutex *lock, struct ww_acquire_ctx *ctx)
{
	kshim__ww_event(LOCKCHECK_WW_LOCK_SLOW, lock, ctx);
	return kshim__ww_lock(lock, ctx);
}
static inline int ww_mutex_trylock(struct ww_mutex *lock, struct ww_acquire_ctx *ctx)
{
	if (!ctx)
		return mutex_trylock(&lock->base);
	if (ctx->acquired == 0)
		ctx->wounded = 0;
	kshim__announce(&lock->base, &lock->base.w, LOCKCHECK_MUTEX);
	lockcheck_acquire_nest(&lock->base, LOCKCHECK_WRITE, LOCKCHECK_TRY, 0, &ctx->dep_map);
	int ok = kshim__try_write(&lock->base.w);
	lockcheck_acquired(&lock->base, LOCKCHECK_WRITE, LOCKCHECK_TRY, 0, ok);
	if (ok)
		kshim__ww_acquired(lock, ctx);
	return ok;
}
static inline void ww_mutex_unlock(struct ww_mutex *lock)
{
	struct ww_acquire_ctx *ctx = __atomic_load_n(&lock->ctx, __ATOMIC_ACQUIRE);
	if (ctx) {
		kshim__ww_event(LOCKCHECK_WW_UNLOCK, lock, 0);
		if (ctx->acquired > 0)
			ctx->acquired--;
		__atomic_store_n(&lock->ctx, (struct ww_acquire_ctx *)0, __ATOMIC_RELEASE);
	}
	mutex_unlock(&lock->base);
}

#endif

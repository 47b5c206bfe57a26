/* What lib/locking-selftest.c needs of the kernel beyond lockcheck/kernel.h:
 * its linux/... includes all land here.  The kernel's own debugging knobs
 * become no-ops; the lock operations are kernel.h's, so lockcheck sees them.
 * Locks or rules kernel.h does not have yet (ww_mutex, local_lock, rtmutex,
 * fs_reclaim) are stand-ins that only keep the file compiling: their cases
 * are listed in expected-exceptions.txt. */
#ifndef LC_SELFTEST_SHIM_H
#define LC_SELFTEST_SHIM_H

#define LOCKCHECK_LINKED
#include "lockcheck/kernel.h"

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#define CONFIG_PROVE_LOCKING 1
#define CONFIG_DEBUG_LOCK_ALLOC 1
#define CONFIG_LOCKDEP 1
/* The file asks for two options: queued rwlocks (not modelled) and raw lock
 * nesting, on in the second run (run.sh defines it, with the library's
 * prove_raw_lock_nesting=1) so the wait-context cases run. */
#define IS_ENABLED(x) LC_IS_ENABLED_##x
#define LC_IS_ENABLED_CONFIG_QUEUED_RWLOCKS 0
#ifdef CONFIG_PROVE_RAW_LOCK_NESTING
#define LC_IS_ENABLED_CONFIG_PROVE_RAW_LOCK_NESTING 1
#else
#define LC_IS_ENABLED_CONFIG_PROVE_RAW_LOCK_NESTING 0
#endif

#define __init
#define noinline __attribute__((noinline))
#define __setup(str, fn) static int (*const lc_unused_setup_##fn)(char *) __attribute__((unused)) = fn
#define get_option(s, v) ((void)(s), (void)(v), 0)
#define unlikely(x) __builtin_expect(!!(x), 0)
#define likely(x) __builtin_expect(!!(x), 1)
#define __stringify_1(x) #x
#define __stringify(x) __stringify_1(x)
#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#define __maybe_unused __attribute__((unused))

/* Printing: the harness reads the test names and columns (selftest_main.c). */
void lc_selftest_printk(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
#define printk(...) lc_selftest_printk(__VA_ARGS__)
#define pr_cont(...) lc_selftest_printk(__VA_ARGS__)
#define pr_warn(...) lc_selftest_printk(__VA_ARGS__)
#define pr_info(...) lc_selftest_printk(__VA_ARGS__)
#define KERN_CONT ""

#define WARN_ON(x) ({ int lc_w_ = !!(x); lc_w_; })
#define WARN_ON_ONCE(x) WARN_ON(x)
#define DEBUG_LOCKS_WARN_ON(x) WARN_ON(x)
#define BUG_ON(x) ((void)(x))

/* lockdep's own state: nothing to reset, each case runs in a fresh child. */
extern int debug_locks;
extern int debug_locks_silent;
#define lockdep_reset() ((void)0)
#define lockdep_reset_lock(m) ((void)0)
#define lockdep_free_key_range(k, n) ((void)0)
#define lockdep_set_selftest_task(t) ((void)0)
struct lock_class_key { int unused; };
struct task_struct { int unused; };
#define current ((struct task_struct *)0)

/* Interrupts: kernel.h's, plus the entry points the selftest uses. */
static inline int preempt_count(void) { return 0; }
#define preempt_count_set(c) ((void)(c))
#define __irq_enter() irq_enter()
#define __irq_exit() irq_exit()
#define in_irq() 1
#define in_softirq() 1
#define lockdep_softirq_enter() lockcheck_softirq_enter()
#define lockdep_softirq_exit() lockcheck_softirq_exit()

/* Stand-ins, to compile. */
#define GFP_KERNEL 0
#define GFP_NOFS 1
#define fs_reclaim_acquire(g) ((void)(g))
#define fs_reclaim_release(g) ((void)(g))
#define might_alloc(g) ((void)(g))
#define memalloc_nofs_save() 0
#define memalloc_nofs_restore(f) ((void)(f))

typedef struct { struct mutex m; } local_lock_t;
#define DEFINE_PER_CPU(type, name) type name
#define this_cpu_ptr(p) (p)
#define local_lock_init(l) mutex_init(&(l)->m)
#define local_lock(l) mutex_lock(&(l)->m)
#define local_unlock(l) mutex_unlock(&(l)->m)

struct ww_class {
	struct lock_class_key acquire_key, mutex_key;
};
#define DEFINE_WD_CLASS(name) struct ww_class name
#define DEFINE_WW_CLASS(name) struct ww_class name
struct ww_acquire_ctx {
	unsigned long stamp;
	unsigned acquired;
	unsigned done_acquire;
	struct ww_class *ww_class;
	void *contending_lock;
	unsigned deadlock_inject_countdown;
	struct mutex dep_map;
};
struct ww_mutex {
	struct mutex base;
	struct ww_acquire_ctx *ctx;
};
static inline void ww_mutex_init(struct ww_mutex *l, struct ww_class *c)
{
	(void)c;
	mutex_init(&l->base);
	l->ctx = 0;
}
static inline void ww_acquire_init(struct ww_acquire_ctx *c, struct ww_class *k)
{
	memset(c, 0, sizeof *c);
	c->ww_class = k;
}
static inline void ww_acquire_done(struct ww_acquire_ctx *c) { c->done_acquire = 1; }
static inline void ww_acquire_fini(struct ww_acquire_ctx *c) { (void)c; }
static inline int ww_mutex_lock(struct ww_mutex *l, struct ww_acquire_ctx *c)
{
	mutex_lock(&l->base);
	l->ctx = c;
	if (c)
		c->acquired++;
	return 0;
}
#define ww_mutex_lock_interruptible(l, c) ww_mutex_lock(l, c)
#define ww_mutex_lock_slow(l, c) ((void)ww_mutex_lock(l, c))
#define ww_mutex_lock_slow_interruptible(l, c) ww_mutex_lock(l, c)
static inline int ww_mutex_trylock(struct ww_mutex *l, struct ww_acquire_ctx *c)
{
	int ok = mutex_trylock(&l->base);
	if (ok)
		l->ctx = c;
	return ok;
}
static inline void ww_mutex_unlock(struct ww_mutex *l)
{
	if (l->ctx)
		l->ctx->acquired--;
	l->ctx = 0;
	mutex_unlock(&l->base);
}
#define mutex_lock_nest_lock(m, n) ((void)(n), mutex_lock(m))
#define spin_lock_nest_lock(l, n) ((void)(n), spin_lock(l))

#endif

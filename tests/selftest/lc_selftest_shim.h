/* What lib/locking-selftest.c needs of the kernel beyond lockcheck/kernel.h:
 * its linux/... includes all land here.  The kernel's own debugging knobs
 * become no-ops; the lock operations are kernel.h's (ww_mutex, local_lock
 * and fs_reclaim included), so lockcheck sees them. */
#ifndef LC_SELFTEST_SHIM_H
#define LC_SELFTEST_SHIM_H

#define LOCKCHECK_LINKED
/* The file's force_read_lock_recursive: while set (all but the queued
 * read lock tests), rwlock_t readers are recursive everywhere, as lockdep
 * then treats read_lock(); locks announced after it is cleared are queued
 * rwlocks, recursive in interrupt context only (kernel.h's default). */
extern unsigned int force_read_lock_recursive;
#define KSHIM_RWLOCK_INIT_FLAGS (force_read_lock_recursive ? LOCKCHECK_INIT_RECURSIVE_READ : 0u)
#include "lockcheck/kernel.h"

/* lockdep's class is the init call site (a static key in each expansion of
 * spin_lock_init and the others), kernel.h's is the name: the file's
 * init_class_X/Y/Z all say "lock", "rwlock"... and would share classes.
 * The line of the expansion keeps them apart. */
#undef spin_lock_init
#define spin_lock_init(l) spin_lock_init_class((l), #l "@" __stringify(__LINE__), 0, 0)
#undef rwlock_init
#define rwlock_init(l) rwlock_init_class((l), #l "@" __stringify(__LINE__), 0, 0)
#undef mutex_init
#define mutex_init(m) mutex_init_class((m), #m "@" __stringify(__LINE__), 0, 0)
#undef init_rwsem
#define init_rwsem(s) init_rwsem_class((s), #s "@" __stringify(__LINE__), 0, 0)

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#define CONFIG_PROVE_LOCKING 1
#define CONFIG_DEBUG_LOCK_ALLOC 1
#define CONFIG_LOCKDEP 1
/* IS_ENABLED as the kernel spells it: 1 for a CONFIG_ defined to 1. */
#define CONFIG_QUEUED_RWLOCKS 1
#define LC_ARG_PLACEHOLDER_1 0,
#define LC_TAKE_SECOND(ignored, val, ...) val
#define LC_IS_DEFINED3(arg1_or_junk) LC_TAKE_SECOND(arg1_or_junk 1, 0)
#define LC_IS_DEFINED2(val) LC_IS_DEFINED3(LC_ARG_PLACEHOLDER_##val)
#define IS_ENABLED(x) LC_IS_DEFINED2(x)

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

/* Per-CPU data: one CPU, the calling thread. */
#define DEFINE_PER_CPU(type, name) type name
#define this_cpu_ptr(p) (p)

/* lockcheck's ww_mutex always has the kernel's debug fields (ww_class,
 * done_acquire, contending_lock), as with CONFIG_DEBUG_MUTEXES. */
#define DEBUG_WW_MUTEXES 1

#endif

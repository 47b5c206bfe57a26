/* The event interface: the only way lock activity reaches the detectors.
 *
 * Interception (LD_PRELOAD wrappers in intercept/) and the annotation API
 * (include/lockcheck/lockcheck.h) translate what they see into these calls.
 * core/events.c implements them: it guards against reentrancy (signal
 * handlers, the library's own calls) and forwards to the detectors
 * (engine/ for order, misuse and atomic context; contracts/ for callback
 * rules).  Nothing below this line knows about pthreads. */
#ifndef LC_EVENTS_H
#define LC_EVENTS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef enum lc_lock_type {
#define LC_LOCK_TYPE(e, name, wait, sleeps, spins, remote) LC_LOCK_##e,
#include "lc_lock_types.def"
#undef LC_LOCK_TYPE
	LC_LOCK_TYPE_COUNT
} lc_lock_type;

typedef enum lc_mode {
	LC_MODE_WRITE = 0, /* exclusive */
	LC_MODE_READ = 1   /* shared */
} lc_mode;

/* lc_lock_attr.flags */
#define LC_LOCK_READER_PREFERRING 0x1u /* a reader never waits behind a queued writer */
#define LC_LOCK_STATIC_INIT       0x2u /* first seen on use, not at init */
/* The implementation refuses an unlock by a thread that does not own it
 * (error-checking, recursive and robust mutexes): such an unlock is
 * reported and changes nothing.  Without it the unlock takes effect. */
#define LC_LOCK_OWNER_CHECKED     0x4u
#define LC_LOCK_NO_VALIDATE       0x8u /* misuse-checked, left out of the order graph */
/* A raw pthread or C11 lock, announced by the interceptors: under
 * lock_classes=site its class is the code site that made it.  Above the
 * bits a lock record keeps. */
#define LC_LOCK_RAW               0x8000u

typedef struct lc_lock_attr {
	lc_lock_type type;
	unsigned flags;
	const char *class_name;  /* NULL: the lock is its own class (raw pthread locks) */
	const void *object;      /* what the lock belongs to (an inode, a dentry), or NULL */
	const char *object_type; /* "inode", "dentry", "superblock", "mapping", "file", "folio", ... */
} lc_lock_attr;

/* lc_on_acquire / lc_on_acquired flags */
#define LC_ACQ_TRY         0x1u /* trylock: never blocks, adds no edge into the tried lock */
#define LC_ACQ_TIMED       0x2u /* timed wait: can give up, still ordered */
/* lc_on_acquired only: the thread took the lock without waiting (its trylock
 * succeeded where the caller asked for a blocking lock) and no lc_on_acquire
 * came before: the checks of lc_on_acquire (order, self-deadlock, sleeping
 * lock in atomic context: the call could have waited) run now, then the
 * push, in one event.  Findings come after the fact, which is fine: nothing
 * hung.  subclass 0, no TRY/TIMED. */
#define LC_ACQ_UNCONTENDED 0x4u
/* What a lock first met on use is (a statically initialised pthread lock,
 * never announced by lc_on_lock_create): its type and lc_lock_attr flags,
 * carried on every acquisition by the interceptors so the engine creates
 * its record then.  Without them (annotations) the type is guessed from the
 * mode. */
#define LC_ACQ_TYPE(type)       (((unsigned)(type) + 1u) << 8)
#define LC_ACQ_TYPE_OF(flags)   ((int)(((flags) >> 8) & 0xffu) - 1) /* -1: not given */
#define LC_ACQ_LOCK_FLAGS(lockflags) ((unsigned)(lockflags) << 16)
#define LC_ACQ_LOCK_FLAGS_OF(flags)  ((flags) >> 16)

typedef enum lc_context {
	LC_CTX_ATOMIC,       /* preemption/interrupts off: must not sleep */
	LC_CTX_IRQ,          /* interrupt handler */
	LC_CTX_RCU_READ,     /* rcu_read_lock() section */
	LC_CTX_RCU_WALK,     /* rcu-walk path lookup (LOOKUP_RCU) */
	LC_CTX_RCU_CALLBACK, /* running from call_rcu() */
	LC_CTX_SOFTIRQ,      /* softirq (bottom half) handler */
	LC_CTX_BH_OFF,       /* local_bh_disable() section: softirqs held off */
	LC_CTX_IRQ_THREADED, /* this hardirq handler runs threaded (lockdep_hardirq_threaded) */
	LC_CTX_RCU_SCHED,    /* rcu_read_lock_sched() section: preemption off */
	LC_CTX_COUNT
} lc_context;

/* Lock life cycle.  Create on an address that is already known re-initialises
 * it (its class and edges go, as on destroy). */
void lc_on_lock_create(const void *lock, const lc_lock_attr *attr);
void lc_on_lock_destroy(const void *lock);
/* Memory [start, start + size) is about to be freed or unmapped: the locks
 * in it end there, as if destroyed (a held one is reported).  Cheap when
 * no tracked lock lives in the range. */
void lc_on_memory_freed(const void *start, size_t size);
/* For the free() family of interceptors, before they ask a block's size:
 * whether any lock is tracked at all (start NULL), or whether one may live
 * in a range (lock-free; never a false "no"). */
__attribute__((visibility("hidden"))) bool lc_memory_holds_locks(const void *start, size_t size);

/* Before the thread may block on a lock; order, self-deadlock and atomic
 * context are checked here so a real deadlock is reported before it hangs.
 * subclass is the nesting level for same-class nesting (0 = none). */
void lc_on_acquire(const void *lock, lc_mode mode, unsigned flags, unsigned subclass);
/* After the attempt; success == false for a failed trylock/timedlock. */
void lc_on_acquired(const void *lock, lc_mode mode, unsigned flags, unsigned subclass, bool success);
void lc_on_release(const void *lock);
/* The same events told the library's caller explicitly: pc is the
 * program's call site (what reports and held-lock sites show), for the
 * interceptors, whose own return address is inside the library.  The
 * lc_on_* forms above take their return address. */
void lc_on_lock_create_at(const void *lock, const lc_lock_attr *attr, const void *pc);
void lc_on_lock_destroy_at(const void *lock, const void *pc);
void lc_on_acquire_at(const void *lock, lc_mode mode, unsigned flags, unsigned subclass,
		      const void *pc);
void lc_on_acquired_at(const void *lock, lc_mode mode, unsigned flags, unsigned subclass,
		       bool success, const void *pc);
void lc_on_release_at(const void *lock, const void *pc);
void lc_on_cond_wait_at(const void *cond, const void *mutex, const void *pc);
void lc_on_blocking_at(const char *call, const void *pc);
/* Hidden twins of the two hottest ones, for the interceptors: a direct
 * call, not through the PLT. */
__attribute__((visibility("hidden"))) void lc_on_acquired_direct(const void *lock, lc_mode mode,
								 unsigned flags, unsigned subclass,
								 bool success, const void *pc);
__attribute__((visibility("hidden"))) void lc_on_release_direct(const void *lock, const void *pc);

/* A call that may sleep (I/O, sleep, join, condition or semaphore wait). */
void lc_on_blocking(const char *call);
/* Condition wait: checks the mutex is held, counts as blocking. */
void lc_on_cond_wait(const void *cond, const void *mutex);

void lc_on_context_enter(lc_context ctx);
void lc_on_context_exit(lc_context ctx);

/* Hard interrupts of the calling thread (local_irq_disable and friends):
 * LC_IRQS_ENABLE / LC_IRQS_DISABLE set the state, LC_IRQS_QUERY leaves it;
 * every op returns the previous state (1: disabled).  Unlike the counted
 * contexts this is one flag, as in the kernel: restore puts back a saved one. */
enum { LC_IRQS_ENABLE = 0, LC_IRQS_DISABLE = 1, LC_IRQS_QUERY = 2 };
int lc_on_irqs(int op);

/* Signals, from the sigaction/sigprocmask interceptors.  Masks have bit
 * (sig - 1) for signal sig.  A handler for sig was installed (or removed:
 * SIG_DFL, SIG_IGN); the thread's blocked mask changed; a wrapped handler
 * starts (blocked: the mask it runs with; interrupted_blocked: the mask of
 * the code it interrupted, back when it returns) or returns. */
void lc_on_signal_handler(int sig, bool installed);
void lc_on_signal_mask(uint64_t blocked);
void lc_on_signal_enter(int sig, uint64_t blocked, uint64_t interrupted_blocked);
void lc_on_signal_exit(int sig);

/* Callback entry and exit, for the contract checker.  objects[] name the
 * instances the call is about, by role ("inode", "dir", "dentry", "new_dir",
 * "victim", "folio", "file", "sb", ...). */
typedef struct lc_callback_object {
	const char *role;
	const void *object;
} lc_callback_object;

void lc_on_callback_enter(const char *interface, const char *method,
			  const lc_callback_object *objects, unsigned nobjects);
void lc_on_callback_exit(const char *interface, const char *method);

/* Assertions from annotated code (lockdep_assert_held and friends). */
void lc_on_assert_held(const void *lock, bool held, int mode /* -1: any */);
/* An annotation call with bad arguments (core/api.c): reported as
 * annotation-misuse, the message naming the entry point and the argument. */
void lc_on_api_misuse(const char *message, const void *lock, const void *pc);
/* A failed lockdep_assert(expr) of annotated code (assert-failed); pc: its site. */
void lc_on_api_assert(const char *expr, const void *pc);

/* An acquisition under a nest lock (lockdep's nest_lock): lc_on_acquire_at,
 * with the lock that serialises the acquired lock's class; NULL is plain.
 * Locks of one class held together under their nest lock are neither
 * recursive locking nor ordered against each other; the nest lock not held
 * is reported (nest-lock-not-held). */
void lc_on_acquire_nest_at(const void *lock, lc_mode mode, unsigned flags, unsigned subclass,
			   const void *nest, const void *pc);

/* A ww_mutex operation (lockcheck.h's lockcheck_ww_event, same values and
 * layout): the facts lockdep's wound/wait rules are checked against. */
typedef enum lc_ww_event {
	LC_WW_CTX_DONE, LC_WW_CTX_FINI, LC_WW_LOCK_SLOW, LC_WW_ACQUIRED, LC_WW_BACKOFF, LC_WW_UNLOCK,
	LC_WW_EVENT_COUNT
} lc_ww_event;
typedef struct lc_ww_state {
	const void *lock, *ctx, *lock_ctx, *contending, *ctx_class, *lock_class;
	unsigned acquired;
	int done;
} lc_ww_state;
void lc_on_ww_event_at(lc_ww_event ev, const lc_ww_state *st, const void *pc);

/* The library is loaded (a constructor): options are read now, before
 * other libraries' constructors take locks. */
void lc_on_load(void);
void lc_on_thread_start(void);
void lc_on_thread_exit(void);
/* The process exits: the detectors' exit checks (locks still held). */
void lc_on_process_exit(void);
/* After lc_on_process_exit, last of all: the summary line, the report
 * closed, and, when anything was reported, the process ends with the
 * configured exitcode. */
void lc_on_process_end(void);
/* Around fork(): prepare takes the library's internal locks so no other
 * thread holds one at the fork; parent releases them; child resets them and
 * keeps only the forking thread's state. */
void lc_on_fork_prepare(void);
void lc_on_fork_parent(void);
void lc_on_fork_child(void);

#endif

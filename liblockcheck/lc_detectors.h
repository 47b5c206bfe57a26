/* The seam between the event gate (core/events.c) and the detectors.
 *
 * core/ knows the detectors only as lc_detector tables, in the spirit of
 * ThreadSanitizer's DDetector: one small set of entry points, the caller's
 * pc and the lock's type passed as arguments, the nature of an acquisition
 * carried as flags.  Slot 0 is the lock detector (the engine: classes,
 * order graph, misuse, atomic context), the one that owns the lock table
 * and answers the queries; other slots (the contract checker) hear lock
 * events only on threads where they asked to (lc_detectors_listening), so
 * the hot path pays for them nothing.  Every detector reports through
 * lc_report() (lc_finding.h).  A NULL entry means "not interested". */
#ifndef LC_DETECTORS_H
#define LC_DETECTORS_H

#include "lc_events.h"

/* after_acquire flags beyond lc_events.h's LC_ACQ_*: */
#define LC_ACQ_FAILED 0x10u /* the attempt failed (trylock or timed wait gave up) */
/* With LC_ACQ_UNCONTENDED: the lock detector's fast path already declined
 * this acquisition, or could not be asked (lc_fast_events.h); its full
 * checks go straight on rather than try it again. */
#define LC_ACQ_FAST_DECLINED 0x20u
/* Any entry: the thread was already inside the library (a signal handler,
 * or the library's own call): no internal lock may be taken, nothing may be
 * reported; keep the per-thread state consistent or count a drop. */
#define LC_EV_NESTED  0x80u

/* A lock type not given by the event (LC_ACQ_TYPE_OF(flags) < 0). */
#define LC_LOCK_UNKNOWN (-1)

typedef enum lc_fork_phase { LC_FORK_PREPARE, LC_FORK_PARENT, LC_FORK_CHILD } lc_fork_phase;

/* Signal events (lc_on_signal_*): a handler for sig set or cleared, the
 * thread's blocked mask changed, a wrapped handler starts or returns. */
typedef enum lc_signal_event {
	LC_SIG_HANDLER_SET, LC_SIG_HANDLER_CLEARED, LC_SIG_MASK, LC_SIG_ENTER, LC_SIG_EXIT
} lc_signal_event;

/* What a detector can tell about a lock (queries). */
typedef struct lc_held_info {
	const void *lock;
	const char *class_name;  /* NULL for an anonymous lock */
	lc_lock_type type;
	lc_mode mode;
	unsigned subclass;
	const void *object;
	const char *object_type;
} lc_held_info;

typedef struct lc_detector {
	const char *name;
	/* ---- lock events; pc is the return address of the library's caller ---- */
	void (*create)(const void *lock, const lc_lock_attr *attr, const void *pc);
	void (*destroy)(const void *lock, const void *pc);
	/* Memory [start, start + size) is about to be freed: its locks end.
	 * memory_holds_locks answers first, lock-free and never a false "no"
	 * (start NULL: anywhere), so a free without locks costs nothing more. */
	bool (*memory_holds_locks)(const void *start, size_t size);
	void (*memory_freed)(const void *start, size_t size, const void *pc);
	/* Before the thread may block.  type: LC_LOCK_UNKNOWN or what the
	 * interceptor knows (for a lock first met here); lock_flags: its
	 * lc_lock_attr flags.  Returns the lock's type as the detector knows
	 * it (other detectors receive that), or -1 if it is not tracked. */
	int (*before_acquire)(const void *lock, int type, lc_mode mode, unsigned flags,
			      unsigned subclass, const void *pc);
	/* After the attempt: flags may carry LC_ACQ_FAILED, LC_ACQ_UNCONTENDED
	 * (no before_acquire came first: check and record in one), LC_EV_NESTED. */
	int (*after_acquire)(const void *lock, int type, lc_mode mode, unsigned flags,
			     unsigned subclass, const void *pc);
	void (*release)(const void *lock, unsigned flags, const void *pc);
	/* ---- what the thread does ---- */
	void (*blocking)(const char *call, const void *pc);
	void (*cond_wait)(const void *cond, const void *mutex, const void *pc);
	/* enter: +1 or -1; flags: LC_EV_NESTED or 0. */
	void (*context)(lc_context ctx, int enter, unsigned flags);
	/* Hard interrupts: op is LC_IRQS_*; returns the previous state (1: off). */
	int (*irqs)(int op, unsigned flags);
	/* blocked: the mask now (LC_SIG_MASK, LC_SIG_ENTER); interrupted: the
	 * mask back when the handler returns (LC_SIG_ENTER). */
	void (*signal)(lc_signal_event ev, int sig, uint64_t blocked, uint64_t interrupted,
		       unsigned flags);
	void (*callback_enter)(const char *interface, const char *method,
			       const lc_callback_object *objects, unsigned nobjects);
	void (*callback_exit)(const char *interface, const char *method);
	void (*assert_held)(const void *lock, bool held, int mode, const void *pc);
	/* An event dropped by the reentrancy guard. */
	void (*dropped)(void);
	/* ---- life cycle ---- */
	void (*thread_start)(void);
	void (*thread_exit)(const void *pc);
	void (*process_exit)(const void *pc);
	/* PREPARE takes the detector's internal locks, PARENT releases them,
	 * CHILD resets them and keeps only the forking thread's state. */
	void (*fork)(lc_fork_phase phase);
	/* ---- queries about the calling thread (lock detector) ---- */
	unsigned (*held_count)(void);
	bool (*held_at)(unsigned i, lc_held_info *out); /* i = 0: the oldest held lock */
	bool (*lock_info)(const void *lock, lc_held_info *out); /* held or not; false if unknown */
	bool (*in_atomic)(void); /* spinlock held, or inside LC_CTX_ATOMIC / LC_CTX_IRQ */
	unsigned (*context_depth)(lc_context ctx);
	/* ---- nest locks and ww_mutex (lock detector) ---- */
	/* before_acquire under a nest lock (non-NULL); the others hear a
	 * plain before_acquire. */
	int (*before_acquire_nest)(const void *lock, int type, lc_mode mode, unsigned flags,
				   unsigned subclass, const void *nest, const void *pc);
	void (*ww_event)(lc_ww_event ev, const lc_ww_state *st, const void *pc);
} lc_detector;

#define LC_DETECTOR_SLOTS 4
#define LC_SLOT_LOCKS     0 /* the engine */
#define LC_SLOT_CONTRACTS 1

/* The detectors the library is built with (engine/detector.c,
 * contracts/detector.c). */
extern const lc_detector lc_engine_detector;
extern const lc_detector lc_contracts_detector;

/* Put d in a slot (NULL empties it; slot 0 must stay filled); returns what
 * was there.  For tests and embedders; not while events are in flight. */
const lc_detector *lc_detectors_install(unsigned slot, const lc_detector *d);

/* The gate's per-thread word pair, read with one load on the hot path:
 * inside (the thread is in the library) and listening, where bit
 * (1 << slot) set means that detector hears this thread's lock events. */
typedef struct lc_gate_state {
	unsigned inside;
	unsigned listening;
} lc_gate_state;
extern __thread lc_gate_state lc_gate
	__attribute__((tls_model("initial-exec"), visibility("hidden")));
#define lc_detectors_listening (lc_gate.listening & ((1u << LC_DETECTOR_SLOTS) - 1))
static inline void lc_detectors_listen(unsigned slot, bool on)
{
	if (on)
		lc_gate.listening |= 1u << slot;
	else
		lc_gate.listening &= ~(1u << slot);
}

/* ---- the built-in lock detector's fast paths ----
 * Called directly by the gate's inline fast path (lc_fast_events.h), not
 * through slot 0's table, while slot 0 holds lc_engine_detector
 * (lc_locks_builtin): a direct call chosen at build time, so the commonest
 * events pay no second call and no indirect one.  Each decides on reads of
 * the lock's record and the thread's own stack: true once the event is
 * done; false, with nothing changed, when it needs the full event (which
 * then goes through the table as usual). */
__attribute__((visibility("hidden"))) bool lc_engine_fast_acquired(const void *lock, lc_mode mode,
								   const void *pc);
__attribute__((visibility("hidden"))) bool lc_engine_fast_release(const void *lock, const void *pc);
/* Its full before- and after-acquire (lc_engine_detector's), for the
 * gate's inline path of the announced acquisitions (a lock that was busy). */
__attribute__((visibility("hidden"))) int lc_engine_before_acquire(const void *lock, int type,
								   lc_mode mode, unsigned flags,
								   unsigned subclass, const void *pc);
__attribute__((visibility("hidden"))) int lc_engine_after_acquire(const void *lock, int type,
								  lc_mode mode, unsigned flags,
								  unsigned subclass, const void *pc);
extern bool lc_locks_builtin __attribute__((visibility("hidden")));

/* Queries, answered by the lock detector in slot 0. */
unsigned lc_query_held_count(void);
bool lc_query_held_at(unsigned i, lc_held_info *out);
bool lc_query_lock_info(const void *lock, lc_held_info *out);
bool lc_query_in_atomic(void);
unsigned lc_query_context_depth(lc_context ctx);

/* Facts about lock types (lc_lock_types.def). */
bool lc_lock_type_sleeps(lc_lock_type type);
/* "mutex wait", "rwsem wait", ...: a sleep on a lock of that type. */
const char *lc_lock_type_wait_name(lc_lock_type type);

#endif

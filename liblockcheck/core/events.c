/* The event entry points (lc_events.h): reentrancy guard, lazy option
 * parsing, and dispatch to the detectors through their lc_detector tables
 * (lc_detectors.h), the only thing core/ knows of them.
 *
 * An event arriving while this thread is already inside the library (a
 * signal handler that takes a lock, or an intercepted call made by the
 * library itself) must not reach code that takes internal locks: it could
 * spin forever on a lock its own thread holds.  Such events reach the lock
 * detector flagged LC_EV_NESTED (lock-free bookkeeping only) or are
 * dropped and counted. */
#include "lc_detectors.h"
#include "lc_events.h"
#include "lc_fast_events.h"
#include "lc_finding.h"
#include "lc_runtime.h"
#include "core/misuse.h"
#include "runtime/lc_runtime_internal.h"

#define LC_TLS __thread __attribute__((tls_model("initial-exec")))
#define LIKELY(x) __builtin_expect(!!(x), 1)
#define UNLIKELY(x) __builtin_expect(!!(x), 0)
/* The library's caller, where stacks are cut and held locks' sites are
 * taken: an argument of the lc_on_*_at events (the interceptors pass the
 * program's call site), else the return address of the lc_on_* function it
 * is used in (the annotation API is called by the program itself). */
#define CALLER_PC() __builtin_return_address(0)

static const lc_detector *slots[LC_DETECTOR_SLOTS] = {
	[LC_SLOT_LOCKS] = &lc_engine_detector,
	[LC_SLOT_CONTRACTS] = &lc_contracts_detector,
};
#define LOCKS (slots[LC_SLOT_LOCKS])
/* Slot 0 holds the built-in detector: the interceptors' inline fast path
 * (lc_fast_events.h) may call it directly. */
bool lc_locks_builtin = true;

/* A thread starts with NOT_READY set: its first event takes the slow path,
 * which reads the options if nobody has yet, then clears it, so the hot
 * path tests one 8-byte word for all three conditions. */
#define NOT_READY 0x80000000u
LC_TLS lc_gate_state lc_gate = {.inside = 0, .listening = NOT_READY};
static bool options_ready;

const lc_detector *lc_detectors_install(unsigned slot, const lc_detector *d)
{
	if (slot >= LC_DETECTOR_SLOTS || (slot == LC_SLOT_LOCKS && !d))
		return NULL;
	const lc_detector *old = slots[slot];
	__atomic_store_n(&slots[slot], d, __ATOMIC_RELEASE);
	if (slot == LC_SLOT_LOCKS)
		__atomic_store_n(&lc_locks_builtin, d == &lc_engine_detector, __ATOMIC_RELEASE);
	return old;
}

static inline bool enter(void)
{
	/* Holding one of libunwind's locks counts as inside: checking could
	 * walk the stack, and libunwind would wait for itself. */
	if (UNLIKELY(lc_gate.inside | lc_unwinder_locks))
		return false;
	lc_fast_enter();
	if (UNLIKELY(lc_gate.listening & NOT_READY)) {
		if (!__atomic_load_n(&options_ready, __ATOMIC_ACQUIRE)) {
			lc_options_init();
			__atomic_store_n(&options_ready, true, __ATOMIC_RELEASE);
		}
		lc_gate.listening &= ~NOT_READY;
	}
	return true;
}

/* The guard without the option parsing: for signal bookkeeping, which
 * sanitizer runtimes do during their own start, before the environment
 * can be read (the options would be parsed empty). */
static inline bool enter_quiet(void)
{
	if (UNLIKELY(lc_gate.inside))
		return false;
	lc_fast_enter();
	return true;
}

static inline void leave(void)
{
	lc_fast_leave();
}

/* Each detector beyond slot 0 that has a hook and, for per-thread events,
 * listens on this thread. */
#define FOR_OTHERS(d, hook, listening_only)                                              \
	for (unsigned slot_ = 1; slot_ < LC_DETECTOR_SLOTS; slot_++)                      \
		for (const lc_detector *d = slots[slot_];                                 \
		     d && d->hook && (!(listening_only) || ((lc_detectors_listening >> slot_) & 1)); \
		     d = NULL)

static void dropped(void)
{
	if (LOCKS->dropped)
		LOCKS->dropped();
}

void lc_on_lock_create(const void *lock, const lc_lock_attr *attr)
{
	lc_on_lock_create_at(lock, attr, CALLER_PC());
}

void lc_on_lock_create_at(const void *lock, const lc_lock_attr *attr, const void *pc)
{
	if (!enter()) {
		dropped();
		return;
	}
	LOCKS->create(lock, attr, pc);
	leave();
}

void lc_on_lock_destroy(const void *lock)
{
	lc_on_lock_destroy_at(lock, CALLER_PC());
}

void lc_on_lock_destroy_at(const void *lock, const void *pc)
{
	if (!enter()) {
		dropped();
		return;
	}
	LOCKS->destroy(lock, pc);
	leave();
}

bool lc_memory_holds_locks(const void *start, size_t size)
{
	const lc_detector *d = LOCKS;
	return d->memory_holds_locks && d->memory_holds_locks(start, size);
}

void lc_on_memory_freed(const void *start, size_t size)
{
	const void *pc = CALLER_PC();
	/* Every free() of the program comes here: say no before anything else. */
	if (LIKELY(!lc_memory_holds_locks(start, size)))
		return;
	if (!enter()) {
		dropped();
		return;
	}
	LOCKS->memory_freed(start, size, pc);
	leave();
}

static void others_acquire(const void *lock, int type, lc_mode mode, unsigned flags,
			   unsigned subclass, const void *pc, bool before)
{
	if (before) {
		FOR_OTHERS(d, before_acquire, true)
			d->before_acquire(lock, type, mode, flags, subclass, pc);
	} else {
		FOR_OTHERS(d, after_acquire, true)
			d->after_acquire(lock, type, mode, flags, subclass, pc);
	}
}

/* The lock events' hot path: not nested, options read, no other detector
 * listening on this thread: the lock detector alone, called last so little
 * is kept across the call. */
static inline bool plain(void)
{
	/* Two 4-byte loads, not one 8-byte one: the last event's 4-byte store
	 * to inside is likely still in the store buffer, and a wider load
	 * could not be forwarded from it. */
	return LIKELY((lc_gate.inside | lc_gate.listening) == 0);
}


static __attribute__((noinline)) void acquire_slow(const void *lock, lc_mode mode, unsigned flags,
						   unsigned subclass, const void *pc)
{
	if (!enter())
		return; /* checks only; the nested acquired keeps the stack */
	int type = LOCKS->before_acquire(lock, LC_ACQ_TYPE_OF(flags), mode, flags, subclass, pc);
	if (lc_detectors_listening)
		others_acquire(lock, type, mode, flags, subclass, pc, true);
	leave();
}

static inline __attribute__((always_inline)) void acquire_at(const void *lock, lc_mode mode,
							      unsigned flags, unsigned subclass,
							      const void *pc)
{
	if (UNLIKELY(!plain())) {
		acquire_slow(lock, mode, flags, subclass, pc);
		return;
	}
	lc_fast_enter();
	LOCKS->before_acquire(lock, LC_ACQ_TYPE_OF(flags), mode, flags, subclass, pc);
	leave();
}

void lc_on_acquire(const void *lock, lc_mode mode, unsigned flags, unsigned subclass)
{
	acquire_at(lock, mode, flags, subclass, CALLER_PC());
}

void lc_on_acquire_at(const void *lock, lc_mode mode, unsigned flags, unsigned subclass,
		      const void *pc)
{
	acquire_at(lock, mode, flags, subclass, pc);
}

static __attribute__((noinline)) void acquired_slow(const void *lock, lc_mode mode, unsigned flags,
						    unsigned subclass, const void *pc)
{
	if (!enter()) {
		if (!(flags & LC_ACQ_FAILED))
			LOCKS->after_acquire(lock, LC_ACQ_TYPE_OF(flags), mode, flags | LC_EV_NESTED,
					     subclass, pc);
		return;
	}
	int type = LOCKS->after_acquire(lock, LC_ACQ_TYPE_OF(flags), mode, flags, subclass, pc);
	if (lc_detectors_listening)
		others_acquire(lock, type, mode, flags, subclass, pc, false);
	leave();
}

static inline __attribute__((always_inline)) void acquired_at(const void *lock, lc_mode mode,
							       unsigned flags, unsigned subclass,
							       bool success, const void *pc)
{
	if (UNLIKELY(!success))
		flags |= LC_ACQ_FAILED;
	if (UNLIKELY(!plain())) {
		acquired_slow(lock, mode, flags, subclass, pc);
		return;
	}
	lc_fast_enter();
	LOCKS->after_acquire(lock, LC_ACQ_TYPE_OF(flags), mode, flags, subclass, pc);
	leave();
}

void lc_on_acquired(const void *lock, lc_mode mode, unsigned flags, unsigned subclass, bool success)
{
	acquired_at(lock, mode, flags, subclass, success, CALLER_PC());
}

void lc_on_acquired_at(const void *lock, lc_mode mode, unsigned flags, unsigned subclass,
		       bool success, const void *pc)
{
	acquired_at(lock, mode, flags, subclass, success, pc);
}

static __attribute__((noinline)) void release_slow(const void *lock, const void *pc)
{
	if (!enter()) {
		LOCKS->release(lock, LC_EV_NESTED, pc);
		return;
	}
	LOCKS->release(lock, 0, pc);
	leave();
}

void lc_on_release(const void *lock)
{
	lc_on_release_at(lock, CALLER_PC());
}

void lc_on_release_at(const void *lock, const void *pc)
{
	if (UNLIKELY(!plain())) {
		release_slow(lock, pc);
		return;
	}
	lc_fast_enter();
	LOCKS->release(lock, 0, pc);
	leave();
}

/* Under a nest lock: the lock detector checks the nest lock and its class;
 * the other detectors hear a plain acquisition.  Nested (a signal handler):
 * checks only, as acquire_slow. */
void lc_on_acquire_nest_at(const void *lock, lc_mode mode, unsigned flags, unsigned subclass,
			   const void *nest, const void *pc)
{
	if (!nest || !LOCKS->before_acquire_nest) {
		acquire_at(lock, mode, flags, subclass, pc);
		return;
	}
	if (!enter())
		return;
	int type = LOCKS->before_acquire_nest(lock, LC_ACQ_TYPE_OF(flags), mode, flags, subclass,
					      nest, pc);
	if (lc_detectors_listening)
		others_acquire(lock, type, mode, flags, subclass, pc, true);
	leave();
}

void lc_on_ww_event_at(lc_ww_event ev, const lc_ww_state *st, const void *pc)
{
	if (!LOCKS->ww_event)
		return;
	if (!enter()) {
		dropped();
		return;
	}
	LOCKS->ww_event(ev, st, pc);
	leave();
}

extern __typeof(lc_on_acquired_at) lc_on_acquired_direct __attribute__((alias("lc_on_acquired_at")));
extern __typeof(lc_on_release_at) lc_on_release_direct __attribute__((alias("lc_on_release_at")));

void lc_on_blocking(const char *call)
{
	lc_on_blocking_at(call, CALLER_PC());
}

void lc_on_blocking_at(const char *call, const void *pc)
{
	if (!enter()) {
		dropped();
		return;
	}
	LOCKS->blocking(call, pc);
	if (UNLIKELY(lc_detectors_listening))
		FOR_OTHERS(d, blocking, true)
			d->blocking(call, pc);
	leave();
}

void lc_on_cond_wait(const void *cond, const void *mutex)
{
	lc_on_cond_wait_at(cond, mutex, CALLER_PC());
}

void lc_on_cond_wait_at(const void *cond, const void *mutex, const void *pc)
{
	if (!enter()) {
		dropped();
		return;
	}
	LOCKS->cond_wait(cond, mutex, pc);
	if (UNLIKELY(lc_detectors_listening))
		FOR_OTHERS(d, cond_wait, true)
			d->cond_wait(cond, mutex, pc);
	leave();
}

static void context(lc_context ctx, int enter_ctx)
{
	if (!enter()) {
		LOCKS->context(ctx, enter_ctx, LC_EV_NESTED);
		return;
	}
	LOCKS->context(ctx, enter_ctx, 0);
	leave();
}

void lc_on_context_enter(lc_context ctx) { context(ctx, 1); }
void lc_on_context_exit(lc_context ctx) { context(ctx, -1); }

void lc_on_signal_handler(int sig, bool installed)
{
	if (!enter_quiet()) {
		dropped();
		return;
	}
	if (LOCKS->signal)
		LOCKS->signal(installed ? LC_SIG_HANDLER_SET : LC_SIG_HANDLER_CLEARED, sig, 0, 0, 0);
	leave();
}

/* Thread-local state only: the nested path follows it too. */
static void signal_event(lc_signal_event ev, int sig, uint64_t blocked, uint64_t interrupted)
{
	if (!LOCKS->signal)
		return;
	if (!enter_quiet()) {
		LOCKS->signal(ev, sig, blocked, interrupted, LC_EV_NESTED);
		return;
	}
	LOCKS->signal(ev, sig, blocked, interrupted, 0);
	leave();
}

void lc_on_signal_mask(uint64_t blocked) { signal_event(LC_SIG_MASK, 0, blocked, 0); }
void lc_on_signal_enter(int sig, uint64_t blocked, uint64_t interrupted_blocked)
{
	signal_event(LC_SIG_ENTER, sig, blocked, interrupted_blocked);
}
void lc_on_signal_exit(int sig) { signal_event(LC_SIG_EXIT, sig, 0, 0); }

int lc_on_irqs(int op)
{
	if (!LOCKS->irqs)
		return 0;
	if (!enter())
		return LOCKS->irqs(op, LC_EV_NESTED);
	int was = LOCKS->irqs(op, 0);
	leave();
	return was;
}

void lc_on_callback_enter(const char *interface, const char *method,
			  const lc_callback_object *objects, unsigned nobjects)
{
	if (!enter()) {
		dropped();
		return;
	}
	if (LOCKS->callback_enter)
		LOCKS->callback_enter(interface, method, objects, nobjects);
	FOR_OTHERS(d, callback_enter, false)
		d->callback_enter(interface, method, objects, nobjects);
	leave();
}

void lc_on_callback_exit(const char *interface, const char *method)
{
	if (!enter()) {
		dropped();
		return;
	}
	if (LOCKS->callback_exit)
		LOCKS->callback_exit(interface, method);
	FOR_OTHERS(d, callback_exit, false)
		d->callback_exit(interface, method);
	leave();
}

void lc_on_assert_held(const void *lock, bool held, int mode)
{
	const void *pc = CALLER_PC();
	if (!enter()) {
		dropped();
		return;
	}
	LOCKS->assert_held(lock, held, mode, pc);
	leave();
}

/* pc: the annotation's call site, passed by core/api.c. */
void lc_on_api_misuse(const char *message, const void *lock, const void *pc)
{
	if (!enter()) {
		dropped();
		return;
	}
	lc_report_misuse(message, lock, pc);
	leave();
}

void lc_on_api_assert(const char *expr, const void *pc)
{
	if (!enter()) {
		dropped();
		return;
	}
	lc_report_assert(expr, pc);
	leave();
}

void lc_on_load(void)
{
	lc_options_init();
	lc_report_started();
}

void lc_on_thread_start(void)
{
	if (!enter())
		return;
	if (LOCKS->thread_start)
		LOCKS->thread_start();
	FOR_OTHERS(d, thread_start, false)
		d->thread_start();
	leave();
}

void lc_on_thread_exit(void)
{
	const void *pc = CALLER_PC();
	if (!enter()) {
		dropped();
		return;
	}
	LOCKS->thread_exit(pc);
	FOR_OTHERS(d, thread_exit, false)
		d->thread_exit(pc);
	leave();
}

void lc_on_process_exit(void)
{
	const void *pc = CALLER_PC();
	if (!enter()) {
		dropped();
		return;
	}
	LOCKS->process_exit(pc);
	FOR_OTHERS(d, process_exit, false)
		d->process_exit(pc);
	leave();
}

void lc_on_process_end(void)
{
	lc_report_at_exit();
}

static void fork_detectors(lc_fork_phase phase)
{
	if (LOCKS->fork)
		LOCKS->fork(phase);
	FOR_OTHERS(d, fork, false)
		d->fork(phase);
}

/* Between prepare and parent/child this thread counts as inside the
 * library: atfork handlers of other code that take locks get the nested
 * path instead of spinning on the locks held here.  Lock order: the
 * detectors' (the engine's: graph, classes, table, threads), the stack
 * depot's, then the allocator's. */
void lc_on_fork_prepare(void)
{
	lc_gate.inside++;
	__atomic_signal_fence(__ATOMIC_SEQ_CST);
	fork_detectors(LC_FORK_PREPARE);
	lc_depot_fork_prepare();
	lc_alloc_fork_prepare();
}

void lc_on_fork_parent(void)
{
	lc_alloc_fork_parent();
	lc_depot_fork_parent();
	fork_detectors(LC_FORK_PARENT);
	__atomic_signal_fence(__ATOMIC_SEQ_CST);
	if (lc_gate.inside)
		lc_gate.inside--;
}

void lc_on_fork_child(void)
{
	lc_runtime_fork_child();
	lc_alloc_fork_child();
	lc_depot_fork_child();
	fork_detectors(LC_FORK_CHILD);
	lc_report_fork_child();
	__atomic_signal_fence(__ATOMIC_SEQ_CST);
	if (lc_gate.inside)
		lc_gate.inside--;
}

/* ---- queries, answered by the lock detector ---- */

unsigned lc_query_held_count(void) { return LOCKS->held_count ? LOCKS->held_count() : 0; }
bool lc_query_held_at(unsigned i, lc_held_info *out)
{
	return LOCKS->held_at && LOCKS->held_at(i, out);
}
bool lc_query_lock_info(const void *lock, lc_held_info *out)
{
	return LOCKS->lock_info && LOCKS->lock_info(lock, out);
}
bool lc_query_in_atomic(void) { return LOCKS->in_atomic && LOCKS->in_atomic(); }
unsigned lc_query_context_depth(lc_context ctx)
{
	return LOCKS->context_depth ? LOCKS->context_depth(ctx) : 0;
}

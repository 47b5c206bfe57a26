/* The event entry points (lc_events.h): reentrancy guard, lazy option
 * parsing, and forwarding to the engine and the contract checker.
 *
 * An event arriving while this thread is already inside the library (a
 * signal handler that takes a lock, or an intercepted call made by the
 * library itself) must not reach code that takes internal locks: it could
 * spin forever on a lock its own thread holds.  Such events take the
 * engine's lock-free "nested" path or are dropped and counted. */
#include "engine/acquire_fast.h"
#include "engine/engine_internal.h"
#include "lc_detectors.h"
#include "lc_events.h"
#include "lc_runtime.h"
#include "runtime/lc_runtime_internal.h"

static LC_TLS int inside;
static bool options_ready;

static inline bool enter(void)
{
	if (LC_UNLIKELY(inside))
		return false;
	inside = 1;
	__atomic_signal_fence(__ATOMIC_SEQ_CST);
	if (LC_UNLIKELY(!__atomic_load_n(&options_ready, __ATOMIC_ACQUIRE))) {
		lc_options_init();
		__atomic_store_n(&options_ready, true, __ATOMIC_RELEASE);
	}
	return true;
}

/* In each lc_on_* itself (a macro, not a call), so the return address is
 * that of the library's caller. */
#define ENTER() (enter() ? (lc_event_caller = __builtin_return_address(0), true) : false)

static inline void leave(void)
{
	__atomic_signal_fence(__ATOMIC_SEQ_CST);
	inside = 0;
}

/* What the contract checker hears when a thread may sleep on a lock. */
static const char *const wait_names[LC_LOCK_TYPE_COUNT] = {
	[LC_LOCK_MUTEX] = "mutex wait",
	[LC_LOCK_MUTEX_RECURSIVE] = "recursive mutex wait",
	[LC_LOCK_RWLOCK] = "rwlock wait",
	[LC_LOCK_SPINLOCK] = "spinlock wait",
	[LC_LOCK_RWLOCK_SPIN] = "rwlock_spin wait",
	[LC_LOCK_SEMAPHORE] = "semaphore wait",
	[LC_LOCK_RWSEM] = "rwsem wait",
	[LC_LOCK_SEQLOCK] = "seqlock wait",
	[LC_LOCK_PAGE] = "page lock wait",
	[LC_LOCK_RCU] = "rcu wait",
};

void lc_on_lock_create(const void *lock, const lc_lock_attr *attr)
{
	if (!ENTER()) {
		lc_engine_count_drop();
		return;
	}
	lc_engine_lock_create(lock, attr);
	leave();
}

void lc_on_lock_destroy(const void *lock)
{
	if (!ENTER()) {
		lc_engine_count_drop();
		return;
	}
	lc_engine_lock_destroy(lock);
	leave();
}

void lc_on_acquire(const void *lock, lc_mode mode, unsigned flags, unsigned subclass)
{
	if (!ENTER())
		return; /* checks only; the nested acquired keeps the stack */
	int type = lc_engine_acquire_typed(lock, mode, flags, subclass);
	if (LC_UNLIKELY(lc_contracts_depth) && type >= 0 && !(flags & LC_ACQ_TRY) &&
	    lc_type_sleeps((lc_lock_type)type))
		lc_contracts_blocking(wait_names[type]);
	leave();
}

/* The full path, when the fast one declines: caller is the library's
 * caller, for stacks. */
static __attribute__((noinline)) void acquired_uncontended_full(const void *lock, lc_mode mode,
								  const void *caller)
{
	if (!enter()) {
		lc_engine_nested_acquired(lock, mode, 0, 0);
		return;
	}
	lc_event_caller = caller;
	int type = lc_engine_acquired_uncontended(lock, mode);
	/* A callback that must not sleep broke its contract even if this time
	 * the lock was free. */
	if (LC_UNLIKELY(lc_contracts_depth) && type >= 0 && lc_type_sleeps((lc_lock_type)type))
		lc_contracts_blocking(wait_names[type]);
	leave();
}

/* Fast paths report nothing, so they leave lc_event_caller alone.  They
 * need no options check either: they run only on a thread with engine
 * state, made after this thread saw the options ready. */
static inline bool enter_fast(void)
{
	if (LC_UNLIKELY(inside))
		return false;
	inside = 1;
	__atomic_signal_fence(__ATOMIC_SEQ_CST);
	return true;
}

void lc_on_acquired_uncontended(const void *lock, lc_mode mode)
{
	if (LC_LIKELY(!lc_contracts_depth) && enter_fast()) {
		bool done = lc_acquired_uncontended_fast(lock, mode);
		leave();
		if (LC_LIKELY(done))
			return;
	}
	acquired_uncontended_full(lock, mode, __builtin_return_address(0));
}

void lc_on_acquired(const void *lock, lc_mode mode, unsigned flags, unsigned subclass, bool success)
{
	if (!ENTER()) {
		if (success)
			lc_engine_nested_acquired(lock, mode, flags, subclass);
		return;
	}
	lc_engine_acquired_direct(lock, mode, flags, subclass, success);
	leave();
}

static __attribute__((noinline)) void release_full(const void *lock, const void *caller)
{
	if (!enter()) {
		lc_engine_nested_release(lock);
		return;
	}
	lc_event_caller = caller;
	lc_engine_release_direct(lock);
	leave();
}

void lc_on_release(const void *lock)
{
	if (enter_fast()) {
		bool done = lc_release_fast(lock);
		leave();
		if (LC_LIKELY(done))
			return;
	}
	release_full(lock, __builtin_return_address(0));
}

extern __typeof(lc_on_acquired_uncontended) lc_on_acquired_uncontended_direct
	__attribute__((alias("lc_on_acquired_uncontended")));
extern __typeof(lc_on_release) lc_on_release_direct __attribute__((alias("lc_on_release")));

void lc_on_blocking(const char *call)
{
	if (!ENTER()) {
		lc_engine_count_drop();
		return;
	}
	lc_engine_blocking(call);
	if (lc_contracts_depth)
		lc_contracts_blocking(call);
	leave();
}

void lc_on_cond_wait(const void *cond, const void *mutex)
{
	if (!ENTER()) {
		lc_engine_count_drop();
		return;
	}
	lc_engine_cond_wait(cond, mutex);
	if (lc_contracts_depth)
		lc_contracts_blocking("pthread_cond_wait");
	leave();
}

void lc_on_context_enter(lc_context ctx)
{
	if (!ENTER()) {
		lc_engine_nested_context(ctx, true);
		return;
	}
	lc_engine_context_enter(ctx);
	leave();
}

void lc_on_context_exit(lc_context ctx)
{
	if (!ENTER()) {
		lc_engine_nested_context(ctx, false);
		return;
	}
	lc_engine_context_exit(ctx);
	leave();
}

void lc_on_callback_enter(const char *interface, const char *method,
			  const lc_callback_object *objects, unsigned nobjects)
{
	if (!ENTER()) {
		lc_engine_count_drop();
		return;
	}
	lc_contracts_callback_enter(interface, method, objects, nobjects);
	leave();
}

void lc_on_callback_exit(const char *interface, const char *method)
{
	if (!ENTER()) {
		lc_engine_count_drop();
		return;
	}
	lc_contracts_callback_exit(interface, method);
	leave();
}

void lc_on_assert_held(const void *lock, bool held, int mode)
{
	if (!ENTER()) {
		lc_engine_count_drop();
		return;
	}
	lc_engine_assert_held(lock, held, mode);
	leave();
}

void lc_on_thread_start(void)
{
	if (!ENTER())
		return;
	lc_engine_thread_start();
	leave();
}

void lc_on_thread_exit(void)
{
	if (!ENTER()) {
		lc_engine_count_drop();
		return;
	}
	lc_engine_thread_exit();
	lc_contracts_thread_exit();
	leave();
}

void lc_on_process_exit(void)
{
	if (!ENTER()) {
		lc_engine_count_drop();
		return;
	}
	lc_engine_process_exit();
	leave();
}

/* Between prepare and parent/child this thread counts as inside the
 * library: atfork handlers of other code that take locks get the nested
 * path instead of spinning on the locks held here.  Lock order: the
 * engine's (graph, classes, table, threads), then the allocator's. */
void lc_on_fork_prepare(void)
{
	inside++;
	__atomic_signal_fence(__ATOMIC_SEQ_CST);
	lc_engine_fork_prepare();
	lc_alloc_fork_prepare();
}

void lc_on_fork_parent(void)
{
	lc_alloc_fork_parent();
	lc_engine_fork_parent();
	__atomic_signal_fence(__ATOMIC_SEQ_CST);
	if (inside)
		inside--;
}

void lc_on_fork_child(void)
{
	lc_runtime_fork_child();
	lc_alloc_fork_child();
	lc_engine_fork_child();
	lc_contracts_fork_child();
	lc_report_fork_child();
	__atomic_signal_fence(__ATOMIC_SEQ_CST);
	if (inside)
		inside--;
}

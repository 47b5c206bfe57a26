/* The engine as the lock detector of lc_detectors.h: the only way the rest
 * of the library reaches it. */
#include "engine/engine_internal.h"
#include "engine/nest_lock.h"
#include "engine/ww_mutex_rules.h"

static void dropped(void)
{
	lc_engine_count_drop();
}

const lc_detector lc_engine_detector = {
	.name = "engine",
	.create = lc_engine_lock_create,
	.destroy = lc_engine_lock_destroy,
	.memory_holds_locks = lc_engine_memory_holds_locks,
	.memory_freed = lc_engine_memory_freed,
	.before_acquire = lc_engine_before_acquire,
	.after_acquire = lc_engine_after_acquire,
	.release = lc_engine_release,
	.blocking = lc_engine_blocking,
	.cond_wait = lc_engine_cond_wait,
	.context = lc_engine_context,
	.irqs = lc_engine_irqs,
	.signal = lc_engine_signal,
	.assert_held = lc_engine_assert_held,
	.dropped = dropped,
	.thread_start = lc_engine_thread_start,
	.thread_exit = lc_engine_thread_exit,
	.process_exit = lc_engine_process_exit,
	.fork = lc_engine_fork,
	.held_count = lc_engine_held_count,
	.held_at = lc_engine_held_at,
	.lock_info = lc_engine_lock_info,
	.in_atomic = lc_engine_in_atomic,
	.context_depth = lc_engine_context_depth,
	.before_acquire_nest = lc_engine_before_acquire_nest,
	.ww_event = lc_engine_ww_event,
};

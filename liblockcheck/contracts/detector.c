/* The contract checker as a detector (lc_detectors.h).  It hears lock
 * events only while a callback is in progress on the thread (it listens
 * then), and a wait on a sleeping lock counts as blocking: a callback that
 * must not sleep broke its contract even if this time the lock was free. */
#include "contracts/contract_state.h"

static void on_wait(int type)
{
	if (type >= 0 && type < LC_LOCK_TYPE_COUNT && lc_lock_type_sleeps((lc_lock_type)type))
		lc_contracts_blocking(lc_lock_type_wait_name((lc_lock_type)type));
}

static int before_acquire(const void *lock, int type, lc_mode mode, unsigned flags,
			  unsigned subclass, const void *pc)
{
	(void)lock, (void)mode, (void)subclass, (void)pc;
	if (!(flags & LC_ACQ_TRY))
		on_wait(type);
	return type;
}

static int after_acquire(const void *lock, int type, lc_mode mode, unsigned flags,
			 unsigned subclass, const void *pc)
{
	(void)lock, (void)mode, (void)subclass, (void)pc;
	if (flags & LC_ACQ_UNCONTENDED)
		on_wait(type);
	return type;
}

static void blocking(const char *call, const void *pc)
{
	(void)pc;
	lc_contracts_blocking(call);
}

static void cond_wait(const void *cond, const void *mutex, const void *pc)
{
	(void)cond, (void)mutex, (void)pc;
	lc_contracts_blocking("pthread_cond_wait");
}

static void thread_exit(const void *pc)
{
	(void)pc;
	lc_contracts_thread_exit();
}

static void fork_phase(lc_fork_phase phase)
{
	if (phase == LC_FORK_CHILD)
		lc_contracts_fork_child();
}

const lc_detector lc_contracts_detector = {
	.name = "contracts",
	.before_acquire = before_acquire,
	.after_acquire = after_acquire,
	.blocking = blocking,
	.cond_wait = cond_wait,
	.callback_enter = lc_contracts_callback_enter,
	.callback_exit = lc_contracts_callback_exit,
	.thread_exit = thread_exit,
	.fork = fork_phase,
};

/* Process life: options at load, fork handlers, and the exit report.
 *
 * fork: handlers are registered with pthread_atfork from the constructor
 * rather than by wrapping fork().  Registered first, ours run LAST before
 * the fork (after the program's prepare handlers have taken their locks,
 * which the engine must see) and FIRST after it (the child's state is reset
 * before the program's child handlers release those locks).  A wrapper would
 * take the library's locks before the program's handlers run, and those
 * handlers' lock calls would then have to be dropped or would deadlock.
 *
 * vfork and posix_spawn are left alone on purpose: their child shares the
 * parent's memory and may only exec or _exit, so there is no state to reset,
 * and a wrapper function cannot return twice on one stack.
 *
 * exit: an atexit handler registered from the constructor.  Registered by
 * a library loaded before the program, it runs after the program's own
 * atexit handlers and destructors (they may still lock), and on the exiting
 * thread, so exit-holding sees that thread's locks. */
#include <pthread.h>
#include <stdlib.h>

#include "lc_events.h"
#include "spec/lc_spec.h"

static void fork_prepare(void)
{
	lc_on_fork_prepare();
}

static void fork_parent(void)
{
	lc_on_fork_parent();
}

static void fork_child(void)
{
	lc_on_fork_child();
}

static void at_exit(void)
{
	lc_on_process_exit();
	lc_on_process_end();
}

/* Early, so options are parsed before other libraries' constructors lock. */
__attribute__((constructor(101))) static void lockcheck_load(void)
{
	lc_on_load();
	lc_spec_preload();
	pthread_atfork(fork_prepare, fork_parent, fork_child);
	atexit(at_exit);
}

/* Every report kind the library writes: the name and one line from the
 * library's single list (liblockcheck/lc_kinds.def), and for SARIF rules and
 * dashboards a longer description and what to do about it. */
#include <string.h>

#include "cli.h"

const cli_kind cli_kinds[] = {
#define LC_KIND(e, name, summary) {name, summary},
#include "lc_kinds.def"
#undef LC_KIND
};
const unsigned cli_nkinds = sizeof cli_kinds / sizeof *cli_kinds;

static const struct {
	const char *name, *full, *help;
} details[] = {
	{"lock-order-inversion",
	 "Two or more locks were acquired in orders that form a cycle (A then B in one place, B then A in another). "
	 "Threads running those paths at the same time can each hold one lock and wait for the next, forever. "
	 "The run did not have to hang for this to be found.",
	 "Pick one order for these locks and take them in that order everywhere; the report shows where each edge "
	 "of the cycle was first taken. If the two paths can never run at once, say why in a suppression."},
	{"self-deadlock",
	 "A thread tried to acquire a non-recursive lock it already holds; it will wait for itself forever.",
	 "Release the lock before taking it again, or restructure so the inner code runs with the lock already held."},
	{"recursive-locking",
	 "Two locks of the same class are held at once without a nesting level, so their order cannot be checked "
	 "and two threads taking them in opposite orders would deadlock.",
	 "Give the inner lock a nesting level (lockcheck_acquire subclass, mutex_lock_nested), or a class of its own."},
	{"unlock-not-held",
	 "A thread released a lock it does not hold: either nobody holds it (a double unlock, or an unlock "
	 "without a lock) or another thread does. The lock's state is now undefined.",
	 "Check the paths to this unlock: the report names who holds the lock, if anyone, and where it was last released."},
	{"destroy-held",
	 "A lock was destroyed (or its memory freed) while a thread held it; the holder will later unlock freed memory.",
	 "Release the lock before destroying it, and make sure no thread can still be inside the critical section."},
	{"exit-holding",
	 "A thread returned, or the process exited, with locks still held; anyone waiting for them waits forever.",
	 "Release every lock on every return path; the report shows where each held lock was acquired."},
	{"cond-wait-unheld",
	 "pthread_cond_wait or timedwait was called with a mutex the thread does not hold, which is undefined behaviour "
	 "and loses wake-ups.",
	 "Lock the mutex that protects the condition before waiting on it."},
	{"blocking-in-atomic",
	 "A call that can block (sleep, blocking I/O, a mutex wait) was made while a spinlock was held or in atomic "
	 "context; every other thread spinning on that lock burns CPU, and in the kernel this is a bug.",
	 "Move the blocking call out of the spinlock's critical section, or use a sleeping lock."},
	{"held-limit",
	 "A thread held more locks at once than the max_held option allows; usually a lock taken in a loop and "
	 "never released.",
	 "Find the lock taken without a matching release; raise max_held only if so many locks are really held."},
	{"contract-lock-missing",
	 "A VFS callback ran without a lock the kernel's Locking document says its caller holds.",
	 "Take the lock the document names before calling the method; the finding quotes the document's cell and line."},
	{"contract-lock-mode",
	 "A VFS callback ran with a lock the document requires, but shared where it must be exclusive (or the reverse).",
	 "Take the lock in the mode the document names."},
	{"contract-lock-forbidden",
	 "A VFS callback ran while its caller held a lock the document says must not be held there.",
	 "Release the lock before the call, or move the call out of the critical section."},
	{"contract-blocking",
	 "A VFS callback the document marks as not allowed to block made a blocking call.",
	 "Avoid blocking calls in this method, or defer the work."},
	{"contract-rcu-walk",
	 "A callback called in RCU-walk mode blocked or took a reference it may not take in that mode.",
	 "Return -ECHILD in RCU-walk mode when the work needs ref-walk."},
	{"contract-exit-state",
	 "A VFS callback returned with a lock held or released against what the document says it must leave.",
	 "Leave the locks as the document says on every return path."},
	{"annotation-misuse",
	 "An annotation API call had arguments that cannot be right (a NULL lock, a kind, mode, flag or context that does not exist, a callback without a name); the call was ignored.",
	 "Fix the call the stack points at; the message names the entry point and the argument."},
	{"assert-failed",
	 "An assertion in annotated code (lockdep_assert_held and friends) did not hold.",
	 "Take the lock the assertion names before this point, or fix the assertion."},
	{"site-class-nesting",
	 "Under lock_classes=site, a thread holding a lock made at one code site took another lock made at the same "
	 "site (a hand-over-hand walk, say). They are one class in that mode, so the order between them is not checked.",
	 "Nothing, if such locks are always taken in one order; run with lock_classes=instance to have that order "
	 "checked, or name the locks with lockcheck_lock_init."},
	{"nest-lock-not-held",
	 "A lock was taken under a nest lock (mutex_lock_nest_lock, lockcheck_acquire_nest, a ww_mutex's acquire "
	 "context) that the thread does not hold, so nothing serialises the locks of its class.",
	 "Take the nest lock before the locks it serialises, or order those locks with nesting levels."},
	{"ww-mutex-misuse",
	 "A wound/wait mutex or its acquire context was used against the ww_mutex protocol: locking after "
	 "ww_acquire_done, not backing off after -EDEADLK, a mutex of another class, ww_acquire_fini with locks held.",
	 "Follow the ww_mutex protocol: on -EDEADLK unlock everything under the context, ww_mutex_lock_slow the "
	 "contended lock, then take the others again; finish with ww_acquire_done and ww_acquire_fini."},
	{"invalid-wait-context",
	 "With prove_raw_lock_nesting=1: a spinlock_t or rwlock_t was taken inside a raw_spinlock_t, in a hardirq "
	 "handler that is not threaded, or under rcu_read_lock_sched(). It spins here, but on PREEMPT_RT it is a "
	 "sleeping lock, and nothing may sleep there.",
	 "Make the inner lock a raw_spinlock_t if its sections are short and bounded, take it outside the raw "
	 "section, or have the interrupt handler run threaded."},
};

void cli_kind_details(const char *name, const char **full, const char **help)
{
	*full = *help = NULL;
	for (unsigned i = 0; name && i < sizeof details / sizeof *details; i++)
		if (!strcmp(details[i].name, name)) {
			*full = details[i].full;
			*help = details[i].help;
		}
}

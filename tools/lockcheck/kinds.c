/* Every report kind the library writes, with a one-line description.
 * Kept in the same order as lc_kind (liblockcheck/lc_finding.h). */
#include "cli.h"

const cli_kind cli_kinds[] = {
	{"lock-order-inversion", "Locks taken in orders that form a cycle: a potential deadlock."},
	{"self-deadlock", "A thread waits for a lock it already holds."},
	{"recursive-locking", "A second lock of the same class taken without a nesting annotation."},
	{"unlock-not-held", "A lock released by a thread that does not hold it."},
	{"destroy-held", "A lock destroyed while it is held."},
	{"exit-holding", "A thread or the process ended while holding locks."},
	{"cond-wait-unheld", "A condition wait without holding its mutex."},
	{"blocking-in-atomic", "A call that may sleep made while holding a spinlock or in atomic context."},
	{"held-limit", "More locks held at once than max_held allows."},
	{"contract-lock-missing", "A filesystem callback ran without a lock the Locking rules require."},
	{"contract-lock-mode", "A filesystem callback ran with a required lock in the wrong mode."},
	{"contract-lock-forbidden", "A filesystem callback ran holding a lock the Locking rules forbid."},
	{"contract-blocking", "A filesystem callback that may not block did."},
	{"contract-rcu-walk", "A callback in RCU-walk mode did something only ref-walk allows."},
	{"contract-exit-state", "A filesystem callback returned with locks in the wrong state."},
	{"assert-failed", "A lock assertion in annotated code failed."},
};
const unsigned cli_nkinds = sizeof cli_kinds / sizeof *cli_kinds;

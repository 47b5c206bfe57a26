/* Where libunwind lives, and whether this thread holds one of its locks.
 *
 * libunwind takes its own mutexes (with every signal blocked) on its first
 * walk and in its caches.  When the program walks its own stack, those
 * mutexes reach the lock wrappers; if the library then captured a stack it
 * would call libunwind back while libunwind's lock is held by the same
 * thread, and wait for itself forever.  So the mutex wrappers pass
 * libunwind's locks straight through and count them here, and a thread
 * that holds one is treated as inside the library: its events are not
 * checked and no stack is walked on it. */
#define UNW_LOCAL_ONLY
#include <libunwind.h>

#include "lc_runtime.h"

lc_module_span lc_unwinder_span;
__thread __attribute__((tls_model("initial-exec"))) int lc_unwinder_locks;

void lc_unwinder_span_init(void)
{
	uintptr_t lo, hi;
	bool is_main;
	/* Linked into the main program (a static build), libunwind cannot be
	 * told apart from the program's own code: an empty span then, as
	 * treating the program's locks as libunwind's would hide them. */
	if (!lc_module_bounds((uintptr_t)&unw_backtrace, &lo, &hi, &is_main) || is_main ||
	    (uintptr_t)&lc_unwinder_span_init - lo < hi - lo) {
		lo = 0;
		hi = 1; /* only address 0, never a lock or a caller */
	}
	__atomic_store_n(&lc_unwinder_span.lo, lo, __ATOMIC_RELAXED);
	__atomic_store_n(&lc_unwinder_span.size, hi - lo, __ATOMIC_RELEASE);
}

/* Memory of exited threads is given back (bounded RSS under thread churn). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "e2e_assert.h"

/* Generous: what is left per thread must be far below the engine's
 * per-thread state (a held stack alone is 3 KB), not exactly zero. */
#define MAX_BYTES_PER_THREAD 1024

/* STRESS_SCALE (make stress) multiplies the thread count. */
static long bytes_per_thread(bool preload)
{
	const char *s = getenv("STRESS_SCALE");
	char arg[32];
	snprintf(arg, sizeof arg, "%d", 3000 * (s && atoi(s) > 0 ? atoi(s) : 1));
	e2e_run r;
	e2e_opts o = { .arg = arg, .no_preload = !preload };
	e2e_run_prog(&r, "thread_churn", &o);
	if (preload)
		assert_silent(&r);
	const char *line = strstr(r.out, "bytes per thread ");
	cr_assert(line, "no figure printed: %s\n%s", r.out, r.err);
	long per = atol(line + strlen("bytes per thread "));
	e2e_run_free(&r);
	return per;
}

Test(thread_churn, exited_threads_leave_no_state_behind, .timeout = 180)
{
	/* What the program itself leaves (the sanitizers' own thread records)
	 * is not ours: only the difference counts. */
	long with = bytes_per_thread(true), without = bytes_per_thread(false);
	cr_assert_lt(with - without, MAX_BYTES_PER_THREAD,
		     "each exited thread left %ld bytes behind (%ld without the library)", with,
		     without);
}

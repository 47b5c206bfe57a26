/* The examples the README runs: the bug is found on a normal run, the
 * fixed twin is quiet, and both do their job. */
#include "e2e_assert.h"

Test(examples, lock_order_bug_is_found)
{
	e2e_run r;
	e2e_opts o = { .example = true };
	e2e_run_prog(&r, "lock_order_bug", &o);
	const cJSON *f;
	assert_one(&r, "lock-order-inversion", &f);
	cr_assert_eq(e2e_nlocks(f), 2);
	/* Unnamed global locks are reported by their variable's name. */
	const char *a = e2e_lock_field(f, 0, "symbol"), *b = e2e_lock_field(f, 1, "symbol");
	cr_assert(a && b, "lock symbols missing");
	cr_assert((!strcmp(a, "stats_lock") && !strcmp(b, "cache_lock")) ||
		  (!strcmp(a, "cache_lock") && !strcmp(b, "stats_lock")), "symbols: %s, %s", a, b);
	cr_assert(strstr(r.err, "mutex cache_lock@"), "text report does not name cache_lock:\n%s", r.err);
	cr_assert(strstr(r.out, "hits "), "the program's own output is lost:\n%s", r.out);
	assert_exit_findings(&r);
	e2e_run_free(&r);
}

Test(examples, lock_order_fixed_is_quiet)
{
	e2e_run r;
	e2e_opts o = { .example = true };
	e2e_run_prog(&r, "lock_order_fixed", &o);
	assert_silent(&r);
	cr_assert(strstr(r.out, "hits "), "output:\n%s", r.out);
	e2e_run_free(&r);
}

/* Misuse of one lock: relocking, unlocking what is not held, destroying
 * what is held, waiting on a condition without its mutex. */
#include <glob.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "e2e_assert.h"
#include "../common/test_files.h"

Test(misuse, errorcheck_relock_is_self_deadlock)
{
	e2e_run r;
	e2e_opts o = { .arg = "errorcheck" };
	e2e_run_prog(&r, "self_deadlock", &o);
	assert_single_finding(&r, "self-deadlock", "m");
	e2e_run_free(&r);
}

Test(misuse, normal_relock_halts_instead_of_hanging)
{
	e2e_run r;
	e2e_opts o = { .arg = "normal", .options = "halt_on_error=1" };
	e2e_run_prog(&r, "self_deadlock", &o);
	cr_assert_not(r.killed_by_us, "hung: halt_on_error did not stop it\n%s", r.err);
	assert_single_finding(&r, "self-deadlock", "m");
	e2e_run_free(&r);
}

Test(misuse, recursive_mutex_relock_is_quiet)
{
	e2e_run r;
	e2e_run_prog(&r, "clean_recursive", NULL);
	assert_silent(&r);
	e2e_run_free(&r);
}

Test(misuse, unlock_of_free_mutex)
{
	e2e_run r;
	e2e_opts o = { .arg = "free" };
	e2e_run_prog(&r, "unlock_not_held", &o);
	assert_single_finding(&r, "unlock-not-held", "m");
	e2e_run_free(&r);
}

Test(misuse, unlock_of_mutex_held_by_another_thread)
{
	e2e_run r;
	e2e_opts o = { .arg = "other-thread" };
	e2e_run_prog(&r, "unlock_not_held", &o);
	assert_single_finding(&r, "unlock-not-held", "m");
	e2e_run_free(&r);
}

/* After a hand-off unlock nobody holds the mutex: one report, nothing after. */
Test(misuse, cross_thread_unlock_then_locker_exits)
{
	e2e_run r;
	e2e_opts o = { .arg = "exit" };
	e2e_run_prog(&r, "cross_thread_unlock", &o);
	assert_single_finding(&r, "unlock-not-held", "m");
	cr_assert_eq(cJSON_GetArraySize(r.findings), 1, "nothing after the hand-off, got: %s", e2e_kinds(&r));
	e2e_run_free(&r);
}

Test(misuse, cross_thread_unlock_then_locker_takes_another_lock)
{
	e2e_run r;
	e2e_opts o = { .arg = "order" };
	e2e_run_prog(&r, "cross_thread_unlock", &o);
	assert_single_finding(&r, "unlock-not-held", "m");
	cr_assert_eq(cJSON_GetArraySize(r.findings), 1, "nothing after the hand-off, got: %s", e2e_kinds(&r));
	e2e_run_free(&r);
}

Test(misuse, destroy_while_held)
{
	e2e_run r;
	e2e_run_prog(&r, "destroy_held", NULL);
	assert_single_finding(&r, "destroy-held", "m");
	e2e_run_free(&r);
}

Test(misuse, cond_wait_without_the_mutex)
{
	e2e_run r;
	e2e_run_prog(&r, "cond_wait_unheld", NULL);
	assert_single_finding(&r, "cond-wait-unheld", "m");
	e2e_run_free(&r);
}

Test(misuse, exitcode_option_is_used)
{
	e2e_run r;
	e2e_opts o = { .arg = "free", .options = "exitcode=23" };
	e2e_run_prog(&r, "unlock_not_held", &o);
	cr_assert_eq(e2e_count(&r, "unlock-not-held"), 1, "%s", e2e_kinds(&r));
	cr_assert(r.exited && r.exit_code == 23, "exit %d", r.exit_code);
	e2e_run_free(&r);
}

Test(misuse, unknown_option_is_named_on_stderr)
{
	e2e_run r;
	e2e_opts o = { .options = "no_such_option=1" };
	e2e_run_prog(&r, "clean_recursive", &o);
	cr_assert(strstr(r.err, "lockcheck: LOCKCHECK_OPTIONS: unknown option 'no_such_option'"),
		  "stderr:\n%s", r.err);
	assert_silent(&r);
	e2e_run_free(&r);
}

Test(misuse, holding_more_locks_than_max_held)
{
	e2e_run r;
	e2e_opts o = { .arg = "8", .options = "max_held=4" };
	e2e_run_prog(&r, "deep_nesting", &o);
	cr_assert_geq(e2e_count(&r, "held-limit"), 1, "got: %s\n%s", e2e_kinds(&r), r.err);
	assert_exit_findings(&r);
	e2e_run_free(&r);
}

Test(misuse, deep_nesting_within_max_held_is_quiet)
{
	e2e_run r;
	e2e_opts o = { .arg = "200" };
	e2e_run_prog(&r, "deep_nesting", &o);
	assert_silent(&r);
	e2e_run_free(&r);
}

static void recursive_read_on_writer_preferring(const char *how)
{
	e2e_run r;
	e2e_opts o = { .arg = how };
	e2e_run_prog(&r, "rwlock_recursive_read", &o);
	const cJSON *f;
	assert_one(&r, "self-deadlock", &f);
	assert_names_lock(f, &r, "rw");
	assert_lock_type(f, 0, "rwlock");
	assert_exit_findings(&r);
	e2e_run_free(&r);
}

Test(misuse, recursive_read_on_writer_preferring_rwlock)
{
	recursive_read_on_writer_preferring("writer-init");
}

Test(misuse, recursive_read_on_static_writer_preferring_rwlock)
{
	recursive_read_on_writer_preferring("writer-static");
}

Test(misuse, recursive_read_on_default_rwlock_is_quiet)
{
	e2e_run r;
	e2e_opts o = { .arg = "reader" };
	e2e_run_prog(&r, "rwlock_recursive_read", &o);
	assert_silent(&r);
	e2e_run_free(&r);
}

/* Before libc has set up environ (.preinit_array), the options still apply. */
Test(misuse, finding_in_preinit_goes_to_the_report_file)
{
	e2e_run r;
	e2e_run_prog(&r, "preinit_finding", NULL);
	assert_single_finding(&r, "unlock-not-held", "m");
	e2e_run_free(&r);
}

Test(misuse, finding_in_preinit_goes_to_the_log_file)
{
	/* log_path=P writes P.PID: "%p" names it for us. */
	char log[64], opts[128];
	snprintf(log, sizeof log, "/tmp/lockcheck-preinit-log-%d", (int)getpid());
	snprintf(opts, sizeof opts, "log_path=%s-%%p", log);
	e2e_run r;
	e2e_opts o = { .options = opts };
	e2e_run_prog(&r, "preinit_finding", &o);
	char *text = NULL, pattern[128];
	snprintf(pattern, sizeof pattern, "%s-*", log);
	glob_t g;
	if (glob(pattern, 0, NULL, &g) == 0) {
		cr_assert_eq(g.gl_pathc, 1, "one log file expected");
		text = test_slurp(g.gl_pathv[0]);
		unlink(g.gl_pathv[0]);
		globfree(&g);
	}
	cr_assert(text && strstr(text, "ERROR: lockcheck: unlock-not-held"), "log file:\n%s\nstderr:\n%s",
		  text ? text : "(none)", r.err);
	cr_assert_null(strstr(r.err, "unlock-not-held"), "text went to stderr:\n%s", r.err);
	free(text);
	e2e_run_free(&r);
}

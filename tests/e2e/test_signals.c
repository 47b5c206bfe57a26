/* signal-unsafe-lock on unmodified pthread programs under LD_PRELOAD. */
#include "e2e_assert.h"

static void assert_signal_unsafe(const char *arg)
{
	e2e_run r;
	e2e_opts o = { .arg = arg };
	e2e_run_prog(&r, "signal_unsafe", &o);
	assert_single_finding(&r, "signal-unsafe-lock", "log_lock");
	const cJSON *f = e2e_find(&r, "signal-unsafe-lock");
	const cJSON *msg = cJSON_GetObjectItemCaseSensitive(f, "message");
	cr_assert(cJSON_IsString(msg) && strstr(msg->valuestring, "SIGUSR1 handler"),
		  "%s", r.err);
	/* Both usages, each with its stack. */
	cr_assert(strstr(r.err, "first taken") && strstr(r.err, "current: taken"), "%s", r.err);
	e2e_run_free(&r);
}

Test(signals, lock_in_handler_and_with_signal_deliverable)
{
	assert_signal_unsafe(NULL);
}

Test(signals, handler_first_then_main)
{
	assert_signal_unsafe("handler-first");
}

Test(signals, handler_installed_with_signal)
{
	assert_signal_unsafe("signal");
}

static void assert_quiet(const char *prog, const char *arg)
{
	e2e_run r;
	e2e_opts o = { .arg = arg };
	e2e_run_prog(&r, prog, &o);
	assert_silent(&r);
	e2e_run_free(&r);
}

Test(signals, signal_blocked_around_the_lock_is_quiet)
{
	assert_quiet("clean_signal_blocked", "blocked");
}

Test(signals, handler_taking_no_lock_is_quiet)
{
	assert_quiet("clean_signal_blocked", "nolock");
}

Test(signals, handlers_masking_each_other_are_quiet)
{
	assert_quiet("clean_signal_blocked", "sa_mask");
}

Test(signals, lock_only_in_handler_is_quiet)
{
	assert_quiet("clean_signal", NULL);
}

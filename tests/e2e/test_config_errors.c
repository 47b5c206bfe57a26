/* Files named in the options that cannot be used: said at once, before the
 * program runs, naming the file, and the run fails (exitcode) so a CI job
 * does not pass with checks quietly off. */
#include <string.h>

#include "e2e_assert.h"

static void fails_early(const char *options, const char *said)
{
	e2e_run r;
	e2e_opts o = { .options = options };
	e2e_run_prog(&r, "clean_recursive", &o);
	const char *msg = strstr(r.err, said);
	cr_assert(msg, "expected \"%s\" on stderr:\n%s", said, r.err);
	cr_assert_null(strstr(msg + 1, said), "said twice:\n%s", r.err);
	cr_assert(strstr(r.err, "1 configuration error (said above)"), "no summary saying so:\n%s", r.err);
	cr_assert_eq(cJSON_GetArraySize(r.findings), 0, "findings: %s", e2e_kinds(&r));
	assert_exit_findings(&r);
	e2e_run_free(&r);
}

/* clean_recursive makes no callback: the old lazy load never said a word. */
Test(config_errors, a_missing_spec_file_fails_the_run_at_load)
{
	fails_early("spec=/nonexistent/locking.json", "/nonexistent/locking.json: cannot open");
}

Test(config_errors, a_spec_that_is_a_device_fails_the_run)
{
	fails_early("spec=/dev/zero", "/dev/zero: is a device, not a spec file");
}

Test(config_errors, an_unknown_spec_era_fails_the_run)
{
	fails_early("spec_era=9.99", "no built-in spec for era \"9.99\"");
}

Test(config_errors, suppressions_naming_a_directory_fail_the_run)
{
	/* Read at the first finding: the program must have one. */
	e2e_run r;
	e2e_opts o = { .options = "suppressions=/tmp" };
	e2e_run_prog(&r, "unlock_not_held", &o);
	cr_assert(strstr(r.err, "suppressions: /tmp: is a directory, not a suppressions file"), "stderr:\n%s",
		  r.err);
	cr_assert_eq(e2e_count(&r, "unlock-not-held"), 1, "%s", e2e_kinds(&r));
	cr_assert(strstr(r.err, "1 configuration error"), "stderr:\n%s", r.err);
	assert_exit_findings(&r);
	e2e_run_free(&r);
}

Test(config_errors, a_good_spec_era_is_quiet)
{
	e2e_run r;
	e2e_opts o = { .options = "spec_era=6.8" };
	e2e_run_prog(&r, "clean_recursive", &o);
	assert_silent(&r);
	e2e_run_free(&r);
}

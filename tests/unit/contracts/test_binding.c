/* The annotation binding (lockcheck.h): the same source builds and runs
 * without the library, linked with liblockcheck.so or .a, and when the
 * library is only LD_PRELOADed, PIE or not. */
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <criterion/criterion.h>

#include "helpers.h"
#include "run_prog.h"

#if defined(__SANITIZE_ADDRESS__)
/* The library was built with the sanitizers: whatever links it needs them. */
#define SAN_LINK " -fsanitize=address,undefined"
#else
#define SAN_LINK ""
#endif

static char spec_opt[PATH_MAX + 8];

static const char *fixture_option(void)
{
	snprintf(spec_opt, sizeof spec_opt, "spec=%s/tests/fixtures/specs/mini-6.8.json", source_root());
	return spec_opt;
}

static void build(const char *name, const char *extra, char *out, size_t outlen)
{
	char log[8192];
	snprintf(out, outlen, "/tmp/lockcheck-annotated-%d-%s", (int)getpid(), name);
	cr_assert(compile_c(out, "tests/fixtures/annotated/annotated.c", extra, log, sizeof log), "annotated program does not build:\n%s", log);
}

static void expect_checked(const prog_run *r, bool exit_code_set)
{
	cr_assert(strstr(r->out, "library: found"), "library not found: %s", r->out);
	cr_assert_eq(count_prefixed(r, ""), 1, "%s", run_summary(r));
	cr_assert(find_finding(r, "contract-lock-missing", "setattr", "255"), "%s", run_summary(r));
	if (exit_code_set)
		cr_assert_eq(r->exit_code, 66, "%s", run_summary(r));
}

static void run_built(const char *path, bool preload, prog_run *r)
{
	char *argv[] = {(char *)path, NULL};
	run_prog(r, argv, preload, fixture_option());
}

Test(contracts_binding, builds_and_runs_without_the_library)
{
	char prog[PATH_MAX];
	build("absent", "", prog, sizeof prog);
	prog_run r;
	run_built(prog, false, &r);
	cr_assert_eq(r.exit_code, 0, "%s", run_summary(&r));
	cr_assert(strstr(r.out, "library: absent"), "%s", r.out);
	cr_assert_eq(count_prefixed(&r, ""), 0);
	prog_run_free(&r);
	unlink(prog);
}

Test(contracts_binding, checked_when_only_preloaded)
{
	char prog[PATH_MAX];
	build("pie", "", prog, sizeof prog);
	prog_run r;
	run_built(prog, true, &r);
	expect_checked(&r, true);
	prog_run_free(&r);
	unlink(prog);
}

/* A non-PIE executable resolves undefined weak symbols at link time: the
 * binding must still find a preloaded library. */
Test(contracts_binding, checked_when_preloaded_into_a_non_pie_executable)
{
	char prog[PATH_MAX];
	build("nopie", "-no-pie", prog, sizeof prog);
	prog_run r;
	run_built(prog, true, &r);
	expect_checked(&r, true);
	prog_run_free(&r);
	unlink(prog);
}

Test(contracts_binding, checked_when_linked_with_the_shared_library)
{
	char prog[PATH_MAX], extra[3 * PATH_MAX];
	snprintf(extra, sizeof extra, "-DLOCKCHECK_LINKED -L%s/lib -Wl,-rpath,%s/lib -llockcheck" SAN_LINK, test_build_dir(), test_build_dir());
	build("so", extra, prog, sizeof prog);
	prog_run r;
	run_built(prog, false, &r);
	expect_checked(&r, true);
	prog_run_free(&r);
	unlink(prog);
}

Test(contracts_binding, checked_when_linked_with_the_shared_library_not_as_needed)
{
	char prog[PATH_MAX], extra[3 * PATH_MAX];
	snprintf(extra, sizeof extra, "-L%s/lib -Wl,-rpath,%s/lib -Wl,--no-as-needed -llockcheck" SAN_LINK,
		 test_build_dir(), test_build_dir());
	build("so-n", extra, prog, sizeof prog);
	prog_run r;
	run_built(prog, false, &r);
	expect_checked(&r, true);
	prog_run_free(&r);
	unlink(prog);
}

Test(contracts_binding, checked_when_linked_with_the_static_archive)
{
	char prog[PATH_MAX], extra[2 * PATH_MAX];
	snprintf(extra, sizeof extra,
		 "-DLOCKCHECK_LINKED %s/lib/liblockcheck.a -lunwind -ldl -lpthread" SAN_LINK,
		 test_build_dir());
	build("a", extra, prog, sizeof prog);
	prog_run r;
	run_built(prog, false, &r);
	/* The exit status is set by the process-exit hook of the preloadable
	 * library; linked statically the program keeps its own. */
	expect_checked(&r, false);
	prog_run_free(&r);
	unlink(prog);
}

/* A spec that cannot be loaded: one clear message naming it, no checks, and
 * the run fails (exitcode, a summary saying why): a CI job with a broken
 * spec must not pass with the contract checks off. */
Test(contracts_binding, unloadable_spec_is_said_once_and_fails_the_run)
{
	char prog[PATH_MAX];
	build("nospec", "", prog, sizeof prog);
	char *argv[] = {prog, NULL};
	prog_run r;
	run_prog(&r, argv, true, "spec=/nonexistent/locking.json");
	cr_assert_eq(r.exit_code, 66, "%s", run_summary(&r));
	cr_assert_eq(count_prefixed(&r, ""), 0, "%s", run_summary(&r));
	cr_assert(strstr(r.err, "1 configuration error (said above)"), "%s", r.err);
	const char *msg = strstr(r.err, "/nonexistent/locking.json: cannot open");
	cr_assert(msg, "no message naming the file: %s", r.err);
	cr_assert_null(strstr(msg + 1, "/nonexistent/locking.json: cannot open"), "said twice: %s", r.err);
	prog_run_free(&r);
	unlink(prog);
}

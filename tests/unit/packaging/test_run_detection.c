/* `lockcheck run` when the library cannot simply be preloaded: a static
 * binary and a refused preload are said, with exit status 124 ("nothing was
 * checked"); an ASan-built program gets the ASan runtime first, and both
 * checkers work. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "pkg_helpers.h"
#include "../../common/test_paths.h"

static char out[16384], err[16384];

#if defined(__SANITIZE_ADDRESS__)
/* The sanitizer build's library is ASan-built: into a program that is not,
 * it goes with the link-order check off. */
#define PLAIN_ENV "ASAN_OPTIONS=verify_asan_link_order=0:detect_leaks=0 "
#else
#define PLAIN_ENV ""
#endif

TestSuite(run_detection, .fini = pkg_cleanup);

/* Builds tests/fixtures/run/abba_touch.c into the temp dir with the flags. */
static void build(const char *name, const char *flags)
{
	int rc = pkg_sh(out, sizeof out, "cd '%s' && cc -g %s -o %s '%s/tests/fixtures/run/abba_touch.c' -pthread",
			pkg_tempdir(), flags, name, test_repo_root());
	if (rc != 0)
		cr_skip_test("cannot build with '%s' here:\n%s", flags, out);
}

Test(run_detection, a_static_binary_is_said_and_not_run)
{
	build("static", "-static");
	int rc = pkg_sh2(out, sizeof out, err, sizeof err, "cd '%s' && %s/bin/lockcheck run -- ./static ran",
			 pkg_tempdir(), test_build_dir());
	cr_expect_eq(rc, 124, "%s", err);
	cr_expect(strstr(err, "statically linked") != NULL, "%s", err);
	cr_expect(strstr(err, "no findings") == NULL, "%s", err);
	char ran[600];
	snprintf(ran, sizeof ran, "%s/ran", pkg_tempdir());
	cr_expect_neq(access(ran, F_OK), 0, "the static program was run anyway");
}

Test(run_detection, a_preload_the_loader_refuses_is_said)
{
	build("plain", "");
	int rc = pkg_sh2(out, sizeof out, err, sizeof err,
			 "cd '%s' && " PLAIN_ENV "LOCKCHECK_LIBRARY='%s/tests/fixtures/run/abba_touch.c' %s/bin/lockcheck run -- ./plain",
			 pkg_tempdir(), test_repo_root(), test_build_dir());
	cr_expect_eq(rc, 124, "%s", err);
	cr_expect(strstr(err, "was not loaded") != NULL, "%s", err);
	cr_expect(strstr(err, "no findings") == NULL, "%s", err);
}

Test(run_detection, the_same_program_preloaded_is_checked)
{
	build("plain", "");
	int rc = pkg_sh2(out, sizeof out, err, sizeof err, "cd '%s' && " PLAIN_ENV "%s/bin/lockcheck run -- ./plain",
			 pkg_tempdir(), test_build_dir());
	cr_expect_eq(rc, 1, "%s", err);
	cr_expect(strstr(err, "lock-order-inversion") != NULL, "%s", err);
}

Test(run_detection, an_asan_program_gets_its_runtime_first_and_both_check)
{
	build("asan", "-fsanitize=address");
	int rc = pkg_sh2(out, sizeof out, err, sizeof err,
			 "cd '%s' && env -u LD_PRELOAD -u ASAN_OPTIONS %s/bin/lockcheck run -- ./asan",
			 pkg_tempdir(), test_build_dir());
	cr_expect_eq(rc, 1, "%s", err);
	cr_expect(strstr(err, "lock-order-inversion") != NULL, "lockcheck did not check:\n%s", err);
	cr_expect(strstr(err, "does not come first") == NULL, "%s", err);
	rc = pkg_sh2(out, sizeof out, err, sizeof err,
		     "cd '%s' && env -u LD_PRELOAD -u ASAN_OPTIONS USE_AFTER_FREE=1 %s/bin/lockcheck run -- ./asan",
		     pkg_tempdir(), test_build_dir());
	cr_expect(strstr(err, "heap-use-after-free") != NULL, "ASan is not active:\n%s", err);
	cr_expect(strstr(err, "lock-order-inversion") != NULL, "lockcheck did not check:\n%s", err);
	cr_expect_neq(rc, 0);
}

/* debian/: `dpkg-buildpackage -us -uc -b` on a copy of the tree builds the
 * library, -dev and tools packages; they hold what they should, work from
 * where they are unpacked, and lintian finds no error or warning.  Skipped,
 * with a message, when the build dependencies are not installed. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pkg_helpers.h"
#include "../../common/test_files.h"
#include "../../common/test_paths.h"

static char out[65536];

static void setup(void)
{
	pkg_plain_build_only();
}

TestSuite(deb, .init = setup, .fini = pkg_cleanup);

static const char *const packages[] = {"liblockcheck0", "liblockcheck-dev", "lockcheck"};

Test(deb, dpkg_buildpackage_builds_installable_packages, .timeout = 900)
{
	pkg_need("dpkg-buildpackage");
	pkg_need("dh");
	const char *root = test_repo_root(), *dir = pkg_tempdir();
	if (pkg_sh(out, sizeof out, "cd '%s' && dpkg-checkbuilddeps", root) != 0)
		cr_skip_test("the build dependencies are not installed:\n%s", out);
	/* A copy without build trees: the package build cleans its own. */
	int rc = pkg_sh(out, sizeof out,
			"mkdir '%s/src' && cd '%s' && tar --exclude=./build --exclude=./.git -cf - . | tar -xf - -C '%s/src' && "
			"cd '%s/src' && env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL DEB_BUILD_OPTIONS=parallel=2 "
			"dpkg-buildpackage -us -uc -b 2>&1 | tail -n 30",
			dir, root, dir, dir);
	cr_assert_eq(rc, 0, "%s", out);
	for (size_t i = 0; i < 3; i++) {
		rc = pkg_sh(out, sizeof out, "cd '%s' && dpkg-deb -x %s_*.deb unpacked && dpkg-deb -f %s_*.deb Package",
			    dir, packages[i], packages[i]);
		cr_expect_eq(rc, 0, "%s is not built: %s", packages[i], out);
	}
	const char *files[] = {
		"usr/lib/x86_64-linux-gnu/liblockcheck.so.0", "usr/lib/x86_64-linux-gnu/liblockcheck.so",
		"usr/lib/x86_64-linux-gnu/liblockcheck.a", "usr/lib/x86_64-linux-gnu/pkgconfig/lockcheck.pc",
		"usr/include/lockcheck/lockcheck.h", "usr/include/lockcheck/kernel/wait.h",
		"usr/bin/lockcheck", "usr/bin/lockcheck-rules",
		"usr/share/lockcheck/resolutions.tsv", "usr/share/man/man1/lockcheck.1.gz",
		"usr/share/man/man3/liblockcheck.3.gz",
	};
	for (size_t i = 0; i < sizeof files / sizeof files[0]; i++)
		cr_expect_eq(pkg_sh(out, sizeof out, "test -e '%s/unpacked/%s'", dir, files[i]), 0, "%s is not packaged",
			     files[i]);
	/* The unpacked tools find the unpacked library and data by themselves. */
	rc = pkg_sh(out, sizeof out,
		    "cd '%s' && cc -o abba '%s/tests/fixtures/run/abba_touch.c' -pthread && cd / && "
		    "'%s/unpacked/usr/bin/lockcheck' run -- '%s/abba'",
		    dir, root, dir, dir);
	cr_expect_eq(rc, 1, "%s", out);
	cr_expect(strstr(out, "lock-order-inversion") != NULL, "%s", out);
	if (pkg_sh(out, sizeof out, "command -v lintian") != 0) {
		fprintf(stderr, "lintian is not installed: the packages were not linted\n");
		return;
	}
	rc = pkg_sh(out, sizeof out, "cd '%s' && lintian --fail-on error,warning liblockcheck_*.changes 2>&1 | "
		    "grep -v 'root privileges'", dir);
	cr_expect(strstr(out, "E: ") == NULL && strstr(out, "W: ") == NULL, "lintian:\n%s", out);
}

/* The symbols file says what the library exports, as the exports test does. */
Test(deb, the_symbols_file_lists_the_exports)
{
	cr_assert_eq(pkg_sh(out, sizeof out, "sed -n 's/^ \\([^@]*\\)@Base .*/\\1/p' '%s/debian/liblockcheck0.symbols' | sort",
			    test_repo_root()), 0, "%s", out);
	char path[4096];
	snprintf(path, sizeof path, "%s/tests/fixtures/exports.txt", test_repo_root());
	char *want = test_slurp(path);
	cr_assert_not_null(want);
	cr_expect_str_eq(out, want, "debian/liblockcheck0.symbols and tests/fixtures/exports.txt differ");
	free(want);
}

/* make install into a temporary DESTDIR and prefix, then used from outside
 * the source tree as a user would: pkg-config, an --as-needed link,
 * `lockcheck run`, `lockcheck-rules compile`, make uninstall. */
#include <criterion/criterion.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "pkg_helpers.h"
#include "../../common/test_paths.h"

static char out[16384];

static void setup(void)
{
	pkg_plain_build_only();
}

static void teardown(void)
{
	pkg_cleanup();
}

TestSuite(install, .init = setup, .fini = teardown);

Test(install, lays_out_the_library_with_its_soname_headers_tools_and_data)
{
	pkg_install in;
	pkg_do_install(&in);
	const char *files[] = {
		"bin/lockcheck", "bin/lockcheck-rules", "include/lockcheck/lockcheck.h",
		"include/lockcheck/kernel.h", "include/lockcheck/kernel/raw_spinlock.h",
		"include/lockcheck/kernel/cleanup.h", "lib/x86_64-linux-gnu/liblockcheck.so.0",
		"lib/x86_64-linux-gnu/liblockcheck.so", "lib/x86_64-linux-gnu/liblockcheck.a",
		"lib/x86_64-linux-gnu/pkgconfig/lockcheck.pc", "share/lockcheck/resolutions.tsv",
		"share/lockcheck/locking-6.8.json", "share/man/man1/lockcheck.1",
		"share/man/man1/lockcheck-rules.1", "share/man/man3/liblockcheck.3",
	};
	for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
		char path[PATH_MAX];
		snprintf(path, sizeof path, "%s/%s", in.prefix, files[i]);
		cr_expect_eq(access(path, R_OK), 0, "%s is not installed", files[i]);
	}
	cr_assert_eq(pkg_sh(out, sizeof out, "readelf -d '%s/liblockcheck.so' | grep SONAME", in.libdir), 0, "%s", out);
	cr_expect(strstr(out, "[liblockcheck.so.0]") != NULL, "%s", out);
	cr_assert_eq(pkg_sh(out, sizeof out, "readlink '%s/liblockcheck.so'", in.libdir), 0);
	cr_expect_str_eq(out, "liblockcheck.so.0\n");
}

Test(install, uninstall_removes_every_file)
{
	pkg_install in;
	pkg_do_install(&in);
	const char *root = test_repo_root();
	cr_assert_eq(pkg_sh(out, sizeof out,
			    "cd '%s' && env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL make -s uninstall DESTDIR='%s' "
			    "PREFIX=/opt/lockcheck LIBDIR=/opt/lockcheck/lib/x86_64-linux-gnu && "
			    "find '%s' ! -type d",
			    root, in.stage, in.stage), 0, "%s", out);
	cr_expect_str_eq(out, "", "left behind:\n%s", out);
}

Test(install, pkg_config_gives_the_flags_of_the_install)
{
	pkg_need("pkg-config");
	pkg_install in;
	pkg_do_install(&in);
	cr_assert_eq(pkg_sh(out, sizeof out, "%s pkg-config --cflags --libs lockcheck", in.pc_env), 0, "%s", out);
	char want[1024];
	snprintf(want, sizeof want, "-I%s/include", in.prefix);
	cr_expect(strstr(out, want) != NULL, "%s", out);
	snprintf(want, sizeof want, "-L%s", in.libdir);
	cr_expect(strstr(out, want) != NULL, "%s", out);
	cr_expect(strstr(out, "-DLOCKCHECK_LINKED") != NULL, "%s", out);
	cr_expect(strstr(out, "-llockcheck") != NULL, "%s", out);
}

/* Debian's gcc links with --as-needed: a program that only refers to the
 * library weakly would drop it and check nothing.  Through pkg-config it
 * keeps it, and its finding is reported. */
Test(install, an_annotated_program_linked_through_pkg_config_is_checked)
{
	pkg_need("pkg-config");
	pkg_install in;
	pkg_do_install(&in);
	const char *dir = pkg_tempdir();
	int rc = pkg_sh(out, sizeof out,
			"cd '%s' && cp '%s/tests/fixtures/annotated/annotated.c' app.c && "
			"cc -Wl,--as-needed $(%s pkg-config --cflags lockcheck) -o app app.c "
			"$(%s pkg-config --libs lockcheck) -Wl,-rpath,'%s' && readelf -d app | grep NEEDED",
			dir, test_repo_root(), in.pc_env, in.pc_env, in.libdir);
	cr_assert_eq(rc, 0, "%s", out);
	cr_expect(strstr(out, "[liblockcheck.so.0]") != NULL, "not linked:\n%s", out);
	rc = pkg_sh(out, sizeof out, "cd '%s' && ./app", dir);
	cr_expect(strstr(out, "library: found") != NULL, "%s", out);
	cr_expect(strstr(out, "contract-lock-missing") != NULL, "the finding is not reported:\n%s", out);
	cr_expect_eq(rc, 66, "the library sets the exit status of a checked program with findings (exitcode=66)");
}

Test(install, lockcheck_run_finds_the_installed_library_from_any_directory)
{
	pkg_install in;
	pkg_do_install(&in);
	const char *dir = pkg_tempdir();
	char err[16384];
	int rc = pkg_sh2(out, sizeof out, err, sizeof err,
			 "cd '%s' && cc -o abba '%s/tests/e2e/progs/abba.c' -pthread && "
			 "env -u LOCKCHECK_LIBRARY '%s/bin/lockcheck' run --report r.jsonl -- ./abba",
			 dir, test_repo_root(), in.prefix);
	cr_expect_eq(rc, 1, "findings give exit status 1:\n%s", err);
	cr_expect(strstr(err, "lock-order") != NULL, "%s", err);
}

Test(install, lockcheck_rules_compiles_the_checked_in_spec_byte_for_byte)
{
	const char *docs = test_docs_dir();
	if (!docs)
		cr_skip_test("the Locking documents are not there (../shared/locking or LOCKING_DOCS)");
	pkg_install in;
	pkg_do_install(&in);
	int rc = pkg_sh(out, sizeof out,
			"cd '%s' && env -u LOCKCHECK_RESOLUTIONS '%s/bin/lockcheck-rules' compile -o spec.json "
			"'%s'/001_*.txt && cmp spec.json '%s/rules/locking-6.8.json'",
			pkg_tempdir(), in.prefix, docs, test_repo_root());
	cr_expect_eq(rc, 0, "%s", out);
}

/* A copy out of the tree and the install has no resolutions: it says so and
 * stops, rather than compiling a different spec. */
Test(install, lockcheck_rules_without_its_data_fails_loudly)
{
	char err[4096];
	const char *dir = pkg_tempdir();
	int rc = pkg_sh2(out, sizeof out, err, sizeof err,
			 "cp '%s/bin/lockcheck-rules' '%s/' && cd '%s' && printf 'x\\n' > doc.txt && "
			 "env -u LOCKCHECK_RESOLUTIONS ./lockcheck-rules compile doc.txt",
			 test_build_dir(), dir, dir);
	cr_expect_eq(rc, 2);
	cr_expect_str_eq(out, "");
	cr_expect(strstr(err, "cannot find resolutions.tsv") != NULL, "%s", err);
	cr_expect(strstr(err, "--no-resolutions") != NULL, "%s", err);
}

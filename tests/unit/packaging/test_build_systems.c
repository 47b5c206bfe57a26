/* The one documented way to link annotated code, as a Makefile, a CMake
 * project (pkg_check_modules) and a meson project (examples/linking/, shown
 * in docs/linking.md): each builds tests/fixtures/annotated/annotated.c in a
 * scratch directory against a fresh install, and the program's finding is
 * reported.  gcc links with --as-needed on Debian: nothing here turns it off. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pkg_helpers.h"
#include "../../common/test_files.h"
#include "../../common/test_paths.h"

static char out[65536];
static pkg_install in;

static void setup(void)
{
	pkg_plain_build_only();
}

TestSuite(build_systems, .init = setup, .fini = pkg_cleanup);

/* Copies examples/linking/FILE and the annotated program into a scratch
 * project directory; returns it. */
static const char *scratch(const char *file)
{
	static char dir[600];
	snprintf(dir, sizeof dir, "%s/project", pkg_tempdir());
	int rc = pkg_sh(out, sizeof out, "mkdir -p '%s' && cp '%s/examples/linking/%s' '%s/' && "
			"cp '%s/tests/fixtures/annotated/annotated.c' '%s/app.c'",
			dir, test_repo_root(), file, dir, test_repo_root(), dir);
	cr_assert_eq(rc, 0, "%s", out);
	return dir;
}

static void expect_checked(const char *app)
{
	int rc = pkg_sh(out, sizeof out, "LD_LIBRARY_PATH='%s' '%s'", in.libdir, app);
	cr_expect(strstr(out, "library: found") != NULL, "%s", out);
	cr_expect(strstr(out, "contract-lock-missing") != NULL, "the finding is not reported:\n%s", out);
	cr_expect_eq(rc, 66, "%s", out);
}

/* Installs, builds the scratch project for file with the shell command
 * (run in it, with pkg-config pointed at the install), runs app. */
static void build_and_check(const char *file, const char *tool, const char *command, const char *app)
{
	pkg_need("pkg-config");
	if (tool)
		pkg_need(tool);
	pkg_do_install(&in);
	const char *dir = scratch(file);
	int rc = pkg_sh(out, sizeof out, "cd '%s' && export %s && env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL sh -c '%s'",
			dir, in.pc_env, command);
	cr_assert_eq(rc, 0, "%s", out);
	char path[700];
	snprintf(path, sizeof path, "%s/%s", dir, app);
	expect_checked(path);
}

Test(build_systems, a_makefile)
{
	build_and_check("Makefile", NULL, "make", "app");
}

Test(build_systems, cmake_with_pkg_check_modules)
{
	build_and_check("CMakeLists.txt", "cmake", "cmake -S . -B build && cmake --build build", "build/app");
}

Test(build_systems, meson)
{
	pkg_need("ninja");
	build_and_check("meson.build", "meson", "meson setup build && ninja -C build", "build/app");
}

Test(build_systems, the_docs_show_the_files_as_they_are)
{
	char path[4096];
	snprintf(path, sizeof path, "%s/docs/linking.md", test_repo_root());
	char *docs = test_slurp(path);
	cr_assert_not_null(docs);
	const char *files[] = {"Makefile", "CMakeLists.txt", "meson.build"};
	for (size_t i = 0; i < 3; i++) {
		snprintf(path, sizeof path, "%s/examples/linking/%s", test_repo_root(), files[i]);
		char *text = test_slurp(path);
		cr_assert_not_null(text, "%s", path);
		cr_expect(strstr(docs, text) != NULL, "docs/linking.md does not show examples/linking/%s as it is", files[i]);
		free(text);
	}
	free(docs);
}

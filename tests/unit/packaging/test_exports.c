/* What the shared object exports into every process it is preloaded into:
 * exactly the annotation API and the interceptors (tests/fixtures/exports.txt),
 * and what it loads there: libc, the loader, libunwind, nothing else. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <stdbool.h>
#include <string.h>

#include "pkg_helpers.h"
#include "../../common/test_files.h"
#include "../../common/test_paths.h"

static char out[65536];

TestSuite(exports, .fini = pkg_cleanup);

Test(exports, are_exactly_the_api_and_the_interceptors)
{
	pkg_need("nm");
	cr_assert_eq(pkg_sh(out, sizeof out, "nm -D --defined-only '%s/lib/liblockcheck.so' | awk '{print $3}' | grep -v '^__odr_asan' | sort",
			    test_build_dir()), 0, "%s", out);
	char path[4096];
	snprintf(path, sizeof path, "%s/tests/fixtures/exports.txt", test_repo_root());
	char *want = test_slurp(path);
	cr_assert_not_null(want, "%s is missing", path);
	cr_expect_str_eq(out, want, "exported symbols differ from tests/fixtures/exports.txt (a new interceptor or API "
			 "function: add it there and to debian/liblockcheck0.symbols)");
	free(want);
	cr_expect(strstr(out, "lc_") == NULL, "internal names are exported:\n%s", out);
}
Test(exports, the_library_needs_nothing_a_program_could_bring_its_own_of)
{
	pkg_need("readelf");
	cr_assert_eq(pkg_sh(out, sizeof out, "readelf -d '%s/lib/liblockcheck.so' | sed -n 's/.*NEEDED.*\\[\\(.*\\)\\]/\\1/p' | sort",
			    test_build_dir()), 0, "%s", out);
	char *line = strtok(out, "\n");
	for (; line; line = strtok(NULL, "\n")) {
		bool allowed = !strncmp(line, "libc.so", 7) || !strncmp(line, "ld-linux", 8) ||
			       !strncmp(line, "libunwind", 9) || !strncmp(line, "libpthread", 10) ||
			       !strncmp(line, "libdl", 5) || !strncmp(line, "libasan", 7) ||
			       !strncmp(line, "libubsan", 8);
		cr_expect(allowed, "liblockcheck.so needs %s", line);
	}
}

/* A program that brings its own cJSON_* (here: ones that parse nothing) keeps
 * its contract checks: the library reads its specs without them. */
Test(exports, a_program_with_its_own_cjson_still_gets_contract_checks)
{
	pkg_plain_build_only();
	const char *dir = pkg_tempdir(), *root = test_repo_root();
	int rc = pkg_sh(out, sizeof out,
			"cd '%s' && cc -rdynamic -I'%s/include' -o app '%s/tests/fixtures/annotated/annotated.c' "
			"'%s/tests/fixtures/annotated/own_cjson.c' && nm -D --defined-only app | grep -c cJSON_ && "
			"LD_PRELOAD='%s/lib/liblockcheck.so' ./app",
			dir, root, root, root, test_build_dir());
	cr_expect(strstr(out, "library: found") != NULL, "%s", out);
	cr_expect(strstr(out, "contract-lock-missing") != NULL, "no contract check:\n%s", out);
	cr_expect(strstr(out, "cannot load the Locking spec") == NULL, "%s", out);
	cr_expect_eq(rc, 66, "%s", out);
}

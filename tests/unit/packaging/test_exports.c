/* What the shared object exports into every process it is preloaded into:
 * exactly the annotation API and the interceptors (tests/fixtures/exports.txt). */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pkg_helpers.h"
#include "../../common/test_files.h"
#include "../../common/test_paths.h"

static char out[65536];

TestSuite(exports, .fini = pkg_cleanup);

Test(exports, are_exactly_the_api_and_the_interceptors)
{
	pkg_need("nm");
	cr_assert_eq(pkg_sh(out, sizeof out, "nm -D --defined-only '%s/lib/liblockcheck.so' | awk '{print $3}' | sort",
			    test_build_dir()), 0, "%s", out);
	char path[4096];
	snprintf(path, sizeof path, "%s/tests/fixtures/exports.txt", test_repo_root());
	char *want = test_slurp(path);
	cr_assert_not_null(want, "%s is missing", path);
	cr_expect_str_eq(out, want, "exported symbols differ from tests/fixtures/exports.txt");
	free(want);
	cr_expect(strstr(out, "lc_") == NULL, "internal names are exported:\n%s", out);
}

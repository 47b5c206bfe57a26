/* lock_classes=site through `lockcheck run`: the report names each class's
 * init site by file and line (JSON frames symbolized with libdw). */
#include <criterion/criterion.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli_helpers.h"
#include "report_helpers.h"
#include "../../common/test_paths.h"

TestSuite(site_gate, .init = cli_locate);

/* "site_classes.c:N" for the line of the program holding marker. */
static void line_of(const char *marker, char *out, size_t cap)
{
	char path[PATH_MAX], line[512];
	snprintf(path, sizeof path, "%s/tests/e2e/progs/site_classes.c", test_repo_root());
	FILE *f = fopen(path, "r");
	cr_assert_not_null(f, "%s", path);
	for (int n = 1; fgets(line, sizeof line, f); n++)
		if (strstr(line, marker)) {
			snprintf(out, cap, "site_classes.c:%d", n);
			fclose(f);
			return;
		}
	fclose(f);
	cr_assert_fail("no %s in %s", marker, path);
}

Test(site_gate, the_report_gives_each_class_its_init_line)
{
	char prog[PATH_MAX], report[256], account[64], ledger[64];
	snprintf(prog, sizeof prog, "%s/tests/progs/site_classes", test_build_dir());
	temp_path(report, sizeof report, "site");
	cr_assert_eq(lockcheck("run", "--report", report, "--options", "lock_classes=site", "--quiet", "--",
			       prog, NULL), 1, "%s", slurp(err_file));
	char *err = slurp(err_file);
	line_of("/* SITE account */", account, sizeof account);
	line_of("/* SITE ledger */", ledger, sizeof ledger);
	cr_assert_not_null(strstr(err, "mutex made in account_new+0x"), "%s", err);
	const char *init = strstr(err, "mutex made in ledger_new");
	cr_assert_not_null(init, "%s", err);
	cr_assert_not_null(strstr(err, account), "no %s in:\n%s", account, err);
	cr_assert_not_null(strstr(err, ledger), "no %s in:\n%s", ledger, err);
	/* And `lockcheck report` on the JSON says the same. */
	cr_assert_eq(lockcheck("report", report, NULL), 1, "%s", slurp(err_file));
	char *out = slurp(out_file);
	cr_assert_not_null(strstr(out, account), "%s", out);
	free(out);
	free(err);
	unlink(report);
}

/* lockcheck-rules compile as a user runs it: exit status, messages, output. */
#include <criterion/criterion.h>
#include <criterion/redirect.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "../../../tools/rules/commands.h"
#include "helpers.h"
#include "../../common/test_files.h"
#include "../../../tools/rules/spec_load.h"

static void quiet(void)
{
	cr_redirect_stdout();
	cr_redirect_stderr();
}

Test(cli, bad_input_is_exit_2_with_file_and_line, .init = quiet)
{
	char *path = test_temp_file("cli", ""); /* empty */
	char *argv[] = {"compile", path, "-o", "-", NULL};
	cr_expect_eq(rules_cmd_compile(4, argv), 2);
	/* the message compile prints names the file and the line */
	char want[PATH_MAX + 8], err[512];
	snprintf(want, sizeof want, "%s:1:", path);
	cr_expect_null(spec_compile_file(path, NULL, NULL, err, sizeof err));
	cr_expect(strncmp(err, want, strlen(want)) == 0, "%s", err);
	char *missing[] = {"compile", "/nonexistent/Locking", NULL};
	cr_expect_eq(rules_cmd_compile(2, missing), 2);
	char *none[] = {"compile", NULL};
	cr_expect_eq(rules_cmd_compile(1, none), 2);
	char *unknown[] = {"compile", path, "--frobnicate", NULL};
	cr_expect_eq(rules_cmd_compile(3, unknown), 2);
	remove(path);
	free(path);
}

Test(cli, writes_the_spec_file, .init = quiet)
{
	char doc[PATH_MAX];
	if (!rc_doc_path("001", doc, sizeof doc))
		cr_skip_test("Locking documents not found (set LOCKING_DOCS)");
	char out[64];
	snprintf(out, sizeof out, "/tmp/rules_compile_cli_%d.json", (int)getpid());
	char *argv[] = {"compile", doc, "-o", out, "--strict", NULL};
	cr_assert_eq(rules_cmd_compile(5, argv), 0, "no undecided in the reference document");
	FILE *f = fopen(out, "r");
	cr_assert_not_null(f);
	char head[64] = "";
	cr_expect_not_null(fgets(head, sizeof head, f));
	cr_expect_str_eq(head, "{\n");
	fclose(f);
	remove(out);
}

/* -o /dev/null must leave the device alone: replacing it by rename made
 * /dev/null a regular file for every program on the machine.  A private
 * copy of the device (1,3) stands in for it. */
Test(cli, output_to_a_device_keeps_the_device, .init = quiet)
{
	char doc[PATH_MAX];
	if (!rc_doc_path("001", doc, sizeof doc))
		cr_skip_test("Locking documents not found (set LOCKING_DOCS)");
	char dir[] = "/tmp/rules_compile_dev_XXXXXX";
	cr_assert_not_null(mkdtemp(dir));
	char dev[sizeof dir + 8];
	snprintf(dev, sizeof dev, "%s/null", dir);
	if (mknod(dev, S_IFCHR | 0666, makedev(1, 3)) != 0) {
		rmdir(dir);
		cr_skip_test("cannot make a device node here (not root?)");
	}
	char *argv[] = {"compile", doc, "-o", dev, NULL};
	cr_expect_eq(rules_cmd_compile(4, argv), 0);
	struct stat st;
	cr_assert_eq(stat(dev, &st), 0);
	cr_expect(S_ISCHR(st.st_mode), "%s is no longer a device", dev);
	remove(dev);
	rmdir(dir);
}

/* Long '|' lines (61k characters, as a mangled table or a pasted grid) are
 * read in linear time: the compile just has to finish.  Not timed: a hang
 * shows as the test's timeout. */
Test(cli, long_bar_lines_compile, .init = quiet, .timeout = 120)
{
	char doc[PATH_MAX];
	if (!rc_doc_path("003", doc, sizeof doc))
		cr_skip_test("Locking documents not found (set LOCKING_DOCS)");
	char *text = test_slurp(doc);
	cr_assert_not_null(text);
	enum { LONG = 61000 };
	char *bars = malloc(LONG + 1), *cells = malloc(LONG + 1);
	memset(bars, '|', LONG);
	bars[LONG] = 0;
	for (int i = 0; i < LONG; i++)
		cells[i] = "| x "[i % 4];
	cells[LONG] = 0;
	/* Before the first table, inside the first table's rows, and at the end. */
	const char *row = strstr(text, "\nd_delete");
	cr_assert_not_null(row, "no d_delete row in %s", doc);
	size_t cut = (size_t)(row - text) + 1, len = strlen(text);
	char *mangled = malloc(len + 4 * LONG + 8);
	char *p = mangled;
	p += sprintf(p, "%s\n", cells);
	memcpy(p, text, cut);
	p += cut;
	p += sprintf(p, "%s\n", bars);
	memcpy(p, text + cut, len - cut);
	p += len - cut;
	sprintf(p, "\n%s\n%s\n", bars, cells);
	char *path = test_temp_file("long-bars", mangled);
	char out[64];
	snprintf(out, sizeof out, "/tmp/rules_compile_long_%d.json", (int)getpid());
	char *argv[] = {"compile", path, "-o", out, "--no-resolutions", NULL};
	int rc = rules_cmd_compile(5, argv);
	cr_assert(rc == 0 || rc == 1, "compile failed (%d)", rc);
	remove(out);
	remove(path);
	free(path);
	free(mangled);
	free(cells);
	free(bars);
	free(text);
}

/* Bad input: a clear "file:line: what was expected" error or diagnostic,
 * never a crash, hang or silent guess. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <fcntl.h>
#include "test_util.h"
#include "../../common/test_files.h"
#include "../../../tools/rules/cmd_common.h"
#include "../../../tools/rules/commands.h"

static void expect_error(const char *text, size_t len, const char *want)
{
	doc d;
	char err[1024] = "";
	int rc = doc_parse_buffer("bad.txt", text, len, NULL, &d, err, sizeof err);
	cr_assert_eq(rc, -1, "expected an error containing '%s'", want);
	cr_assert(strstr(err, want), "error '%s' lacks '%s'", err, want);
}

Test(malformed, empty_input)
{
	expect_error("", 0, "bad.txt:1: empty input");
}

Test(malformed, binary_input_names_the_line)
{
	const char text[] = "blob: 1234\nfoo\nba\0r\n";
	expect_error(text, sizeof text - 1, "bad.txt:3: NUL byte");
}

Test(malformed, unknown_format)
{
	const char *t = "Some notes about nothing.\nNo sections, no tables.\n";
	expect_error(t, strlen(t), "bad.txt:1: unknown format");
}

Test(malformed, very_long_line)
{
	size_t n = 200000;
	char *t = malloc(n + 16);
	strcpy(t, "blob: x\n");
	memset(t + 8, 'a', n);
	t[n + 8] = '\0';
	expect_error(t, strlen(t), "bad.txt:2: line is 200000 bytes long");
	free(t);
}

Test(malformed, ten_megabyte_file)
{
	char path[] = "/tmp/lockcheck-big-XXXXXX";
	int fd = mkstemp(path);
	cr_assert_geq(fd, 0);
	char line[101];
	memset(line, 'x', 99);
	line[99] = '\n', line[100] = '\0';
	FILE *f = fdopen(fd, "w");
	for (int i = 0; i < 100 * 1024; i++)
		fputs(line, f);
	fclose(f);
	doc d;
	char err[1024];
	cr_assert_eq(doc_parse_file(path, NULL, &d, err, sizeof err), -1);
	cr_assert(strstr(err, ":1: input is 10240000 bytes"), "%s", err);
	unlink(path);
}

Test(malformed, missing_file)
{
	doc d;
	char err[1024];
	cr_assert_eq(doc_parse_file("/nonexistent/locking.rst", NULL, &d, err, sizeof err), -1);
	cr_assert(strstr(err, "/nonexistent/locking.rst:0: cannot open"), "%s", err);
}

static const char *RST_HEAD = "blob: 0000\n"
			      "knob_operations\n"
			      "===============\n"
			      "prototypes::\n"
			      "int (*kn_turn)(struct knob *);\n"
			      "int (*kn_push)(struct knob *);\n"
			      "locking rules:\n";

static void parse_ok(const char *body, doc *d)
{
	char *text = malloc(strlen(RST_HEAD) + strlen(body) + 1);
	strcpy(text, RST_HEAD);
	strcat(text, body);
	char err[1024];
	cr_assert_eq(doc_parse_buffer("bad.txt", text, strlen(text), NULL, d, err, sizeof err), 0, "%s", err);
	free(text);
}

Test(malformed, truncated_table_is_reported_with_its_line)
{
	doc d;
	parse_ok("====== ======== =========\n"
		 "ops spin_lock may block\n"
		 "====== ======== =========\n"
		 "kn_turn: yes no\n", &d);
	cr_assert_eq(tu_diags_matching(&d, "no closing border", DOC_ERROR), 1);
	cr_assert_eq(d.diags[0].line, 8);
	/* The rows that are there are still read. */
	cr_assert_str_eq(tu_value(&d, "knob_operations", "kn_turn", "may block"), "no");
	doc_free(&d);
}

Test(malformed, header_not_matching_border)
{
	doc d;
	parse_ok("====== ======== =========\n"
		 "ops spin_lock\n"
		 "====== ======== =========\n"
		 "kn_turn: yes no\n"
		 "====== ======== =========\n", &d);
	cr_assert_eq(tu_diags_matching(&d, "names 1 columns, the border has 2", DOC_ERROR), 1);
	doc_free(&d);
}

Test(malformed, row_without_label)
{
	doc d;
	parse_ok("====== ======== =========\n"
		 "ops spin_lock may block\n"
		 "====== ======== =========\n"
		 ": yes no\n"
		 "====== ======== =========\n", &d);
	cr_assert_eq(tu_diags_matching(&d, "expected a row label", DOC_ERROR), 1);
	cr_assert_eq(d.diags[0].line, 11);
	doc_free(&d);
}

Test(malformed, row_no_column_accepts_is_undecided_not_silent)
{
	doc d;
	parse_ok("====== ======== =========\n"
		 "ops spin_lock may block\n"
		 "====== ======== =========\n"
		 "kn_turn: sideways upwards\n"
		 "====== ======== =========\n", &d);
	cr_assert_eq(tu_diags_matching(&d, "undecided: knob_operations kn_turn: no placement", DOC_WARNING), 1);
	cr_assert_eq(tu_cell(&d, "knob_operations", "kn_turn", "spin_lock")->placement, DOC_PLACED_UNDECIDED);
	doc_free(&d);
}

Test(malformed, row_with_too_many_words_does_not_hang)
{
	char body[4096] = "====== ======== ========= ===== ===== ===== ===== ===== =====\n"
			  "ops a_lock b_lock c_lock d_lock e_lock f_lock g_lock h_lock\n"
			  "====== ======== ========= ===== ===== ===== ===== ===== =====\n"
			  "kn_turn:";
	for (int i = 0; i < 40; i++)
		strcat(body, " yes");
	strcat(body, "\n====== ======== ========= ===== ===== ===== ===== ===== =====\n");
	doc d;
	parse_ok(body, &d);
	cr_assert_eq(tu_diags_matching(&d, "too many words", DOC_ERROR), 1);
	doc_free(&d);
}

Test(malformed, html_row_with_more_cells_than_columns)
{
	const char *t = "Knobs\n\nknob_operations\n\nprototypes:\n\nint (*kn_turn)(struct knob *);\n\n"
			"locking rules:\n\nops\n\nspin_lock\n\nkn_turn:\n\nyes\n\nno\n\nkn_push:\n\nno\n";
	doc d;
	char err[512];
	cr_assert_eq(doc_parse_buffer("h.txt", t, strlen(t), NULL, &d, err, sizeof err), 0, "%s", err);
	cr_assert_eq(d.rendering, DOC_RENDER_HTML_TEXT);
	cr_assert_str_eq(tu_value(&d, "knob_operations", "kn_turn", "spin_lock"), "yes");
	cr_assert_eq(tu_diags_matching(&d, "knob_operations kn_turn: row has more cells than the table's 1 columns: 'no'",
				       DOC_ERROR), 1);
	cr_assert_eq(d.diags[0].line, 19);
	/* The rows after it are still read. */
	cr_assert_str_eq(tu_value(&d, "knob_operations", "kn_push", "spin_lock"), "no");
	doc_free(&d);
}

Test(malformed, resolutions_file_errors_name_file_and_line)
{
	char *path = test_temp_file("res", "# ok\n*\tknob_operations\tkn_turn\tyes | no\tspin_lock\treason\n");
	doc d;
	char err[1024];
	const char *t = "blob: x\nk\n===\n";
	cr_assert_eq(doc_parse_buffer("x.txt", t, strlen(t), path, &d, err, sizeof err), -1);
	char want[256];
	snprintf(want, sizeof want, "%s:2: 2 values but 1 columns", path);
	cr_assert(strstr(err, want), "%s", err);
	/* No reason: refused. */
	test_write_file(path, "*\tknob_operations\tkn_turn\tyes\tspin_lock\t \n");
	cr_assert_eq(doc_parse_buffer("x.txt", t, strlen(t), path, &d, err, sizeof err), -1);
	cr_assert(strstr(err, ":1: REASON must say why"), "%s", err);
	/* A DOC that names nothing known. */
	test_write_file(path, "sha256:xyz\tknob_operations\tkn_turn\tyes\tspin_lock\tbecause\n");
	cr_assert_eq(doc_parse_buffer("x.txt", t, strlen(t), path, &d, err, sizeof err), -1);
	cr_assert(strstr(err, ":1: DOC must be"), "%s", err);
	unlink(path);
	free(path);
}

Test(malformed, unbalanced_prototype_stops)
{
	doc d;
	parse_ok("int (*kn_bad)(struct knob *,\nstruct a *,\nstruct b *,\nstruct c *,\nstruct d *,\n"
		 "struct e *,\nstruct f *,\nstruct g *,\nstruct h *,\nstruct i *\n", &d);
	cr_assert_eq(tu_diags_matching(&d, "does not close its parentheses", DOC_WARNING), 1);
	doc_free(&d);
}

Test(check, reports_unknown_rows_and_uncovered_methods)
{
	doc d;
	parse_ok("====== ======== =========\n"
		 "ops spin_lock may block\n"
		 "====== ======== =========\n"
		 "kn_turn: yes no\n"
		 "kn_spin: no no\n"
		 "====== ======== =========\n", &d);
	char *out = NULL;
	size_t len = 0;
	FILE *m = open_memstream(&out, &len);
	int n = rules_check_write(&d, m);
	fclose(m);
	cr_assert_eq(n, 2, "%s", out);
	cr_assert(strstr(out, "bad.txt:12: knob_operations: table row 'kn_spin' names no method"), "%s", out);
	cr_assert(strstr(out, "bad.txt:6: knob_operations: method 'kn_push' has a prototype but no row"), "%s", out);
	free(out);
	doc_free(&d);
}

Test(check, clean_document_has_no_findings)
{
	doc d;
	parse_ok("====== ======== =========\n"
		 "ops spin_lock may block\n"
		 "====== ======== =========\n"
		 "kn_turn: yes no\n"
		 "kn_push no yes\n"
		 "====== ======== =========\n", &d);
	char *out = NULL;
	size_t len = 0;
	FILE *m = open_memstream(&out, &len);
	cr_assert_eq(rules_check_write(&d, m), 0);
	fclose(m);
	free(out);
	doc_free(&d);
}

Test(cli, usage_errors_exit_2)
{
	char *no_file[] = {"cells", NULL};
	cr_assert_eq(rules_cmd_cells(1, no_file), 2);
	char *bad_opt[] = {"check", "--frobnicate", "x", NULL};
	cr_assert_eq(rules_cmd_check(3, bad_opt), 2);
	char *two[] = {"cells", "a", "b", NULL};
	cr_assert_eq(rules_cmd_cells(3, two), 2);
	char *missing[] = {"check", "--no-resolutions", "/nonexistent/file", NULL};
	cr_assert_eq(rules_cmd_check(3, missing), 2);
}

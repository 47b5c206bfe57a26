/* Our own tab-aligned fixtures (tests/fixtures/locking/): column positions
 * decide where a value goes; the same text with its white space collapsed
 * cannot tell, and says so; a resolution that contradicts positions is an
 * error.  These need no shared documents. */
#include <criterion/criterion.h>
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "test_util.h"
#include "../../common/test_files.h"

static char *slurp_repo(const char *rel)
{
	char *text = test_slurp(tu_repo_path(rel));
	cr_assert_not_null(text, "fixture %s missing", rel);
	return text;
}

/* What a web viewer does to the file: runs of white space become one space,
 * leading white space goes. */
static char *collapse_lines(const char *in)
{
	char *out = malloc(strlen(in) + 1), *o = out;
	int bol = 1, sp = 0;
	for (const char *p = in; *p; p++) {
		if (*p == '\n') {
			*o++ = '\n';
			bol = 1, sp = 0;
		} else if (*p == ' ' || *p == '\t') {
			sp = !bol;
		} else {
			if (sp)
				*o++ = ' ';
			*o++ = *p;
			bol = 0, sp = 0;
		}
	}
	*o = '\0';
	return out;
}

#define G "gadget_operations"

Test(fixtures, rst_positions_decide_empty_cells)
{
	char *text = slurp_repo("tests/fixtures/locking/gadget-tabs.rst");
	doc d;
	char err[512];
	cr_assert_eq(tu_parse_text(text, NULL, &d, err, sizeof err), 0, "%s", err);
	cr_assert_eq(d.rendering, DOC_RENDER_RST);
	cr_assert_str_eq(tu_value(&d, G, "gad_fill", "invalidate_lock"), "shared");
	cr_assert_str_eq(tu_value(&d, G, "gad_fill", "i_rwsem"), "");
	cr_assert_str_eq(tu_value(&d, G, "gad_prefetch", "i_rwsem"), "shared");
	cr_assert_str_eq(tu_value(&d, G, "gad_prefetch", "invalidate_lock"), "");
	cr_assert_str_eq(tu_value(&d, G, "gad_begin", "i_rwsem"), "exclusive");
	cr_assert_str_eq(tu_value(&d, G, "gad_punch", "invalidate_lock"), "exclusive");
	cr_assert_str_eq(tu_value(&d, G, "gad_idle", "folio locked"), "no");
	cr_assert_str_eq(tu_value(&d, G, "gad_mark", "folio locked"), "");
	cr_assert_eq(tu_cell(&d, G, "gad_fill", "invalidate_lock")->placement, DOC_PLACED_POSITION);
	cr_assert_str_eq(tu_value(&d, "quota_gadget_operations", "qg_write", "Held locks when called"),
			 "qg_sem or qg_ptr_lock");
	cr_assert_str_eq(tu_value(&d, "quota_gadget_operations", "qg_dirty", "Held locks when called"), "-");
	cr_assert_eq(tu_diags_matching(&d, "", DOC_WARNING), 0, "no warnings expected");
	doc_free(&d);
	free(text);
}

Test(fixtures, rst_collapsed_reports_what_it_cannot_decide)
{
	char *text = slurp_repo("tests/fixtures/locking/gadget-tabs.rst");
	char *flat = collapse_lines(text);
	doc d;
	char err[512];
	cr_assert_eq(tu_parse_text(flat, NULL, &d, err, sizeof err), 0, "%s", err);
	/* "yes, unlocks shared": shared may be i_rwsem or invalidate_lock. */
	cr_assert_eq(tu_diags_matching(&d, "undecided: gadget_operations gad_fill", DOC_WARNING), 1);
	cr_assert_eq(tu_diags_matching(&d, "undecided: gadget_operations gad_prefetch", DOC_WARNING), 1);
	cr_assert_eq(tu_cell(&d, G, "gad_fill", "folio locked")->placement, DOC_PLACED_UNDECIDED);
	/* "yes exclusive" for gad_punch: vocabulary alone cannot tell either... */
	cr_assert_eq(tu_diags_matching(&d, "undecided: gadget_operations gad_punch", DOC_WARNING), 1);
	/* ...but the multi-word headers still come out whole. */
	cr_assert_str_eq(tu_value(&d, "quota_gadget_operations", "qg_write", "Held locks when called"),
			 "qg_sem or qg_ptr_lock");
	cr_assert_eq(tu_cell(&d, "quota_gadget_operations", "qg_write", "FS recursion")->placement,
		     DOC_PLACED_LAYOUT);
	doc_free(&d);
	free(flat);
	free(text);
}

Test(fixtures, prose_decides_when_it_names_method_and_lock)
{
	char *text = slurp_repo("tests/fixtures/locking/gadget-tabs.rst");
	/* Our own sentence, shaped like the real ->invalidate_folio() paragraph. */
	const char *extra = "\n->gad_punch() runs with invalidate_lock held exclusive by the caller.\n";
	char *with = malloc(strlen(text) + strlen(extra) + 1);
	strcpy(with, text);
	char *at = strstr(with, "->gad_fill() fills");
	cr_assert_not_null(at);
	memmove(at + strlen(extra), at, strlen(at) + 1);
	memcpy(at, extra, strlen(extra));
	char *flat = collapse_lines(with);
	doc d;
	char err[512];
	cr_assert_eq(tu_parse_text(flat, NULL, &d, err, sizeof err), 0, "%s", err);
	cr_assert_str_eq(tu_value(&d, G, "gad_punch", "invalidate_lock"), "exclusive");
	cr_assert_eq(tu_cell(&d, G, "gad_punch", "invalidate_lock")->placement, DOC_PLACED_PROSE);
	doc_free(&d);
	free(flat);
	free(with);
	free(text);
}

Test(fixtures, resolution_decides_collapsed_rows)
{
	char *text = slurp_repo("tests/fixtures/locking/gadget-tabs.rst");
	char *flat = collapse_lines(text);
	char *res = test_temp_file("res", "# test\n*\tgadget_operations\tgad_fill\tyes, unlocks | shared\t"
				    "folio locked | invalidate_lock\tthe tab-aligned fixture puts it there\n");
	doc d;
	char err[512];
	cr_assert_eq(tu_parse_text(flat, res, &d, err, sizeof err), 0, "%s", err);
	cr_assert_str_eq(tu_value(&d, G, "gad_fill", "invalidate_lock"), "shared");
	cr_assert_eq(tu_cell(&d, G, "gad_fill", "invalidate_lock")->placement, DOC_PLACED_RESOLUTION);
	cr_assert_eq(tu_diags_matching(&d, "undecided: gadget_operations gad_fill", DOC_WARNING), 0);
	doc_free(&d);
	unlink(res);
	free(res);
	free(flat);
	free(text);
}

Test(fixtures, resolution_contradicting_positions_is_an_error)
{
	char *text = slurp_repo("tests/fixtures/locking/gadget-tabs.rst");
	char *res = test_temp_file("res", "*\tgadget_operations\tgad_prefetch\tyes, unlocks | shared\t"
				    "folio locked | invalidate_lock\twrong on purpose\n");
	doc d;
	char err[512];
	cr_assert_eq(tu_parse_text(text, res, &d, err, sizeof err), 0, "%s", err);
	cr_assert_eq(tu_diags_matching(&d, "contradicts the column positions", DOC_ERROR), 1);
	/* Positions win: the value stays where the file puts it. */
	cr_assert_str_eq(tu_value(&d, G, "gad_prefetch", "i_rwsem"), "shared");
	doc_free(&d);
	unlink(res);
	free(res);
	free(text);
}

Test(fixtures, repository_resolutions_agree_with_fixture_positions)
{
	char *text = slurp_repo("tests/fixtures/locking/gadget-tabs.rst");
	doc d;
	char err[512];
	cr_assert_eq(tu_parse_text(text, tu_repo_path("rules/resolutions.tsv"), &d, err, sizeof err), 0, "%s", err);
	cr_assert_eq(tu_diags_matching(&d, "", DOC_ERROR), 0);
	doc_free(&d);
	free(text);
}

Test(fixtures, old_plain_positions_and_multiword_headers)
{
	char *text = slurp_repo("tests/fixtures/locking/gizmo-tabs.txt");
	doc d;
	char err[512];
	cr_assert_eq(tu_parse_text(text, NULL, &d, err, sizeof err), 0, "%s", err);
	cr_assert_eq(d.rendering, DOC_RENDER_PLAIN);
	cr_assert_str_eq(tu_value(&d, "gizmo_operations", "gz_open", "PageLocked(page)"), "yes");
	cr_assert_str_eq(tu_value(&d, "gizmo_operations", "gz_read", "i_mutex"), "yes");
	cr_assert_str_eq(tu_value(&d, "gizmo_operations", "gz_read", "PageLocked(page)"), "");
	cr_assert_str_eq(tu_value(&d, "gizmo_operations", "gz_sync", "PageLocked(page)"), "locks the page");
	cr_assert_str_eq(tu_value(&d, "gizmo_operations", "gz_drop", "PageLocked(page)"), "no");
	cr_assert_str_eq(tu_value(&d, "gizmo_lock_operations", "gl_change", "may block"), "no");
	cr_assert_str_eq(tu_value(&d, "gizmo_lock_operations", "gl_notify", "blocked_lock_lock"), "yes");
	cr_assert_eq(tu_cell(&d, "gizmo_operations", "gz_read", "i_mutex")->placement, DOC_PLACED_POSITION);
	cr_assert_eq(tu_diags_matching(&d, "", DOC_WARNING), 0);
	doc_free(&d);
	free(text);
}

Test(fixtures, old_plain_collapsed_cannot_tell_lone_values)
{
	char *text = slurp_repo("tests/fixtures/locking/gizmo-tabs.txt");
	char *flat = collapse_lines(text);
	/* The collapsed plain text keeps one leading space for indented lines. */
	doc d;
	char err[512];
	char *indented = malloc(strlen(flat) * 2 + 2), *o = indented;
	for (const char *p = text, *q = flat; *q;) {
		if (*p == '\t' || *p == ' ')
			*o++ = ' ';
		size_t lq = strcspn(q, "\n"), lp = strcspn(p, "\n");
		memcpy(o, q, lq);
		o += lq;
		*o++ = '\n';
		q += lq + (q[lq] != 0);
		p += lp + (p[lp] != 0);
	}
	*o = '\0';
	cr_assert_eq(tu_parse_text(indented, NULL, &d, err, sizeof err), 0, "%s", err);
	cr_assert_eq(tu_diags_matching(&d, "undecided: gizmo_operations gz_read", DOC_WARNING), 1);
	cr_assert_eq(tu_diags_matching(&d, "undecided: gizmo_operations gz_open", DOC_WARNING), 1);
	/* Full rows and vocabulary still decide. */
	cr_assert_str_eq(tu_value(&d, "gizmo_operations", "gz_sync", "i_mutex"), "yes");
	cr_assert_str_eq(tu_value(&d, "gizmo_lock_operations", "gl_notify", "may block"), "no");
	doc_free(&d);
	free(indented);
	free(flat);
	free(text);
}

Test(fixtures, html_text_missing_cells_and_vocabulary)
{
	char *text = slurp_repo("tests/fixtures/locking/gadget-html.txt");
	doc d;
	char err[512];
	cr_assert_eq(tu_parse_text(text, NULL, &d, err, sizeof err), 0, "%s", err);
	cr_assert_eq(d.rendering, DOC_RENDER_HTML_TEXT);
	const doc_table *t = &tu_section(&d, G)->tables[0];
	cr_assert_eq(t->ncols, 3);
	cr_assert_str_eq(t->columns[0], "folio locked");
	cr_assert_eq(t->column_lines[2], 24);
	/* A label without ':' that the prototypes declare, with no cells. */
	cr_assert_str_eq(tu_value(&d, G, "gad_mark", "folio locked"), "");
	/* Only the note column takes free text; s_umount takes write. */
	cr_assert_str_eq(tu_value(&d, "gadget_super_operations", "gs_free", "note"), "called from a deferred callback");
	cr_assert_eq(tu_cell(&d, "gadget_super_operations", "gs_free", "note")->placement, DOC_PLACED_VOCABULARY);
	cr_assert_eq(tu_cell(&d, "gadget_super_operations", "gs_free", "note")->line, 64);
	cr_assert_str_eq(tu_value(&d, "gadget_super_operations", "gs_put", "s_umount"), "write");
	cr_assert_str_eq(tu_value(&d, "gadget_super_operations", "gs_stat", "note"), "(see below)");
	/* "shared" may be either rw-semaphore column: said, with both candidates. */
	cr_assert_eq(tu_diags_matching(&d, "undecided: gadget_operations gad_fill: 'yes, unlocks' | 'shared' fits 2 placements",
				       DOC_WARNING), 1);
	cr_assert_eq(tu_diags_matching(&d, "invalidate_lock='shared'", DOC_WARNING), 1);
	doc_free(&d);
	free(text);
}

Test(fixtures, old_plain_drifting_rows_and_tabs_inside_a_cell)
{
	char *text = slurp_repo("tests/fixtures/locking/gizmo-tabs.txt");
	doc d;
	char err[512];
	cr_assert_eq(tu_parse_text(text, NULL, &d, err, sizeof err), 0, "%s", err);
	/* gn_set's values sit one tab stop left of the headers (like d_init
	 * upstream): each still goes to the nearest free column on its right. */
	cr_assert_str_eq(tu_value(&d, "gizmo_name_operations", "gn_set", "name_lock"), "no");
	cr_assert_str_eq(tu_value(&d, "gizmo_name_operations", "gn_set", "->g_lock"), "no");
	cr_assert_str_eq(tu_value(&d, "gizmo_name_operations", "gn_set", "may block"), "yes");
	cr_assert_str_eq(tu_value(&d, "gizmo_name_operations", "gn_set", "rcu-walk"), "no");
	cr_assert_str_eq(tu_value(&d, "gizmo_name_operations", "gn_check", "may block"), "yes (ref-walk)");
	/* A tab inside the last column's cell continues the cell. */
	cr_assert_str_eq(tu_value(&d, "gizmo_dir_operations", "gd_link", "i_mutex(inode)"), "yes (both) (see below)");
	cr_assert_eq(tu_diags_matching(&d, "", DOC_WARNING), 0);
	doc_free(&d);
	free(text);
}

Test(fixtures, resolution_can_name_the_exact_document_by_sha256)
{
	char *text = slurp_repo("tests/fixtures/locking/gadget-tabs.rst");
	char *flat = collapse_lines(text);
	doc d;
	char err[512];
	cr_assert_eq(tu_parse_text(flat, NULL, &d, err, sizeof err), 0, "%s", err);
	char sha[65];
	memcpy(sha, d.sha256, sizeof sha);
	doc_free(&d);
	char entry[512];
	/* Another document's hash: the entry does not apply. */
	snprintf(entry, sizeof entry, "sha256:%.12s\tgadget_operations\tgad_fill\tyes, unlocks | shared\t"
		 "folio locked | invalidate_lock\treviewed on that copy\n", sha[0] == '0' ? "111111111111" : "000000000000");
	char *res = test_temp_file("res", entry);
	cr_assert_eq(tu_parse_text(flat, res, &d, err, sizeof err), 0, "%s", err);
	cr_assert_eq(tu_cell(&d, G, "gad_fill", "folio locked")->placement, DOC_PLACED_UNDECIDED);
	doc_free(&d);
	unlink(res);
	free(res);
	/* This document's hash: it does. */
	snprintf(entry, sizeof entry, "sha256:%.12s\tgadget_operations\tgad_fill\tyes, unlocks | shared\t"
		 "folio locked | invalidate_lock\treviewed on this copy\n", sha);
	res = test_temp_file("res", entry);
	cr_assert_eq(tu_parse_text(flat, res, &d, err, sizeof err), 0, "%s", err);
	cr_assert_str_eq(tu_value(&d, G, "gad_fill", "invalidate_lock"), "shared");
	doc_free(&d);
	unlink(res);
	free(res);
	free(flat);
	free(text);
}

Test(fixtures, sha256_of_the_input)
{
	doc d;
	char err[512];
	cr_assert_eq(tu_parse_text("blob: x\nabc\n===\n", NULL, &d, err, sizeof err), 0, "%s", err);
	/* sha256("blob: x\nabc\n===\n"), as sha256sum prints it. */
	cr_assert_str_eq(d.sha256, "c76f1fe56f8d900ede857056eadc6296281c045e05a3dde6a261e044b5fd7296");
	doc_free(&d);
}

Test(fixtures, rst_cell_continued_on_the_next_line)
{
	char *text = slurp_repo("tests/fixtures/locking/gadget-tabs.rst");
	doc d;
	char err[512];
	cr_assert_eq(tu_parse_text(text, NULL, &d, err, sizeof err), 0, "%s", err);
	/* A line whose label column is blank continues the row above it. */
	cr_assert_str_eq(tu_value(&d, "quota_gadget_operations", "qg_sync", "Held locks when called"),
			 "qg_sem, and qg_ptr_lock while the list is walked");
	cr_assert_str_eq(tu_value(&d, "quota_gadget_operations", "qg_sync", "FS recursion"), "yes");
	cr_assert_eq(tu_diags_matching(&d, "", DOC_WARNING), 0);
	doc_free(&d);
	free(text);
}

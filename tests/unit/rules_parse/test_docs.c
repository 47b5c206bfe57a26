/* The four shared Locking documents: one assertion per tricky row, and the
 * whole `cells` output against the reviewed golden files.  Skipped when the
 * documents are absent. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "test_util.h"
#include "../../common/test_files.h"
#include "../../../tools/rules/cmd_common.h"

#define V(iface, m, col) tu_value(&d, iface, m, col)
#define AOPS "address_space_operations"

static void golden(const char *prefix)
{
	doc d;
	tu_parse_doc(prefix, &d);
	char *out = NULL;
	size_t len = 0;
	FILE *m = open_memstream(&out, &len);
	rules_cells_write(&d, m);
	fclose(m);
	const char *path = tu_doc_path(prefix);
	const char *base = strrchr(path, '/') + 1;
	char rel[256];
	snprintf(rel, sizeof rel, "tests/golden/cells-%.*s.tsv", (int)(strlen(base) - 4), base);
	char *want = test_slurp(tu_repo_path(rel));
	cr_assert_not_null(want, "golden file %s missing", rel);
	/* Report the first differing line, which names the cell. */
	const char *a = out, *b = want;
	int line = 1;
	while (*a && *b) {
		size_t la = strcspn(a, "\n"), lb = strcspn(b, "\n");
		cr_assert(la == lb && !strncmp(a, b, la), "%s line %d: got '%.*s', golden '%.*s'", rel, line,
			  (int)la, a, (int)lb, b);
		a += la + (a[la] != 0), b += lb + (b[lb] != 0), line++;
	}
	cr_assert(!*a && !*b, "%s: output and golden differ in length at line %d", rel, line);
	free(out);
	free(want);
	doc_free(&d);
}

Test(docs_golden, rst_viewer_000) { golden("000_"); }
Test(docs_golden, html_text_001) { golden("001_"); }
Test(docs_golden, plain_diff_002) { golden("002_"); }
Test(docs_golden, rst_viewer_003) { golden("003_"); }

Test(docs_000, rendering_sections_and_protos)
{
	doc d;
	tu_parse_doc("000_", &d);
	cr_assert_eq(d.rendering, DOC_RENDER_RST_VIEWER);
	const doc_section *s = tu_section(&d, "dentry_operations");
	cr_assert_not_null(s);
	cr_assert_eq(s->line, 13);
	cr_assert_eq(s->nprotos, 12);
	/* The d_dname typo: one '(' too many, still one prototype on one line. */
	int found = 0;
	for (int i = 0; i < s->nprotos; i++)
		if (!strcmp(s->protos[i].method, "d_dname")) {
			found = 1;
			cr_assert_eq(s->protos[i].line, 25);
			cr_assert_eq(s->protos[i].end_line, 25);
		} else if (!strcmp(s->protos[i].method, "d_compare")) {
			cr_assert_eq(s->protos[i].line, 19);
			cr_assert_eq(s->protos[i].end_line, 20);
		}
	cr_assert(found);
	cr_assert_not_null(tu_section(&d, "xattr_handler operations"));
	cr_assert_not_null(tu_section(&d, "file_system_type"));
	/* swap_activate lacks its ';': it must not swallow swap_deactivate. */
	const doc_section *a = tu_section(&d, AOPS);
	cr_assert_eq(a->nprotos, 19);
	cr_assert_eq(a->protos[16].end_line, a->protos[16].line);
	cr_assert_str_eq(a->protos[17].method, "swap_deactivate");
	cr_assert_eq(a->tables[0].line, 233);
	cr_assert_str_eq(a->tables[0].label_header, "ops");
	doc_free(&d);
}

Test(docs_000, dentry_multiword_header_and_rows_without_colon)
{
	doc d;
	tu_parse_doc("000_", &d);
	const doc_table *t = &tu_section(&d, "dentry_operations")->tables[0];
	cr_assert_eq(t->ncols, 4);
	cr_assert_str_eq(t->columns[2], "may block");
	cr_assert_str_eq(V("dentry_operations", "d_revalidate", "may block"), "yes (ref-walk)");
	cr_assert_str_eq(V("dentry_operations", "d_revalidate", "rcu-walk"), "maybe");
	cr_assert_str_eq(V("dentry_operations", "d_hash", "rcu-walk"), "maybe");
	cr_assert_str_eq(V("dentry_operations", "d_delete", "->d_lock"), "yes");
	cr_assert_str_eq(V("dentry_operations", "d_real", "may block"), "yes");
	cr_assert_eq(tu_cell(&d, "dentry_operations", "d_hash", "rename_lock")->line, 35);
	doc_free(&d);
}

Test(docs_000, address_space_operations)
{
	doc d;
	tu_parse_doc("000_", &d);
	cr_assert_str_eq(V(AOPS, "writepage", "folio locked"), "yes, unlocks (see below)");
	cr_assert_str_eq(V(AOPS, "read_folio", "folio locked"), "yes, unlocks");
	cr_assert_str_eq(V(AOPS, "read_folio", "invalidate_lock"), "shared");
	cr_assert_str_eq(V(AOPS, "read_folio", "i_rwsem"), "");
	cr_assert_eq(tu_cell(&d, AOPS, "read_folio", "invalidate_lock")->placement, DOC_PLACED_RESOLUTION);
	cr_assert_str_eq(V(AOPS, "readahead", "invalidate_lock"), "shared");
	cr_assert_str_eq(V(AOPS, "write_begin", "folio locked"), "locks the page");
	cr_assert_str_eq(V(AOPS, "write_begin", "i_rwsem"), "exclusive");
	cr_assert_str_eq(V(AOPS, "write_end", "i_rwsem"), "exclusive");
	/* Decided by the section's own prose ("exclusively acquire invalidate_lock"). */
	cr_assert_str_eq(V(AOPS, "invalidate_folio", "invalidate_lock"), "exclusive");
	cr_assert_eq(tu_cell(&d, AOPS, "invalidate_folio", "invalidate_lock")->placement, DOC_PLACED_PROSE);
	cr_assert_str_eq(V(AOPS, "dirty_folio", "folio locked"), "maybe");
	cr_assert_eq(tu_cell(&d, AOPS, "dirty_folio", "folio locked")->placement, DOC_PLACED_VOCABULARY);
	cr_assert_str_eq(V(AOPS, "migrate_folio", "folio locked"), "yes (both)");
	cr_assert_str_eq(V(AOPS, "swap_activate", "folio locked"), "no");
	cr_assert_str_eq(V(AOPS, "writepages", "folio locked"), "");
	cr_assert_eq(tu_diags_matching(&d, "undecided", DOC_WARNING), 0);
	doc_free(&d);
}

Test(docs_000, super_operations_note_column)
{
	doc d;
	tu_parse_doc("000_", &d);
	cr_assert_str_eq(V("super_operations", "drop_inode", "note"), "!!!inode->i_lock!!!");
	cr_assert_str_eq(V("super_operations", "drop_inode", "s_umount"), "");
	cr_assert_str_eq(V("super_operations", "free_inode", "note"), "called from RCU callback");
	cr_assert_str_eq(V("super_operations", "show_options", "s_umount"), "no");
	cr_assert_str_eq(V("super_operations", "show_options", "note"), "(namespace_sem)");
	cr_assert_str_eq(V("super_operations", "statfs", "s_umount"), "maybe(read)");
	cr_assert_str_eq(V("super_operations", "statfs", "note"), "(see below)");
	cr_assert_str_eq(V("super_operations", "put_super", "s_umount"), "write");
	doc_free(&d);
}

Test(docs_000, dquot_vm_and_locks)
{
	doc d;
	tu_parse_doc("000_", &d);
	cr_assert_str_eq(V("dquot_operations", "write_dquot", "FS recursion"), "yes");
	cr_assert_str_eq(V("dquot_operations", "write_dquot", "Held locks when called"), "dqonoff_sem or dqptr_sem");
	cr_assert_str_eq(V("dquot_operations", "mark_dirty", "Held locks when called"), "-");
	cr_assert_str_eq(V("vm_operations_struct", "map_pages", "mmap_lock"), "read");
	cr_assert_str_eq(V("vm_operations_struct", "fault", "PageLocked(page)"), "can return with page locked");
	cr_assert_str_eq(V("vm_operations_struct", "open", "mmap_lock"), "yes");
	cr_assert_str_eq(V("lock_manager_operations", "lm_change", "flc_lock"), "yes");
	cr_assert_str_eq(V("lock_manager_operations", "lm_expire_lock", "may block"), "yes");
	cr_assert_str_eq(V("file_lock_operations", "fl_release_private", "may block"), "maybe[1]_");
	cr_assert_str_eq(V("file_system_type", "mount", "may block"), "yes");
	cr_assert_str_eq(V("inode_operations", "atomic_open", "i_rwsem(inode)"),
			 "shared (exclusive if O_CREAT is set in open flags)");
	cr_assert_str_eq(V("inode_operations", "rename", "i_rwsem(inode)"), "exclusive (all) (see below)");
	doc_free(&d);
}

Test(docs_003, older_rst_viewer_differences)
{
	doc d;
	tu_parse_doc("003_", &d);
	cr_assert_eq(d.rendering, DOC_RENDER_RST_VIEWER);
	cr_assert_str_eq(V("vm_operations_struct", "map_pages", "mmap_lock"), "yes");
	cr_assert_str_eq(V(AOPS, "read_folio", "invalidate_lock"), "shared");
	cr_assert(tu_has_proto(tu_section(&d, "file_operations"), "sendpage"));
	doc_free(&d);
}

Test(docs_001, html_text_missing_cells)
{
	doc d;
	tu_parse_doc("001_", &d);
	cr_assert_eq(d.rendering, DOC_RENDER_HTML_TEXT);
	const doc_section *ds = tu_section(&d, "dentry_operations");
	cr_assert_eq(ds->line, 7);
	cr_assert_eq(ds->nprotos, 12);
	cr_assert_eq(ds->protos[3].line, 14); /* d_compare spans two lines */
	cr_assert_eq(ds->protos[3].end_line, 15);
	cr_assert_str_eq(ds->tables[0].columns[1], "->d_lock");
	cr_assert_eq(ds->tables[0].nrows, 13);
	cr_assert(tu_has_proto(tu_section(&d, "vm_operations_struct"), "huge_fault"));
	cr_assert_str_eq(V("inode_operations", "get_offset_ctx", "i_rwsem(inode)"), "no");
	cr_assert_str_eq(V("inode_operations", "rename", "i_rwsem(inode)"),
			 "exclusive (both parents, some children) (see below)");
	cr_assert_str_eq(V("dentry_operations", "d_hash", "rcu-walk"), "maybe");
	cr_assert_str_eq(V("dentry_operations", "d_revalidate", "->d_lock"), "no");
	cr_assert_str_eq(V("super_operations", "free_inode", "note"), "called from RCU callback");
	cr_assert_str_eq(V("super_operations", "free_inode", "s_umount"), "");
	cr_assert_str_eq(V("super_operations", "statfs", "note"), "(see below)");
	cr_assert_str_eq(V(AOPS, "writepage", "folio locked"), "yes, unlocks (see below)");
	cr_assert_str_eq(V(AOPS, "read_folio", "invalidate_lock"), "shared");
	cr_assert_str_eq(V(AOPS, "write_begin", "i_rwsem"), "exclusive");
	cr_assert_str_eq(V(AOPS, "invalidate_folio", "invalidate_lock"), "exclusive");
	cr_assert_str_eq(V("vm_operations_struct", "open", "mmap_lock"), "write");
	cr_assert_str_eq(V("vm_operations_struct", "close", "mmap_lock"), "read/write");
	cr_assert_str_eq(V("vm_operations_struct", "huge_fault", "mmap_lock"), "maybe-read");
	cr_assert_str_eq(V("vm_operations_struct", "fault", "PageLocked(page)"), "can return with page locked");
	cr_assert_str_eq(V("dquot_operations", "mark_dirty", "FS recursion"), "no");
	cr_assert_str_eq(V("dquot_operations", "mark_dirty", "Held locks when called"), "");
	cr_assert_str_eq(V("lock_manager_operations", "lm_change", "blocked_lock_lock"), "no");
	cr_assert_str_eq(V("file_system_type", "kill_sb", "may block"), "yes");
	cr_assert_eq(tu_cell(&d, "vm_operations_struct", "open", "mmap_lock")->line, 937);
	cr_assert_eq(tu_diags_matching(&d, "undecided", DOC_WARNING), 0);
	doc_free(&d);
}

Test(docs_002, old_plain_text_in_a_diff)
{
	doc d;
	tu_parse_doc("002_", &d);
	cr_assert_eq(d.rendering, DOC_RENDER_PLAIN_DIFF);
	const doc_section *s = tu_section(&d, "dentry_operations");
	cr_assert_not_null(s);
	cr_assert_eq(s->line, 25); /* the input file's line, not the document's */
	cr_assert_null(s->tables[0].label_header);
	cr_assert_str_eq(s->tables[0].columns[2], "may block");
	cr_assert_str_eq(V("dentry_operations", "d_weak_revalidate", "may block"), "yes");
	cr_assert_str_eq(V("dentry_operations", "d_hash", "rcu-walk"), "maybe");
	cr_assert_str_eq(V("inode_operations", "rename2", "i_mutex(inode)"), "yes (all) (see below)");
	cr_assert_str_eq(V("super_operations", "statfs", "s_umount"), "maybe(read) (see below)");
	cr_assert_str_eq(V("super_operations", "bdev_try_to_free_page", "s_umount"), "no (see below)");
	cr_assert_str_eq(V(AOPS, "write_begin", "PageLocked(page)"), "locks the page");
	cr_assert_str_eq(V(AOPS, "write_begin", "i_mutex"), "yes");
	cr_assert_str_eq(V(AOPS, "readpage", "PageLocked(page)"), "yes, unlocks");
	cr_assert_str_eq(V(AOPS, "set_page_dirty", "PageLocked(page)"), "no");
	cr_assert_str_eq(V(AOPS, "migratepage", "PageLocked(page)"), "yes (both)");
	cr_assert_str_eq(V("lock_manager_operations", "lm_compare_owner", "inode->i_lock"), "yes[1]");
	cr_assert_str_eq(V("lock_manager_operations", "lm_owner_key", "blocked_lock_lock"), "yes");
	cr_assert_str_eq(V("dquot_operations", "write_info", "Held locks when called"), "dqonoff_sem");
	cr_assert_str_eq(V("vm_operations_struct", "map_pages", "mmap_sem"), "yes");
	cr_assert_str_eq(V("block_device_operations", "open", "bd_mutex"), "yes");
	cr_assert_eq(tu_cell(&d, AOPS, "write_begin", "i_mutex")->line, 232);
	cr_assert_eq(tu_diags_matching(&d, "undecided", DOC_WARNING), 0);
	doc_free(&d);
}

Test(docs_002, without_resolutions_undecided_rows_are_reported)
{
	const char *path = tu_doc_path("002_");
	if (!path)
		cr_skip_test("Locking documents not found");
	doc d;
	char err[512];
	cr_assert_eq(doc_parse_file(path, NULL, &d, err, sizeof err), 0, "%s", err);
	/* invalidatepage: "yes" fits PageLocked(page) and i_mutex alike. */
	cr_assert_geq(tu_diags_matching(&d, "undecided: address_space_operations invalidatepage", DOC_WARNING), 1);
	cr_assert_eq(tu_cell(&d, AOPS, "invalidatepage", "PageLocked(page)")->placement, DOC_PLACED_UNDECIDED);
	doc_free(&d);
}

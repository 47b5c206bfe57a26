/* Golden facts of the four reference documents, one test per tricky fact.
 * Each spec is compiled from its document when present, else read from the
 * checked-in rules/locking-ERA.json, so these run with or without the
 * documents (checks of document line text need the documents). */
#include <criterion/criterion.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>

#include "helpers.h"

static const char *eras[] = {"4.x", "6.3", "6.6", "6.8"};

static cJSON *load(const char *era)
{
	int fresh;
	cJSON *s = rc_spec_for_era(era, &fresh);
	if (!s)
		cr_skip_test("no document and no checked-in spec for era %s", era);
	return s;
}

static cJSON *must_method(const cJSON *spec, const char *iface, const char *name)
{
	cJSON *m = rc_method(spec, iface, name);
	cr_assert_not_null(m, "%s.%s missing", iface, name);
	return m;
}

static cJSON *must_lock(const cJSON *m, const char *lock, int n)
{
	cJSON *f = rc_lock(m, lock, n);
	cr_assert_not_null(f, "%s: lock fact %s #%d missing", rc_str(m, "name"), lock, n);
	return f;
}

static const char *blocking(const cJSON *m)
{
	const char *v = rc_str(cJSON_GetObjectItemCaseSensitive(m, "blocking"), "value");
	return v ? v : "(none)";
}

Test(golden, lookup_i_mutex_held_in_4x_i_rwsem_shared_in_6x)
{
	cJSON *s = load("4.x");
	cJSON *f = must_lock(must_method(s, "inode_operations", "lookup"), "i_rwsem", 0);
	cr_expect_str_eq(rc_str(f, "entry"), "held");
	cr_expect_str_eq(rc_str(f, "column"), "i_mutex(inode)");
	cr_expect_str_eq(rc_str(f, "cell"), "yes");
	cr_expect_str_eq(rc_str(cJSON_GetObjectItemCaseSensitive(s, "source"), "era"), "4.x");
	cJSON_Delete(s);
	for (int i = 1; i < 4; i++) {
		s = load(eras[i]);
		f = must_lock(must_method(s, "inode_operations", "lookup"), "i_rwsem", 0);
		cr_expect_str_eq(rc_str(f, "entry"), "shared", "era %s", eras[i]);
		cr_expect_str_eq(rc_str(f, "column"), "i_rwsem(inode)");
		cr_expect_str_eq(rc_str(cJSON_GetObjectItemCaseSensitive(s, "source"), "era"), eras[i]);
		cJSON_Delete(s);
	}
}

Test(golden, rename_scope_victim_and_s_vfs_rename_sem)
{
	for (int i = 0; i < 4; i++) {
		cJSON *s = load(eras[i]);
		cJSON *m = must_method(s, "inode_operations", "rename");
		cJSON *table = must_lock(m, "i_rwsem", 0), *victim = must_lock(m, "i_rwsem", 1);
		cr_expect_str_eq(rc_str(table, "scope"), i == 3 ? "both" : "all", "era %s", eras[i]);
		cr_expect_str_eq(rc_str(victim, "scope"), "victim");
		cr_expect_str_eq(rc_str(victim, "from"), "prose");
		cr_expect_str_eq(rc_str(victim, "entry"), i == 0 ? "held" : "exclusive");
		cJSON *cross = must_lock(m, "s_vfs_rename_sem", 0);
		cr_expect_str_eq(rc_str(cross, "scope"), "per-superblock");
		cr_expect_str_eq(rc_str(cross, "condition"), "cross-directory");
		/* unlink and rmdir share the victim sentence */
		cr_expect_str_eq(rc_str(must_lock(must_method(s, "inode_operations", "rmdir"), "i_rwsem", 1), "scope"), "victim");
		cJSON_Delete(s);
	}
	cJSON *s = load("4.x");
	must_lock(must_method(s, "inode_operations", "rename2"), "s_vfs_rename_sem", 0);
	cJSON_Delete(s);
}

Test(golden, atomic_open_exclusive_if_o_creat)
{
	for (int i = 1; i < 4; i++) {
		cJSON *s = load(eras[i]);
		cJSON *f = must_lock(must_method(s, "inode_operations", "atomic_open"), "i_rwsem", 0);
		cr_expect_str_eq(rc_str(f, "entry"), "shared");
		const cJSON *alt = cJSON_GetObjectItemCaseSensitive(f, "alternative");
		cr_expect_str_eq(rc_str(alt, "entry"), "exclusive");
		cr_expect_str_eq(rc_str(alt, "condition"), "O_CREAT in open flags");
		f = must_lock(must_method(s, "inode_operations", "fileattr_get"), "i_rwsem", 0);
		cr_expect_str_eq(rc_str(f, "entry"), "none");
		cr_expect_str_eq(rc_str(cJSON_GetObjectItemCaseSensitive(f, "alternative"), "entry"), "exclusive");
		cJSON_Delete(s);
	}
}

Test(golden, read_folio_unlocks_folio_under_invalidate_lock)
{
	for (int i = 1; i < 4; i++) {
		cJSON *s = load(eras[i]);
		cJSON *m = must_method(s, "address_space_operations", "read_folio");
		cJSON *f = must_lock(m, "folio_lock", 0);
		cr_expect_str_eq(rc_str(f, "entry"), "held");
		cr_expect_str_eq(rc_str(f, "exit"), "released");
		cr_expect_str_eq(rc_str(f, "column"), "folio locked");
		cr_expect_null(rc_lock(m, "i_rwsem", 0), "era %s: the i_rwsem cell is empty", eras[i]);
		cr_expect_str_eq(rc_str(must_lock(m, "invalidate_lock", 0), "entry"), "shared", "era %s", eras[i]);
		cJSON *wb = must_method(s, "address_space_operations", "write_begin");
		cr_expect_str_eq(rc_str(must_lock(wb, "folio_lock", 0), "exit"), "acquired");
		cr_expect_str_eq(rc_str(must_lock(wb, "i_rwsem", 0), "entry"), "exclusive");
		cJSON_Delete(s);
	}
	cJSON *s = load("4.x");
	cJSON *f = must_lock(must_method(s, "address_space_operations", "readpage"), "folio_lock", 0);
	cr_expect_str_eq(rc_str(f, "column"), "PageLocked(page)");
	cr_expect_str_eq(rc_str(f, "exit"), "released");
	cJSON *wb = must_method(s, "address_space_operations", "write_begin");
	cr_expect_str_eq(rc_str(must_lock(wb, "folio_lock", 0), "exit"), "acquired");
	cr_expect_str_eq(rc_str(must_lock(wb, "i_rwsem", 0), "entry"), "held");
	cJSON_Delete(s);
}

Test(golden, dirty_and_free_may_not_block_the_rest_may)
{
	static const char *no_block[4][2] = {{"set_page_dirty", "freepage"}, {"dirty_folio", "free_folio"},
					     {"dirty_folio", "free_folio"}, {"dirty_folio", "free_folio"}};
	for (int i = 0; i < 4; i++) {
		cJSON *s = load(eras[i]);
		for (int k = 0; k < 2; k++)
			cr_expect_str_eq(blocking(must_method(s, "address_space_operations", no_block[i][k])), "no",
					 "era %s %s", eras[i], no_block[i][k]);
		cr_expect_str_eq(blocking(must_method(s, "address_space_operations", "writepage")), "yes");
		cr_expect_str_eq(blocking(must_method(s, "address_space_operations", "bmap")), "yes");
		cJSON_Delete(s);
	}
}

Test(golden, super_operations)
{
	for (int i = 0; i < 4; i++) {
		cJSON *s = load(eras[i]);
		cJSON *drop = must_method(s, "super_operations", "drop_inode");
		cr_expect_str_eq(rc_str(must_lock(drop, "i_lock", 0), "entry"), "held");
		cr_expect_str_eq(rc_str(cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(drop, "notes"), 0), "text"),
				 "!!!inode->i_lock!!!");
		cr_expect_str_eq(blocking(drop), "no", "a spinlock is held");
		cJSON *f = must_lock(must_method(s, "super_operations", "put_super"), "s_umount", 0);
		cr_expect_str_eq(rc_str(f, "entry"), "exclusive");
		cr_expect_str_eq(rc_str(f, "cell"), "write");
		cr_expect_str_eq(rc_str(must_lock(must_method(s, "super_operations", "sync_fs"), "s_umount", 0), "entry"), "shared");
		cr_expect_str_eq(rc_str(must_lock(must_method(s, "super_operations", "statfs"), "s_umount", 0), "entry"), "maybe-shared");
		cJSON *show = must_method(s, "super_operations", "show_options");
		cr_expect_str_eq(rc_str(must_lock(show, "namespace_sem", 0), "entry"), "held");
		cr_expect_str_eq(blocking(must_method(s, "super_operations", "evict_inode")), "yes");
		if (i > 0) {
			cJSON *free_inode = must_method(s, "super_operations", "free_inode");
			const cJSON *ctx = cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(free_inode, "contexts"), 0);
			cr_expect_str_eq(rc_str(ctx, "context"), "rcu-callback");
			cr_expect_str_eq(blocking(free_inode), "no");
		}
		cJSON_Delete(s);
	}
}

Test(golden, dentry_operations)
{
	for (int i = 0; i < 4; i++) {
		cJSON *s = load(eras[i]);
		cJSON *rev = must_method(s, "dentry_operations", "d_revalidate");
		cr_expect_str_eq(blocking(rev), "ref-walk-only", "era %s", eras[i]);
		cr_expect_str_eq(rc_str(cJSON_GetObjectItemCaseSensitive(rev, "rcu_walk"), "value"), "maybe");
		cJSON *del = must_method(s, "dentry_operations", "d_delete");
		cJSON *f = must_lock(del, "d_lock", 0);
		cr_expect_str_eq(rc_str(f, "entry"), "held");
		cr_expect_str_eq(rc_str(f, "kind"), "spinlock");
		cr_expect_str_eq(rc_str(f, "column"), "->d_lock");
		cr_expect_str_eq(blocking(del), "no");
		cr_expect_str_eq(rc_str(must_lock(must_method(s, "dentry_operations", "d_compare"), "rename_lock", 0), "kind"), "seqlock");
		cJSON_Delete(s);
	}
}

Test(golden, map_pages_must_not_block)
{
	static const char *ctx[4] = {"page-table-lock", "page-table-lock", "rcu-read", "rcu-read"};
	for (int i = 0; i < 4; i++) {
		cJSON *s = load(eras[i]);
		cJSON *m = must_method(s, "vm_operations_struct", "map_pages");
		cr_expect_str_eq(blocking(m), "no");
		cr_expect_str_eq(rc_str(cJSON_GetObjectItemCaseSensitive(m, "blocking"), "from"), "prose");
		cr_expect_str_eq(rc_str(cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(m, "contexts"), 0), "context"),
				 ctx[i], "era %s", eras[i]);
		cJSON_Delete(s);
	}
}

Test(golden, iterate_shared_i_rwsem_shared)
{
	for (int i = 1; i < 4; i++) {
		cJSON *s = load(eras[i]);
		cJSON *f = must_lock(must_method(s, "file_operations", "iterate_shared"), "i_rwsem", 0);
		cr_expect_str_eq(rc_str(f, "entry"), "shared");
		cr_expect_str_eq(rc_str(f, "from"), "prose");
		if (i == 1)
			cr_expect_str_eq(rc_str(must_lock(must_method(s, "file_operations", "iterate"), "i_rwsem", 0), "entry"), "exclusive");
		else
			cr_expect_str_eq(rc_str(must_lock(must_method(s, "file_operations", "iterate_shared"), "f_pos_lock", 0), "entry"), "exclusive");
		cJSON_Delete(s);
	}
}

Test(golden, dquot_columns)
{
	for (int i = 0; i < 4; i++) {
		cJSON *s = load(eras[i]);
		cJSON *m = must_method(s, "dquot_operations", "write_dquot");
		cJSON *a = must_lock(m, "dqonoff_sem", 0), *b = must_lock(m, "dqptr_sem", 0);
		cr_expect_str_eq(rc_str(a, "entry"), "maybe", "one of two: neither alone is required");
		const cJSON *one_of = cJSON_GetObjectItemCaseSensitive(b, "one_of");
		cr_expect_eq(cJSON_GetArraySize(one_of), 2);
		cr_expect_str_eq(cJSON_GetArrayItem(one_of, 0)->valuestring, "dqonoff_sem");
		cr_expect_str_eq(rc_str(cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(m, "notes"), 0), "text"), "FS recursion: yes");
		cr_expect_str_eq(rc_str(must_lock(must_method(s, "dquot_operations", "write_info"), "dqonoff_sem", 0), "entry"), "held");
		cr_expect_eq(cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(must_method(s, "dquot_operations", "mark_dirty"), "locks")), 0);
		cJSON_Delete(s);
	}
}

Test(golden, vm_operations_mmap_lock_per_method_in_6_8)
{
	static const char *want[][2] = {{"open", "exclusive"}, {"close", "held"}, {"fault", "shared"},
					{"huge_fault", "maybe-shared"}, {"map_pages", "maybe-shared"},
					{"page_mkwrite", "shared"}, {"pfn_mkwrite", "shared"}, {"access", "shared"}};
	cJSON *s = load("6.8");
	for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
		cJSON *f = must_lock(must_method(s, "vm_operations_struct", want[i][0]), "mmap_lock", 0);
		cr_expect_str_eq(rc_str(f, "entry"), want[i][1], "%s", want[i][0]);
	}
	cJSON *fault = must_method(s, "vm_operations_struct", "fault");
	cr_expect_str_eq(rc_str(must_lock(fault, "folio_lock", 0), "exit"), "may-hold");
	cJSON_Delete(s);
	s = load("4.x");
	cJSON *f = must_lock(must_method(s, "vm_operations_struct", "fault"), "mmap_lock", 0);
	cr_expect_str_eq(rc_str(f, "entry"), "held");
	cr_expect_str_eq(rc_str(f, "column"), "mmap_sem");
	cJSON_Delete(s);
}

Test(golden, prototypes_d_compare_and_d_dname)
{
	for (int i = 0; i < 4; i++) {
		cJSON *s = load(eras[i]);
		const cJSON *p = cJSON_GetObjectItemCaseSensitive(must_method(s, "dentry_operations", "d_compare"), "prototype");
		const cJSON *params = cJSON_GetObjectItemCaseSensitive(p, "params");
		cr_expect_eq(cJSON_GetArraySize(params), i == 0 ? 5 : 4, "era %s", eras[i]);
		cr_expect_str_eq(rc_str(cJSON_GetArrayItem(params, cJSON_GetArraySize(params) - 1), "type"), "const struct qstr *");
		p = cJSON_GetObjectItemCaseSensitive(must_method(s, "dentry_operations", "d_dname"), "prototype");
		params = cJSON_GetObjectItemCaseSensitive(p, "params");
		cr_expect_str_eq(rc_str(p, "returns"), "char *");
		cr_assert_eq(cJSON_GetArraySize(params), 3);
		cr_expect_str_eq(rc_str(cJSON_GetArrayItem(params, 0), "name"), "dentry");
		cr_expect_str_eq(rc_str(cJSON_GetArrayItem(params, 0), "type"), "struct dentry *");
		cr_expect_str_eq(rc_str(cJSON_GetArrayItem(params, 2), "name"), "buflen");
		cJSON_Delete(s);
	}
}

Test(golden, kill_sb_and_mount_from_prose)
{
	cJSON *s = load("6.8");
	cJSON *f = must_lock(must_method(s, "file_system_type", "kill_sb"), "s_umount", 0);
	cr_expect_str_eq(rc_str(f, "entry"), "exclusive");
	cr_expect_str_eq(rc_str(f, "exit"), "released");
	f = must_lock(must_method(s, "file_system_type", "mount"), "s_umount", 0);
	cr_expect_str_eq(rc_str(f, "exit"), "acquired");
	const cJSON *b = cJSON_GetObjectItemCaseSensitive(must_method(s, "buffer_head", "b_end_io"), "blocking");
	cr_expect_str_eq(rc_str(b, "value"), "no");
	cJSON_Delete(s);
}

Test(golden, no_undecided_in_the_reference_documents)
{
	for (int i = 0; i < 4; i++) {
		cJSON *s = load(eras[i]);
		const cJSON *u = cJSON_GetObjectItemCaseSensitive(s, "undecided");
		cr_expect_eq(cJSON_GetArraySize(u), 0, "era %s: first undecided at line %d: %s", eras[i],
			     rc_int(cJSON_GetArrayItem(u, 0), "line"), rc_str(cJSON_GetArrayItem(u, 0), "what"));
		cJSON_Delete(s);
	}
}

/* ---- lines point at the document: needs the documents ---- */

static int contains(const char *line, const char *needle)
{
	return line && needle && strstr(line, needle) != NULL;
}

Test(golden, every_fact_line_points_at_its_words)
{
	int checked = 0;
	for (int i = 0; i < 4; i++) {
		char path[PATH_MAX];
		if (!rc_doc_path(rc_prefix_of(eras[i]), path, sizeof path))
			cr_skip_test("Locking documents not found (set LOCKING_DOCS)");
		int fresh;
		cJSON *s = rc_spec_for_era(eras[i], &fresh);
		cr_assert_not_null(s);
		const cJSON *iface, *m, *f;
		cJSON_ArrayForEach(iface, cJSON_GetObjectItemCaseSensitive(s, "interfaces"))
			cJSON_ArrayForEach(m, cJSON_GetObjectItemCaseSensitive(iface, "methods")) {
			const char *name = rc_str(m, "name");
			cr_expect(contains(rc_line_text(path, rc_int(m, "line")), name),
				  "%s %s: line %d does not name it", eras[i], name, rc_int(m, "line"));
			const cJSON *p = cJSON_GetObjectItemCaseSensitive(m, "prototype");
			if (cJSON_IsObject(p))
				cr_expect(contains(rc_line_text(path, rc_int(p, "line")), name),
					  "%s %s: prototype line %d", eras[i], name, rc_int(p, "line"));
			cJSON_ArrayForEach(f, cJSON_GetObjectItemCaseSensitive(m, "locks")) {
				const char *cell = rc_str(f, "cell");
				const char *line = rc_line_text(path, rc_int(f, "line"));
				/* a table fact's line holds its cell; a prose fact's line names ->method() */
				cr_expect(cell ? contains(line, cell) : contains(line, name),
					  "%s %s %s: line %d is '%s'", eras[i], name, rc_str(f, "lock"), rc_int(f, "line"),
					  line ? line : "(none)");
				checked++;
			}
		}
		cJSON_Delete(s);
	}
	cr_expect_gt(checked, 400);
}

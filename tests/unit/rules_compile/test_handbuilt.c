/* The spec builder on hand-built parsed documents (doc_model.h), so the
 * table, prose and derivation rules are tested without the documents. */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"
#include "../../../tools/rules/spec_build.h"

#define S(x) ((char *)(x))

static doc_cell c(int line, const char *v)
{
	return (doc_cell){.line = line, .value = S(v), .placement = DOC_PLACED_LAYOUT};
}

static doc_proto inode_protos[] = {
	{.line = 10, .end_line = 10, .method = S("lookup"), .text = S("struct dentry * (*lookup) (struct inode *,struct dentry *, unsigned int);")},
	{.line = 11, .end_line = 12, .method = S("rename"), .text = S("int (*rename) (struct inode *, struct dentry *, struct inode *, struct dentry *, unsigned int);")},
	{.line = 13, .end_line = 13, .method = S("unlink"), .text = S("int (*unlink) (struct inode *,struct dentry *);")},
	{.line = 14, .end_line = 14, .method = S("atomic_open"), .text = S("int (*atomic_open)(struct inode *, struct dentry *, struct file *, unsigned open_flag, umode_t create_mode);")},
};
static char *inode_cols[] = {S("i_rwsem(inode)")};
static int inode_col_lines[] = {20};
static doc_cell inode_cells[6][1];
static doc_row inode_rows[6];
static doc_table inode_table = {.line = 19, .label_header = S("ops"), .ncols = 1, .columns = inode_cols,
				.column_lines = inode_col_lines, .rows = inode_rows, .nrows = 6};
static doc_text inode_prose[] = {
	{.line = 17, .text = S("locking rules:")},
	{.line = 18, .text = S("all may block")},
	{.line = 30, .text = S("Additionally, ->rmdir(), ->unlink() and ->rename() have ->i_rwsem")},
	{.line = 31, .text = S("exclusive on victim.")},
	{.line = 32, .text = S("cross-directory ->rename() has (per-superblock) ->s_vfs_rename_sem.")},
};

static char *super_cols[] = {S("s_umount"), S("note")};
static int super_col_lines[] = {41, 41};
static doc_cell super_cells[3][2];
static doc_row super_rows[3];
static doc_table super_table = {.line = 40, .label_header = S("ops"), .ncols = 2, .columns = super_cols,
				.column_lines = super_col_lines, .rows = super_rows, .nrows = 3};
static doc_text super_prose[] = {{.line = 39, .text = S("All may block [not true, see below]")}};

static char *vm_cols[] = {S("mmap_lock"), S("PageLocked(page)")};
static int vm_col_lines[] = {51, 51};
static doc_cell vm_cells[2][2];
static doc_row vm_rows[2];
static doc_table vm_table = {.line = 50, .label_header = S("ops"), .ncols = 2, .columns = vm_cols,
				.column_lines = vm_col_lines, .rows = vm_rows, .nrows = 2};
static doc_text vm_prose[] = {
	{.line = 60, .text = S("->map_pages() is called with the RCU lock held and must")},
	{.line = 61, .text = S("not block. If it's not possible to reach a page without blocking,")},
};

static doc_proto file_protos[] = {{.line = 70, .end_line = 70, .method = S("iterate_shared"), .text = S("int (*iterate_shared) (struct file *, struct dir_context *);")}};
static doc_text file_prose[] = {
	{.line = 72, .text = S("All may block.")},
	{.line = 73, .text = S("->iterate_shared() is called with i_rwsem held for reading, and with the")},
	{.line = 74, .text = S("file f_pos_lock held exclusively")},
	{.line = 75, .text = S("->readdir() is called with i_rwsem exclusive.")},
};

static doc_section sections[4];
static char *lines[80];
static doc the_doc;

static void build_doc(void)
{
	const char *inode_rows_src[6][2] = {
		{"lookup", "shared"}, {"rename", "exclusive (all) (see below)"},
		{"unlink", "exclusive (both)"}, {"atomic_open", "shared (exclusive if O_CREAT is set in open flags)"},
		{"frob", "sometimes, on Tuesdays"}, {"rmdir", "exclusive (both)"},
	};
	for (int i = 0; i < 6; i++) {
		inode_cells[i][0] = c(21 + i, inode_rows_src[i][1]);
		inode_rows[i] = (doc_row){.line = 21 + i, .method = S(inode_rows_src[i][0]), .cells = inode_cells[i]};
	}
	super_cells[0][0] = c(42, NULL), super_cells[0][1] = c(42, "called from RCU callback");
	super_cells[1][0] = c(43, NULL), super_cells[1][1] = c(43, "!!!inode->i_lock!!!");
	super_cells[2][0] = c(44, "write"), super_cells[2][1] = c(44, NULL);
	super_rows[0] = (doc_row){.line = 42, .method = S("free_inode"), .cells = super_cells[0]};
	super_rows[1] = (doc_row){.line = 43, .method = S("drop_inode"), .cells = super_cells[1]};
	super_rows[2] = (doc_row){.line = 44, .method = S("put_super"), .cells = super_cells[2]};
	vm_cells[0][0] = c(52, "maybe-read"), vm_cells[0][1] = c(52, NULL);
	vm_cells[1][0] = c(53, "read"), vm_cells[1][1] = c(53, "can return with page locked");
	vm_cells[1][1].placement = DOC_PLACED_UNDECIDED;
	vm_rows[0] = (doc_row){.line = 52, .method = S("map_pages"), .cells = vm_cells[0]};
	vm_rows[1] = (doc_row){.line = 53, .method = S("fault"), .cells = vm_cells[1]};
	sections[0] = (doc_section){.title = S("inode_operations"), .line = 8, .protos = inode_protos, .nprotos = 4,
				    .tables = &inode_table, .ntables = 1, .prose = inode_prose, .nprose = 5};
	sections[1] = (doc_section){.title = S("super_operations"), .line = 38, .protos = NULL, .nprotos = 0,
				    .tables = &super_table, .ntables = 1, .prose = super_prose, .nprose = 1};
	sections[2] = (doc_section){.title = S("vm_operations_struct"), .line = 49, .protos = NULL, .nprotos = 0,
				    .tables = &vm_table, .ntables = 1, .prose = vm_prose, .nprose = 2};
	sections[3] = (doc_section){.title = S("file_operations"), .line = 69, .protos = file_protos, .nprotos = 1,
				    .tables = NULL, .ntables = 0, .prose = file_prose, .nprose = 4};
	for (int i = 1; i < 80; i++)
		lines[i] = S("");
	lines[20] = S("ops i_rwsem(inode)");
	the_doc = (doc){.path = S("/tmp/handbuilt.txt"), .rendering = DOC_RENDER_RST, .nlines = 79,
			.lines = lines, .sections = sections, .nsections = 4};
}

static cJSON *spec;

static void setup(void)
{
	build_doc();
	spec = spec_build(&the_doc, NULL);
	cr_assert_not_null(spec);
}

static void teardown(void)
{
	cJSON_Delete(spec);
}

TestSuite(handbuilt, .init = setup, .fini = teardown);

Test(handbuilt, header_and_source)
{
	cr_expect_str_eq(rc_str(spec, "format"), "lockcheck-spec");
	cr_expect_eq(rc_int(spec, "version"), 1);
	const cJSON *src = cJSON_GetObjectItemCaseSensitive(spec, "source");
	cr_expect_str_eq(rc_str(src, "file"), "handbuilt.txt");
	cr_expect_str_eq(rc_str(src, "rendering"), "rst");
	cr_expect_str_eq(rc_str(src, "era"), "5.x");
}

Test(handbuilt, table_cell_becomes_fact_with_its_line)
{
	cJSON *m = rc_method(spec, "inode_operations", "lookup");
	cr_assert_not_null(m);
	cr_expect_eq(rc_int(m, "line"), 21, "method line is its table row");
	cJSON *f = rc_lock(m, "i_rwsem", 0);
	cr_assert_not_null(f);
	cr_expect_str_eq(rc_str(f, "entry"), "shared");
	cr_expect_str_eq(rc_str(f, "exit"), "unchanged");
	cr_expect_str_eq(rc_str(f, "kind"), "rw_semaphore");
	cr_expect_str_eq(rc_str(f, "object"), "inode");
	cr_expect_str_eq(rc_str(f, "column"), "i_rwsem(inode)");
	cr_expect_str_eq(rc_str(f, "cell"), "shared");
	cr_expect_eq(rc_int(f, "line"), 21);
	const cJSON *p = cJSON_GetObjectItemCaseSensitive(m, "prototype");
	cr_expect_eq(rc_int(p, "line"), 10);
	cr_expect_eq(cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(p, "params")), 3);
}

Test(handbuilt, alternative_condition)
{
	cJSON *f = rc_lock(rc_method(spec, "inode_operations", "atomic_open"), "i_rwsem", 0);
	cr_assert_not_null(f);
	cr_expect_str_eq(rc_str(f, "entry"), "shared");
	const cJSON *alt = cJSON_GetObjectItemCaseSensitive(f, "alternative");
	cr_expect_str_eq(rc_str(alt, "entry"), "exclusive");
	cr_expect_str_eq(rc_str(alt, "condition"), "O_CREAT in open flags");
}

Test(handbuilt, prose_victim_and_cross_directory)
{
	cJSON *rename = rc_method(spec, "inode_operations", "rename");
	cJSON *table = rc_lock(rename, "i_rwsem", 0), *victim = rc_lock(rename, "i_rwsem", 1);
	cr_assert_not_null(victim);
	cr_expect_str_eq(rc_str(table, "scope"), "all");
	cr_expect_str_eq(rc_str(victim, "scope"), "victim");
	cr_expect_str_eq(rc_str(victim, "entry"), "exclusive");
	cr_expect_str_eq(rc_str(victim, "from"), "prose");
	cr_expect_eq(rc_int(victim, "line"), 30, "the sentence starts on line 30");
	cJSON *cross = rc_lock(rename, "s_vfs_rename_sem", 0);
	cr_assert_not_null(cross);
	cr_expect_str_eq(rc_str(cross, "scope"), "per-superblock");
	cr_expect_str_eq(rc_str(cross, "condition"), "cross-directory");
	cr_expect_eq(rc_int(cross, "line"), 32);
	cr_expect_not_null(rc_lock(rc_method(spec, "inode_operations", "unlink"), "i_rwsem", 1));
}

Test(handbuilt, prose_applies_to_methods_known_only_from_the_table)
{
	/* rmdir has a table row but no prototype: the victim sentence still reaches it */
	cr_expect_not_null(rc_lock(rc_method(spec, "inode_operations", "rmdir"), "i_rwsem", 1));
	cr_expect(cJSON_IsNull(cJSON_GetObjectItemCaseSensitive(rc_method(spec, "inode_operations", "rmdir"), "prototype")));
}

Test(handbuilt, prose_naming_an_unknown_method_is_undecided)
{
	cr_expect_null(rc_method(spec, "file_operations", "readdir"), "no method is invented");
	int found = 0;
	const cJSON *x;
	cJSON_ArrayForEach(x, cJSON_GetObjectItemCaseSensitive(spec, "undecided"))
		if (rc_int(x, "line") == 75 && strstr(rc_str(x, "what"), "readdir") && !strcmp(rc_str(x, "where"), "file_operations"))
			found = 1;
	cr_expect(found, "the sentence on line 75 is reported");
}

Test(handbuilt, unknown_cell_is_undecided_with_evidence)
{
	cJSON *m = rc_method(spec, "inode_operations", "frob");
	cr_assert_not_null(m);
	cr_expect_eq(cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(m, "locks")), 0, "no guess");
	const cJSON *u = cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(m, "undecided"), 0);
	cr_assert_not_null(u);
	cr_expect_eq(rc_int(u, "line"), 25);
	cr_expect_str_eq(rc_str(u, "evidence"), "sometimes, on Tuesdays");
	cr_expect(strstr(rc_str(u, "what"), "i_rwsem(inode)") != NULL, "%s", rc_str(u, "what"));
	/* also listed at the top, with where it is */
	int found = 0;
	const cJSON *x;
	cJSON_ArrayForEach(x, cJSON_GetObjectItemCaseSensitive(spec, "undecided"))
		if (rc_str(x, "where") && strcmp(rc_str(x, "where"), "inode_operations.frob") == 0)
			found = 1;
	cr_expect(found);
}

Test(handbuilt, parser_guess_is_undecided_but_kept)
{
	cJSON *fault = rc_method(spec, "vm_operations_struct", "fault");
	cJSON *f = rc_lock(fault, "folio_lock", 0);
	cr_assert_not_null(f);
	cr_expect_str_eq(rc_str(f, "exit"), "may-hold");
	cr_expect_eq(cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(fault, "undecided")), 1);
}

Test(handbuilt, blocking_from_prose_and_derived)
{
	cJSON *b = cJSON_GetObjectItemCaseSensitive(rc_method(spec, "inode_operations", "lookup"), "blocking");
	cr_expect_str_eq(rc_str(b, "value"), "yes");
	cr_expect_str_eq(rc_str(b, "from"), "prose");
	cr_expect_eq(rc_int(b, "line"), 18);
	/* "All may block [not true, see below]": the RCU callback and the spinlock say no */
	cJSON *free_inode = rc_method(spec, "super_operations", "free_inode");
	b = cJSON_GetObjectItemCaseSensitive(free_inode, "blocking");
	cr_expect_str_eq(rc_str(b, "value"), "no");
	cr_expect_str_eq(rc_str(b, "from"), "derived");
	const cJSON *ctx = cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(free_inode, "contexts"), 0);
	cr_expect_str_eq(rc_str(ctx, "context"), "rcu-callback");
	cJSON *drop = rc_method(spec, "super_operations", "drop_inode");
	cr_expect_str_eq(rc_str(cJSON_GetObjectItemCaseSensitive(drop, "blocking"), "value"), "no");
	cJSON *ilock = rc_lock(drop, "i_lock", 0);
	cr_assert_not_null(ilock);
	cr_expect_str_eq(rc_str(ilock, "entry"), "held");
	cr_expect_str_eq(rc_str(cJSON_GetObjectItemCaseSensitive(rc_method(spec, "super_operations", "put_super"), "blocking"), "value"), "yes");
}

Test(handbuilt, map_pages_rcu_must_not_block)
{
	cJSON *m = rc_method(spec, "vm_operations_struct", "map_pages");
	const cJSON *b = cJSON_GetObjectItemCaseSensitive(m, "blocking");
	cr_expect_str_eq(rc_str(b, "value"), "no");
	cr_expect_eq(rc_int(b, "line"), 60);
	const cJSON *ctx = cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(m, "contexts"), 0);
	cr_expect_str_eq(rc_str(ctx, "context"), "rcu-read");
	cr_expect_str_eq(rc_str(rc_lock(m, "mmap_lock", 0), "entry"), "maybe-shared");
}

Test(handbuilt, iterate_shared_prose_locks)
{
	cJSON *m = rc_method(spec, "file_operations", "iterate_shared");
	cJSON *f = rc_lock(m, "i_rwsem", 0);
	cr_assert_not_null(f);
	cr_expect_str_eq(rc_str(f, "entry"), "shared");
	cr_expect_eq(rc_int(f, "line"), 73);
	cr_expect_str_eq(rc_str(rc_lock(m, "f_pos_lock", 0), "entry"), "exclusive");
	const cJSON *al = cJSON_GetObjectItemCaseSensitive(m, "aliases");
	cr_expect_str_eq(cJSON_GetArrayItem(al, 0)->valuestring, "iterate");
}

Test(handbuilt, locks_table_and_determinism)
{
	const cJSON *locks = cJSON_GetObjectItemCaseSensitive(spec, "locks");
	const cJSON *l, *rwsem = NULL;
	const char *prev = "";
	cJSON_ArrayForEach(l, locks) {
		cr_expect(strcmp(prev, rc_str(l, "name")) < 0, "sorted by name");
		prev = rc_str(l, "name");
		if (!strcmp(prev, "i_rwsem"))
			rwsem = l;
	}
	cr_assert_not_null(rwsem);
	cr_expect_str_eq(cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(rwsem, "aliases"), 0)->valuestring, "i_mutex");
	cJSON *again = spec_build(&the_doc, NULL);
	char *a = sj_print(spec), *b = sj_print(again);
	cr_expect_str_eq(a, b, "two builds print the same bytes");
	free(a);
	free(b);
	cJSON_Delete(again);
}

/* The whole path, parser then builder, on a small tab-aligned locking.rst
 * written here, so it runs without the reference documents. */
#include <criterion/criterion.h>
#include <string.h>

#include "../../../tools/rules/doc_model.h"
#include "../../../tools/rules/spec_build.h"
#include "helpers.h"

static const char fixture[] =
	"=======\nLocking\n=======\n\n"
	"dentry_operations\n=================\n\n"
	"prototypes::\n\n"
	"\tint (*d_revalidate)(struct dentry *, unsigned int);\n"
	"\tint (*d_delete)(struct dentry *);\n"
	"\tchar *(*d_dname)((struct dentry *dentry, char *buffer, int buflen);\n\n"
	"locking rules:\n\n"
	"================== ===========  ========    ==============  ========\n"
	"ops\t\t   rename_lock  ->d_lock    may block       rcu-walk\n"
	"================== ===========  ========    ==============  ========\n"
	"d_revalidate:\t   no\t\tno\t    yes (ref-walk)  maybe\n"     /* line 19 */
	"d_delete:\t   no\t\tyes\t    no\t\t    no\n"
	"d_dname:\t   no\t\tno\t    no\t\t    no\n"
	"================== ===========  ========    ==============  ========\n\n"
	"inode_operations\n================\n\n"
	"prototypes::\n\n"
	"\tstruct dentry * (*lookup) (struct inode *,struct dentry *, unsigned int);\n"
	"\tint (*atomic_open)(struct inode *, struct dentry *,\n"
	"\t\t\t\tstruct file *, unsigned open_flag,\n"
	"\t\t\t\tumode_t create_mode);\n\n"
	"locking rules:\n"
	"\tall may block\n\n"                                               /* line 35 */
	"=============\t=============================================\n"
	"ops\t\ti_rwsem(inode)\n"
	"=============\t=============================================\n"
	"lookup:\t\tshared\n"                                              /* line 40 */
	"atomic_open:\tshared (exclusive if O_CREAT is set in open flags)\n"
	"=============\t=============================================\n\n"
	"Additionally, ->rmdir(), ->unlink() and ->rename() have ->i_rwsem\n"  /* line 44 */
	"exclusive on victim.\n";

static doc d;
static cJSON *spec;

static void setup(void)
{
	char err[512];
	memset(&d, 0, sizeof d);
	cr_assert_eq(doc_parse_buffer("mini.rst", fixture, sizeof fixture - 1, NULL, &d, err, sizeof err), 0, "%s", err);
	spec = spec_build(&d, NULL);
	cr_assert_not_null(spec);
}

static void teardown(void)
{
	cJSON_Delete(spec);
	doc_free(&d);
}

TestSuite(fixture, .init = setup, .fini = teardown);

Test(fixture, source)
{
	const cJSON *src = cJSON_GetObjectItemCaseSensitive(spec, "source");
	cr_expect_str_eq(rc_str(src, "rendering"), "rst");
	cr_expect_str_eq(rc_str(src, "file"), "mini.rst");
	cr_expect_eq(strlen(rc_str(src, "sha256")), 64u);
}

Test(fixture, dentry_table)
{
	cJSON *rev = rc_method(spec, "dentry_operations", "d_revalidate");
	cr_assert_not_null(rev);
	cr_expect_eq(rc_int(rev, "line"), 19);
	const cJSON *b = cJSON_GetObjectItemCaseSensitive(rev, "blocking");
	cr_expect_str_eq(rc_str(b, "value"), "ref-walk-only");
	cr_expect_str_eq(rc_str(b, "from"), "table");
	cr_expect_str_eq(rc_str(cJSON_GetObjectItemCaseSensitive(rev, "rcu_walk"), "value"), "maybe");
	cJSON *del = rc_method(spec, "dentry_operations", "d_delete");
	cr_expect_str_eq(rc_str(rc_lock(del, "d_lock", 0), "entry"), "held");
	cr_expect_eq(rc_int(rc_lock(del, "d_lock", 0), "line"), 20);
	const cJSON *p = cJSON_GetObjectItemCaseSensitive(rc_method(spec, "dentry_operations", "d_dname"), "prototype");
	cr_expect_str_eq(rc_str(cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(p, "params"), 2), "name"), "buflen");
}

Test(fixture, inode_table_and_prose)
{
	cJSON *lookup = rc_method(spec, "inode_operations", "lookup");
	cr_expect_str_eq(rc_str(rc_lock(lookup, "i_rwsem", 0), "entry"), "shared");
	cr_expect_eq(rc_int(rc_lock(lookup, "i_rwsem", 0), "line"), 40);
	const cJSON *b = cJSON_GetObjectItemCaseSensitive(lookup, "blocking");
	cr_expect_str_eq(rc_str(b, "value"), "yes");
	cr_expect_eq(rc_int(b, "line"), 35);
	const cJSON *p = cJSON_GetObjectItemCaseSensitive(rc_method(spec, "inode_operations", "atomic_open"), "prototype");
	cr_expect_eq(cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(p, "params")), 5, "continuation lines joined");
	const cJSON *alt = cJSON_GetObjectItemCaseSensitive(rc_lock(rc_method(spec, "inode_operations", "atomic_open"), "i_rwsem", 0), "alternative");
	cr_expect_str_eq(rc_str(alt, "condition"), "O_CREAT in open flags");
}

Test(fixture, sentence_about_absent_methods_is_undecided)
{
	const cJSON *u = cJSON_GetObjectItemCaseSensitive(spec, "undecided");
	cr_assert_eq(cJSON_GetArraySize(u), 3, "rmdir, unlink and rename are not in this fixture");
	cr_expect_eq(rc_int(cJSON_GetArrayItem(u, 0), "line"), 44);
	cr_expect_str_eq(rc_str(cJSON_GetArrayItem(u, 0), "evidence"), "rmdir");
}

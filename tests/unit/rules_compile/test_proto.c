/* Prototype parameters, including the document's own slips.  No documents. */
#include <criterion/criterion.h>

#include "../../../tools/rules/spec_proto.h"

static proto_info parse(const char *text)
{
	proto_info p;
	char err[200];
	cr_assert_eq(proto_parse(text, &p, err, sizeof err), 0, "%s", err);
	return p;
}

Test(proto, d_compare_across_continuation_lines)
{
	/* the parser joins continuation lines with one space */
	proto_info p = parse("int (*d_compare)(const struct dentry *, unsigned int, const char *, const struct qstr *);");
	cr_expect_str_eq(p.method, "d_compare");
	cr_expect_str_eq(p.returns, "int");
	cr_assert_eq(p.nparams, 4);
	cr_expect_str_eq(p.params[0].type, "const struct dentry *");
	cr_expect_str_eq(p.params[0].name, "");
	cr_expect_str_eq(p.params[1].type, "unsigned int");
	cr_expect_str_eq(p.params[1].name, "");
	cr_expect_str_eq(p.params[3].type, "const struct qstr *");
}

Test(proto, d_dname_typo_is_stepped_over)
{
	proto_info p = parse("char *(*d_dname)((struct dentry *dentry, char *buffer, int buflen);");
	cr_expect_str_eq(p.method, "d_dname");
	cr_expect_str_eq(p.returns, "char *");
	cr_expect(p.repaired);
	cr_assert_eq(p.nparams, 3);
	cr_expect_str_eq(p.params[0].name, "dentry");
	cr_expect_str_eq(p.params[0].type, "struct dentry *");
	cr_expect_str_eq(p.params[1].name, "buffer");
	cr_expect_str_eq(p.params[2].name, "buflen");
	cr_expect_str_eq(p.params[2].type, "int");
}

Test(proto, names_types_and_odd_spacing)
{
	proto_info p = parse("int (*write_begin)(struct file *, struct address_space *mapping, loff_t pos, unsigned len, struct page **pagep, void **fsdata);");
	cr_assert_eq(p.nparams, 6);
	cr_expect_str_eq(p.params[1].name, "mapping");
	cr_expect_str_eq(p.params[3].name, "len");
	cr_expect_str_eq(p.params[3].type, "unsigned");
	cr_expect_str_eq(p.params[4].type, "struct page **");
	cr_expect_str_eq(p.params[4].name, "pagep");
	p = parse("struct dentry * (*lookup) (struct inode *,struct dentry *, unsigned int);");
	cr_expect_str_eq(p.returns, "struct dentry *");
	cr_expect_eq(p.nparams, 3);
	p = parse("int (*access)(struct vm_area_struct *, unsigned long, void*, int, int);");
	cr_expect_str_eq(p.params[2].type, "void *");
	cr_expect_str_eq(p.params[1].name, "");
	p = parse("int (*migrate_folio)(struct address_space *, struct folio *dst, struct folio *src, enum migrate_mode);");
	cr_expect_str_eq(p.params[3].type, "enum migrate_mode");
	cr_expect_str_eq(p.params[3].name, "");
	p = parse("void (*lm_expire_lock)(void);");
	cr_expect_eq(p.nparams, 0);
}

Test(proto, missing_semicolon_is_tolerated)
{
	proto_info p = parse("int (*swap_activate)(struct swap_info_struct *sis, struct file *f, sector_t *span)");
	cr_expect_eq(p.nparams, 3);
	cr_expect_str_eq(p.params[2].name, "span");
	cr_expect(p.repaired);
}

Test(proto, not_a_prototype_is_an_error)
{
	proto_info p;
	char err[200];
	cr_expect_eq(proto_parse("locking rules:", &p, err, sizeof err), -1);
	cr_expect(err[0] != '\0');
	cr_expect_eq(proto_parse("int (*broken)(struct inode *", &p, err, sizeof err), -1);
}

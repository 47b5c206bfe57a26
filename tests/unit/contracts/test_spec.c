/* Loading compiled specs: the fixtures, the four built-in ones (once the
 * rules compiler has written rules/locking-*.json), errors, aliases. */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <criterion/criterion.h>

#include "fakefs.h"
#include "helpers.h"
#include "lc_runtime.h"
#include "spec/lc_spec.h"
#include "../../common/test_files.h"

static lc_spec *load_fixture(const char *name)
{
	char path[4096], err[512] = "";
	snprintf(path, sizeof path, "%s/tests/fixtures/specs/%s.json", source_root(), name);
	lc_spec *s = lc_spec_load_file(path, err, sizeof err);
	cr_assert(s, "%s", err);
	return s;
}

Test(contracts_spec, fixture_loads_with_rules_and_lines)
{
	lc_spec *s = load_fixture("mini-6.8");
	cr_assert_str_eq(lc_spec_era(s), "6.8");
	const lc_spec_method *m = lc_spec_find(s, "inode_operations", "lookup");
	cr_assert(m);
	cr_assert_eq(m->line, 209);
	cr_assert_eq(m->nrules, 1);
	cr_assert_str_eq(m->rules[0].lock, "i_rwsem");
	cr_assert_eq(m->rules[0].entry, LC_ENTRY_SHARED);
	cr_assert_eq(m->rules[0].line, 211);
	cr_assert_null(lc_spec_find(s, "inode_operations", "no_such_method"));
	cr_assert_null(lc_spec_find(s, "dentry_operations", "lookup"));
	lc_spec_free(s);
}

Test(contracts_spec, lock_aliases_match_class_names)
{
	lc_spec *s = load_fixture("mini-6.8");
	const lc_spec_rule *r = &lc_spec_find(s, "inode_operations", "lookup")->rules[0];
	cr_assert(lc_spec_rule_matches(r, "i_rwsem", LC_LOCK_RWSEM));
	cr_assert(lc_spec_rule_matches(r, "i_mutex", LC_LOCK_MUTEX));
	cr_assert(lc_spec_rule_matches(r, "&inode->i_rwsem", LC_LOCK_RWSEM));
	cr_assert_not(lc_spec_rule_matches(r, "i_lock", LC_LOCK_SPINLOCK));
	cr_assert_not(lc_spec_rule_matches(r, NULL, LC_LOCK_RWSEM));
	const lc_spec_rule *folio = &lc_spec_find(s, "address_space_operations", "read_folio")->rules[0];
	cr_assert(lc_spec_rule_matches(folio, NULL, LC_LOCK_PAGE), "the folio lock is known by its type");
	lc_spec_free(s);
}

Test(contracts_spec, names_normalize_like_lockdep_and_the_document)
{
	char out[64];
	cr_assert_str_eq(lc_spec_normalize_name("&inode->i_rwsem", out, sizeof out), "i_rwsem");
	cr_assert_str_eq(lc_spec_normalize_name("i_rwsem(inode)", out, sizeof out), "i_rwsem");
	cr_assert_str_eq(lc_spec_normalize_name("->d_lock", out, sizeof out), "d_lock");
	cr_assert_str_eq(lc_spec_normalize_name("inode->i_lock", out, sizeof out), "i_lock");
	cr_assert_str_eq(lc_spec_normalize_name("sb.s_umount", out, sizeof out), "s_umount");
	cr_assert_str_eq(lc_spec_normalize_name("PageLocked(page)", out, sizeof out), "PageLocked");
}

/* A method renamed between eras is found under either name. */
Test(contracts_spec, methods_are_found_by_their_other_era_name)
{
	lc_spec *old = load_fixture("mini-4.x"), *new = load_fixture("mini-6.8");
	const lc_spec_method *m = lc_spec_find(old, "address_space_operations", "read_folio");
	cr_assert(m);
	cr_assert_str_eq(m->name, "readpage");
	m = lc_spec_find(new, "address_space_operations", "readpage");
	cr_assert(m);
	cr_assert_str_eq(m->name, "read_folio");
	lc_spec_free(old);
	lc_spec_free(new);
}

Test(contracts_spec, read_folio_checked_against_an_old_specs_readpage)
{
	use_fixture_spec("mini-4.x");
	struct t_folio folio;
	t_folio_init(&folio);
	ENTER("address_space_operations", "read_folio", OBJ("folio", &folio));
	EXIT("address_space_operations", "read_folio");
	cr_assert_eq(count_kind(LC_KIND_CONTRACT_LOCK_MISSING), 1, "%s", seen_summary());
	const seen_finding *f = first_kind(LC_KIND_CONTRACT_LOCK_MISSING);
	cr_assert_str_eq(f->method, "read_folio");
	cr_assert_str_eq(f->doc_line, "227");
}

static lc_spec *parse_text(const char *text, char *err, size_t errlen)
{
	return lc_spec_parse(text, strlen(text), "bad.json", err, errlen);
}

Test(contracts_spec, broken_specs_are_refused_with_a_reason)
{
	char err[512];
	cr_assert_null(parse_text("{\"format\": ", err, sizeof err));
	cr_assert(strstr(err, "bad.json") && strstr(err, "not valid JSON"), "%s", err);
	cr_assert_null(parse_text("{\"format\": \"other\", \"version\": 1, \"interfaces\": []}", err, sizeof err));
	cr_assert(strstr(err, "format"), "%s", err);
	cr_assert_null(parse_text("{\"format\": \"lockcheck-spec\", \"version\": 2, \"interfaces\": []}", err, sizeof err));
	cr_assert(strstr(err, "version"), "%s", err);
	cr_assert_null(parse_text("{\"format\": \"lockcheck-spec\", \"version\": 1}", err, sizeof err));
	cr_assert(strstr(err, "interfaces"), "%s", err);
	cr_assert_null(lc_spec_load_file("/nonexistent/spec.json", err, sizeof err));
	cr_assert(strstr(err, "/nonexistent/spec.json") && strstr(err, "cannot open"), "%s", err);
}

Test(contracts_spec, unknown_values_load_as_unchecked)
{
	char err[512] = "";
	const char *text =
		"{\"format\": \"lockcheck-spec\", \"version\": 1, \"interfaces\": [{\"name\": \"x_operations\","
		" \"methods\": [{\"name\": \"m\", \"locks\": [{\"lock\": \"l\", \"entry\": \"sometimes\","
		" \"exit\": \"whatever\", \"line\": 3}], \"blocking\": {\"value\": \"perhaps\", \"line\": 4}}]}]}";
	lc_spec *s = parse_text(text, err, sizeof err);
	cr_assert(s, "%s", err);
	const lc_spec_method *m = lc_spec_find(s, "x_operations", "m");
	cr_assert(m);
	cr_assert_eq(m->rules[0].entry, LC_ENTRY_MAYBE);
	cr_assert_eq(m->rules[0].exit, LC_EXIT_MAY_HOLD);
	cr_assert_eq(m->blocking, LC_BLOCK_UNKNOWN);
	lc_spec_free(s);
}

/* A spec that does not load: one message, then no contract checks, no crash. */
Test(contracts_spec, unloadable_spec_turns_the_checker_off)
{
	use_fixture_spec("mini-6.8");
	snprintf(lc_opt.spec_path, sizeof lc_opt.spec_path, "/nonexistent/spec.json");
	lc_spec_reset_active();
	cr_assert_null(lc_spec_active());
	struct t_inode inode;
	t_inode_init(&inode);
	ENTER("inode_operations", "setattr", OBJ("inode", &inode));
	EXIT("inode_operations", "setattr");
	cr_assert_eq(count_kind(-1), 0, "%s", seen_summary());
}

/* ---- the four compiled specs built in from rules/ ---- */

static void builtin_loads(const char *era)
{
	char name[64], err[512] = "";
	snprintf(name, sizeof name, "locking-%s", era);
	if (!builtin_has(name))
		cr_skip_test("rules/%s.json is not there yet (the rules compiler writes it)", name);
	lc_spec *s = lc_spec_load_builtin(era, err, sizeof err);
	cr_assert(s, "%s", err);
	cr_assert_str_eq(lc_spec_era(s), era);
	cr_assert_gt(lc_spec_method_count(s), 50, "only %u methods", lc_spec_method_count(s));
	const lc_spec_method *m = lc_spec_find(s, "inode_operations", "lookup");
	cr_assert(m, "no inode_operations.lookup");
	bool has_inode_lock = false;
	for (unsigned i = 0; i < m->nrules; i++)
		has_inode_lock |= lc_spec_rule_matches(&m->rules[i], "i_rwsem", LC_LOCK_RWSEM);
	cr_assert(has_inode_lock, "lookup has no i_rwsem/i_mutex rule");
	cr_assert(lc_spec_find(s, "address_space_operations", "read_folio"), "no read_folio/readpage");
	lc_spec_free(s);
}

Test(contracts_builtin, locking_4_x_loads) { builtin_loads("4.x"); }
Test(contracts_builtin, locking_6_3_loads) { builtin_loads("6.3"); }
Test(contracts_builtin, locking_6_6_loads) { builtin_loads("6.6"); }
Test(contracts_builtin, locking_6_8_loads) { builtin_loads("6.8"); }

Test(contracts_builtin, default_is_the_newest_era)
{
	if (!builtin_has("locking-6.8"))
		cr_skip_test("rules/locking-6.8.json is not there yet");
	char err[512] = "";
	lc_spec *s = lc_spec_load_builtin(NULL, err, sizeof err);
	cr_assert(s, "%s", err);
	cr_assert_str_eq(lc_spec_era(s), "6.8");
	lc_spec_free(s);
}

static void lookup_exclusive(void)
{
	struct t_inode dir;
	t_inode_init(&dir);
	down_write(&dir.i_rwsem);
	ENTER("inode_operations", "lookup", OBJ("dir", &dir));
	EXIT("inode_operations", "lookup");
	up_write(&dir.i_rwsem);
}

Test(contracts_builtin, lookup_exclusive_is_lock_mode_under_the_real_6_8)
{
	if (!use_builtin_spec("6.8"))
		cr_skip_test("rules/locking-6.8.json is not there yet");
	lookup_exclusive();
	cr_assert_eq(count_kind(LC_KIND_CONTRACT_LOCK_MODE), 1, "%s", seen_summary());
	cr_assert_str_eq(first_kind(LC_KIND_CONTRACT_LOCK_MODE)->doc_line, "211");
}

Test(contracts_builtin, lookup_exclusive_is_quiet_under_the_real_4_x)
{
	if (!use_builtin_spec("4.x"))
		cr_skip_test("rules/locking-4.x.json is not there yet");
	lookup_exclusive();
	cr_assert_eq(count_kind(-1), 0, "%s", seen_summary());
}

/* ---- what spec= may name: a regular file of sane size ---- */

static void refused(const char *path, const char *why)
{
	char err[512] = "";
	cr_assert_null(lc_spec_load_file(path, err, sizeof err), "%s loaded", path);
	cr_assert(strstr(err, path) && strstr(err, why), "%s: %s", path, err);
}

Test(contracts_spec, a_device_is_refused_not_read_forever)
{
	refused("/dev/zero", "is a device, not a spec file");
}

Test(contracts_spec, a_directory_is_refused)
{
	refused("/tmp", "is a directory, not a spec file");
}

Test(contracts_spec, a_fifo_is_refused_without_waiting_for_a_writer, .timeout = 30)
{
	char *path = test_temp_file("fifo", "");
	unlink(path);
	cr_assert_eq(mkfifo(path, 0600), 0);
	refused(path, "is a FIFO, not a spec file");
	unlink(path);
	free(path);
}

Test(contracts_spec, a_huge_file_is_refused_by_its_size)
{
	char *path = test_temp_file("huge", ".json");
	int fd = open(path, O_WRONLY);
	cr_assert_geq(fd, 0);
	cr_assert_eq(ftruncate(fd, (off_t)LC_SPEC_FILE_MAX + 1), 0); /* sparse: costs nothing */
	close(fd);
	refused(path, "too big for a spec file");
	unlink(path);
	free(path);
}

/* diff: by meaning, through the alias table; the 4.x -> 6.8 story. */
#include <criterion/criterion.h>
#include <criterion/redirect.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../../../tools/rules/commands.h"
#include "helpers.h"
#include "../../common/test_files.h"
#include "../../../tools/rules/spec_diff.h"
#include "../../../tools/rules/spec_json.h"

static cJSON *mini_spec(const char *era, const char *method, const char *column, const char *cell,
			const char *lock, const char *entry, int line)
{
	cJSON *s = cJSON_CreateObject();
	cJSON_AddStringToObject(s, "format", "lockcheck-spec");
	cJSON_AddNumberToObject(s, "version", 1);
	cJSON *src = cJSON_AddObjectToObject(s, "source");
	cJSON_AddStringToObject(src, "file", "mini.txt");
	cJSON_AddStringToObject(src, "era", era);
	cJSON *locks = cJSON_AddArrayToObject(s, "locks");
	cJSON *l = cJSON_CreateObject();
	cJSON_AddStringToObject(l, "name", lock);
	cJSON *names = cJSON_AddArrayToObject(l, "doc_names");
	cJSON_AddItemToArray(names, cJSON_CreateString(column));
	cJSON_AddItemToArray(locks, l);
	cJSON *ifaces = cJSON_AddArrayToObject(s, "interfaces");
	cJSON *iface = sj_interface_new("address_space_operations", 1);
	cJSON_AddItemToArray(ifaces, iface);
	cJSON *m = sj_method_new(method, line);
	cJSON_AddItemToArray(cJSON_GetObjectItemCaseSensitive(iface, "methods"), m);
	lock_fact f = {.lock = lock, .kind = "rw_semaphore", .object = "inode", .entry = entry,
		       .exit = "unchanged", .column = column, .cell = cell, .from = "table", .line = line};
	sj_add_lock(m, &f);
	cJSON_AddArrayToObject(s, "undecided");
	return s;
}

static const cJSON *find_change(const cJSON *d, const char *what, const char *key, const char *value)
{
	const cJSON *c;
	cJSON_ArrayForEach(c, cJSON_GetObjectItemCaseSensitive(d, "changes"))
		if (!strcmp(rc_str(c, "what"), what) && (!key || (rc_str(c, key) && !strcmp(rc_str(c, key), value))))
			return c;
	return NULL;
}

Test(diff, equal_in_meaning_ignores_lines)
{
	cJSON *a = mini_spec("x", "write_end", "i_rwsem", "exclusive", "i_rwsem", "exclusive", 10);
	cJSON *b = mini_spec("y", "write_end", "i_rwsem", "exclusive", "i_rwsem", "exclusive", 99);
	cJSON *d = spec_diff(a, b, 1);
	cr_expect(cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(d, "equal")));
	cJSON_Delete(a), cJSON_Delete(b), cJSON_Delete(d);
}

Test(diff, renamed_method_and_lock_pair_up)
{
	cJSON *a = mini_spec("4.x", "readpage", "i_mutex", "yes", "i_rwsem", "held", 10);
	cJSON *b = mini_spec("6.8", "read_folio", "i_rwsem", "shared", "i_rwsem", "shared", 20);
	cJSON *d = spec_diff(a, b, 0);
	cr_expect_not(cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(d, "equal")));
	const cJSON *c = find_change(d, "method-renamed", "old", "readpage");
	cr_assert_not_null(c);
	cr_expect_str_eq(rc_str(c, "new"), "read_folio");
	c = find_change(d, "entry-changed", "method", "read_folio");
	cr_assert_not_null(c);
	cr_expect_str_eq(rc_str(c, "old"), "held");
	cr_expect_str_eq(rc_str(c, "new"), "shared");
	cr_expect_str_eq(rc_str(c, "old_cell"), "yes");
	cr_expect_eq(rc_int(c, "new_line"), 20);
	c = find_change(d, "lock-renamed", "lock", "i_rwsem");
	cr_assert_not_null(c);
	cr_expect_str_eq(rc_str(c, "alias_old"), "i_mutex");
	cr_expect_null(find_change(d, "method-added", NULL, NULL));
	cr_expect_null(find_change(d, "method-removed", NULL, NULL));
	cJSON_Delete(a), cJSON_Delete(b), cJSON_Delete(d);
}

static char *write_temp(const cJSON *spec)
{
	char *text = sj_print(spec);
	char *path = test_temp_file("diff", text);
	free(text);
	return path;
}

static void quiet(void)
{
	cr_redirect_stdout();
	cr_redirect_stderr();
}

Test(diff, exit_status_0_equal_1_different_2_error, .init = quiet)
{
	cJSON *a = mini_spec("4.x", "readpage", "i_mutex", "yes", "i_rwsem", "held", 10);
	cJSON *b = mini_spec("6.8", "read_folio", "i_rwsem", "shared", "i_rwsem", "shared", 20);
	char *pa = write_temp(a), *pb = write_temp(b);
	char *same[] = {"diff", pa, pa, NULL}, *differ[] = {"diff", "--json", pa, pb, NULL};
	char *missing[] = {"diff", pa, "/nonexistent/spec.json", NULL}, *one[] = {"diff", pa, NULL};
	cr_expect_eq(rules_cmd_diff(3, same), 0);
	cr_expect_eq(rules_cmd_diff(4, differ), 1);
	cr_expect_eq(rules_cmd_diff(3, missing), 2);
	cr_expect_eq(rules_cmd_diff(2, one), 2);
	remove(pa), remove(pb), free(pa), free(pb);
	cJSON_Delete(a), cJSON_Delete(b);
}

Test(diff, oldest_to_newest_tells_the_story)
{
	int fresh;
	cJSON *old = rc_spec_for_era("4.x", &fresh), *new = rc_spec_for_era("6.8", &fresh);
	if (!old || !new)
		cr_skip_test("neither documents nor checked-in specs found");
	cJSON *d = spec_diff(old, new, 0);
	const cJSON *c = find_change(d, "lock-renamed", "lock", "i_rwsem");
	cr_assert_not_null(c, "i_mutex -> i_rwsem");
	cr_expect_str_eq(rc_str(c, "alias_old"), "i_mutex");
	cr_expect_not_null(find_change(d, "lock-renamed", "lock", "mmap_lock"));
	cr_expect_not_null(find_change(d, "lock-renamed", "lock", "open_mutex"));
	static const char *folio[][2] = {{"readpage", "read_folio"}, {"set_page_dirty", "dirty_folio"},
					 {"invalidatepage", "invalidate_folio"}, {"releasepage", "release_folio"},
					 {"freepage", "free_folio"}, {"migratepage", "migrate_folio"},
					 {"launder_page", "launder_folio"}};
	for (size_t i = 0; i < sizeof folio / sizeof folio[0]; i++) {
		c = find_change(d, "method-renamed", "old", folio[i][0]);
		cr_assert_not_null(c, "%s -> %s", folio[i][0], folio[i][1]);
		cr_expect_str_eq(rc_str(c, "new"), folio[i][1]);
	}
	c = find_change(d, "entry-changed", "method", "lookup");
	cr_assert_not_null(c);
	cr_expect_str_eq(rc_str(c, "old"), "held");
	cr_expect_str_eq(rc_str(c, "new"), "shared");
	cr_expect_str_eq(rc_str(c, "old_column"), "i_mutex(inode)");
	cr_expect_str_eq(rc_str(c, "new_column"), "i_rwsem(inode)");
	cr_expect_not_null(find_change(d, "method-renamed", "old", "follow_link"));
	cr_expect_not_null(find_change(d, "interface-added", "interface", "xattr_handler_operations"));

	char *text = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&text, &len);
	spec_diff_print(d, out);
	fclose(out);
	cr_expect(strstr(text, "lock renamed i_mutex -> i_rwsem") != NULL, "%s", text);
	cr_expect(strstr(text, "renamed  readpage -> read_folio") != NULL);
	cr_expect(strstr(text, "lookup: i_rwsem entry held -> shared") != NULL);
	free(text);
	cJSON_Delete(old), cJSON_Delete(new), cJSON_Delete(d);
}

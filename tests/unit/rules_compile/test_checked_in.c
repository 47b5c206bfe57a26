/* The checked-in rules/locking-*.json: equal to a fresh compile (when the
 * documents are present) and, always, valid against docs/spec-format.md. */
#include <criterion/criterion.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"
#include "../../common/test_files.h"
#include "../../../tools/rules/spec_json.h"
#include "../../../tools/rules/spec_load.h"

static const char *eras[] = {"4.x", "6.3", "6.6", "6.8"};

static const char *spec_path(const char *era, char *buf, size_t n)
{
	if (!test_repo_root())
		return NULL;
	if (snprintf(buf, n, "%s/rules/locking-%s.json", test_repo_root(), era) >= (int)n)
		return NULL;
	return buf;
}

Test(checked_in, equals_a_fresh_compile)
{
	for (int i = 0; i < 4; i++) {
		char doc[PATH_MAX], path[PATH_MAX];
		if (!rc_doc_path(rc_prefix_of(eras[i]), doc, sizeof doc))
			cr_skip_test("Locking documents not found (set LOCKING_DOCS): nothing to compare");
		int fresh;
		cJSON *s = rc_spec_for_era(eras[i], &fresh);
		cr_assert_not_null(s);
		cr_assert(fresh);
		char *now = sj_print(s);
		char *checked = spec_path(eras[i], path, sizeof path) ? test_slurp(path) : NULL;
		cr_assert_not_null(checked, "%s missing: run make rules", path);
		cr_expect(strcmp(now, checked) == 0, "%s differs from a fresh compile of %s: run make rules", path, doc);
		free(now);
		free(checked);
		cJSON_Delete(s);
	}
}

static int in_set(const char *v, const char *const *set)
{
	for (; *set; set++)
		if (v && strcmp(v, *set) == 0)
			return 1;
	return 0;
}

static const char *const entries[] = {"none", "held", "shared", "exclusive", "maybe", "maybe-shared", "maybe-exclusive", NULL};
static const char *const exits[] = {"unchanged", "released", "acquired", "may-hold", NULL};
static const char *const kinds[] = {"spinlock", "mutex", "rw_semaphore", "rwlock", "seqlock", "semaphore", "folio_lock", "rcu", "bkl", "other", NULL};
static const char *const objects[] = {"inode", "dentry", "superblock", "mapping", "file", "folio", "block_device", "file_lock", "mm", "global", "dquot", "other", NULL};
static const char *const scopes[] = {"both", "all", "victim", "per-superblock", "non-directories", "moved-subdirectory", NULL};
static const char *const blockings[] = {"yes", "no", "ref-walk-only", "maybe", "unknown", NULL};
static const char *const froms[] = {"table", "prose", "derived", NULL};
static const char *const contexts[] = {"rcu-callback", "interrupt", "rcu-read", "page-table-lock", NULL};

Test(checked_in, valid_against_the_schema)
{
	int specs = 0;
	for (int i = 0; i < 4; i++) {
		char path[PATH_MAX], err[512];
		if (!spec_path(eras[i], path, sizeof path))
			cr_skip_test("repository root not found");
		cJSON *s = spec_read_json(path, err, sizeof err);
		cr_assert_not_null(s, "%s", err);
		specs++;
		cr_expect_str_eq(rc_str(cJSON_GetObjectItemCaseSensitive(s, "source"), "era"), eras[i]);
		const cJSON *l, *iface, *m, *f;
		cJSON_ArrayForEach(l, cJSON_GetObjectItemCaseSensitive(s, "locks")) {
			cr_expect(in_set(rc_str(l, "kind"), kinds), "%s", rc_str(l, "name"));
			cr_expect(in_set(rc_str(l, "object"), objects), "%s", rc_str(l, "name"));
		}
		cJSON_ArrayForEach(iface, cJSON_GetObjectItemCaseSensitive(s, "interfaces")) {
			cr_expect_gt(rc_int(iface, "line"), 0);
			cJSON_ArrayForEach(m, cJSON_GetObjectItemCaseSensitive(iface, "methods")) {
				const char *name = rc_str(m, "name");
				cr_expect_gt(rc_int(m, "line"), 0, "%s", name);
				cJSON_ArrayForEach(f, cJSON_GetObjectItemCaseSensitive(m, "locks")) {
					cr_expect_gt(rc_int(f, "line"), 0, "%s", name);
					cr_expect(in_set(rc_str(f, "entry"), entries), "%s entry %s", name, rc_str(f, "entry"));
					cr_expect(in_set(rc_str(f, "exit"), exits), "%s exit", name);
					cr_expect(in_set(rc_str(f, "kind"), kinds), "%s kind", name);
					cr_expect(!rc_str(f, "scope") || in_set(rc_str(f, "scope"), scopes), "%s scope", name);
					cr_expect(in_set(rc_str(f, "from"), froms), "%s from", name);
				}
				const cJSON *b = cJSON_GetObjectItemCaseSensitive(m, "blocking");
				if (cJSON_IsObject(b)) {
					cr_expect(in_set(rc_str(b, "value"), blockings), "%s blocking", name);
					cr_expect(in_set(rc_str(b, "from"), froms), "%s blocking from", name);
					cr_expect_gt(rc_int(b, "line"), 0);
				}
				cJSON_ArrayForEach(f, cJSON_GetObjectItemCaseSensitive(m, "contexts"))
					cr_expect(in_set(rc_str(f, "context"), contexts), "%s context", name);
				cJSON_ArrayForEach(f, cJSON_GetObjectItemCaseSensitive(m, "notes"))
					cr_expect_lt(strlen(rc_str(f, "text")), 80u, "notes are short cell texts");
			}
		}
		cJSON_Delete(s);
	}
	cr_expect_eq(specs, 4);
}

Test(checked_in, reader_rejects_what_is_not_a_spec)
{
	char *path = test_temp_file("spec", "{\n  \"format\": \"lockcheck-spec\",\n  \"version\": 99,\n  \"interfaces\": []\n}\n");
	char err[512];
	cr_expect_null(spec_read_json(path, err, sizeof err));
	cr_expect(strstr(err, "version 99") != NULL, "%s", err);
	test_write_file(path, "{\n  \"format\": \"lockcheck-spec\",\n  \"version\": 1,\n  oops\n}\n");
	cr_expect_null(spec_read_json(path, err, sizeof err));
	cr_expect(strstr(err, ":4:") != NULL, "the error names the line: %s", err);
	remove(path);
	free(path);
}

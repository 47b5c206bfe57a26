/* Test helpers: document discovery, fact lookup. */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <glob.h>

#include "../../../tools/rules/doc_model.h"
#include "helpers.h"
#include "../../../tools/rules/spec_load.h"

const char *rc_doc_path(const char *prefix, char *buf, size_t buflen)
{
	const char *dir = test_docs_dir();
	if (!dir)
		return NULL;
	char pattern[PATH_MAX];
	if (snprintf(pattern, sizeof pattern, "%s/%s_*.txt", dir, prefix) >= (int)sizeof pattern)
		return NULL;
	glob_t g;
	const char *r = NULL;
	if (glob(pattern, 0, NULL, &g) == 0) {
		if (g.gl_pathc > 0) {
			if (snprintf(buf, buflen, "%s", g.gl_pathv[0]) < (int)buflen)
				r = buf;
		}
		globfree(&g);
	}
	return r;
}

const char *rc_prefix_of(const char *era)
{
	static const char *map[][2] = {{"4.x", "002"}, {"6.3", "003"}, {"6.6", "000"}, {"6.8", "001"}};
	for (size_t i = 0; i < 4; i++)
		if (strcmp(map[i][0], era) == 0)
			return map[i][1];
	return NULL;
}

cJSON *rc_spec_for_era(const char *era, int *fresh)
{
	char path[PATH_MAX], err[512];
	*fresh = 0;
	const char *doc = rc_prefix_of(era) ? rc_doc_path(rc_prefix_of(era), path, sizeof path) : NULL;
	if (doc) {
		cJSON *s = spec_compile_file(doc, doc_default_resolutions(), NULL, err, sizeof err);
		if (s)
			*fresh = 1;
		else
			fprintf(stderr, "compile %s: %s\n", doc, err);
		return s;
	}
	if (!test_repo_root())
		return NULL;
	if (snprintf(path, sizeof path, "%s/rules/locking-%s.json", test_repo_root(), era) >= (int)sizeof path)
		return NULL;
	return spec_read_json(path, err, sizeof err);
}

const char *rc_str(const cJSON *o, const char *key)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
	return cJSON_IsString(v) ? v->valuestring : NULL;
}

int rc_int(const cJSON *o, const char *key)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
	return cJSON_IsNumber(v) ? v->valueint : -1;
}

static cJSON *by_name(const cJSON *arr, const char *name)
{
	cJSON *x;
	cJSON_ArrayForEach(x, arr)
		if (rc_str(x, "name") && strcmp(rc_str(x, "name"), name) == 0)
			return x;
	return NULL;
}

cJSON *rc_method(const cJSON *spec, const char *iface, const char *method)
{
	cJSON *i = by_name(cJSON_GetObjectItemCaseSensitive(spec, "interfaces"), iface);
	return i ? by_name(cJSON_GetObjectItemCaseSensitive(i, "methods"), method) : NULL;
}

cJSON *rc_lock(const cJSON *method, const char *lock, int n)
{
	cJSON *x;
	cJSON_ArrayForEach(x, cJSON_GetObjectItemCaseSensitive(method, "locks"))
		if (rc_str(x, "lock") && strcmp(rc_str(x, "lock"), lock) == 0 && n-- == 0)
			return x;
	return NULL;
}

const char *rc_line_text(const char *path, int n)
{
	static char line[65536];
	FILE *f = fopen(path, "r");
	if (!f)
		return NULL;
	const char *r = NULL;
	for (int i = 1; fgets(line, sizeof line, f); i++)
		if (i == n) {
			r = line;
			break;
		}
	fclose(f);
	return r;
}

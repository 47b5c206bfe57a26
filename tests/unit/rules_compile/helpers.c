/* Test helpers: repository and document discovery, fact lookup. */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <glob.h>
#include <sys/stat.h>

#include "../../../tools/rules/doc_model.h"
#include "helpers.h"
#include "../../../tools/rules/spec_load.h"

static int exists(const char *dir, const char *name, int want_dir)
{
	char p[PATH_MAX];
	struct stat st;
	if (snprintf(p, sizeof p, "%s/%s", dir, name) >= (int)sizeof p)
		return 0;
	return stat(p, &st) == 0 && (want_dir ? S_ISDIR(st.st_mode) : S_ISREG(st.st_mode));
}

const char *rc_repo_root(void)
{
	static char root[PATH_MAX];
	static int done;
	if (done)
		return root[0] ? root : NULL;
	done = 1;
	char exe[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
	if (n <= 0)
		return NULL;
	exe[n] = '\0';
	/* build dirs may be nested (build/san/tests/...): walk up to the repository */
	for (char *slash; (slash = strrchr(exe, '/'));) {
		*slash = '\0';
		const char *dir = exe[0] ? exe : "/";
		if (exists(dir, "Makefile", 0) && exists(dir, "rules", 1)) {
			snprintf(root, sizeof root, "%s", dir);
			return root;
		}
		if (!exe[0])
			break;
	}
	return NULL;
}

const char *rc_docs_dir(void)
{
	static char dir[PATH_MAX];
	const char *env = getenv("LOCKING_DOCS");
	struct stat st;
	if (env && *env) {
		int n = env[0] == '/' || !rc_repo_root() ? snprintf(dir, sizeof dir, "%s", env)
			: snprintf(dir, sizeof dir, "%s/%s", rc_repo_root(), env);
		if (n >= (int)sizeof dir)
			return NULL;
	} else if (rc_repo_root()) {
		if (snprintf(dir, sizeof dir, "%s/../shared/locking", rc_repo_root()) >= (int)sizeof dir)
			return NULL;
	} else {
		return NULL;
	}
	return stat(dir, &st) == 0 && S_ISDIR(st.st_mode) ? dir : NULL;
}

const char *rc_doc_path(const char *prefix, char *buf, size_t buflen)
{
	const char *dir = rc_docs_dir();
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
	if (!rc_repo_root())
		return NULL;
	if (snprintf(path, sizeof path, "%s/rules/locking-%s.json", rc_repo_root(), era) >= (int)sizeof path)
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

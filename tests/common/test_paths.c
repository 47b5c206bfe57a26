/* See test_paths.h. */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <criterion/criterion.h>

#include "test_paths.h"

static int is_dir(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

static int holds(const char *dir, const char *name, int want_dir)
{
	char p[PATH_MAX];
	struct stat st;
	if (snprintf(p, sizeof p, "%s/%s", dir, name) >= (int)sizeof p)
		return 0;
	return stat(p, &st) == 0 && (want_dir ? S_ISDIR(st.st_mode) : S_ISREG(st.st_mode));
}

const char *test_repo_root(void)
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
	/* build directories may be nested (build/san/tests/...): walk up */
	for (char *slash; (slash = strrchr(exe, '/'));) {
		*slash = '\0';
		const char *dir = exe[0] ? exe : "/";
		if (holds(dir, "Makefile", 0) && holds(dir, "rules", 1)) {
			snprintf(root, sizeof root, "%s", dir);
			return root;
		}
		if (!exe[0])
			break;
	}
	return NULL;
}

const char *test_build_dir(void)
{
	static char dir[PATH_MAX];
	if (dir[0])
		return dir;
	ssize_t n = readlink("/proc/self/exe", dir, sizeof dir - 1);
	cr_assert(n > 0, "cannot read /proc/self/exe");
	dir[n] = '\0';
	for (int up = 0; up < 2; up++) { /* <build>/tests/BIN -> <build> */
		char *slash = strrchr(dir, '/');
		cr_assert(slash, "unexpected test binary path %s", dir);
		*slash = '\0';
	}
	return dir;
}

const char *test_docs_dir(void)
{
	static char dir[PATH_MAX];
	const char *env = getenv("LOCKING_DOCS");
	const char *root = test_repo_root();
	int n;
	if (env && *env)
		n = env[0] == '/' || !root ? snprintf(dir, sizeof dir, "%s", env)
					   : snprintf(dir, sizeof dir, "%s/%s", root, env);
	else if (root)
		n = snprintf(dir, sizeof dir, "%s/../shared/locking", root);
	else
		return NULL;
	if (n >= (int)sizeof dir)
		return NULL;
	return is_dir(dir) ? dir : NULL;
}

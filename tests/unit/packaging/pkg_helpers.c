/* Shell commands and a throwaway install for the packaging tests. */
#include <criterion/criterion.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/wait.h>
#include <unistd.h>

#include "pkg_helpers.h"
#include "../../common/test_files.h"
#include "../../common/test_paths.h"

static char tempdir[256];

const char *pkg_tempdir(void)
{
	if (!tempdir[0]) {
		const char *t = getenv("TMPDIR");
		snprintf(tempdir, sizeof tempdir, "%s/lockcheck-pkg-XXXXXX", t && *t ? t : "/tmp");
		cr_assert_not_null(mkdtemp(tempdir), "cannot make a temporary directory");
	}
	return tempdir;
}

void pkg_cleanup(void)
{
	if (tempdir[0]) {
		char cmd[300];
		snprintf(cmd, sizeof cmd, "rm -rf '%s'", tempdir);
		if (system(cmd) != 0)
			fprintf(stderr, "cannot remove %s\n", tempdir);
		tempdir[0] = 0;
	}
}

static int wait_status(int status)
{
	if (status == -1)
		return -1;
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

static void read_into(const char *path, char *out, size_t cap)
{
	char *text = test_slurp(path);
	snprintf(out, cap, "%s", text ? text : "");
	free(text);
	unlink(path);
}

static int run_split(char *out, size_t outcap, char *err, size_t errcap, const char *cmd)
{
	char o[400], e[400];
	snprintf(o, sizeof o, "%s/.out.%d", pkg_tempdir(), (int)getpid());
	snprintf(e, sizeof e, "%s/.err.%d", pkg_tempdir(), (int)getpid());
	size_t n = strlen(cmd) + 2 * sizeof o + 64;
	char *full = malloc(n);
	cr_assert_not_null(full);
	if (err)
		snprintf(full, n, "( %s ) >'%s' 2>'%s' </dev/null", cmd, o, e);
	else
		snprintf(full, n, "( %s ) >'%s' 2>&1 </dev/null", cmd, o);
	int rc = wait_status(system(full));
	free(full);
	read_into(o, out, outcap);
	if (err)
		read_into(e, err, errcap);
	return rc;
}

int pkg_sh(char *out, size_t cap, const char *fmt, ...)
{
	char *cmd;
	va_list ap;
	va_start(ap, fmt);
	cr_assert_geq(vasprintf(&cmd, fmt, ap), 0);
	va_end(ap);
	int rc = run_split(out, cap, NULL, 0, cmd);
	free(cmd);
	return rc;
}

int pkg_sh2(char *out, size_t outcap, char *err, size_t errcap, const char *fmt, ...)
{
	char *cmd;
	va_list ap;
	va_start(ap, fmt);
	cr_assert_geq(vasprintf(&cmd, fmt, ap), 0);
	va_end(ap);
	int rc = run_split(out, outcap, err, errcap, cmd);
	free(cmd);
	return rc;
}

void pkg_plain_build_only(void)
{
#if defined(__SANITIZE_ADDRESS__)
	cr_skip_test("packaging tests check the plain build (this is the sanitizer build)");
#endif
}

void pkg_need(const char *command)
{
	char out[256], cmd[128];
	snprintf(cmd, sizeof cmd, "command -v %s", command);
	if (pkg_sh(out, sizeof out, "%s", cmd) != 0)
		cr_skip_test("%s is not installed", command);
}

void pkg_do_install(pkg_install *in)
{
	const char *root = test_repo_root();
	cr_assert_not_null(root, "source tree not found");
	snprintf(in->stage, sizeof in->stage, "%s/stage", pkg_tempdir());
	snprintf(in->prefix, sizeof in->prefix, "%s/opt/lockcheck", in->stage);
	snprintf(in->libdir, sizeof in->libdir, "%s/lib/x86_64-linux-gnu", in->prefix);
	snprintf(in->pc_env, sizeof in->pc_env, "PKG_CONFIG_PATH='%s/pkgconfig' PKG_CONFIG_SYSROOT_DIR='%s'",
		 in->libdir, in->stage);
	/* One install at a time: parallel tests share the build tree.  The outer
	 * make's jobserver is not ours. */
	const char *build = test_build_dir();
	size_t n = strlen(root);
	if (!strncmp(build, root, n) && build[n] == '/')
		build += n + 1; /* as the outer make named it, so its targets are the same */
	char log[8192];
	int rc = pkg_sh(log, sizeof log,
			"cd '%s' && flock '%s/.install-lock' env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL "
			"make -s BUILD='%s' install DESTDIR='%s' PREFIX=/opt/lockcheck "
			"LIBDIR=/opt/lockcheck/lib/x86_64-linux-gnu",
			root, test_build_dir(), build, in->stage);
	cr_assert_eq(rc, 0, "make install failed:\n%s", log);
}

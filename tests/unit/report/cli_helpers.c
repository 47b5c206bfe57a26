/* Running the `lockcheck` command from the tests, as a user runs it. */
#include <criterion/criterion.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cli_helpers.h"
#include "report_helpers.h"
#include "../../common/test_paths.h"

char cli[PATH_MAX], fixtures[PATH_MAX];
char out_file[256], err_file[256];
const char *stdin_file = "/dev/null";

static bool is_dir(const char *p)
{
	struct stat st;
	return stat(p, &st) == 0 && S_ISDIR(st.st_mode);
}

/* The binary of this test's build (BUILD/bin/lockcheck) and the fixtures in
 * the source tree. */
void cli_locate(void)
{
	snprintf(cli, sizeof cli, "%s/bin/lockcheck", test_build_dir());
	cr_assert_eq(access(cli, X_OK), 0, "%s is not built (make tools first)", cli);
	const char *root = test_repo_root();
	cr_assert_not_null(root, "fixtures not found");
	snprintf(fixtures, sizeof fixtures, "%s/tests/fixtures/reports", root);
	cr_assert(is_dir(fixtures), "fixtures not found");
	temp_path(out_file, sizeof out_file, "out");
	temp_path(err_file, sizeof err_file, "err");
}

/* Runs lockcheck with the arguments (NULL-terminated); stdout and stderr go
 * to out_file and err_file.  Returns the exit status, or 128+signal. */
int lockcheck(const char *arg, ...)
{
	const char *argv[32] = {cli};
	int argc = 1;
	va_list ap;
	va_start(ap, arg);
	for (const char *a = arg; a && argc < 31; a = va_arg(ap, const char *))
		argv[argc++] = a;
	va_end(ap);
	argv[argc] = NULL;
	pid_t pid = fork();
	if (pid == 0) {
		int i = open(stdin_file, O_RDONLY);
		int o = open(out_file, O_WRONLY | O_TRUNC), e = open(err_file, O_WRONLY | O_TRUNC);
		dup2(i, 0);
		dup2(o, 1);
		dup2(e, 2);
		execv(cli, (char **)argv);
		_exit(99);
	}
	int status;
	cr_assert_eq(waitpid(pid, &status, 0), pid);
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

const char *fixture(const char *name)
{
	static char paths[4][PATH_MAX + 64];
	static int next;
	char *p = paths[next++ % 4];
	snprintf(p, sizeof paths[0], "%s/%s", fixtures, name);
	return p;
}


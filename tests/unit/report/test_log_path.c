/* Where the text goes, as the sanitizers do it: log_path=P writes P.PID,
 * "stdout"/"stderr" are the streams, "%p" is the process id in log_path and
 * report_path. */
#include <criterion/criterion.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "report_helpers.h"

TestSuite(log_path, .init = report_setup);

static void report_once(void)
{
	lc_finding_lock lock = {.addr = (void *)0x10, .name = "log_lock", .type = "mutex", .mode = "write"};
	lc_finding f = {.kind = LC_KIND_SELF_DEADLOCK, .message = "to the log", .thread = 1, .nlocks = 1, .locks = &lock};
	lc_report(&f);
}

/* Runs report_once in a child with the given paths; returns its pid. */
static pid_t child_reporting(const char *log_path, const char *report_path)
{
	pid_t pid = fork();
	if (pid == 0) {
		snprintf(lc_opt.log_path, sizeof lc_opt.log_path, "%s", log_path);
		snprintf(lc_opt.report_path, sizeof lc_opt.report_path, "%s", report_path);
		report_once();
		_exit(0);
	}
	int status;
	cr_assert_eq(waitpid(pid, &status, 0), pid);
	return pid;
}

static char dir[PATH_MAX];

static void make_dir(void)
{
	snprintf(dir, sizeof dir, "%s/lockcheck-logs-XXXXXX", getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
	cr_assert_not_null(mkdtemp(dir));
}

static void remove_dir(void)
{
	char cmd[PATH_MAX + 16];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	cr_assert_eq(system(cmd), 0);
}

Test(log_path, plain_path_gets_the_pid_appended)
{
	make_dir();
	char base[PATH_MAX + 8], want[PATH_MAX + 40];
	snprintf(base, sizeof base, "%s/log", dir);
	pid_t pid = child_reporting(base, "");
	snprintf(want, sizeof want, "%s.%d", base, (int)pid);
	char *log = slurp(want);
	cr_assert_not_null(strstr(log, "ERROR: lockcheck: self-deadlock"), "%s: '%s'", want, log);
	cr_assert_eq(access(base, F_OK), -1, "no file without the pid");
	free(log);
	remove_dir();
}

Test(log_path, percent_p_is_the_pid_in_both_paths)
{
	make_dir();
	char log_base[PATH_MAX + 16], report[PATH_MAX + 16], want[PATH_MAX + 64];
	snprintf(log_base, sizeof log_base, "%s/log-%%p", dir);
	snprintf(report, sizeof report, "%s/report-%%p.jsonl", dir);
	pid_t pid = child_reporting(log_base, report);
	snprintf(want, sizeof want, "%s/report-%d.jsonl", dir, (int)pid);
	cr_assert_eq(count_lines(want), 1, "%s", want);
	snprintf(want, sizeof want, "%s/log-%d.%d", dir, (int)pid, (int)pid);
	char *log = slurp(want);
	cr_assert_neq(strlen(log), 0, "%s", want);
	free(log);
	remove_dir();
}

Test(log_path, stdout_is_standard_output)
{
	char out[256];
	temp_path(out, sizeof out, "stdout");
	pid_t pid = fork();
	if (pid == 0) {
		cr_assert_not_null(freopen(out, "w", stdout));
		strcpy(lc_opt.log_path, "stdout");
		report_once();
		_exit(0);
	}
	int status;
	cr_assert_eq(waitpid(pid, &status, 0), pid);
	char *text = slurp(out);
	cr_assert_not_null(strstr(text, "ERROR: lockcheck: self-deadlock"), "%s", text);
	free(text);
}

/* A mistyped option (a comma glued onto /dev/null) must not leave a file
 * in /dev: the text goes to stderr and the reason is said there. */
Test(log_path, a_missing_device_is_not_created)
{
	char path[128], err[256];
	snprintf(path, sizeof path, "/dev/null,lockcheck-test-%d", (int)getpid());
	temp_path(err, sizeof err, "stderr");
	pid_t pid = fork();
	if (pid == 0) {
		cr_assert_not_null(freopen(err, "w", stderr));
		snprintf(lc_opt.log_path, sizeof lc_opt.log_path, "%s", path);
		report_once();
		_exit(0);
	}
	int status;
	cr_assert_eq(waitpid(pid, &status, 0), pid);
	int created = access(path, F_OK) == 0;
	if (created)
		unlink(path);
	cr_assert_not(created, "%s was created", path);
	char *text = slurp(err);
	cr_assert_not_null(strstr(text, "cannot open log_path"), "%s", text);
	cr_assert_not_null(strstr(text, "ERROR: lockcheck: self-deadlock"), "%s", text);
	free(text);
	unlink(err);
}

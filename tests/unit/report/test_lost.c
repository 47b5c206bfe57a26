/* Reports that cannot be written: said once, the text falls back to stderr,
 * counting goes on, no torn JSON line, and the loss is in the summary. */
#include <criterion/criterion.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "report_helpers.h"

static void report_n(unsigned n)
{
	static const char *const names[] = {"lock-a", "lock-b", "lock-c", "lock-d", "lock-e"};
	for (unsigned i = 0; i < n && i < 5; i++) {
		/* Distinct by name: a finding's signature leaves addresses out. */
		lc_finding_lock lock = {.addr = (void *)(uintptr_t)(0x1000 + 0x10 * i), .name = names[i],
					.type = "mutex", .mode = "write"};
		lc_finding f = {.kind = LC_KIND_SELF_DEADLOCK, .message = "lost or not", .thread = 1,
				.nlocks = 1, .locks = &lock};
		lc_report(&f);
	}
}

/* Our stderr into a file, for the messages said there. */
static char err_file[256];
static void stderr_to_file(void)
{
	temp_path(err_file, sizeof err_file, "stderr");
	int fd = open(err_file, O_WRONLY | O_TRUNC);
	cr_assert_geq(fd, 0);
	cr_assert_geq(dup2(fd, 2), 0);
	close(fd);
}

/* The exit summary of a child that reports n findings, then its status. */
static int summary_of(unsigned n, char **log)
{
	pid_t pid = fork();
	cr_assert_geq(pid, 0);
	if (pid == 0) {
		report_n(n);
		lc_report_at_exit();
		_exit(0);
	}
	int status;
	cr_assert_eq(waitpid(pid, &status, 0), pid);
	*log = slurp(log_file);
	return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

TestSuite(lost, .init = report_setup);

Test(lost, report_file_on_a_full_device_is_said_once_and_counted)
{
	strcpy(lc_opt.report_path, "/dev/full");
	report_n(3);
	cr_assert_eq(lc_report_count(), 3, "findings are still counted");
	cr_assert_eq(lc_report_lost(), 3);
	char *log = slurp(log_file);
	cr_assert_eq(count_substr(log, "cannot write report file /dev/full"), 1, "log:\n%s", log);
	cr_assert(strstr(log, "No space left on device"), "log:\n%s", log);
	cr_assert_eq(count_substr(log, "ERROR: lockcheck: self-deadlock"), 3, "text still written:\n%s", log);
	free(log);
}

Test(lost, exit_summary_says_how_many_were_lost)
{
	strcpy(lc_opt.report_path, "/dev/full");
	char *log;
	cr_assert_eq(summary_of(2, &log), 66);
	cr_assert(strstr(log, "SUMMARY: 2 findings reported"), "log:\n%s", log);
	cr_assert(strstr(log, "2 not written to the report file /dev/full"), "log:\n%s", log);
	free(log);
}

Test(lost, report_file_in_a_missing_directory_names_the_path_given)
{
	strcpy(lc_opt.report_path, "/nonexistent-lockcheck-dir/r.jsonl");
	char *log;
	cr_assert_eq(summary_of(1, &log), 66);
	cr_assert_eq(count_substr(log, "cannot open report file /nonexistent-lockcheck-dir/r.jsonl:"), 1,
		     "log:\n%s", log);
	cr_assert(strstr(log, "No such file or directory"), "log:\n%s", log);
	cr_assert_null(strstr(log, "r.jsonl."), "names a .PID file rather than the path given:\n%s", log);
	cr_assert(strstr(log, "1 not written to the report file"), "log:\n%s", log);
	free(log);
}

Test(lost, log_on_a_full_device_falls_back_to_stderr)
{
	stderr_to_file();
	strcpy(lc_opt.log_path, "/dev/full");
	report_n(2);
	char *err = slurp(err_file);
	cr_assert_eq(count_substr(err, "cannot write log_path /dev/full"), 1, "stderr:\n%s", err);
	cr_assert_eq(count_substr(err, "ERROR: lockcheck: self-deadlock"), 2, "text on stderr:\n%s", err);
	free(err);
	cr_assert_eq(count_lines(report_file), 2, "the JSON report is unaffected");
}

Test(lost, log_in_a_missing_directory_falls_back_to_stderr)
{
	stderr_to_file();
	strcpy(lc_opt.log_path, "/nonexistent-lockcheck-dir/log.txt");
	report_n(1);
	char *err = slurp(err_file);
	cr_assert_eq(count_substr(err, "cannot open log_path /nonexistent-lockcheck-dir/log.txt"), 1,
		     "stderr:\n%s", err);
	cr_assert_eq(count_substr(err, "ERROR: lockcheck: self-deadlock"), 1, "text on stderr:\n%s", err);
	free(err);
}

/* A file size limit (like a full filesystem) cuts a write short: the cut
 * line is taken back, every line left is whole JSON. */
Test(lost, a_short_write_leaves_no_torn_line)
{
	signal(SIGXFSZ, SIG_IGN);
	report_n(1);
	struct stat st;
	cr_assert_eq(stat(report_file, &st), 0);
	/* Room for the first line and half of the next. */
	struct rlimit lim = {.rlim_cur = (rlim_t)st.st_size * 3 / 2, .rlim_max = RLIM_INFINITY};
	cr_assert_eq(setrlimit(RLIMIT_FSIZE, &lim), 0);
	strcpy(lc_opt.log_path, "/dev/null");
	report_n(4); /* the first again (a repeat), then new ones */
	cr_assert_eq(lc_report_count(), 4);
	cr_assert_eq(lc_report_lost(), 3);
	char *text = slurp(report_file);
	size_t len = strlen(text);
	cr_assert(len > 0 && text[len - 1] == '\n', "torn last line:\n%s", text);
	free(text);
	cr_assert_eq(count_lines(report_file), 1);
	cJSON *j = json_line(report_file, 0);
	cr_assert_not_null(j);
	cJSON_Delete(j);
}

/* What happens to the process: halt_on_error, the exit summary and status,
 * and the report file when processes share it. */
#include <criterion/criterion.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/wait.h>
#include <unistd.h>

#include "report_helpers.h"

static void report_one(const char *message, const void *addr)
{
	lc_finding_lock lock = {.addr = addr, .name = message, .type = "mutex", .mode = "write"};
	lc_finding f = {.kind = LC_KIND_SELF_DEADLOCK, .message = message, .thread = 1,
			.nlocks = 1, .locks = &lock};
	lc_report(&f);
}

static int child_status(pid_t pid)
{
	int status;
	cr_assert_eq(waitpid(pid, &status, 0), pid);
	cr_assert(WIFEXITED(status), "child did not exit normally");
	return WEXITSTATUS(status);
}

TestSuite(process, .init = report_setup);

Test(process, halt_on_error_exits_66_after_writing)
{
	pid_t pid = fork();
	if (pid == 0) {
		lc_opt.halt_on_error = true;
		report_one("halt", (void *)0x10);
		_exit(0); /* not reached when halting */
	}
	cr_assert_eq(child_status(pid), 66);
	cJSON *j = json_line(report_file, 0);
	cr_assert_not_null(j, "the line must be written before halting");
	cJSON_Delete(j);
}

Test(process, halt_on_error_uses_configured_exitcode)
{
	pid_t pid = fork();
	if (pid == 0) {
		lc_opt.halt_on_error = true;
		lc_opt.exitcode = 23;
		report_one("halt", (void *)0x10);
		_exit(0);
	}
	cr_assert_eq(child_status(pid), 23);
}

Test(process, at_exit_summarizes_and_sets_status)
{
	char out_file[256];
	temp_path(out_file, sizeof out_file, "stdout");
	pid_t pid = fork();
	if (pid == 0) {
		lc_report_fork_child();
		report_one("one", (void *)0x10);
		report_one("one", (void *)0x10);
		cr_assert_not_null(freopen(out_file, "w", stdout));
		printf("buffered program output");
		lc_report_at_exit();
		_exit(0);
	}
	cr_assert_eq(child_status(pid), 66);
	char *log = slurp(log_file);
	cr_assert_not_null(strstr(log, "SUMMARY: 1 finding reported (1 repeats not shown, 0 suppressed)"),
			   "log:\n%s", log);
	free(log);
	char *out = slurp(out_file);
	cr_assert_str_eq(out, "buffered program output", "stdio must be flushed before exiting");
	free(out);
}

Test(process, at_exit_without_findings_keeps_status)
{
	pid_t pid = fork();
	if (pid == 0) {
		lc_report_at_exit();
		_exit(5);
	}
	cr_assert_eq(child_status(pid), 5);
}

Test(process, forked_child_writes_report_pid)
{
	report_one("parent", (void *)0x10);
	pid_t pid = fork();
	if (pid == 0) {
		lc_report_fork_child();
		report_one("child", (void *)0x20);
		_exit(lc_report_count() == 1 ? 0 : 1);
	}
	cr_assert_eq(child_status(pid), 0);
	cr_assert_eq(count_lines(report_file), 1);
	char child_file[300];
	snprintf(child_file, sizeof child_file, "%s.%d", report_file, (int)pid);
	cJSON *j = json_line(child_file, 0);
	cr_assert_not_null(j, "%s should hold the child's finding", child_file);
	cr_assert_str_eq(cJSON_GetObjectItem(j, "message")->valuestring, "child");
	cr_assert_eq(cJSON_GetObjectItem(j, "pid")->valueint, (int)pid);
	cJSON_Delete(j);
	unlink(child_file);
}

Test(process, file_owned_by_a_live_process_means_report_pid)
{
	/* Another live process holds report_path, as an exec'd parent would. */
	int p2c[2], c2p[2];
	cr_assert_eq(pipe(p2c), 0);
	cr_assert_eq(pipe(c2p), 0);
	pid_t owner = fork();
	if (owner == 0) {
		int fd = open(report_file, O_WRONLY | O_APPEND);
		char c = flock(fd, LOCK_EX | LOCK_NB) == 0 ? 'y' : 'n';
		(void)!write(c2p[1], &c, 1);
		(void)!read(p2c[0], &c, 1);
		_exit(0);
	}
	char c = 0;
	cr_assert_eq(read(c2p[0], &c, 1), 1);
	cr_assert_eq(c, 'y');
	report_one("second process", (void *)0x30);
	(void)!write(p2c[1], "x", 1);
	child_status(owner);
	cr_assert_eq(count_lines(report_file), 0);
	char mine[300];
	snprintf(mine, sizeof mine, "%s.%d", report_file, (int)getpid());
	cr_assert_eq(count_lines(mine), 1);
	unlink(mine);
}

Test(process, line_survives_sigkill_right_after_report)
{
	pid_t pid = fork();
	if (pid == 0) {
		report_one("then killed", (void *)0x50);
		kill(getpid(), SIGKILL);
		_exit(0);
	}
	int status;
	cr_assert_eq(waitpid(pid, &status, 0), pid);
	cr_assert(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL);
	cJSON *j = json_line(report_file, 0);
	cr_assert_not_null(j, "the finding must be written before lc_report returns");
	cr_assert_str_eq(cJSON_GetObjectItem(j, "message")->valuestring, "then killed");
	cJSON_Delete(j);
}

enum { THREADS = 8, PER_THREAD = 25 };

static void *report_many(void *arg)
{
	uintptr_t base = (uintptr_t)arg * 0x10000;
	for (uintptr_t i = 0; i < PER_THREAD; i++)
		report_one("from many threads, with a message long enough to tear if lines interleaved",
			   (void *)(base + i * 8 + 8));
	return NULL;
}

Test(process, concurrent_reports_are_whole_lines)
{
	pthread_t t[THREADS];
	lc_report_set_dedup(false); /* one code site, many reports */
	for (uintptr_t i = 0; i < THREADS; i++)
		cr_assert_eq(pthread_create(&t[i], NULL, report_many, (void *)(i + 1)), 0);
	for (int i = 0; i < THREADS; i++)
		pthread_join(t[i], NULL);
	lc_report_set_dedup(true);
	cr_assert_eq(count_lines(report_file), THREADS * PER_THREAD);
	cr_assert_eq(lc_report_count(), THREADS * PER_THREAD);
	for (unsigned i = 0; i < THREADS * PER_THREAD; i++) {
		cJSON *j = json_line(report_file, i);
		cr_assert_not_null(j, "line %u is not whole JSON", i);
		cJSON_Delete(j);
	}
	char *log = slurp(log_file);
	cr_assert_eq(count_substr(log, "==ERROR: lockcheck: self-deadlock"), THREADS * PER_THREAD);
	cr_assert_eq(count_substr(log, "SUMMARY: lockcheck: self-deadlock"), THREADS * PER_THREAD);
	free(log);
}

/* Suppressions files as a user writes them. */
#include <criterion/criterion.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "report_helpers.h"

static lc_stack stack;

static __attribute__((noinline)) void suppressible_caller(lc_stack *st)
{
	lc_stack_capture(st, 0);
	__asm__ volatile("" ::: "memory");
}

static lc_finding_lock locks[2] = {
	{.addr = (void *)0x1000, .name = "sb->s_umount", .type = "rwsem", .mode = "write"},
	{.addr = (void *)0x2000, .name = NULL, .type = "mutex", .mode = "write"},
};
static lc_finding_stack stacks[1] = {{.label = "current", .stack = &stack}};

static void report_kind(lc_kind kind)
{
	suppressible_caller(&stack);
	lc_finding f = {.kind = kind, .message = "m", .thread = 1, .nlocks = 2,
			.locks = locks, .nstacks = 1, .stacks = stacks};
	lc_report(&f);
}

static char supp_file[256];
static void use_suppressions(const char *text)
{
	temp_path(supp_file, sizeof supp_file, "supp");
	test_write_file(supp_file, text);
	strcpy(lc_opt.suppressions, supp_file);
}

TestSuite(suppress, .init = report_setup);

Test(suppress, by_function_name_glob)
{
	use_suppressions("# our known one\n\nlock-order-inversion:suppressible_*\n");
	report_kind(LC_KIND_LOCK_ORDER_INVERSION);
	cr_assert_eq(count_lines(report_file), 0);
	cr_assert_eq(lc_report_count(), 0);
	/* The rule names one kind: others still come through. */
	report_kind(LC_KIND_SELF_DEADLOCK);
	cr_assert_eq(count_lines(report_file), 1);
}

Test(suppress, by_lock_name_with_any_kind)
{
	use_suppressions("*:sb->s_um*\n");
	report_kind(LC_KIND_SELF_DEADLOCK);
	report_kind(LC_KIND_DESTROY_HELD);
	cr_assert_eq(count_lines(report_file), 0);
}

/* A global lock nobody named is known by its variable. */
static pthread_mutex_t suppressed_global_lock = PTHREAD_MUTEX_INITIALIZER;

Test(suppress, by_variable_name_of_an_unnamed_global_lock)
{
	use_suppressions("lock-order-inversion:suppressed_global_*\n");
	suppressible_caller(&stack);
	lc_finding_lock global = {.addr = &suppressed_global_lock, .type = "mutex", .mode = "write"};
	lc_finding f = {.kind = LC_KIND_LOCK_ORDER_INVERSION, .message = "m", .thread = 1, .nlocks = 1,
			.locks = &global, .nstacks = 1, .stacks = stacks};
	lc_report(&f);
	cr_assert_eq(count_lines(report_file), 0);
	/* Another lock is not matched by that name. */
	report_kind(LC_KIND_LOCK_ORDER_INVERSION);
	cr_assert_eq(count_lines(report_file), 1);
}

Test(suppress, by_module_basename)
{
	use_suppressions("  * : unit-report \n");
	report_kind(LC_KIND_SELF_DEADLOCK);
	cr_assert_eq(count_lines(report_file), 0);
}

Test(suppress, pattern_must_match_whole_name)
{
	use_suppressions("*:suppressible\n*:s_umount\n");
	report_kind(LC_KIND_SELF_DEADLOCK);
	cr_assert_eq(count_lines(report_file), 1);
}

Test(suppress, malformed_line_is_named_once_and_others_apply)
{
	use_suppressions("# header\nthis line has no colon\nself-deadlock:suppressible_caller\n"
			 "no-such-kind:foo\n");
	report_kind(LC_KIND_SELF_DEADLOCK);
	report_kind(LC_KIND_DESTROY_HELD);
	report_kind(LC_KIND_HELD_LIMIT);
	char *log = slurp(log_file);
	char want[400];
	snprintf(want, sizeof want, "%s:2: expected KIND:PATTERN", supp_file);
	cr_assert_eq(count_substr(log, want), 1, "log:\n%s", log);
	snprintf(want, sizeof want, "%s:4: unknown report kind", supp_file);
	cr_assert_eq(count_substr(log, want), 1, "log:\n%s", log);
	free(log);
	/* Line 3 still suppresses; the two other kinds are reported. */
	cr_assert_eq(count_lines(report_file), 2, "report:\n%s", slurp(report_file));
}

Test(suppress, missing_file_is_said_and_nothing_is_lost)
{
	strcpy(lc_opt.suppressions, "/nonexistent/lockcheck.supp");
	report_kind(LC_KIND_SELF_DEADLOCK);
	cr_assert_eq(count_lines(report_file), 1);
	char *log = slurp(log_file);
	cr_assert_not_null(strstr(log, "/nonexistent/lockcheck.supp"));
	free(log);
}

Test(suppress, summary_counts_them_when_everything_is_suppressed)
{
	use_suppressions("*:sb->s_um*\n");
	pid_t pid = fork();
	if (pid == 0) {
		lc_report_fork_child();
		report_kind(LC_KIND_SELF_DEADLOCK);
		lc_report_at_exit();
		_exit(7); /* nothing reported: the program's own status stands */
	}
	int status;
	cr_assert_eq(waitpid(pid, &status, 0), pid);
	cr_assert_eq(WEXITSTATUS(status), 7);
	char *log = slurp(log_file);
	cr_assert_not_null(strstr(log, "SUMMARY: 0 findings reported (0 repeats not shown, 1 suppressed)"), "%s", log);
	free(log);
}

Test(suppress, gen_suppressions_prints_a_line_that_suppresses_it)
{
	lc_opt.gen_suppressions = true;
	report_kind(LC_KIND_SELF_DEADLOCK);
	char *log = slurp(log_file);
	cr_assert_not_null(strstr(log, "  suppression: self-deadlock:sb->s_umount\n"), "%s", log);
	free(log);
	lc_opt.gen_suppressions = false;
}

Test(suppress, the_generated_line_suppresses_the_finding)
{
	use_suppressions("self-deadlock:sb->s_umount\n"); /* as gen_suppressions printed it */
	report_kind(LC_KIND_SELF_DEADLOCK);
	cr_assert_eq(count_lines(report_file), 0);
}

/* suppressions= naming something that is not a file of lines: said, named,
 * and nothing read (a FIFO would block the program, a device never end). */
static void not_a_suppressions_file(const char *path, const char *why)
{
	strcpy(lc_opt.suppressions, path);
	report_kind(LC_KIND_SELF_DEADLOCK);
	cr_assert_eq(count_lines(report_file), 1, "the finding is still reported");
	char *log = slurp(log_file);
	cr_assert(strstr(log, path) && strstr(log, why), "log:\n%s", log);
	free(log);
}

Test(suppress, a_directory_is_an_error)
{
	not_a_suppressions_file("/tmp", "is a directory, not a suppressions file");
}

Test(suppress, a_device_is_an_error)
{
	not_a_suppressions_file("/dev/zero", "is a device, not a suppressions file");
}

Test(suppress, a_fifo_is_an_error_without_waiting_for_a_writer, .timeout = 30)
{
	char path[256];
	temp_path(path, sizeof path, "fifo");
	unlink(path);
	cr_assert_eq(mkfifo(path, 0600), 0);
	not_a_suppressions_file(path, "is a FIFO, not a suppressions file");
}

/* lc_report as a user sees it: the JSON line, the text in the log, dedup,
 * the detect switches and the hook. */
#include <criterion/criterion.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "report_helpers.h"

static lc_stack here;

/* Static and not inlined: its name must come from .symtab. */
static __attribute__((noinline)) void capture_in_writer_helper(lc_stack *st)
{
	lc_stack_capture(st, 0);
	__asm__ volatile("" ::: "memory"); /* keep the call from being a tail call */
}

static int obj;
static lc_finding_lock two_locks[2] = {
	{.addr = (void *)0x1000, .name = "inode->i_rwsem", .type = "rwsem", .mode = "write",
	 .object_type = "inode", .object = &obj},
	{.addr = (void *)0x2000, .name = NULL, .type = "mutex", .mode = "read"},
};
static lc_finding_field two_fields[2] = {
	{.key = "interface", .value = "inode_operations"},
	{.key = "doc_line", .value = "95"},
};

static lc_finding make_finding(lc_kind kind, lc_finding_stack *stacks)
{
	capture_in_writer_helper(&here);
	stacks[0] = (lc_finding_stack){.label = "current", .stack = &here};
	return (lc_finding){.kind = kind, .message = "A \"quoted\" message\nover two lines",
			    .thread = 1234, .nlocks = 2, .locks = two_locks,
			    .nstacks = 1, .stacks = stacks, .nfields = 2, .fields = two_fields};
}

TestSuite(writer, .init = report_setup);

Test(writer, json_line_has_every_member)
{
	lc_finding_stack st[1];
	lc_finding f = make_finding(LC_KIND_LOCK_ORDER_INVERSION, st);
	lc_report(&f);
	cr_assert_eq(count_lines(report_file), 1);
	cJSON *j = json_line(report_file, 0);
	cr_assert_not_null(j, "report line is not JSON: %s", slurp(report_file));
	cr_assert_str_eq(cJSON_GetObjectItem(j, "kind")->valuestring, "lock-order-inversion");
	cr_assert_str_eq(cJSON_GetObjectItem(j, "message")->valuestring,
			 "A \"quoted\" message\nover two lines");
	cr_assert_eq(cJSON_GetObjectItem(j, "pid")->valueint, (int)getpid());
	cr_assert_eq(cJSON_GetObjectItem(j, "thread")->valueint, 1234);
	cJSON *locks = cJSON_GetObjectItem(j, "locks");
	cr_assert_eq(cJSON_GetArraySize(locks), 2);
	cJSON *l0 = cJSON_GetArrayItem(locks, 0), *l1 = cJSON_GetArrayItem(locks, 1);
	cr_assert_str_eq(cJSON_GetObjectItem(l0, "addr")->valuestring, "0x1000");
	cr_assert_str_eq(cJSON_GetObjectItem(l0, "name")->valuestring, "inode->i_rwsem");
	cr_assert_str_eq(cJSON_GetObjectItem(l0, "type")->valuestring, "rwsem");
	cr_assert_str_eq(cJSON_GetObjectItem(l0, "mode")->valuestring, "write");
	cr_assert_str_eq(cJSON_GetObjectItem(l0, "object_type")->valuestring, "inode");
	cr_assert_eq(strtoull(cJSON_GetObjectItem(l0, "object")->valuestring, NULL, 16),
		     (unsigned long long)(uintptr_t)&obj);
	cr_assert(cJSON_IsNull(cJSON_GetObjectItem(l1, "name")));
	cr_assert(cJSON_IsNull(cJSON_GetObjectItem(l1, "object")));
	cr_assert_str_eq(cJSON_GetObjectItem(l1, "mode")->valuestring, "read");
	cJSON *stacks = cJSON_GetObjectItem(j, "stacks");
	cr_assert_eq(cJSON_GetArraySize(stacks), 1);
	cJSON *s0 = cJSON_GetArrayItem(stacks, 0);
	cr_assert_str_eq(cJSON_GetObjectItem(s0, "label")->valuestring, "current");
	cJSON *frames = cJSON_GetObjectItem(s0, "frames");
	cr_assert_eq((unsigned)cJSON_GetArraySize(frames), here.depth);
	cr_assert_gt(here.depth, 1);
	cJSON *top = cJSON_GetArrayItem(frames, 0);
	cr_assert_eq(strtoull(cJSON_GetObjectItem(top, "pc")->valuestring, NULL, 16),
		     (unsigned long long)here.pc[0]);
	cr_assert_str_eq(cJSON_GetObjectItem(top, "function")->valuestring, "capture_in_writer_helper");
	cr_assert_not_null(strstr(cJSON_GetObjectItem(top, "module")->valuestring, "unit-report"));
	cr_assert(cJSON_IsString(cJSON_GetObjectItem(top, "offset")));
	cr_assert(cJSON_IsString(cJSON_GetObjectItem(top, "function_offset")));
	cr_assert_str_eq(cJSON_GetObjectItem(j, "interface")->valuestring, "inode_operations");
	cr_assert_str_eq(cJSON_GetObjectItem(j, "doc_line")->valuestring, "95");
	cJSON_Delete(j);
}

Test(writer, text_report_in_sanitizer_style)
{
	lc_finding_stack st[1];
	lc_finding f = make_finding(LC_KIND_SELF_DEADLOCK, st);
	lc_report(&f);
	char *log = slurp(log_file);
	char banner[64];
	snprintf(banner, sizeof banner, "==%d==ERROR: lockcheck: self-deadlock", (int)getpid());
	cr_assert_not_null(strstr(log, banner), "log:\n%s", log);
	cr_assert_not_null(strstr(log, "A \"quoted\" message"));
	cr_assert_not_null(strstr(log, "lock 0: inode->i_rwsem (rwsem, write) at 0x1000 of inode 0x"));
	cr_assert_not_null(strstr(log, "lock 1: anonymous mutex@0x2000 (read)"));
	cr_assert_not_null(strstr(log, "interface: inode_operations"));
	cr_assert_not_null(strstr(log, "stack \"current\":"));
	cr_assert_not_null(strstr(log, "    #0 0x"));
	cr_assert_not_null(strstr(log, " in capture_in_writer_helper+0x"));
	cr_assert_not_null(strstr(log, "SUMMARY: lockcheck: self-deadlock in capture_in_writer_helper+0x"));
	free(log);
}

Test(writer, same_finding_is_reported_once)
{
	lc_finding_stack st[1];
	lc_finding f = make_finding(LC_KIND_RECURSIVE_LOCKING, st);
	lc_report(&f);
	lc_report(&f);
	cr_assert_eq(count_lines(report_file), 1);
	cr_assert_eq(lc_report_count(), 1);
	/* Another set of locks is another finding. */
	lc_finding g = f;
	g.nlocks = 1;
	lc_report(&g);
	/* So is another kind. */
	lc_finding h = f;
	h.kind = LC_KIND_DESTROY_HELD;
	lc_report(&h);
	cr_assert_eq(count_lines(report_file), 3);
	cr_assert_eq(lc_report_count(), 3);
}

Test(writer, lock_order_in_the_set_does_not_matter)
{
	lc_finding_stack st[1];
	lc_finding f = make_finding(LC_KIND_LOCK_ORDER_INVERSION, st);
	lc_report(&f);
	lc_finding_lock swapped[2] = {two_locks[1], two_locks[0]};
	f.locks = swapped;
	lc_report(&f);
	cr_assert_eq(count_lines(report_file), 1);
}

Test(writer, detect_switch_off_reports_nothing)
{
	lc_finding_stack st[1];
	lc_finding f = make_finding(LC_KIND_UNLOCK_NOT_HELD, st);
	lc_opt.detect[LC_KIND_UNLOCK_NOT_HELD] = false;
	lc_report(&f);
	cr_assert_eq(count_lines(report_file), 0);
	cr_assert_eq(lc_report_count(), 0);
}

static int hook_calls;
static lc_kind hook_kind;
static void hook(const lc_finding *f, void *arg)
{
	hook_calls += *(int *)arg;
	hook_kind = f->kind;
}

Test(writer, hook_sees_each_reported_finding)
{
	int one = 1;
	lc_report_set_hook(hook, &one);
	lc_finding_stack st[1];
	lc_finding f = make_finding(LC_KIND_HELD_LIMIT, st);
	lc_report(&f);
	lc_report(&f);
	lc_report_set_hook(NULL, NULL);
	cr_assert_eq(hook_calls, 1);
	cr_assert_eq(hook_kind, LC_KIND_HELD_LIMIT);
}

Test(writer, no_report_path_still_logs)
{
	lc_opt.report_path[0] = 0;
	lc_finding_stack st[1];
	lc_finding f = make_finding(LC_KIND_EXIT_HOLDING, st);
	lc_report(&f);
	char *log = slurp(log_file);
	cr_assert_not_null(strstr(log, "exit-holding"));
	free(log);
	cr_assert_eq(lc_report_count(), 1);
}

Test(writer, finding_without_stacks_or_locks)
{
	lc_finding f = {.kind = LC_KIND_ASSERT_FAILED, .message = "bare", .thread = 1};
	lc_report(&f);
	cJSON *j = json_line(report_file, 0);
	cr_assert_not_null(j);
	cr_assert_eq(cJSON_GetArraySize(cJSON_GetObjectItem(j, "locks")), 0);
	cr_assert_eq(cJSON_GetArraySize(cJSON_GetObjectItem(j, "stacks")), 0);
	cJSON_Delete(j);
}

Test(writer, a_1000_lock_cycle_is_one_complete_line)
{
	enum { N = 1000 };
	lc_finding_lock *locks = calloc(N, sizeof *locks);
	lc_stack *stacks = calloc(N, sizeof *stacks);
	lc_finding_stack *labels = calloc(N, sizeof *labels);
	static char names[N][32];
	for (unsigned i = 0; i < N; i++) {
		snprintf(names[i], sizeof names[i], "cycle_lock_%u", i);
		locks[i] = (lc_finding_lock){.addr = (void *)(uintptr_t)(0x10000 + i * 64),
					     .name = names[i], .type = "mutex", .mode = "write"};
		capture_in_writer_helper(&stacks[i]);
		labels[i] = (lc_finding_stack){.label = "edge", .stack = &stacks[i]};
	}
	lc_finding f = {.kind = LC_KIND_LOCK_ORDER_INVERSION, .message = "cycle", .thread = 2,
			.nlocks = N, .locks = locks, .nstacks = N, .stacks = labels};
	lc_report(&f);
	cr_assert_eq(count_lines(report_file), 1);
	cJSON *j = json_line(report_file, 0);
	cr_assert_not_null(j, "the long line is not complete JSON");
	cr_assert_eq(cJSON_GetArraySize(cJSON_GetObjectItem(j, "locks")), N);
	cr_assert_eq(cJSON_GetArraySize(cJSON_GetObjectItem(j, "stacks")), N);
	cJSON *last = cJSON_GetArrayItem(cJSON_GetObjectItem(j, "locks"), N - 1);
	cr_assert_str_eq(cJSON_GetObjectItem(last, "name")->valuestring, "cycle_lock_999");
	cJSON_Delete(j);
	free(locks);
	free(stacks);
	free(labels);
}

static void on_signal(int sig)
{
	(void)sig;
	static lc_finding_lock lock = {.addr = (void *)0x3000, .type = "spinlock", .mode = "write"};
	lc_finding f = {.kind = LC_KIND_BLOCKING_IN_ATOMIC, .message = "from a handler",
			.thread = 3, .nlocks = 1, .locks = &lock};
	lc_report(&f);
}

Test(writer, reports_from_a_signal_handler)
{
	signal(SIGUSR1, on_signal);
	raise(SIGUSR1);
	cJSON *j = json_line(report_file, 0);
	cr_assert_not_null(j);
	cr_assert_str_eq(cJSON_GetObjectItem(j, "kind")->valuestring, "blocking-in-atomic");
	cJSON_Delete(j);
}

Test(writer, kind_names_round_trip)
{
	for (int k = 0; k < LC_KIND_COUNT; k++) {
		cr_assert_not_null(lc_kind_name(k));
		cr_assert_eq(lc_kind_from_name(lc_kind_name(k)), k);
	}
	cr_assert_null(lc_kind_name(LC_KIND_COUNT));
	cr_assert_eq(lc_kind_from_name("no-such-kind"), -1);
	cr_assert_str_eq(lc_lock_type_name(0), "mutex");
}

static __attribute__((noinline)) void capture_elsewhere(lc_stack *st)
{
	lc_stack_capture(st, 0);
	__asm__ volatile("" ::: "memory");
}

Test(writer, summary_names_the_current_stack)
{
	lc_stack earlier, now;
	capture_elsewhere(&earlier);
	capture_in_writer_helper(&now);
	lc_finding_stack st[2] = {{.label = "edge 1: A -> B first seen", .stack = &earlier},
				  {.label = "current: B acquired while holding A", .stack = &now}};
	lc_finding f = {.kind = LC_KIND_LOCK_ORDER_INVERSION, .message = "m", .thread = 1,
			.nlocks = 2, .locks = two_locks, .nstacks = 2, .stacks = st};
	lc_report(&f);
	char *log = slurp(log_file);
	cr_assert_not_null(strstr(log, "stack \"edge 1: A -> B first seen\":\n    #0 0x"), "%s", log);
	cr_assert_not_null(strstr(log, "SUMMARY: lockcheck: lock-order-inversion in capture_in_writer_helper+0x"),
			   "%s", log);
	free(log);
}

Test(writer, unknown_frame_has_null_names)
{
	lc_stack st = {.depth = 1, .pc = {16}};
	lc_finding_stack stacks[1] = {{.label = "current", .stack = &st}};
	lc_finding f = {.kind = LC_KIND_HELD_LIMIT, .message = "m", .thread = 1, .nstacks = 1,
			.stacks = stacks};
	lc_report(&f);
	cJSON *j = json_line(report_file, 0);
	cr_assert_not_null(j);
	cJSON *fr = cJSON_GetArrayItem(
		cJSON_GetObjectItem(cJSON_GetArrayItem(cJSON_GetObjectItem(j, "stacks"), 0), "frames"), 0);
	cr_assert_str_eq(cJSON_GetObjectItem(fr, "pc")->valuestring, "0x10");
	cr_assert(cJSON_IsNull(cJSON_GetObjectItem(fr, "function")));
	cr_assert(cJSON_IsNull(cJSON_GetObjectItem(fr, "function_offset")));
	cr_assert(cJSON_IsNull(cJSON_GetObjectItem(fr, "module")));
	cJSON_Delete(j);
	char *log = slurp(log_file);
	cr_assert_not_null(strstr(log, "#0 0x10 in ?? (<unknown module>)"), "%s", log);
	free(log);
}

/* A lock name is whatever bytes the program passed: the JSON line stays
 * valid UTF-8 (U+FFFD for a bad byte), valid sequences pass through. */
Test(writer, json_is_valid_utf8_whatever_the_lock_name)
{
	lc_finding_lock lock = {.addr = (void *)0x3000, .name = "caf\xc3\xa9_\xff\xfe_lock", .type = "mutex"};
	lc_finding f = {.kind = LC_KIND_SELF_DEADLOCK, .message = "m", .thread = 1, .nlocks = 1, .locks = &lock};
	lc_report(&f);
	char *text = slurp(report_file);
	cr_assert_null(strchr(text, '\xff'), "raw invalid byte in %s", text);
	cr_assert_not_null(strstr(text, "\"name\":\"caf\xc3\xa9_\\ufffd\\ufffd_lock\""), "%s", text);
	free(text);
	cJSON *j = json_line(report_file, 0);
	cr_assert_not_null(j, "the line is JSON");
	cJSON_Delete(j);
}

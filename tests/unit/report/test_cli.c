/* The `lockcheck` command, run as a user runs it: `report` on fixture
 * reports in each format, and `run` on small shell programs. */
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

#include "report_helpers.h"
#include "../../common/test_paths.h"

#include "cli_helpers.h"

TestSuite(cli, .init = cli_locate);

Test(cli, report_text_merges_processes_and_exits_1)
{
	int rc = lockcheck("report", fixture("run-a.jsonl"), fixture("run-a.jsonl.200"), NULL);
	char *out = slurp(out_file);
	cr_assert_eq(rc, 1, "stderr: %s", slurp(err_file));
	cr_assert_not_null(strstr(out, "lockcheck: 3 distinct findings (2 repeats merged, 0 suppressed)"), "%s", out);
	cr_assert_not_null(strstr(out, "lock-order-inversion: Lock order inversion"));
	cr_assert_not_null(strstr(out, "(x3)"));
	/* The top user frame, not the library's own. */
	cr_assert_not_null(strstr(out, "at worker_rename (fsdemo+0x5678)"));
	cr_assert_not_null(strstr(out, "anonymous mutex@0x7ffd0010 (write)"));
	cr_assert_not_null(strstr(out, "in inode_operations.rename"));
	free(out);
}

Test(cli, report_jsonl_has_one_line_per_distinct_finding)
{
	cr_assert_eq(lockcheck("report", "--format", "jsonl", fixture("run-a.jsonl"),
			       fixture("run-a.jsonl.200"), NULL), 1);
	cr_assert_eq(count_lines(out_file), 3);
	cJSON *first = json_line(out_file, 0), *third = json_line(out_file, 2);
	cr_assert_not_null(first);
	cr_assert_not_null(third);
	cr_assert_str_eq(cJSON_GetObjectItem(first, "kind")->valuestring, "lock-order-inversion");
	cr_assert_eq(cJSON_GetObjectItem(first, "count")->valueint, 3);
	cr_assert_str_eq(cJSON_GetObjectItem(third, "rule_cell")->valuestring, "exclusive");
	cJSON_Delete(first);
	cJSON_Delete(third);
}

Test(cli, report_sarif_is_2_1_0_with_a_result_per_finding)
{
	cr_assert_eq(lockcheck("report", "--format=sarif", fixture("run-a.jsonl"),
			       fixture("run-a.jsonl.200"), NULL), 1);
	char *text = slurp(out_file);
	cJSON *sarif = cJSON_Parse(text);
	cr_assert_not_null(sarif, "not JSON: %s", text);
	cr_assert_str_eq(cJSON_GetObjectItem(sarif, "version")->valuestring, "2.1.0");
	cJSON *run = cJSON_GetArrayItem(cJSON_GetObjectItem(sarif, "runs"), 0);
	cJSON *driver = cJSON_GetObjectItem(cJSON_GetObjectItem(run, "tool"), "driver");
	cr_assert_str_eq(cJSON_GetObjectItem(driver, "name")->valuestring, "lockcheck");
	cJSON *rules = cJSON_GetObjectItem(driver, "rules");
	cJSON *results = cJSON_GetObjectItem(run, "results");
	cr_assert_eq(cJSON_GetArraySize(results), 3);
	cJSON *res;
	cJSON_ArrayForEach(res, results)
	{
		cJSON *rule = cJSON_GetArrayItem(rules, cJSON_GetObjectItem(res, "ruleIndex")->valueint);
		cr_assert_str_eq(cJSON_GetObjectItem(rule, "id")->valuestring,
				 cJSON_GetObjectItem(res, "ruleId")->valuestring);
		cr_assert(cJSON_IsString(cJSON_GetObjectItem(cJSON_GetObjectItem(res, "message"), "text")));
	}
	cJSON *loc = cJSON_GetArrayItem(cJSON_GetObjectItem(cJSON_GetArrayItem(results, 0), "locations"), 0);
	cJSON *logical = cJSON_GetArrayItem(cJSON_GetObjectItem(loc, "logicalLocations"), 0);
	cr_assert_str_eq(cJSON_GetObjectItem(logical, "name")->valuestring, "worker_rename");
	cJSON *art = cJSON_GetObjectItem(cJSON_GetObjectItem(loc, "physicalLocation"), "artifactLocation");
	cr_assert_str_eq(cJSON_GetObjectItem(art, "uri")->valuestring, "file:///srv/app/bin/fsdemo");
	cJSON_Delete(sarif);
	free(text);
}

Test(cli, report_junit_fails_one_testcase_per_finding)
{
	cr_assert_eq(lockcheck("report", "--format", "junit", fixture("run-a.jsonl"),
			       fixture("run-a.jsonl.200"), NULL), 1);
	char *xml = slurp(out_file);
	cr_assert_eq(strncmp(xml, "<?xml", 5), 0);
	cr_assert_eq(count_substr(xml, "<testcase "), 3);
	cr_assert_eq(count_substr(xml, "<failure "), 3);
	cr_assert_eq(count_substr(xml, "failures=\"3\""), 2, "%s", xml);
	cr_assert_not_null(strstr(xml, "file_lock -&gt; dir_lock"), "XML must be escaped");
	free(xml);
}

Test(cli, report_clean_input_exits_0)
{
	cr_assert_eq(lockcheck("report", "--format", "junit", fixture("empty.jsonl"), NULL), 0);
	char *xml = slurp(out_file);
	cr_assert_not_null(strstr(xml, "failures=\"0\""));
	cr_assert_eq(count_substr(xml, "<failure"), 0);
	free(xml);
	cr_assert_eq(lockcheck("report", "--format", "sarif", fixture("empty.jsonl"), NULL), 0);
	char *text = slurp(out_file);
	cJSON *sarif = cJSON_Parse(text);
	free(text);
	cJSON *run = cJSON_GetArrayItem(cJSON_GetObjectItem(sarif, "runs"), 0);
	cr_assert_eq(cJSON_GetArraySize(cJSON_GetObjectItem(run, "results")), 0);
	cJSON_Delete(sarif);
}

Test(cli, report_applies_suppressions)
{
	int rc = lockcheck("report", "--suppressions", fixture("worker.supp"), fixture("run-a.jsonl"),
			   fixture("run-a.jsonl.200"), NULL);
	cr_assert_eq(rc, 1);
	char *out = slurp(out_file);
	cr_assert_not_null(strstr(out, "1 distinct finding (0 repeats merged, 4 suppressed)"), "%s", out);
	cr_assert_null(strstr(out, "lock-order-inversion:"));
	free(out);
	/* Suppress the last one too: the gate opens. */
	char supp[256];
	temp_path(supp, sizeof supp, "supp");
	test_write_file(supp, "lock-order-inversion:worker_*\n*:relock_path\ncontract-*:inode_*\n*:i_rwsem\n"
			 "contract-lock-missing:fsdemo\n");
	cr_assert_eq(lockcheck("report", "--suppressions", supp, fixture("run-a.jsonl"),
			       fixture("run-a.jsonl.200"), NULL), 2, "contract-* is not a kind");
	test_write_file(supp, "lock-order-inversion:worker_*\n*:relock_path\ncontract-lock-missing:fsdemo\n");
	cr_assert_eq(lockcheck("report", "--suppressions", supp, fixture("run-a.jsonl"),
			       fixture("run-a.jsonl.200"), NULL), 0, "%s", slurp(err_file));
}

Test(cli, bad_input_exits_2_naming_file_and_line)
{
	cr_assert_eq(lockcheck("report", fixture("malformed.jsonl"), NULL), 2);
	char *err = slurp(err_file);
	cr_assert_not_null(strstr(err, "malformed.jsonl:2: expected a JSON object"), "%s", err);
	free(err);
	cr_assert_eq(lockcheck("report", fixture("not-object.jsonl"), NULL), 2);
	err = slurp(err_file);
	cr_assert_not_null(strstr(err, "not-object.jsonl:1: expected a JSON object"), "%s", err);
	free(err);
	cr_assert_eq(lockcheck("report", "--suppressions", fixture("malformed.supp"), fixture("empty.jsonl"), NULL), 2);
	err = slurp(err_file);
	cr_assert_not_null(strstr(err, "malformed.supp:2: expected KIND:PATTERN"), "%s", err);
	free(err);
	cr_assert_eq(lockcheck("report", "/nonexistent/report.jsonl", NULL), 2);
	cr_assert_eq(lockcheck("report", "--format", "xml", fixture("empty.jsonl"), NULL), 2);
	cr_assert_eq(lockcheck("report", NULL), 2);
}

Test(cli, report_reads_standard_input)
{
	stdin_file = fixture("run-a.jsonl");
	cr_assert_eq(lockcheck("report", "--format", "jsonl", "-", NULL), 1);
	cr_assert_eq(count_lines(out_file), 2);
}

Test(cli, report_output_file)
{
	char out[256];
	temp_path(out, sizeof out, "sarif");
	/* Options may follow the files. */
	cr_assert_eq(lockcheck("report", fixture("run-a.jsonl"), "--format", "sarif", "-o", out, NULL), 1);
	char *text = slurp(out);
	cJSON *sarif = cJSON_Parse(text);
	free(text);
	cr_assert_not_null(sarif);
	cr_assert_eq(count_lines(out_file), 0, "nothing on stdout with -o");
	cJSON_Delete(sarif);
}

Test(cli, report_reads_what_the_library_wrote)
{
	report_setup();
	lc_stack st;
	lc_stack_capture(&st, 0);
	lc_finding_stack stacks[1] = {{.label = "current", .stack = &st}};
	lc_finding_lock lock = {.addr = (void *)0x40, .name = "roundtrip_lock", .type = "mutex", .mode = "write"};
	lc_finding f = {.kind = LC_KIND_UNLOCK_NOT_HELD, .message = "round trip", .thread = 9,
			.nlocks = 1, .locks = &lock, .nstacks = 1, .stacks = stacks};
	lc_report(&f);
	cr_assert_eq(lockcheck("report", report_file, NULL), 1);
	char *out = slurp(out_file);
	cr_assert_not_null(strstr(out, "[1] unlock-not-held: round trip"), "%s", out);
	cr_assert_not_null(strstr(out, "roundtrip_lock (mutex, write)"), "%s", out);
	/* Built with -g: symbolized to the line of lc_stack_capture above. */
	cr_assert_not_null(strstr(out, "at cli_report_reads_what_the_library_wrote_impl "), "%s", out);
	cr_assert_not_null(strstr(out, "tests/unit/report/test_cli.c:"), "%s", out);
	free(out);
}

/* ---- lockcheck run ---- */

/* A harmless shared object to stand in for liblockcheck.so, so `run` is
 * tested on its own (and in the sanitizer build, where the real library
 * cannot be preloaded into an uninstrumented shell). */
/* The built library, named as a user may name it: `run` checks that the
 * preload took (the library says so), so a stand-in would not do. */
static void stand_in_library(void)
{
	static char lib[PATH_MAX];
	snprintf(lib, sizeof lib, "%s/lib/liblockcheck.so", test_build_dir());
	setenv("LOCKCHECK_LIBRARY", lib, 1);
	unsetenv("LD_PRELOAD");
	unsetenv("LOCKCHECK_OPTIONS");
#if defined(__SANITIZE_ADDRESS__)
	/* The ASan-built library goes into programs that are not. */
	setenv("ASAN_OPTIONS", "verify_asan_link_order=0:detect_leaks=0", 1);
#endif
}

static const char finding_line[] =
	"{\"kind\":\"self-deadlock\",\"message\":\"again\",\"pid\":1,\"thread\":1,\"locks\":[],"
	"\"stacks\":[{\"label\":\"current\",\"frames\":[{\"pc\":\"0x1\",\"module\":\"/bin/prog\","
	"\"offset\":\"0x10\",\"function\":\"relock\",\"function_offset\":\"0x4\"}]}]}";

Test(cli, run_passes_the_program_status_through)
{
	stand_in_library();
	char report[256];
	temp_path(report, sizeof report, "run");
	cr_assert_eq(lockcheck("run", "--report", report, "--", "sh", "-c", "exit 3", NULL), 3);
	cr_assert_eq(lockcheck("run", "--report", report, "--", "sh", "-c", "kill -TERM $$", NULL), 128 + 15);
	cr_assert_eq(lockcheck("run", "--report", report, "--", "true", NULL), 0);
	char *err = slurp(err_file);
	cr_assert_not_null(strstr(err, "lockcheck: no findings"), "%s", err);
	free(err);
}

Test(cli, run_sets_preload_and_options)
{
	stand_in_library();
	setenv("LD_PRELOAD", "libfirst.so", 1);
	setenv("LOCKCHECK_OPTIONS", "exitcode=3", 1);
	char report[256];
	temp_path(report, sizeof report, "run");
	cr_assert_eq(lockcheck("run", "--report", report, "--options", "verbosity=1", "--quiet", "--", "sh", "-c",
			       "echo \"$LOCKCHECK_OPTIONS\"; echo \"$LD_PRELOAD\"", NULL), 0);
	unsetenv("LD_PRELOAD");
	char *out = slurp(out_file), want[600];
	snprintf(want, sizeof want, "exitcode=3:verbosity=1:report_path=%s:log_path=/dev/null\nlibfirst.so:%s\n",
		 report, getenv("LOCKCHECK_LIBRARY"));
	cr_assert_str_eq(out, want);
	free(out);
}

Test(cli, run_summarizes_findings_of_every_process_and_exits_1)
{
	stand_in_library();
	char report[256];
	temp_path(report, sizeof report, "run");
	setenv("LINE", finding_line, 1);
	/* The program "finds" the same thing in two processes: report and report.4242. */
	int rc = lockcheck("run", "--report", report, "--", "sh", "-c",
			   "r=${LOCKCHECK_OPTIONS##*report_path=}; echo \"$LINE\" >> \"$r\"; "
			   "echo \"$LINE\" >> \"$r.4242\"; exit 0", NULL);
	cr_assert_eq(rc, 1);
	char *err = slurp(err_file);
	cr_assert_not_null(strstr(err, "1 distinct finding (1 repeats merged"), "%s", err);
	cr_assert_not_null(strstr(err, "[1] self-deadlock: again (x2)"), "%s", err);
	cr_assert_not_null(strstr(err, "at relock (prog+0x10)"), "%s", err);
	cr_assert_not_null(strstr(err, "lockcheck: report: "), "%s", err);
	free(err);
	/* A second run starts from a clean report (stale PID files go too). */
	cr_assert_eq(lockcheck("run", "--report", report, "--", "true", NULL), 0);
	char pidfile[300];
	snprintf(pidfile, sizeof pidfile, "%s.4242", report);
	cr_assert_neq(access(pidfile, F_OK), 0);
}

/* Findings the library could not write (a full disk) make the run fail with
 * its own status, whatever the report file holds. */
Test(cli, run_fails_distinctly_when_findings_could_not_be_written)
{
	stand_in_library();
	char prog[PATH_MAX];
	snprintf(prog, sizeof prog, "%s/tests/progs/abba", test_build_dir());
	cr_assert_eq(lockcheck("run", "--report", "/dev/full", "--", prog, NULL), 3);
	char *err = slurp(err_file);
	cr_assert(strstr(err, "cannot write report file /dev/full: No space left on device"), "%s", err);
	cr_assert(strstr(err, "lockcheck run: 1 finding could not be written to the report"), "%s", err);
	free(err);
	/* The report file itself is not read: a device would never end. */
	char report[256];
	temp_path(report, sizeof report, "run");
	cr_assert_eq(lockcheck("run", "--report", report, "--", "sh", "-c",
			       "echo report-lost >> \"$LOCKCHECK_RUN_MARKER\"", NULL), 3);
}

/* A spec named in the options that does not load: the checks asked for did
 * not run, so the run fails with the bad-input status. */
Test(cli, run_fails_when_a_spec_in_the_options_cannot_be_used)
{
	stand_in_library();
	char report[256];
	temp_path(report, sizeof report, "run");
	cr_assert_eq(lockcheck("run", "--report", report, "--options", "spec=/nonexistent/spec.json", "--", "true",
			       NULL), 2);
	char *err = slurp(err_file);
	cr_assert(strstr(err, "/nonexistent/spec.json: cannot open"), "%s", err);
	cr_assert(strstr(err, "lockcheck run: the library could not use a file named in its options"), "%s", err);
	free(err);
}

Test(cli, run_default_report_is_a_kept_temp_file)
{
	stand_in_library();
	char dir[] = "/tmp/lc-run-XXXXXX";
	cr_assert_not_null(mkdtemp(dir));
	setenv("TMPDIR", dir, 1);
	cr_assert_eq(lockcheck("run", "--", "true", NULL), 0);
	char *err = slurp(err_file), want[300];
	snprintf(want, sizeof want, "lockcheck: report: %s/lockcheck-", dir);
	const char *at = strstr(err, want);
	cr_assert_not_null(at, "%s", err);
	char path[300];
	cr_assert_eq(sscanf(at, "lockcheck: report: %299s", path), 1);
	cr_assert_eq(access(path, F_OK), 0, "%s should be kept", path);
	free(err);
	unlink(path);
	rmdir(dir);
}

Test(cli, run_cannot_start)
{
	stand_in_library();
	char report[256];
	temp_path(report, sizeof report, "run");
	cr_assert_eq(lockcheck("run", "--report", report, "--", "/nonexistent/program", NULL), 127);
	setenv("LOCKCHECK_LIBRARY", "/nonexistent/liblockcheck.so", 1);
	cr_assert_eq(lockcheck("run", "--", "true", NULL), 125);
	char *err = slurp(err_file);
	cr_assert_not_null(strstr(err, "LOCKCHECK_LIBRARY"), "%s", err);
	free(err);
	cr_assert_eq(lockcheck("run", NULL), 125);
}

Test(cli, sarif_has_a_rule_for_every_library_kind)
{
	cr_assert_eq(lockcheck("report", "--format", "sarif", fixture("empty.jsonl"), NULL), 0);
	char *text = slurp(out_file);
	cJSON *sarif = cJSON_Parse(text);
	free(text);
	cJSON *run = cJSON_GetArrayItem(cJSON_GetObjectItem(sarif, "runs"), 0);
	cJSON *rules = cJSON_GetObjectItem(cJSON_GetObjectItem(cJSON_GetObjectItem(run, "tool"), "driver"), "rules");
	cr_assert_eq(cJSON_GetArraySize(rules), LC_KIND_COUNT);
	for (int k = 0; k < LC_KIND_COUNT; k++)
		cr_assert_str_eq(cJSON_GetObjectItem(cJSON_GetArrayItem(rules, k), "id")->valuestring,
				 lc_kind_name(k), "the command's kind list has drifted from the library's");
	cJSON_Delete(sarif);
}

/* C++: std::mutex::lock() and <mutex>'s gthread wrappers are header code
 * compiled into the program; the place a person fixes is their caller. */
Test(cli, report_places_a_finding_at_the_caller_of_system_header_code)
{
	char report[256];
	temp_path(report, sizeof report, "header");
	FILE *f = fopen(report, "w");
	cr_assert_not_null(f);
	fputs("{\"kind\":\"self-deadlock\",\"message\":\"again\",\"pid\":1,\"thread\":1,\"locks\":[],"
	      "\"stacks\":[{\"label\":\"current\",\"frames\":["
	      "{\"pc\":\"0x1\",\"module\":\"/bin/prog\",\"offset\":\"0x10\",\"function\":\"std::mutex::lock()\","
	      "\"file\":\"/usr/include/c++/12/bits/std_mutex.h\",\"line\":100,\"inlined\":true},"
	      "{\"pc\":\"0x1\",\"module\":\"/bin/prog\",\"offset\":\"0x10\",\"function\":\"ba\","
	      "\"file\":\"/src/mt.cpp\",\"line\":5,\"inlined\":false}]}]}\n",
	      f);
	fclose(f);
	cr_assert_eq(lockcheck("report", report, NULL), 1);
	char *out = slurp(out_file), *err = slurp(err_file);
	cr_assert(strstr(out, "at ba /src/mt.cpp:5") || strstr(err, "at ba /src/mt.cpp:5"), "%s%s", out, err);
	cr_assert_null(strstr(out, "at std::mutex::lock()"), "%s", out);
	free(out);
	free(err);
	unlink(report);
}

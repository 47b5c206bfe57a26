/* The CI gate as a user meets it: real programs built with -g run under
 * `lockcheck run`, then `lockcheck report` merging, fingerprinting,
 * baselining and writing SARIF and JUnit that validate. */
#include <criterion/criterion.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli_helpers.h"
#include "report_helpers.h"
#include "../../common/test_paths.h"

TestSuite(gate, .init = cli_locate);

static char example[PATH_MAX];

static const char *example_bin(const char *name)
{
	snprintf(example, sizeof example, "%s/examples/%s", test_build_dir(), name);
	cr_assert_eq(access(example, X_OK), 0, "%s is not built (make examples)", example);
	return example;
}

/* One run of the example into a fresh report file; returns its path. */
static char *run_example(const char *bin, const char *tag)
{
	char *report = malloc(256);
	temp_path(report, 256, tag);
	cr_assert_eq(lockcheck("run", "--report", report, "--quiet", "--", bin, NULL), 1, "%s", slurp(err_file));
	return report;
}

static cJSON *sarif_of(const char *a, const char *b)
{
	cr_assert_eq(lockcheck("report", "--format", "sarif", "--source-root", test_repo_root(), a, b, NULL), 1,
		     "%s", slurp(err_file));
	char *text = slurp(out_file);
	cJSON *sarif = cJSON_Parse(text);
	free(text);
	cr_assert_not_null(sarif);
	return sarif;
}

static cJSON *results_of(cJSON *sarif)
{
	return cJSON_GetObjectItem(cJSON_GetArrayItem(cJSON_GetObjectItem(sarif, "runs"), 0), "results");
}

static const char *fingerprint_of(cJSON *result)
{
	return cJSON_GetObjectItem(cJSON_GetObjectItem(result, "partialFingerprints"), "lockcheckSignature/v1")
		->valuestring;
}

Test(gate, run_names_file_and_line_of_both_acquisitions)
{
	const char *bin = example_bin("lock_order_bug");
	char report[256];
	temp_path(report, sizeof report, "sym");
	cr_assert_eq(lockcheck("run", "--report", report, "--quiet", "--", bin, NULL), 1);
	char *err = slurp(err_file);
	/* lookup() takes stats_lock at line 29 under cache_lock; report() takes
	 * cache_lock at line 41 under stats_lock; both inlined into callers. */
	cr_assert_not_null(strstr(err, "at lookup "), "%s", err);
	cr_assert_not_null(strstr(err, "examples/lock_order_bug.c:29, inlined in worker"), "%s", err);
	cr_assert_not_null(strstr(err, "at report "), "%s", err);
	cr_assert_not_null(strstr(err, "examples/lock_order_bug.c:41, inlined in main"), "%s", err);
	cr_assert_null(strstr(err, "trampoline"), "the library's own frames never appear: %s", err);
	free(err);
}

Test(gate, stripped_program_says_no_debug_info)
{
	const char *bin = example_bin("lock_order_bug");
	char stripped[256], cmd[PATH_MAX + 300];
	temp_path(stripped, sizeof stripped, "stripped");
	snprintf(cmd, sizeof cmd, "objcopy --strip-debug '%s' '%s' && chmod +x '%s'", bin, stripped, stripped);
	if (system(cmd) != 0)
		cr_skip_test("objcopy (binutils) is not installed");
	char report[256];
	temp_path(report, sizeof report, "nodebug");
	cr_assert_eq(lockcheck("run", "--report", report, "--quiet", "--", stripped, NULL), 1);
	char *err = slurp(err_file);
	cr_assert_not_null(strstr(err, "no debug info for "), "%s", err);
	cr_assert_not_null(strstr(err, stripped), "%s", err);
	cr_assert_null(strstr(err, "lock_order_bug.c:"), "%s", err);
	free(err);
	unlink(stripped);
}

Test(gate, same_bug_in_two_runs_is_one_finding_with_one_fingerprint)
{
	const char *bin = example_bin("lock_order_bug");
	char *a = run_example(bin, "run1"), *b = run_example(bin, "run2");
	cJSON *both = sarif_of(a, b), *one = sarif_of(a, NULL), *other = sarif_of(b, NULL);
	cr_assert_eq(cJSON_GetArraySize(results_of(both)), 1, "two runs, one bug: one result");
	cr_assert_str_eq(fingerprint_of(cJSON_GetArrayItem(results_of(one), 0)),
			 fingerprint_of(cJSON_GetArrayItem(results_of(other), 0)));
	/* The alert lands on the right line of the right file, repo-relative. */
	cJSON *loc = cJSON_GetArrayItem(cJSON_GetObjectItem(cJSON_GetArrayItem(results_of(one), 0), "locations"), 0);
	cJSON *phys = cJSON_GetObjectItem(loc, "physicalLocation");
	cr_assert_str_eq(cJSON_GetObjectItem(cJSON_GetObjectItem(phys, "artifactLocation"), "uri")->valuestring,
			 "examples/lock_order_bug.c");
	cr_assert_eq(cJSON_GetObjectItem(cJSON_GetObjectItem(phys, "region"), "startLine")->valueint, 41);
	cJSON_Delete(both);
	cJSON_Delete(one);
	cJSON_Delete(other);
	unlink(a);
	unlink(b);
	free(a);
	free(b);
}

Test(gate, same_bug_in_another_process_merges_two_code_paths_stay_two)
{
	cr_assert_eq(lockcheck("report", fixture("two-paths.jsonl"), fixture("same-bug-other-process.jsonl"), NULL), 1);
	char *out = slurp(out_file);
	/* lookup/report in two processes (other addresses, the cycle closed from
	 * the other side) is one finding; evict/report is another. */
	cr_assert_not_null(strstr(out, "2 distinct findings (1 repeats merged"), "%s", out);
	cr_assert_not_null(strstr(out, "at evict"), "%s", out);
	free(out);
}

Test(gate, baseline_passes_old_findings_and_fails_new_ones)
{
	char baseline[256];
	temp_path(baseline, sizeof baseline, "baseline");
	cr_assert_eq(lockcheck("report", "--format", "jsonl", "-o", baseline, fixture("same-bug-other-process.jsonl"),
			       NULL), 1);
	/* Only the known bug: the gate passes. */
	cr_assert_eq(lockcheck("report", "--baseline", baseline, fixture("truncated.jsonl"), NULL), 0,
		     "%s", slurp(out_file));
	char *out = slurp(out_file);
	cr_assert_not_null(strstr(out, "no findings"), "%s", out);
	cr_assert_not_null(strstr(out, "1 in the baseline"), "%s", out);
	free(out);
	/* A new code path: the gate fails, on that one only. */
	cr_assert_eq(lockcheck("report", "--baseline", baseline, fixture("two-paths.jsonl"), NULL), 1);
	out = slurp(out_file);
	cr_assert_not_null(strstr(out, "1 distinct finding "), "%s", out);
	cr_assert_not_null(strstr(out, "at evict"), "%s", out);
	free(out);
	unlink(baseline);
}

Test(gate, truncated_last_line_is_read_up_to_there_with_a_warning)
{
	cr_assert_eq(lockcheck("report", "--format", "jsonl", "-o", "-", fixture("truncated.jsonl"), NULL), 1);
	cr_assert_eq(count_lines(out_file), 1);
	char *err = slurp(err_file);
	cr_assert_not_null(strstr(err, "truncated.jsonl:2: warning: last line is cut short"), "%s", err);
	free(err);
	/* A bad line that is not the last is still an error. */
	cr_assert_eq(lockcheck("report", fixture("malformed.jsonl"), NULL), 2);
}

Test(gate, invalid_utf8_in_a_lock_name_gives_valid_utf8_everywhere)
{
	static const char *const formats[] = {"text", "jsonl", "sarif", "junit"};
	for (unsigned i = 0; i < 4; i++) {
		cr_assert_eq(lockcheck("report", "--format", formats[i], fixture("bad-utf8.jsonl"), NULL), 1);
		char *out = slurp(out_file);
		size_t n = strlen(out);
		for (size_t j = 0; j < n; j++)
			cr_assert_neq((unsigned char)out[j], 0xff, "%s: raw invalid byte at %zu", formats[i], j);
		cr_assert_not_null(strstr(out, "cache\xef\xbf\xbd\xef\xbf\xbdlock"), "%s: U+FFFD expected", formats[i]);
		cr_assert_lt(n, 40000, "%s: a 6000-byte name is capped", formats[i]);
		free(out);
	}
}

/* ---- validation against schemas (tests/fixtures/schemas) ---- */

static char schema[PATH_MAX];

static const char *schema_file(const char *name)
{
	snprintf(schema, sizeof schema, "%s/tests/fixtures/schemas/%s", test_repo_root(), name);
	return schema;
}

/* 0: valid; 1: invalid; 2: validator unavailable. */
static int validate_sarif(const char *file)
{
	if (system("python3 -c 'import jsonschema' 2>/dev/null") != 0)
		return 2;
	char cmd[3 * PATH_MAX];
	snprintf(cmd, sizeof cmd,
		 "python3 -c 'import json,sys,jsonschema; "
		 "jsonschema.validate(json.load(open(sys.argv[2])), json.load(open(sys.argv[1])), "
		 "format_checker=jsonschema.FormatChecker())' '%s' '%s' >/dev/null 2>&1",
		 schema_file("sarif-2.1.0-subset.schema.json"), file);
	return system(cmd) == 0 ? 0 : 1;
}

Test(gate, sarif_validates_against_the_schema)
{
	const char *bin = example_bin("lock_order_bug");
	char *a = run_example(bin, "sarif");
	char out[256];
	temp_path(out, sizeof out, "sarif-out");
	cr_assert_eq(lockcheck("report", "--format", "sarif", "--source-root", test_repo_root(), "-o", out, a,
			       fixture("run-a.jsonl"), fixture("bad-utf8.jsonl"), NULL), 1);
	int rc = validate_sarif(out);
	if (rc == 2)
		cr_skip_test("python3-jsonschema is not installed");
	cr_assert_eq(rc, 0, "SARIF does not validate: %s", out);
	/* The checker itself rejects what GitHub would: a rule without help. */
	char *text = slurp(out);
	char *help = strstr(text, "\"help\":");
	cr_assert_not_null(help);
	memcpy(help, "\"hlep\":", 7);
	test_write_file(out, text);
	cr_assert_eq(validate_sarif(out), 1, "the schema check must be able to fail");
	free(text);
	unlink(out);
	unlink(a);
	free(a);
}

Test(gate, junit_validates_against_the_jenkins_schema)
{
	if (system("command -v xmllint >/dev/null 2>&1") != 0)
		cr_skip_test("xmllint (libxml2-utils) is not installed");
	char out[256], cmd[3 * PATH_MAX];
	temp_path(out, sizeof out, "junit-out");
	cr_assert_eq(lockcheck("report", "--format", "junit", "-o", out, fixture("run-a.jsonl"),
			       fixture("bad-utf8.jsonl"), NULL), 1);
	snprintf(cmd, sizeof cmd, "xmllint --noout --schema '%s' '%s' 2>&1", schema_file("junit-jenkins.xsd"), out);
	cr_assert_eq(system(cmd), 0, "JUnit does not validate: %s", out);
	char *xml = slurp(out);
	/* Stable names: kind, code site, signature hash; no index, no address. */
	cr_assert_not_null(strstr(xml, "name=\"lock-order-inversion at worker_rename+0x31@fsdemo ["), "%s", xml);
	cr_assert_null(strstr(xml, "name=\"1:"), "%s", xml);
	free(xml);
	unlink(out);
}

Test(gate, suppression_by_lock_variable_name_and_generated_lines)
{
	char *supp = test_temp_file("supp", "lock-order-inversion:cache_lock\n");
	cr_assert_eq(lockcheck("report", "--suppressions", supp, fixture("two-paths.jsonl"), NULL), 0);
	char *out = slurp(out_file);
	cr_assert_not_null(strstr(out, "no findings (2 report lines read, 2 suppressed)"), "%s", out);
	free(out);
	cr_assert_eq(lockcheck("report", "--gen-suppressions", fixture("two-paths.jsonl"), NULL), 1);
	out = slurp(out_file);
	cr_assert_eq(count_substr(out, "lock-order-inversion:cache_lock\n"), 2, "%s", out);
	free(out);
	unlink(supp);
	free(supp);
}

Test(gate, one_bug_on_many_heap_objects_is_one_finding_with_counts)
{
	char bin[PATH_MAX];
	snprintf(bin, sizeof bin, "%s/tests/progs/many_heap_inversions", test_build_dir());
	cr_assert_eq(access(bin, X_OK), 0, "%s is not built", bin);
	char *report = run_example(bin, "heap");
	cr_assert_eq(count_lines(report), 2, "one finding line and its counts line");
	cr_assert_eq(lockcheck("report", "--format", "jsonl", report, NULL), 1);
	cJSON *f = json_line(out_file, 0);
	cr_assert_not_null(f);
	cr_assert_eq(cJSON_GetObjectItem(f, "occurrences")->valueint, 20, "%s", slurp(out_file));
	cr_assert_eq(cJSON_GetObjectItem(f, "instances")->valueint, 20);
	cJSON_Delete(f);
	cr_assert_eq(lockcheck("report", report, NULL), 1);
	char *out = slurp(out_file);
	cr_assert_not_null(strstr(out, "(20 occurrences on 20 lock instances)"), "%s", out);
	free(out);
	unlink(report);
	free(report);
}

Test(gate, graph_draws_the_observed_order_with_the_cycle_in_red)
{
	char *report = malloc(256);
	temp_path(report, 256, "graph");
	cr_assert_eq(lockcheck("run", "--report", report, "--quiet", "--options", "dump_graph=1", "--",
			       example_bin("lock_order_bug"), NULL), 1);
	cr_assert_eq(lockcheck("graph", report, NULL), 1, "a reported cycle: status 1; %s", slurp(err_file));
	char *dot = slurp(out_file);
	cr_assert_not_null(strstr(dot, "digraph lock_order {"), "%s", dot);
	/* lookup() takes stats_lock under cache_lock: the edge the graph saw. */
	cr_assert_not_null(strstr(dot, "\"cache_lock\" -> \"stats_lock\" [label=\"1, cycle 1\", color=red"), "%s", dot);
	/* report() would close the cycle: drawn dashed. */
	cr_assert_not_null(strstr(dot, "\"stats_lock\" -> \"cache_lock\" [label=\"closes cycle 1\""), "%s", dot);
	free(dot);
	/* The report itself still reads as one finding. */
	cr_assert_eq(lockcheck("report", report, NULL), 1);
	if (system("command -v dot >/dev/null 2>&1") == 0) {
		char svg[256];
		temp_path(svg, sizeof svg, "svg");
		cr_assert_eq(lockcheck("graph", "--svg", svg, report, NULL), 1, "%s", slurp(err_file));
		char *text = slurp(svg);
		cr_assert_not_null(strstr(text, "<svg"), "%s", text);
		free(text);
	} else {
		cr_log_info("dot (graphviz) is not installed: --svg not tested");
	}
	unlink(report);
	free(report);
}

Test(gate, graph_counts_lock_instances_made_at_one_site_as_one_edge)
{
	char bin[PATH_MAX];
	snprintf(bin, sizeof bin, "%s/tests/progs/many_heap_inversions", test_build_dir());
	char *report = malloc(256);
	temp_path(report, 256, "heapgraph");
	cr_assert_eq(lockcheck("run", "--report", report, "--quiet", "--options", "dump_graph=1", "--", bin, NULL), 1);
	cr_assert_eq(lockcheck("graph", report, NULL), 1);
	char *dot = slurp(out_file);
	cr_assert_not_null(strstr(dot, "[label=\"20, cycle 1\""), "%s", dot);
	cr_assert_not_null(strstr(dot, "\"mutex made in main+"), "%s", dot);
	free(dot);
	unlink(report);
	free(report);
}

/* `make stress`: the library under load, fault and random programs.  Run
 * bounded by `make test` (STRESS_SCALE unset: 1) and longer by `make
 * stress` (STRESS_SCALE=10).  Memory per exited thread is checked by the
 * e2e thread_churn test, which `make stress` runs at the same scale. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <dirent.h>
#include <signal.h>

#include "../e2e/e2e_assert.h"
#include "../common/test_files.h"

static int scale(void)
{
	const char *s = getenv("STRESS_SCALE");
	int n = s ? atoi(s) : 1;
	return n > 0 ? n : 1;
}

static void run_scaled(e2e_run *r, const char *prog, long per_scale, const char *options)
{
	char arg[32];
	snprintf(arg, sizeof arg, "%ld", per_scale * scale());
	e2e_opts o = { .arg = arg, .options = options };
	e2e_run_prog(r, prog, &o);
	cr_assert_not(r->killed_by_us, "%s %s hung\n%s", prog, arg, r->err);
}

Test(stress, fork_exec_storm_while_locks_are_taken, .timeout = 600)
{
	e2e_run r;
	run_scaled(&r, "stress_fork_exec", 200, NULL);
	assert_silent(&r);
	e2e_run_free(&r);
}

Test(stress, signal_storm_into_lock_events, .timeout = 600)
{
	e2e_run r;
	run_scaled(&r, "stress_signals", 50000, NULL);
	assert_silent(&r);
	e2e_run_free(&r);
}

/* Every report file of a run: whole lines only, each one JSON. */
static int check_lines_intact(const char *dir)
{
	int lines = 0;
	DIR *d = opendir(dir);
	cr_assert(d);
	struct dirent *e;
	while ((e = readdir(d))) {
		if (strncmp(e->d_name, "report.jsonl", 12) != 0)
			continue;
		char path[512];
		snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
		char *text = test_slurp(path);
		cr_assert(text, "%s unreadable", path);
		size_t len = strlen(text);
		cr_assert(len == 0 || text[len - 1] == '\n', "%s ends in a torn line", path);
		for (char *line = text, *nl; *line; line = nl + 1) {
			nl = strchr(line, '\n');
			*nl = '\0';
			cJSON *obj = cJSON_Parse(line);
			cr_assert(obj, "%s: line %d is not JSON: %.200s", path, lines + 1, line);
			cJSON_Delete(obj);
			lines++;
		}
		free(text);
	}
	closedir(d);
	return lines;
}

Test(stress, sigkill_while_reporting_leaves_whole_lines, .timeout = 600)
{
	for (int i = 0; i < 3 * scale(); i++) {
		e2e_run r;
		e2e_opts o = { .stop_on = "unlock-not-held", .options = "stack_depth=64" };
		e2e_run_prog(&r, "stress_findings", &o);
		cr_assert(r.killed_by_us && r.signal == SIGKILL, "it was to be killed mid-report");
		cr_assert_geq(check_lines_intact(r.dir), 1);
		e2e_run_free(&r);
	}
}

/* The model of stress_random_locks: a consistent program has no cycle, a
 * planted one exactly the planted inversion. */
Test(stress, random_lock_programs_match_the_model, .timeout = 600)
{
	static const char *const modes[] = { "consistent", "planted" };
	for (int seed = 1; seed <= 10 * scale(); seed++) {
		for (int planted = 0; planted < 2; planted++) {
			char arg[64];
			snprintf(arg, sizeof arg, "%s:%d", modes[planted], seed);
			e2e_run r;
			e2e_opts o = { .arg = arg };
			e2e_run_prog(&r, "stress_random_locks", &o);
			cr_assert_not(r.killed_by_us, "%s hung", arg);
			if (!planted) {
				assert_silent(&r);
			} else {
				const cJSON *f;
				assert_one(&r, "lock-order-inversion", &f);
				assert_names_lock(f, &r, "lo");
				assert_names_lock(f, &r, "hi");
				cr_assert_eq(cJSON_GetArraySize(r.findings), 1, "%s: %s", arg, e2e_kinds(&r));
			}
			e2e_run_free(&r);
		}
	}
}

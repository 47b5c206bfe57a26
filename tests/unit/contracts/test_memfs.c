/* memfs end to end: the example filesystem run under LD_PRELOAD, clean and
 * with each seeded bug, against the compiled specs. */
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <criterion/criterion.h>

#include "helpers.h"
#include "run_prog.h"

#if defined(__SANITIZE_ADDRESS__)
#define SAN_LINK " -fsanitize=address,undefined"
#else
#define SAN_LINK ""
#endif

static char memfs[PATH_MAX];

static const char *memfs_path(void)
{
	snprintf(memfs, sizeof memfs, "%s/examples/memfs", test_build_dir());
	if (access(memfs, X_OK) != 0)
		cr_skip_test("%s is not built", memfs);
	return memfs;
}

/* The 6.8 rules: built in when the rules compiler has run, else the fixture
 * (same document, same lines). */
static const char *spec_6_8_option(char *buf, size_t len)
{
	if (builtin_has("locking-6.8"))
		snprintf(buf, len, "spec_era=6.8");
	else
		snprintf(buf, len, "spec=%s/tests/fixtures/specs/mini-6.8.json", source_root());
	return buf;
}

static void run_memfs(prog_run *r, const char *arg, const char *options)
{
	char *argv[] = {(char *)memfs_path(), (char *)arg, NULL};
	run_prog(r, argv, true, options);
}

Test(contracts_memfs, runs_without_the_library)
{
	char *argv[] = {(char *)memfs_path(), NULL};
	prog_run r;
	run_prog(&r, argv, false, NULL);
	cr_assert_eq(r.exit_code, 0, "%s", run_summary(&r));
	cr_assert(strstr(r.out, "workload done"));
	prog_run_free(&r);
}

Test(contracts_memfs, lists_its_bugs)
{
	char *argv[] = {(char *)memfs_path(), "--list-bugs", NULL};
	prog_run r;
	run_prog(&r, argv, false, NULL);
	cr_assert_eq(r.exit_code, 0);
	const char *names[] = {"setattr-unlocked", "d_delete-sleeps", "write_begin-unlocked",
			       "iterate-write", "lookup-drops"};
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
		cr_assert(strstr(r.out, names[i]), "%s missing from --list-bugs", names[i]);
	prog_run_free(&r);
}

static void clean_under(const char *era)
{
	char name[64], opt[64];
	snprintf(name, sizeof name, "locking-%s", era);
	if (!builtin_has(name))
		cr_skip_test("rules/%s.json is not there yet", name);
	snprintf(opt, sizeof opt, "spec_era=%s", era);
	prog_run r;
	run_memfs(&r, NULL, opt);
	cr_assert_eq(count_prefixed(&r, ""), 0, "%s", run_summary(&r));
	cr_assert_eq(r.exit_code, 0, "%s", run_summary(&r));
	prog_run_free(&r);
}

Test(contracts_memfs, clean_under_locking_4_x) { clean_under("4.x"); }
Test(contracts_memfs, clean_under_locking_6_3) { clean_under("6.3"); }
Test(contracts_memfs, clean_under_locking_6_6) { clean_under("6.6"); }
Test(contracts_memfs, clean_under_locking_6_8) { clean_under("6.8"); }

Test(contracts_memfs, clean_under_the_fixture_spec)
{
	char opt[PATH_MAX + 8];
	snprintf(opt, sizeof opt, "spec=%s/tests/fixtures/specs/mini-6.8.json", source_root());
	prog_run r;
	run_memfs(&r, NULL, opt);
	cr_assert_eq(count_prefixed(&r, ""), 0, "%s", run_summary(&r));
	prog_run_free(&r);
}

/* Every contract finding is the expected one (a bug reached from several
 * call paths is reported once per path); other findings only the ones the
 * bug also causes for the engine. */
static void seeded(const char *bug, const char *kind, const char *method, const char *line,
		   const char *also)
{
	char arg[64], opt[PATH_MAX + 16];
	snprintf(arg, sizeof arg, "--bug=%s", bug);
	prog_run r;
	run_memfs(&r, arg, spec_6_8_option(opt, sizeof opt));
	cr_assert(find_finding(&r, kind, method, line), "no %s on %s line %s: %s", kind, method, line,
		  run_summary(&r));
	int expected = 0, others = 0;
	const cJSON *f;
	cJSON_ArrayForEach(f, r.findings) {
		const char *k = cJSON_GetObjectItemCaseSensitive(f, "kind")->valuestring;
		if (!strncmp(k, "contract-", 9))
			expected += f == find_finding(&r, kind, method, line) ||
				    (!strcmp(k, kind) &&
				     !strcmp(cJSON_GetObjectItemCaseSensitive(f, "method")->valuestring, method));
		else if (!also || strcmp(k, also))
			others++;
	}
	cr_assert_eq(expected, count_prefixed(&r, "contract-"), "unexpected contract findings: %s",
		     run_summary(&r));
	cr_assert_eq(others, 0, "unexpected findings: %s", run_summary(&r));
	cr_assert_eq(r.exit_code, 66, "%s", run_summary(&r));
	prog_run_free(&r);
}

Test(contracts_memfs, setattr_unlocked_is_lock_missing)
{
	seeded("setattr-unlocked", "contract-lock-missing", "setattr", "255", NULL);
}

Test(contracts_memfs, d_delete_sleeps_is_contract_blocking)
{
	seeded("d_delete-sleeps", "contract-blocking", "d_delete", "83", "blocking-in-atomic");
}

Test(contracts_memfs, write_begin_unlocked_is_exit_state)
{
	seeded("write_begin-unlocked", "contract-exit-state", "write_begin", "532", NULL);
}

Test(contracts_memfs, iterate_write_is_exit_state)
{
	seeded("iterate-write", "contract-exit-state", "iterate_shared", "848", NULL);
}

Test(contracts_memfs, lookup_drops_is_exit_state)
{
	/* The VFS then unlocks what lookup already dropped: the engine says so. */
	seeded("lookup-drops", "contract-exit-state", "lookup", "211", "unlock-not-held");
}

/* memfs linked with the static library instead of preloaded: same findings. */
Test(contracts_memfs, linked_with_the_static_archive_setattr_unlocked_is_lock_missing)
{
	char prog[PATH_MAX], extra[2 * PATH_MAX], log[8192], opt[PATH_MAX + 16];
	snprintf(prog, sizeof prog, "/tmp/lockcheck-memfs-linked-%d", (int)getpid());
	snprintf(extra, sizeof extra,
		 "-D_GNU_SOURCE -DLOCKCHECK_LINKED %s/lib/liblockcheck.a -lunwind -ldl -lpthread" SAN_LINK,
		 test_build_dir());
	cr_assert(compile_c(prog, "examples/memfs/main.c examples/memfs/vfs.c examples/memfs/memfs.c "
			    "examples/memfs/bugs.c", extra, log, sizeof log), "memfs does not build:\n%s", log);
	char *argv[] = {prog, "--bug=setattr-unlocked", NULL};
	prog_run r;
	run_prog(&r, argv, false, spec_6_8_option(opt, sizeof opt));
	cr_assert(strstr(r.out, "workload done"), "%s", run_summary(&r));
	cr_assert_eq(count_prefixed(&r, ""), 1, "%s", run_summary(&r));
	cr_assert(find_finding(&r, "contract-lock-missing", "setattr", "255"), "%s", run_summary(&r));
	prog_run_free(&r);
	unlink(prog);
}

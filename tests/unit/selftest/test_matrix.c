/* lockdep's own matrix: lib/locking-selftest.c from Debian's linux-source
 * package, built in userspace on lockcheck/kernel.h, each case in its own
 * process (tests/selftest/run.sh).  Every case must give lockdep's answer or
 * be listed, with its reason, in tests/selftest/expected-exceptions.txt.
 * The matrix runs twice: as lockdep is by default, and with
 * CONFIG_PROVE_RAW_LOCK_NESTING (prove_raw_lock_nesting=1), which adds the
 * wait-context cases. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#include "../../common/test_paths.h"

#if defined(__SANITIZE_ADDRESS__)
#define SAN_FLAGS "-fsanitize=address,undefined"
#else
#define SAN_FLAGS ""
#endif

Test(selftest, every_case_gives_lockdeps_answer_or_is_listed, .timeout = 600)
{
	const char *tarball = getenv("LINUX_SOURCE_TARBALL");
	if (!tarball)
		tarball = "/usr/src/linux-source-6.1.tar.xz";
	FILE *f = fopen(tarball, "r");
	if (!f)
		cr_skip_test("%s is absent (apt-get install linux-source-6.1)", tarball);
	fclose(f);
	char cmd[8192], out[1 << 16];
	snprintf(cmd, sizeof cmd, "sh '%s/tests/selftest/run.sh' '%s' " SAN_FLAGS " 2>&1",
		 test_repo_root(), test_build_dir());
	FILE *p = popen(cmd, "r");
	cr_assert_not_null(p);
	/* Keep the differences and the summary; the full table is long. */
	size_t len = 0;
	char line[512], summary[2][512] = {"", ""};
	unsigned nsummary = 0;
	while (fgets(line, sizeof line, p)) {
		if (strstr(line, "UNEXPECTED") || strstr(line, "now matches") ||
		    strstr(line, "error") || strncmp(line, "selftest:", 9) == 0) {
			size_t n = strlen(line);
			if (len + n < sizeof out) {
				memcpy(out + len, line, n);
				len += n;
			}
		}
		if (strncmp(line, "selftest:", 9) == 0 && nsummary < 2)
			snprintf(summary[nsummary++], sizeof summary[0], "%s", line);
	}
	out[len] = '\0';
	int status = pclose(p);
	cr_assert(WIFEXITED(status) && WEXITSTATUS(status) == 0, "selftest matrix:\n%s", out);
	cr_assert_eq(nsummary, 2, "both runs (default, raw lock nesting):\n%s", out);
	for (unsigned i = 0; i < 2; i++) {
		cr_assert(strstr(summary[i], " 0 unexpected"), "%s", out);
		cr_log_info("%s", summary[i]);
	}
	/* The second run has the wait-context cases (36 more). */
	unsigned cases[2] = {0, 0};
	for (unsigned i = 0; i < 2; i++)
		sscanf(summary[i], "selftest: %u cases", &cases[i]);
	cr_assert_gt(cases[1], cases[0] + 30, "%s%s", summary[0], summary[1]);
}

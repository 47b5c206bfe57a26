/* Every tool and subcommand: --help on stdout (exit 0), --version, an unknown
 * option on stderr (non-zero), and getopt_long's forms (-oFILE, --opt=val). */
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>

#include "pkg_helpers.h"
#include "../../common/test_paths.h"

static char out[16384], err[16384];

TestSuite(tool_options, .fini = pkg_cleanup);

static const char *const commands[] = {
	"lockcheck", "lockcheck run", "lockcheck report", "lockcheck-rules",
	"lockcheck-rules cells", "lockcheck-rules check", "lockcheck-rules compile", "lockcheck-rules diff",
};

Test(tool_options, help_is_on_stdout_and_exits_0)
{
	for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++) {
		int rc = pkg_sh2(out, sizeof out, err, sizeof err, "%s/bin/%s --help", test_build_dir(), commands[i]);
		cr_expect_eq(rc, 0, "%s --help: %d", commands[i], rc);
		cr_expect(!strncmp(out, "usage: ", 7), "%s --help:\n%s", commands[i], out);
		cr_expect_str_eq(err, "", "%s --help wrote on stderr", commands[i]);
	}
}

Test(tool_options, version_names_the_tool_and_the_version)
{
	for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++) {
		int rc = pkg_sh2(out, sizeof out, err, sizeof err, "%s/bin/%s --version", test_build_dir(), commands[i]);
		cr_expect_eq(rc, 0, "%s --version", commands[i]);
		char want[128];
		snprintf(want, sizeof want, "%s 0.", commands[i]);
		cr_expect(!strncmp(out, want, strlen(want)), "%s --version: %s", commands[i], out);
	}
}

Test(tool_options, an_unknown_option_is_an_error_on_stderr)
{
	for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++) {
		int rc = pkg_sh2(out, sizeof out, err, sizeof err, "%s/bin/%s --frobnicate", test_build_dir(), commands[i]);
		cr_expect_neq(rc, 0, "%s --frobnicate", commands[i]);
		cr_expect_str_eq(out, "", "%s --frobnicate wrote on stdout", commands[i]);
		cr_expect(strstr(err, "--frobnicate") != NULL, "%s: %s", commands[i], err);
	}
}

Test(tool_options, short_values_attached_and_long_values_after_an_equals_sign)
{
	char fixture[4096];
	snprintf(fixture, sizeof fixture, "%s/tests/fixtures/reports/run-a.jsonl", test_repo_root());
	int rc = pkg_sh(out, sizeof out, "cd '%s' && %s/bin/lockcheck report --format=jsonl -oout.jsonl '%s'; "
			"echo rc=$?; wc -l < out.jsonl", pkg_tempdir(), test_build_dir(), fixture);
	cr_assert_eq(rc, 0);
	cr_expect(strstr(out, "rc=1\n") != NULL, "%s", out);
	int lines = 0;
	cr_expect(sscanf(strstr(out, "rc=1\n") ? strstr(out, "rc=1\n") + 5 : "0", "%d", &lines) == 1 && lines > 0,
		  "-oFILE wrote nothing: %s", out);
	/* "-" reads standard input */
	rc = pkg_sh(out, sizeof out, "%s/bin/lockcheck report -fjsonl - < '%s' | wc -l", test_build_dir(), fixture);
	cr_expect_eq(rc, 0);
	cr_expect(strcmp(out, "0\n"), "report - read nothing");
}

/* The man pages name every long option the tools' help lists. */
Test(tool_options, the_man_pages_document_every_option)
{
	static const struct { const char *command, *page; } pages[] = {
		{"lockcheck run", "man/lockcheck.1"},
		{"lockcheck report", "man/lockcheck.1"},
		{"lockcheck-rules cells", "man/lockcheck-rules.1"},
		{"lockcheck-rules compile", "man/lockcheck-rules.1"},
		{"lockcheck-rules diff", "man/lockcheck-rules.1"},
	};
	for (size_t i = 0; i < sizeof pages / sizeof pages[0]; i++) {
		int rc = pkg_sh(out, sizeof out,
				"%s/bin/%s --help | grep -o -e '--[a-z][a-z-]*' | sort -u | while read -r o; do "
				"roff=$(printf '%%s' \"$o\" | sed 's/-/\\\\-/g'); "
				"grep -qF -e \"$roff\" '%s/%s' || echo \"missing $o\"; done",
				test_build_dir(), pages[i].command, test_repo_root(), pages[i].page);
		cr_expect_eq(rc, 0);
		cr_expect_str_eq(out, "", "%s: %s", pages[i].page, out);
	}
}

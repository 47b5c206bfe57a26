/* LOCKCHECK_OPTIONS parsing: what a user typing options sees take effect,
 * and the one-line complaint for a bad option. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>

#include "lc_runtime.h"

static char err[512];

Test(options, defaults_when_empty)
{
	cr_assert_eq(lc_options_parse("", err, sizeof err), 0);
	cr_assert_eq(lc_opt.exitcode, 66);
	cr_assert_eq(lc_opt.max_held, 65536u);
	cr_assert_not(lc_opt.halt_on_error);
	cr_assert_str_empty(lc_opt.report_path);
	for (int k = 0; k < LC_KIND_COUNT; k++)
		cr_assert(lc_opt.detect[k], "kind %d off by default", k);
	cr_assert(lc_opt.detect_contracts);
	cr_assert_str_empty(err);
}

Test(options, null_text_is_defaults)
{
	cr_assert_eq(lc_options_parse(NULL, err, sizeof err), 0);
	cr_assert_eq(lc_opt.exitcode, 66);
}

Test(options, every_key_takes_effect)
{
	cr_assert_eq(lc_options_parse("log_path=/tmp/l.txt:report_path=/tmp/r.jsonl:halt_on_error=1:"
				      "exitcode=3:suppressions=/tmp/s:stack_depth=8:verbosity=2:"
				      "max_held=100:spec=/tmp/x.json:spec_era=v6.1:detect_contracts=0",
				      err, sizeof err), 0, "%s", err);
	cr_assert_str_eq(lc_opt.log_path, "/tmp/l.txt");
	cr_assert_str_eq(lc_opt.report_path, "/tmp/r.jsonl");
	cr_assert(lc_opt.halt_on_error);
	cr_assert_eq(lc_opt.exitcode, 3);
	cr_assert_str_eq(lc_opt.suppressions, "/tmp/s");
	cr_assert_eq(lc_opt.stack_depth, 8);
	cr_assert_eq(lc_opt.verbosity, 2);
	cr_assert_eq(lc_opt.max_held, 100u);
	cr_assert_str_eq(lc_opt.spec_path, "/tmp/x.json");
	cr_assert_str_eq(lc_opt.spec_era, "v6.1");
	cr_assert_not(lc_opt.detect_contracts);
}

Test(options, one_switch_per_report_kind)
{
	for (int k = 0; k < LC_KIND_COUNT; k++) {
		char text[128] = "detect_";
		size_t n = strlen(text);
		for (const char *c = lc_kind_name((lc_kind)k); *c; c++)
			text[n++] = *c == '-' ? '_' : *c;
		memcpy(text + n, "=0", 3);
		cr_assert_eq(lc_options_parse(text, err, sizeof err), 0, "%s: %s", text, err);
		for (int j = 0; j < LC_KIND_COUNT; j++)
			cr_assert_eq(lc_opt.detect[j], j != k, "%s changed kind %d", text, j);
	}
}

Test(options, lock_order_switch_by_name)
{
	cr_assert_eq(lc_options_parse("detect_lock_order_inversion=false", err, sizeof err), 0);
	cr_assert_not(lc_opt.detect[LC_KIND_LOCK_ORDER_INVERSION]);
	cr_assert(lc_opt.detect[LC_KIND_SELF_DEADLOCK]);
}

Test(options, unknown_option_is_named_and_the_rest_applies)
{
	cr_assert_eq(lc_options_parse("foo=1:exitcode=7", err, sizeof err), -1);
	cr_assert_str_eq(err, "lockcheck: LOCKCHECK_OPTIONS: unknown option 'foo'");
	cr_assert_eq(lc_opt.exitcode, 7);
}

Test(options, bad_number_is_named)
{
	cr_assert_eq(lc_options_parse("exitcode=x", err, sizeof err), -1);
	cr_assert_str_eq(err, "lockcheck: LOCKCHECK_OPTIONS: option 'exitcode' wants a number from 0 to 255, got 'x'");
	cr_assert_eq(lc_opt.exitcode, 66, "a bad value keeps the default");
}

Test(options, bad_bool_and_missing_value)
{
	cr_assert_eq(lc_options_parse("halt_on_error=maybe", err, sizeof err), -1);
	cr_assert(strstr(err, "option 'halt_on_error' wants 0 or 1, got 'maybe'"), "%s", err);
	cr_assert_not(lc_opt.halt_on_error);
	cr_assert_eq(lc_options_parse("halt_on_error", err, sizeof err), -1);
	cr_assert(strstr(err, "option 'halt_on_error' wants a value"), "%s", err);
	cr_assert_eq(lc_options_parse("nonsense", err, sizeof err), -1);
	cr_assert(strstr(err, "unknown option 'nonsense'"), "%s", err);
}

Test(options, unknown_detect_kind)
{
	cr_assert_eq(lc_options_parse("detect_nothing=0", err, sizeof err), -1);
	cr_assert(strstr(err, "unknown option 'detect_nothing'"), "%s", err);
}

Test(options, too_long_path_rejected)
{
	char text[400] = "report_path=";
	memset(text + strlen(text), 'a', 300);
	cr_assert_eq(lc_options_parse(text, err, sizeof err), -1);
	cr_assert_str_empty(lc_opt.report_path);
}

Test(options, out_of_range_numbers)
{
	cr_assert_eq(lc_options_parse("stack_depth=65", err, sizeof err), -1);
	cr_assert_eq(lc_opt.stack_depth, 32);
	cr_assert_eq(lc_options_parse("exitcode=256", err, sizeof err), -1);
	cr_assert_eq(lc_options_parse("max_held=0", err, sizeof err), -1);
	cr_assert_eq(lc_opt.max_held, 65536u);
}

Test(options, empty_items_are_harmless)
{
	cr_assert_eq(lc_options_parse("::exitcode=9::", err, sizeof err), 0, "%s", err);
	cr_assert_eq(lc_opt.exitcode, 9);
}

Test(options, small_error_buffer_is_terminated)
{
	char small[8];
	cr_assert_eq(lc_options_parse("foo=1", small, sizeof small), -1);
	cr_assert_eq(strlen(small), 7u);
}

Test(options, last_of_a_repeated_key_wins)
{
	/* lockcheck run --options appends to what the user already set. */
	cr_assert_eq(lc_options_parse("exitcode=5:report_path=/a:exitcode=6:report_path=/b", err, sizeof err), 0);
	cr_assert_eq(lc_opt.exitcode, 6);
	cr_assert_str_eq(lc_opt.report_path, "/b");
}

Test(options, empty_value_clears_a_path)
{
	cr_assert_eq(lc_options_parse("report_path=/a:report_path=", err, sizeof err), 0, "%s", err);
	cr_assert_str_empty(lc_opt.report_path);
}

Test(options, booleans_in_every_spelling)
{
	const char *on[] = { "1", "true", "yes", "on" }, *off[] = { "0", "false", "no", "off" };
	char text[64];
	for (int i = 0; i < 4; i++) {
		snprintf(text, sizeof text, "halt_on_error=%s", on[i]);
		cr_assert_eq(lc_options_parse(text, err, sizeof err), 0, "%s", text);
		cr_assert(lc_opt.halt_on_error, "%s", text);
		snprintf(text, sizeof text, "halt_on_error=1:halt_on_error=%s", off[i]);
		cr_assert_eq(lc_options_parse(text, err, sizeof err), 0, "%s", text);
		cr_assert_not(lc_opt.halt_on_error, "%s", text);
	}
}

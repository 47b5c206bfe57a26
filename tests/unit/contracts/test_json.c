/* The library's own JSON reader (spec/lc_json.h): what it accepts, the tree
 * it builds, and where it says bad input stops making sense. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "spec/lc_json.h"

static lc_json_doc *parse(const char *text, lc_json_error *err)
{
	return lc_json_parse(text, strlen(text), err);
}

Test(json, reads_objects_arrays_strings_numbers_and_words)
{
	lc_json_error err;
	lc_json_doc *doc = parse(" {\"a\": [1, -2.5, 3e2, 0], \"s\": \"x\\ty\", \"t\": true, \"f\": false,"
				 " \"n\": null, \"o\": {}} ", &err);
	cr_assert_not_null(doc, "%u:%u %s", err.line, err.column, err.what);
	const lc_json *root = lc_json_root(doc);
	cr_assert(lc_json_is(root, LC_JSON_OBJECT));
	cr_expect_eq(lc_json_count(root), 6);
	const lc_json *a = lc_json_get(root, "a");
	cr_assert_eq(lc_json_count(a), 4);
	double want[] = {1, -2.5, 300, 0};
	int i = 0;
	for (const lc_json *e = lc_json_first(a); e; e = e->next, i++)
		cr_expect(e->type == LC_JSON_NUMBER && e->num == want[i], "element %d: %g", i, e->num);
	cr_expect_str_eq(lc_json_str(root, "s"), "x\ty");
	cr_expect(lc_json_is(lc_json_get(root, "t"), LC_JSON_TRUE));
	cr_expect(lc_json_is(lc_json_get(root, "f"), LC_JSON_FALSE));
	cr_expect(lc_json_is(lc_json_get(root, "n"), LC_JSON_NULL));
	cr_expect_eq(lc_json_count(lc_json_get(root, "o")), 0);
	cr_expect_null(lc_json_get(root, "missing"));
	cr_expect_null(lc_json_str(root, "a"), "not a string");
	cr_expect_eq(lc_json_int(root, "s"), 0, "not a number");
	lc_json_free(doc);
}

Test(json, unicode_escapes_become_utf8)
{
	lc_json_doc *doc = parse("[\"\\u00e9\\u2192\\ud83d\\ude00\\\"\\\\\\/\"]", NULL);
	cr_assert_not_null(doc);
	cr_expect_str_eq(lc_json_first(lc_json_root(doc))->str, "\xc3\xa9\xe2\x86\x92\xf0\x9f\x98\x80\"\\/");
	lc_json_free(doc);
}

static void expect_error(const char *text, unsigned line, unsigned column, const char *what)
{
	lc_json_error err;
	lc_json_doc *doc = parse(text, &err);
	cr_expect_null(doc, "accepted: %s", text);
	lc_json_free(doc);
	cr_expect_eq(err.line, line, "%s: line %u", text, err.line);
	cr_expect_eq(err.column, column, "%s: column %u", text, err.column);
	cr_expect(strstr(err.what, what) != NULL, "%s: %s", text, err.what);
}

Test(json, bad_input_is_refused_with_line_column_and_what_was_expected)
{
	expect_error("", 1, 1, "a value");
	expect_error("{\n  \"a\": 1,\n  \"b\" 2\n}", 3, 7, "':'");
	expect_error("[1, 2", 1, 6, "',' or ']'");
	expect_error("[01]", 1, 3, "',' or ']'");
	expect_error("[1.]", 1, 4, "a digit after '.'");
	expect_error("[\"abc", 1, 2, "closing");
	expect_error("[\"a\\x\"]", 1, 4, "after '\\'");
	expect_error("[\"\\ud800x\"]", 1, 9, "low surrogate");
	expect_error("[\"a\nb\"]", 1, 4, "control characters");
	expect_error("{\"a\": tru}", 1, 7, "a value");
	expect_error("{1: 2}", 1, 2, "member name");
	expect_error("[1] [2]", 1, 5, "the end of the input");
	expect_error("[-]", 1, 3, "a digit");
}

Test(json, nesting_is_bounded)
{
	char deep[2 * LC_JSON_MAX_DEPTH + 8], ok[2 * LC_JSON_MAX_DEPTH + 8];
	memset(deep, '[', LC_JSON_MAX_DEPTH + 1);
	memset(deep + LC_JSON_MAX_DEPTH + 1, ']', LC_JSON_MAX_DEPTH + 1);
	deep[2 * LC_JSON_MAX_DEPTH + 2] = 0;
	lc_json_error err;
	cr_expect_null(parse(deep, &err));
	cr_expect(strstr(err.what, "nesting") != NULL, "%s", err.what);
	memset(ok, '[', LC_JSON_MAX_DEPTH);
	memset(ok + LC_JSON_MAX_DEPTH, ']', LC_JSON_MAX_DEPTH);
	ok[2 * LC_JSON_MAX_DEPTH] = 0;
	lc_json_doc *doc = parse(ok, &err);
	cr_expect_not_null(doc, "%s", err.what);
	lc_json_free(doc);
}

/* The text is not NUL terminated where len ends. */
Test(json, reads_only_len_bytes)
{
	const char text[] = "[1, 2]garbage";
	lc_json_doc *doc = lc_json_parse(text, 6, NULL);
	cr_assert_not_null(doc);
	cr_expect_eq(lc_json_count(lc_json_root(doc)), 2);
	lc_json_free(doc);
}

/* lockcheck-rules compile FILE [-o OUT.json|-] [--resolutions FILE]
 * [--no-resolutions] [--strict]: a Locking document -> compiled spec. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cmd_common.h"
#include "commands.h"
#include "doc_model.h"
#include "spec_json.h"
#include "spec_load.h"

enum { OPT_OUTPUT = 'o', OPT_STRICT = 's' };

static const tool_cmd compile_cmd = {
	.prog = "lockcheck-rules compile",
	.usage = "[-o OUT.json|-] [--resolutions FILE | --no-resolutions] [--strict] FILE",
	.summary = "Compiles a VFS Locking document into a lockcheck-spec (docs/spec-format.md).",
	.opts = (const tool_opt[]){
		{"output", OPT_OUTPUT, "OUT", "write the spec to OUT (default \"-\": standard output)"},
		RULES_RESOLUTION_OPTS,
		{"strict", OPT_STRICT, NULL, "undecided placements are an error (exit 1)"},
		{0},
	},
	.about = "Undecided placements are listed in the spec and on stderr.\n"
		 "exit status: 0 ok, 1 undecided with --strict, 2 usage or input error\n",
};

/* Straight into OUT: a device or a pipe (-o /dev/null) must stay what it is. */
static int write_in_place(const char *out, const char *text)
{
	FILE *f = fopen(out, "w");
	if (!f)
		return -1;
	int rc = fputs(text, f) < 0 ? -1 : 0;
	return fclose(f) != 0 ? -1 : rc;
}

/* Writes via a temporary file and rename, so a failed run leaves no half spec;
 * only a regular file (or a new name) is replaced that way, never /dev/null. */
static int write_out(const char *out, const char *text)
{
	if (strcmp(out, "-") == 0)
		return fputs(text, stdout) < 0 ? -1 : 0;
	struct stat st;
	if (stat(out, &st) == 0 && !S_ISREG(st.st_mode))
		return write_in_place(out, text);
	size_t n = strlen(out) + 8;
	char *tmp = malloc(n);
	if (!tmp)
		return -1;
	snprintf(tmp, n, "%s.tmp", out);
	FILE *f = fopen(tmp, "w");
	int rc = -1;
	if (f) {
		rc = fputs(text, f) < 0 ? -1 : 0;
		if (fclose(f) != 0)
			rc = -1;
		if (rc == 0)
			rc = rename(tmp, out);
		if (rc != 0)
			remove(tmp);
	}
	free(tmp);
	return rc;
}

int rules_cmd_compile(int argc, char **argv)
{
	const char *out = "-", *value;
	rules_resolutions res = {0};
	int strict = 0, key, first = argc;
	while ((key = tool_next(&compile_cmd, argc, argv, &value, &first)) >= 0) {
		if (key == OPT_OUTPUT)
			out = value;
		else if (key == OPT_STRICT)
			strict = 1;
		else
			rules_resolutions_option(&res, key, value);
	}
	if (key != TOOL_END)
		return key == TOOL_EXIT_OK ? 0 : 2;
	if (first >= argc)
		return tool_usage_error(&compile_cmd, "FILE missing"), 2;
	if (first + 1 < argc)
		return tool_usage_error(&compile_cmd, "one input file only (got %s and %s)", argv[first],
					argv[first + 1]), 2;
	if (rules_resolutions_settle(&compile_cmd, &res))
		return 2;
	const char *in = argv[first], *res_path = res.path;
	char err[512];
	cJSON *spec = spec_compile_file(in, res_path, stderr, err, sizeof err);
	if (!spec) {
		fprintf(stderr, "compile: %s\n", err);
		return 2;
	}
	int undecided = cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(spec, "undecided"));
	char *text = sj_print(spec);
	cJSON_Delete(spec);
	if (!text || write_out(out, text) != 0) {
		fprintf(stderr, "compile: %s: cannot write: %s\n", out, text ? strerror(errno) : "out of memory");
		free(text);
		return 2;
	}
	free(text);
	if (undecided)
		fprintf(stderr, "compile: %s: %d undecided item%s (see \"undecided\" in the spec)\n",
			in, undecided, undecided == 1 ? "" : "s");
	return strict && undecided ? 1 : 0;
}

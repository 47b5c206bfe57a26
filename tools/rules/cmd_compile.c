/* lockcheck-rules compile FILE [-o OUT.json|-] [--resolutions FILE]
 * [--no-resolutions] [--strict]: a Locking document -> compiled spec. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "doc_model.h"
#include "spec_json.h"
#include "spec_load.h"

static int usage(void)
{
	fprintf(stderr, "usage: lockcheck-rules compile FILE [-o OUT.json|-] [--resolutions FILE]\n"
			"                               [--no-resolutions] [--strict]\n"
			"  Compiles a VFS Locking document into a lockcheck-spec (docs/spec-format.md).\n"
			"  Undecided placements are listed in the spec and on stderr; --strict makes\n"
			"  them an error (exit 1).\n");
	return 2;
}

/* Writes via a temporary file and rename, so a failed run leaves no half spec. */
static int write_out(const char *out, const char *text)
{
	if (strcmp(out, "-") == 0)
		return fputs(text, stdout) < 0 ? -1 : 0;
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
	const char *in = NULL, *out = "-", *res = doc_default_resolutions();
	int strict = 0;
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "-o") == 0 && i + 1 < argc)
			out = argv[++i];
		else if (strcmp(argv[i], "--resolutions") == 0 && i + 1 < argc)
			res = argv[++i];
		else if (strcmp(argv[i], "--no-resolutions") == 0)
			res = NULL;
		else if (strcmp(argv[i], "--strict") == 0)
			strict = 1;
		else if (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0)
			return usage(), 0;
		else if (argv[i][0] == '-' && argv[i][1])
			return fprintf(stderr, "compile: unknown option %s\n", argv[i]), usage();
		else if (!in)
			in = argv[i];
		else
			return fprintf(stderr, "compile: one input file only (got %s and %s)\n", in, argv[i]), usage();
	}
	if (!in)
		return usage();
	char err[512];
	cJSON *spec = spec_compile_file(in, res, stderr, err, sizeof err);
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

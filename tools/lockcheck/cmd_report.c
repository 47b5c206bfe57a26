/* `lockcheck report [--format text|jsonl|sarif|junit] [--suppressions FILE]
 *                   [-o OUT] REPORT.jsonl...`
 * The CI gate ("-" reads standard input): 0 when nothing is left after dedup and suppressions, 1 when
 * something is, 2 on bad input (unreadable file, malformed line, bad
 * suppressions file, bad usage). */
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static const char usage[] =
	"usage: lockcheck report [--format text|jsonl|sarif|junit] [--suppressions FILE]\n"
	"                        [-o OUT] REPORT.jsonl...\n";

typedef void (*writer)(FILE *, const cli_findings *);

static writer find_writer(const char *name)
{
	if (!strcmp(name, "text"))
		return write_text;
	if (!strcmp(name, "jsonl"))
		return write_jsonl;
	if (!strcmp(name, "sarif"))
		return write_sarif;
	if (!strcmp(name, "junit"))
		return write_junit;
	return NULL;
}

/* Accepts "--opt VALUE" and "--opt=VALUE". */
static const char *option_value(int argc, char **argv, int *i, const char *name)
{
	size_t n = strlen(name);
	if (strncmp(argv[*i], name, n))
		return NULL;
	if (argv[*i][n] == '=')
		return argv[*i] + n + 1;
	if (argv[*i][n] == 0 && *i + 1 < argc)
		return argv[++*i];
	return NULL;
}

int cmd_report(int argc, char **argv)
{
	const char *format = "text", *supp_path = NULL, *out_path = NULL, *v;
	/* Options may come before or after the files; "--" ends them. */
	char **files = calloc((size_t)argc, sizeof *files);
	int nfiles = 0;
	bool options_done = false;
	for (int i = 1; i < argc; i++) {
		if (options_done || argv[i][0] != '-' || !argv[i][1]) /* "-" alone is stdin */
			files[nfiles++] = argv[i];
		else if (!strcmp(argv[i], "--"))
			options_done = true;
		else if ((v = option_value(argc, argv, &i, "--format")))
			format = v;
		else if ((v = option_value(argc, argv, &i, "--suppressions")))
			supp_path = v;
		else if ((v = option_value(argc, argv, &i, "-o")) || (v = option_value(argc, argv, &i, "--output")))
			out_path = v;
		else if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) {
			fputs(usage, stdout);
			free(files);
			return CLI_CLEAN;
		} else {
			fprintf(stderr, "lockcheck report: unknown option %s\n%s", argv[i], usage);
			free(files);
			return CLI_BAD_INPUT;
		}
	}
	writer write = find_writer(format);
	cli_suppressions *supp = NULL;
	if (!write)
		fprintf(stderr, "lockcheck report: unknown format '%s' (text, jsonl, sarif, junit)\n", format);
	else if (!nfiles)
		fprintf(stderr, "lockcheck report: no report files given\n%s", usage);
	else
		supp = suppressions_load(supp_path);
	if (!supp) {
		free(files);
		return CLI_BAD_INPUT;
	}
	cli_findings set;
	findings_init(&set);
	int status = CLI_CLEAN;
	for (int i = 0; i < nfiles && status == CLI_CLEAN; i++)
		if (!findings_read_file(&set, files[i], supp, true))
			status = CLI_BAD_INPUT;
	if (status == CLI_CLEAN) {
		FILE *out = out_path ? fopen(out_path, "w") : stdout;
		if (!out) {
			fprintf(stderr, "lockcheck report: cannot write %s\n", out_path);
			status = CLI_BAD_INPUT;
		} else {
			write(out, &set);
			if (out != stdout)
				fclose(out);
			else
				fflush(stdout);
			status = set.n ? CLI_FINDINGS : CLI_CLEAN;
		}
	}
	findings_free(&set);
	suppressions_free(supp);
	free(files);
	return status;
}

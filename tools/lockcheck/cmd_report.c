/* `lockcheck report [--format text|jsonl|sarif|junit] [--suppressions FILE]
 *                   [--baseline OLD] [--source-root DIR] [-o OUT] REPORT.jsonl...`
 * The CI gate ("-" reads standard input; "-o -" writes standard output): 0
 * when nothing is left after dedup, suppressions and the baseline, 1 when
 * something is, 2 on bad input (unreadable file, malformed line, bad
 * suppressions file, bad usage). */
#include <stdlib.h>
#include <string.h>

#include "cli.h"

enum {
	OPT_FORMAT = 'f',
	OPT_SUPPRESSIONS = 's',
	OPT_OUTPUT = 'o',
	OPT_BASELINE = 'b',
	OPT_SOURCE_ROOT = 256,
	OPT_GEN_SUPPRESSIONS,
	OPT_NO_SYMBOLIZE,
};

const char *cli_source_root;
bool cli_gen_suppressions;

static const tool_cmd report_cmd = {
	.prog = "lockcheck report",
	.usage = "[--format text|jsonl|sarif|junit] [--suppressions FILE] [--baseline OLD] [-o OUT] REPORT.jsonl...",
	.summary = "Merges JSON Lines reports (\"-\": standard input) into one verdict.",
	.opts = (const tool_opt[]){
		{"format", OPT_FORMAT, "FORMAT", "text (default), jsonl, sarif or junit"},
		{"suppressions", OPT_SUPPRESSIONS, "FILE", "drop the findings FILE matches (docs/options.md)"},
		{"output", OPT_OUTPUT, "OUT", "write to OUT instead of standard output (\"-\": standard output)"},
		{"baseline", OPT_BASELINE, "OLD", "drop the findings already in report OLD (fail only on new ones)"},
		{"source-root", OPT_SOURCE_ROOT, "DIR", "SARIF file URIs are relative to DIR (default: the current directory)"},
		{"gen-suppressions", OPT_GEN_SUPPRESSIONS, NULL, "text: print a suppressions line for each finding"},
		{"no-symbolize", OPT_NO_SYMBOLIZE, NULL, "do not read debug info (function+offset instead of file:line)"},
		{0},
	},
	.about = "exit status: 0 nothing left after suppressions and the baseline, 1 findings, 2 bad input or usage.\n",
};

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

int cmd_report(int argc, char **argv)
{
	const char *format = "text", *supp_path = NULL, *out_path = NULL, *baseline = NULL, *v;
	/* Options may come before or after the files; "--" ends them. */
	int key, first = argc;
	while ((key = tool_next(&report_cmd, argc, argv, &v, &first)) >= 0) {
		if (key == OPT_FORMAT)
			format = v;
		else if (key == OPT_SUPPRESSIONS)
			supp_path = v;
		else if (key == OPT_OUTPUT)
			out_path = strcmp(v, "-") ? v : NULL;
		else if (key == OPT_BASELINE)
			baseline = v;
		else if (key == OPT_SOURCE_ROOT)
			cli_source_root = v;
		else if (key == OPT_GEN_SUPPRESSIONS)
			cli_gen_suppressions = true;
		else if (key == OPT_NO_SYMBOLIZE)
			frames_symbolize_disable();
	}
	if (key == TOOL_EXIT_OK)
		return CLI_CLEAN;
	if (key == TOOL_BAD)
		return CLI_BAD_INPUT;
	char **files = argv + first;
	int nfiles = argc - first;
	writer write = find_writer(format);
	cli_suppressions *supp = NULL;
	if (!write)
		fprintf(stderr, "lockcheck report: unknown format '%s' (text, jsonl, sarif, junit)\n", format);
	else if (!nfiles)
		tool_usage_error(&report_cmd, "no report files given");
	else
		supp = suppressions_load(supp_path);
	if (!supp)
		return CLI_BAD_INPUT;
	cli_findings set;
	findings_init(&set);
	int status = CLI_CLEAN;
	for (int i = 0; i < nfiles && status == CLI_CLEAN; i++)
		if (!findings_read_file(&set, files[i], supp, true))
			status = CLI_BAD_INPUT;
	if (status == CLI_CLEAN && baseline && !findings_drop_baseline(&set, baseline))
		status = CLI_BAD_INPUT;
	if (status == CLI_CLEAN) {
		FILE *out = out_path ? fopen(out_path, "w") : stdout;
		if (!out) {
			fprintf(stderr, "lockcheck report: cannot write %s\n", out_path);
			status = CLI_BAD_INPUT;
		} else {
			write(out, &set);
			if (write == write_text) {
				frames_say_problems(stderr);
				if (cli_gen_suppressions)
					write_suppressions(out, &set);
			}
			if (out != stdout)
				fclose(out);
			else
				fflush(stdout);
			status = set.n ? CLI_FINDINGS : CLI_CLEAN;
		}
	}
	findings_free(&set);
	frames_symbolizer_free();
	suppressions_free(supp);
	return status;
}

/* lockcheck: run a program under liblockcheck, or turn reports into a CI
 * verdict.  See docs/usage.md. */
#include <string.h>

#include "cli.h"

static const char usage[] =
	"usage: lockcheck run [--report FILE] [--options 'k=v:...'] [--quiet] -- PROG [ARGS...]\n"
	"       lockcheck report [--format text|jsonl|sarif|junit] [--suppressions FILE]\n"
	"                        [-o OUT] REPORT.jsonl...\n"
	"See docs/usage.md, docs/reports.md and docs/options.md.\n";

int main(int argc, char **argv)
{
	if (argc >= 2 && !strcmp(argv[1], "run"))
		return cmd_run(argc - 1, argv + 1);
	if (argc >= 2 && !strcmp(argv[1], "report"))
		return cmd_report(argc - 1, argv + 1);
	if (argc >= 2 && (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help") || !strcmp(argv[1], "help"))) {
		fputs(usage, stdout);
		return CLI_CLEAN;
	}
	fputs(usage, stderr);
	return CLI_BAD_INPUT;
}

/* lockcheck: run a program under liblockcheck, or turn reports into a CI
 * verdict.  See docs/usage.md and lockcheck(1). */
#include <string.h>

#include "cli.h"

static const tool_cmd top = {
	.prog = "lockcheck",
	.usage = "COMMAND [OPTIONS] [ARGS...]",
	.summary = "Runs programs under liblockcheck and reads its reports.",
	.opts = NULL,
	.about = "commands:\n"
		 "  run [OPTIONS] [--] PROG [ARGS...]   run PROG with the library preloaded\n"
		 "  report [OPTIONS] REPORT.jsonl...    merge reports into text, JSON Lines, SARIF or JUnit\n"
		 "  graph [OPTIONS] REPORT.jsonl...     draw the lock-order graph (dump_graph=1) as DOT or SVG\n"
		 "  symbolize                           the library's symbolize=1 helper (stdin to stdout)\n"
		 "\n"
		 "Run 'lockcheck COMMAND --help' for a command's options; man lockcheck(1),\n"
		 "liblockcheck(3) for LOCKCHECK_OPTIONS.\n",
	.in_order = 1,
};

int main(int argc, char **argv)
{
	if (argc >= 2 && !strcmp(argv[1], "run"))
		return cmd_run(argc - 1, argv + 1);
	if (argc >= 2 && !strcmp(argv[1], "report"))
		return cmd_report(argc - 1, argv + 1);
	if (argc >= 2 && !strcmp(argv[1], "graph"))
		return cmd_graph(argc - 1, argv + 1);
	if (argc >= 2 && !strcmp(argv[1], "symbolize"))
		return cmd_symbolize(argc - 1, argv + 1);
	if (argc >= 2 && !strcmp(argv[1], "help")) {
		tool_help(&top, stdout);
		return CLI_CLEAN;
	}
	const char *value;
	int first, key;
	while ((key = tool_next(&top, argc, argv, &value, &first)) >= 0)
		;
	if (key == TOOL_EXIT_OK)
		return CLI_CLEAN;
	if (key == TOOL_END)
		tool_usage_error(&top, first < argc ? "unknown command '%s'" : "no command given%s",
				 first < argc ? argv[first] : "");
	return CLI_BAD_INPUT;
}

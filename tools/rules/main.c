/* lockcheck-rules SUBCOMMAND ...: reads the kernel's VFS Locking document. */
#include <stdio.h>
#include <string.h>
#include "commands.h"
#include "../common/tool_opts.h"

static const char usage[] =
	"usage: lockcheck-rules SUBCOMMAND [OPTIONS] ARGS\n"
	"\n"
	"subcommands:\n"
	"  cells FILE      print every table cell: INTERFACE<TAB>METHOD<TAB>COLUMN<TAB>VALUE\n"
	"  check FILE      lint a Locking document: malformed tables, unknown or uncovered methods\n"
	"  compile ...     build a lock spec (JSON) from a Locking document\n"
	"  diff ...        compare two documents or specs\n"
	"\n"
	"FILE is Documentation/filesystems/locking.rst (or the old Locking file) in any of the\n"
	"renderings the tool knows: as in a kernel tree, in a git diff, from a web source viewer,\n"
	"or the HTML page saved as text.  Every subcommand takes --resolutions FILE (default:\n"
	"resolutions.tsv of the install or the source tree) or --no-resolutions.\n"
	"Run 'lockcheck-rules SUBCOMMAND --help'; --version prints the version.\n"
	"\n"
	"exit status: 0 ok, 1 findings, 2 usage or input error\n";

int main(int argc, char **argv)
{
	if (argc < 2) {
		fputs(usage, stderr);
		return 2;
	}
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") || !strcmp(argv[1], "help")) {
		fputs(usage, stdout);
		return 0;
	}
	if (!strcmp(argv[1], "--version") || !strcmp(argv[1], "-V")) {
		tool_version("lockcheck-rules");
		return 0;
	}
	static const struct {
		const char *name;
		int (*fn)(int, char **);
	} cmds[] = {
		{"cells", rules_cmd_cells},
		{"check", rules_cmd_check},
		{"compile", rules_cmd_compile},
		{"diff", rules_cmd_diff},
	};
	for (size_t i = 0; i < sizeof cmds / sizeof cmds[0]; i++)
		if (!strcmp(argv[1], cmds[i].name))
			return cmds[i].fn(argc - 1, argv + 1);
	fprintf(stderr, "lockcheck-rules: unknown subcommand '%s'\n\n%s", argv[1], usage);
	return 2;
}

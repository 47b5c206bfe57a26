/* Option parsing shared by lockcheck and lockcheck-rules: each command lists
 * its options once, in a table, and gets getopt_long parsing (-oFILE, -o FILE,
 * --opt=val, --opt val, "-" as an operand), --help on stdout from the same
 * table, --version, and errors on stderr. */
#ifndef LOCKCHECK_TOOL_OPTS_H
#define LOCKCHECK_TOOL_OPTS_H

#include <stdio.h>

/* One option.  key: its short letter, or a value >= 256 for a long-only one.
 * arg: NULL for a flag, else the name of its value in the help ("FILE"). */
typedef struct tool_opt {
	const char *name;
	int key;
	const char *arg;
	const char *help;
} tool_opt;

/* One command: prog ("lockcheck report") names it in messages; usage is the
 * synopsis after prog; about, when not NULL, follows the option list. */
typedef struct tool_cmd {
	const char *prog;
	const char *usage;
	const char *summary;
	const tool_opt *opts;   /* ends with {0} */
	const char *about;
	int in_order;           /* stop at the first operand (`run`: PROG's own options) */
} tool_cmd;

/* tool_next()'s results besides an option key. */
#define TOOL_END     -1     /* no more options: operands start at *first */
#define TOOL_EXIT_OK -2     /* --help or --version was printed: exit 0 */
#define TOOL_BAD     -3     /* a usage error was printed on stderr */

/* Parses argv[1..] one option at a time (argv[0] is the command's own name).
 * *value is the option's value, if it takes one; at TOOL_END *first is the
 * index of the first operand. */
int tool_next(const tool_cmd *cmd, int argc, char **argv, const char **value, int *first);

/* The whole help text on f. */
void tool_help(const tool_cmd *cmd, FILE *f);
/* "PROG: MESSAGE\nusage: ...\nTry 'PROG --help'." on stderr; returns TOOL_BAD. */
int tool_usage_error(const tool_cmd *cmd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* "NAME VERSION" on stdout. */
void tool_version(const char *name);

#endif

/* Table-driven getopt_long for the tools (tool_opts.h). */
#include <getopt.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "install_dirs.h"
#include "tool_opts.h"

enum { KEY_HELP = 'h', KEY_VERSION = 'V' };

static const tool_opt builtin_opts[] = {
	{"help", KEY_HELP, NULL, "show this help and exit"},
	{"version", KEY_VERSION, NULL, "show the version and exit"},
	{0},
};

static unsigned count(const tool_opt *o)
{
	unsigned n = 0;
	while (o && o[n].name)
		n++;
	return n;
}

void tool_version(const char *name)
{
	printf("%s %s\n", name, LOCKCHECK_VERSION);
}

static void list_opts(const tool_opt *o, FILE *f)
{
	for (; o && o->name; o++) {
		char left[80];
		int n = 0;
		if (o->key < 256)
			n = snprintf(left, sizeof left, "  -%c, --%s", o->key, o->name);
		else
			n = snprintf(left, sizeof left, "      --%s", o->name);
		if (o->arg && n > 0 && (size_t)n < sizeof left)
			snprintf(left + n, sizeof left - (size_t)n, " %s", o->arg);
		fprintf(f, "%-30s %s\n", left, o->help);
	}
}

void tool_help(const tool_cmd *cmd, FILE *f)
{
	fprintf(f, "usage: %s %s\n", cmd->prog, cmd->usage);
	if (cmd->summary)
		fprintf(f, "%s\n", cmd->summary);
	fprintf(f, "\noptions:\n");
	list_opts(cmd->opts, f);
	list_opts(builtin_opts, f);
	if (cmd->about)
		fprintf(f, "\n%s", cmd->about);
}

int tool_usage_error(const tool_cmd *cmd, const char *fmt, ...)
{
	va_list ap;
	fprintf(stderr, "%s: ", cmd->prog);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\nusage: %s %s\nTry '%s --help'.\n", cmd->prog, cmd->usage, cmd->prog);
	return TOOL_BAD;
}

/* The getopt_long tables for cmd, built once per parse. */
typedef struct parse_tables {
	struct option *longs;
	char shorts[128];
} parse_tables;

static int build_tables(const tool_cmd *cmd, parse_tables *t)
{
	unsigned n = count(cmd->opts), k = 0;
	t->longs = calloc(n + 3, sizeof *t->longs);
	if (!t->longs)
		return -1;
	size_t s = 0;
	/* "+": stop at the first operand; ":": a missing value is told apart. */
	if (cmd->in_order)
		t->shorts[s++] = '+';
	t->shorts[s++] = ':';
	for (const tool_opt *lists[] = {cmd->opts, builtin_opts}, **l = lists; l < lists + 2; l++)
		for (const tool_opt *o = *l; o && o->name; o++) {
			t->longs[k++] = (struct option){o->name, o->arg ? required_argument : no_argument, NULL, o->key};
			if (o->key < 256 && s + 3 < sizeof t->shorts) {
				t->shorts[s++] = (char)o->key;
				if (o->arg)
					t->shorts[s++] = ':';
			}
		}
	t->shorts[s] = 0;
	return 0;
}

/* The option as the user wrote it, for messages. */
static const char *offending(char **argv, int optopt_value)
{
	static char one[3];
	const char *arg = argv[optind - 1];
	if (optopt_value > 0 && optopt_value < 256 && strncmp(arg, "--", 2)) {
		one[0] = '-';
		one[1] = (char)optopt_value;
		one[2] = 0;
		return one;
	}
	return arg;
}

int tool_next(const tool_cmd *cmd, int argc, char **argv, const char **value, int *first)
{
	static const tool_cmd *current;
	static parse_tables tables;
	if (current != cmd) {
		free(tables.longs);
		tables.longs = NULL;
		if (build_tables(cmd, &tables)) {
			fprintf(stderr, "%s: out of memory\n", cmd->prog);
			return TOOL_BAD;
		}
		current = cmd;
		optind = 0; /* glibc: start afresh (commands may be parsed in-process more than once) */
	}
	opterr = 0;
	int key = getopt_long(argc, argv, tables.shorts, tables.longs, NULL);
	*value = optarg;
	int result = key;
	if (key == -1) {
		*first = optind;
		result = TOOL_END;
	} else if (key == KEY_HELP) {
		tool_help(cmd, stdout);
		result = TOOL_EXIT_OK;
	} else if (key == KEY_VERSION) {
		tool_version(cmd->prog);
		result = TOOL_EXIT_OK;
	} else if (key == ':') {
		result = tool_usage_error(cmd, "option '%s' needs a value", offending(argv, optopt));
	} else if (key == '?') {
		result = tool_usage_error(cmd, "unknown option '%s'", offending(argv, optopt));
	}
	if (result < 0) {
		/* The next parse, of this command or another, starts afresh. */
		current = NULL;
		free(tables.longs);
		tables.longs = NULL;
	}
	return result;
}

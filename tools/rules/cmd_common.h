/* Option handling shared by the document commands (cells, check). */
#ifndef RULES_CMD_COMMON_H
#define RULES_CMD_COMMON_H

#include <stdio.h>
#include "doc_model.h"
#include "../common/tool_opts.h"

/* --resolutions FILE and --no-resolutions, taken by every subcommand. */
enum { RULES_OPT_RESOLUTIONS = 'r', RULES_OPT_NO_RESOLUTIONS = 300 };
#define RULES_RESOLUTION_OPTS                                                                   \
	{"resolutions", RULES_OPT_RESOLUTIONS, "FILE", "reviewed placements (default: the installed " \
						       "or source tree's resolutions.tsv)"},         \
	{"no-resolutions", RULES_OPT_NO_RESOLUTIONS, NULL, "use no resolutions file"}

typedef struct rules_resolutions {
	const char *path; /* NULL: none */
	int chosen;       /* given on the command line, either way */
} rules_resolutions;

/* Takes the option if it is one of the pair; returns whether it was. */
int rules_resolutions_option(rules_resolutions *r, int key, const char *value);
/* Fills in the default when none was chosen.  Without one, says where it
 * looked and what to do on stderr and returns -1: compiling without the
 * reviewed placements gives a different spec, never silently. */
int rules_resolutions_settle(const tool_cmd *cmd, rules_resolutions *r);

/* Parses "[--resolutions FILE | --no-resolutions] FILE" and reads FILE into
 * d.  Returns 1 with d to free, or 0 with the command's exit status in
 * *status (0 after --help, 2 on a usage error or a document that cannot be
 * read). */
int rules_doc_load(int argc, char **argv, const tool_cmd *cmd, doc *d, int *status);
/* Prints d's diagnostics as "file:line: severity: message" on stderr; returns
 * how many were errors. */
int rules_print_diags(const doc *d, int min_severity);

/* The cells command's output for d: INTERFACE<TAB>METHOD<TAB>COLUMN<TAB>VALUE
 * for each non-empty cell. */
void rules_cells_write(const doc *d, FILE *out);
/* The check command's findings for d, one "file:line: message" a line;
 * returns how many. */
int rules_check_write(const doc *d, FILE *out);

#endif

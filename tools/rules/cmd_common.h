/* Option handling shared by the document commands (cells, check). */
#ifndef RULES_CMD_COMMON_H
#define RULES_CMD_COMMON_H

#include <stdio.h>
#include "doc_model.h"

typedef struct rules_doc_args {
	const char *file;
	const char *resolutions; /* NULL: none */
} rules_doc_args;

/* Parses "[--resolutions FILE | --no-resolutions] FILE"; prints usage and
 * returns 2 on error, else 0. */
int rules_doc_args_parse(int argc, char **argv, const char *usage, rules_doc_args *a);
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

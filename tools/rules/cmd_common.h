/* Option handling shared by the document commands (cells, check). */
#ifndef RULES_CMD_COMMON_H
#define RULES_CMD_COMMON_H

#include <stdio.h>
#include "doc_model.h"

/* Parses "[--resolutions FILE | --no-resolutions] FILE" and reads FILE into
 * d.  Returns 1 with d to free, or 0 with the command's exit status in
 * *status (0 after --help, 2 on a usage error or a document that cannot be
 * read). */
int rules_doc_load(int argc, char **argv, const char *usage, doc *d, int *status);
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

/* lockcheck-rules cells FILE: every non-empty table cell, one a line:
 * INTERFACE<TAB>METHOD<TAB>COLUMN<TAB>VALUE.  Placements that could not be
 * decided, and malformed tables, go to stderr. */
#include <stdio.h>
#include "cmd_common.h"
#include "commands.h"

static const tool_cmd cells_cmd = {
	.prog = "lockcheck-rules cells",
	.usage = "[--resolutions FILE | --no-resolutions] FILE",
	.summary = "Prints every non-empty table cell: INTERFACE<TAB>METHOD<TAB>COLUMN<TAB>VALUE.",
	.opts = (const tool_opt[]){RULES_RESOLUTION_OPTS, {0}},
	.about = "exit status: 0 ok, 1 findings, 2 usage or input error\n",
};

void rules_cells_write(const doc *d, FILE *out)
{
	for (int si = 0; si < d->nsections; si++) {
		const doc_section *s = &d->sections[si];
		for (int ti = 0; ti < s->ntables; ti++) {
			const doc_table *t = &s->tables[ti];
			for (int ri = 0; ri < t->nrows; ri++)
				for (int k = 0; k < t->ncols; k++)
					if (t->rows[ri].cells[k].value)
						fprintf(out, "%s\t%s\t%s\t%s\n", s->title, t->rows[ri].method,
							t->columns[k], t->rows[ri].cells[k].value);
		}
	}
}

int rules_cmd_cells(int argc, char **argv)
{
	doc d;
	int status;
	if (!rules_doc_load(argc, argv, &cells_cmd, &d, &status))
		return status;
	rules_cells_write(&d, stdout);
	int errors = rules_print_diags(&d, DOC_WARNING);
	doc_free(&d);
	return errors ? 1 : 0;
}

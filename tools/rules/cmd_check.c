/* lockcheck-rules check FILE: lint for document authors.  Reports malformed
 * tables (from the parser), rows naming no method of the section's
 * prototypes, and prototypes that no table row covers (sections with a
 * table only: some sections give their rules in prose). */
#include <stdio.h>
#include <string.h>
#include "cmd_common.h"
#include "commands.h"

static const tool_cmd check_cmd = {
	.prog = "lockcheck-rules check",
	.usage = "[--resolutions FILE | --no-resolutions] FILE",
	.summary = "Lints a Locking document: malformed tables, rows naming no method, methods with no row.",
	.opts = (const tool_opt[]){RULES_RESOLUTION_OPTS, {0}},
	.about = "exit status: 0 ok, 1 findings, 2 usage or input error\n",
};

static int in_tables(const doc_section *s, const char *method)
{
	for (int t = 0; t < s->ntables; t++)
		for (int r = 0; r < s->tables[t].nrows; r++)
			if (!strcmp(s->tables[t].rows[r].method, method))
				return 1;
	return 0;
}

static int declares(const doc_section *s, const char *method)
{
	for (int i = 0; i < s->nprotos; i++)
		if (!strcmp(s->protos[i].method, method))
			return 1;
	return 0;
}

int rules_check_write(const doc *d, FILE *out)
{
	int findings = 0;
	/* Errors are malformed tables; a row no placement fits does not match its
	 * table's columns either (too many values, or words no column takes). */
	for (int i = 0; i < d->ndiags; i++)
		if (d->diags[i].severity == DOC_ERROR || strstr(d->diags[i].message, ": no placement of ")) {
			fprintf(out, "%s:%d: %s\n", d->path, d->diags[i].line, d->diags[i].message);
			findings++;
		}
	for (int si = 0; si < d->nsections; si++) {
		const doc_section *s = &d->sections[si];
		if (!s->ntables)
			continue;
		for (int t = 0; t < s->ntables; t++)
			for (int r = 0; r < s->tables[t].nrows; r++) {
				const doc_row *row = &s->tables[t].rows[r];
				if (s->nprotos && !declares(s, row->method)) {
					fprintf(out, "%s:%d: %s: table row '%s' names no method in the section's prototypes\n",
						d->path, row->line, s->title, row->method);
					findings++;
				}
			}
		for (int p = 0; p < s->nprotos; p++)
			if (!in_tables(s, s->protos[p].method)) {
				fprintf(out, "%s:%d: %s: method '%s' has a prototype but no row in the locking table\n",
					d->path, s->protos[p].line, s->title, s->protos[p].method);
				findings++;
			}
	}
	return findings;
}

int rules_cmd_check(int argc, char **argv)
{
	doc d;
	int status;
	if (!rules_doc_load(argc, argv, &check_cmd, &d, &status))
		return status;
	int findings = rules_check_write(&d, stdout);
	doc_free(&d);
	return findings ? 1 : 0;
}

/* Building tables in the model, shared by the three table readers. */
#include <ctype.h>
#include <string.h>
#include "doc_internal.h"

doc_table *doc_table_add(doc_section *s, int line)
{
	s->tables = doc_xrealloc(s->tables, (size_t)(s->ntables + 1) * sizeof *s->tables);
	doc_table *t = &s->tables[s->ntables++];
	memset(t, 0, sizeof *t);
	t->line = line;
	return t;
}

void doc_table_set_columns(doc_table *t, char *label_header, char **cols, const int *lines, int n)
{
	t->label_header = label_header;
	t->ncols = n;
	t->columns = doc_xrealloc(NULL, (size_t)(n ? n : 1) * sizeof *t->columns);
	t->column_lines = doc_xrealloc(NULL, (size_t)(n ? n : 1) * sizeof *t->column_lines);
	for (int i = 0; i < n; i++) {
		t->columns[i] = cols[i];
		t->column_lines[i] = lines[i];
	}
}

doc_row *doc_table_add_row(doc_table *t, int line, const char *method)
{
	t->rows = doc_xrealloc(t->rows, (size_t)(t->nrows + 1) * sizeof *t->rows);
	doc_row *r = &t->rows[t->nrows++];
	r->line = line;
	r->method = doc_xstrdup(method);
	r->cells = doc_xrealloc(NULL, (size_t)(t->ncols ? t->ncols : 1) * sizeof *r->cells);
	for (int i = 0; i < t->ncols; i++) {
		r->cells[i].line = line;
		r->cells[i].value = NULL;
		r->cells[i].placement = DOC_PLACED_LAYOUT;
	}
	return r;
}

size_t doc_row_label(const char *s, char *name, size_t namelen)
{
	size_t n = 0;
	if (!isalpha((unsigned char)s[0]) && s[0] != '_')
		return 0;
	while (doc_is_ident_char((unsigned char)s[n]))
		n++;
	if (n >= namelen)
		return 0;
	memcpy(name, s, n);
	name[n] = '\0';
	if (s[n] == ':')
		return n + 1;
	if (s[n] == '\0' || s[n] == ' ' || s[n] == '\t')
		return n;
	return 0;
}

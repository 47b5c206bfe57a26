/* Tables of the rendered HTML page saved as text: every cell on its own line
 * with blank lines between, empty cells missing.  "ops", then the headers up
 * to the first row label; each label ("name:", or a bare method name the
 * section's prototypes declare) is followed by its non-empty cells.  The
 * table ends at prose: a line starting "->", a sentence, a line too long for
 * a cell, or a line after a full row that is no label. */
#include <stdlib.h>
#include <string.h>
#include "doc_internal.h"

#define CELL_MAX_LEN 72 /* the longest cell in the documents is ~50 characters */

static int label_line(const doc_section *s, const char *t, char *name, size_t len)
{
	size_t ll = doc_row_label(t, name, len);
	if (!ll || t[ll] != '\0')
		return 0;
	return t[ll - 1] == ':' || doc_section_has_method(s, name);
}

static int prose_like(const char *t)
{
	size_t n = strlen(t);
	return !strncmp(t, "->", 2) || n > CELL_MAX_LEN || (n && t[n - 1] == '.');
}

/* Does a row label come after line i before any prose? */
static int label_follows(doc_ctx *c, const doc_section *s, int i, int last)
{
	char name[128];
	for (int j = i + 1; j <= last; j++) {
		if (!c->body[j] || doc_is_blank(c->body[j]))
			continue;
		char *t = doc_collapse(c->body[j]);
		int lab = label_line(s, t, name, sizeof name), prose = prose_like(t);
		free(t);
		if (lab)
			return 1;
		if (prose)
			return 0;
	}
	return 0;
}

int doc_table_html_read(doc_ctx *c, doc_section *s, int line, int last)
{
	char *t0 = doc_collapse(c->body[line]);
	int is_ops = !strcmp(t0, "ops");
	free(t0);
	if (!is_ops)
		return 0;
	char name[128];
	char *cols[DOC_MAX_COLS];
	int clines[DOC_MAX_COLS], n = 0, i;
	for (i = line + 1; i <= last; i++) {
		if (!c->body[i] || doc_is_blank(c->body[i]))
			continue;
		char *t = doc_collapse(c->body[i]);
		/* Headers may start with "->" ("->d_lock"): only length says prose here. */
		if (label_line(s, t, name, sizeof name) || strlen(t) > CELL_MAX_LEN) {
			free(t);
			break;
		}
		if (n == DOC_MAX_COLS) {
			doc_diagf(c->d, i, DOC_ERROR, "table has more than %d column headers", DOC_MAX_COLS);
			free(t);
			continue;
		}
		cols[n] = t;
		clines[n++] = i;
	}
	doc_table *tb = doc_table_add(s, line);
	doc_table_set_columns(tb, doc_xstrdup("ops"), cols, clines, n);
	if (!n)
		doc_diagf(c->d, line, DOC_ERROR, "table has no column headers after 'ops'");
	int end = line;
	doc_row *r = NULL;
	char *cells[DOC_MAX_COLS + 1];
	int cl[DOC_MAX_COLS + 1], nc = 0;
	for (; i <= last; i++) {
		if (!c->body[i] || doc_is_blank(c->body[i]))
			continue;
		char *t = doc_collapse(c->body[i]);
		int lab = label_line(s, t, name, sizeof name);
		if (!lab && r && nc >= n && !prose_like(t) && label_follows(c, s, i, last)) {
			/* A short line, then more rows: an extra cell, not prose. */
			doc_diagf(c->d, i, DOC_ERROR, "%s %s: row has more cells than the table's %d columns: '%s'",
				  s->title, r->method, n, t);
			free(t);
			end = i;
			continue;
		}
		if (!lab && (prose_like(t) || !r || nc >= n)) {
			free(t);
			break;
		}
		if (lab) {
			if (r)
				doc_place_atoms(c, s, tb, r, cells, cl, nc, DOC_ATOMS_FIXED);
			for (int k = 0; k < nc; k++)
				free(cells[k]);
			nc = 0;
			r = doc_table_add_row(tb, i, name);
			free(t);
		} else {
			cells[nc] = t;
			cl[nc++] = i;
		}
		end = i;
	}
	if (r)
		doc_place_atoms(c, s, tb, r, cells, cl, nc, DOC_ATOMS_FIXED);
	for (int k = 0; k < nc; k++)
		free(cells[k]);
	return end;
}

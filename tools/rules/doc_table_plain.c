/* Tables of the old plain-text Locking file: no borders and no "ops" cell.  An
 * indented header line ("		rename_lock	->d_lock	may block	rcu-walk")
 * directly followed by rows that start at the margin with a method name
 * ("d_hash" may lack its ':').  The rows end at a blank or non-row line.  With
 * tab alignment each value sits under its header; otherwise doc_place.c
 * decides from the words. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "doc_internal.h"

#define MAX_CHUNKS 32

static int row_line(const doc_section *s, const char *b, char *name, size_t len)
{
	if (!b || doc_is_blank(b))
		return 0;
	size_t ll = doc_row_label(b, name, len);
	if (!ll)
		return 0;
	if (b[ll - 1] == ':' || doc_section_has_method(s, name))
		return (int)ll;
	return 0;
}

/* Chunks of text separated by a tab or two spaces, with display columns. */
static int chunks(const char *x, int from, char **out, int *col, int max)
{
	int n = 0;
	int len = (int)strlen(x);
	int i = from;
	while (i < len && n < max) {
		while (i < len && x[i] == ' ')
			i++;
		if (i >= len)
			break;
		int a = i;
		while (i < len && !(x[i] == ' ' && (i + 1 >= len || x[i + 1] == ' ')))
			i++;
		out[n] = doc_xstrndup(x + a, (size_t)(i - a));
		col[n++] = a;
	}
	return n;
}

int doc_table_plain_read(doc_ctx *c, doc_section *s, int line, int last)
{
	const char *h = c->body[line];
	char name[128];
	if (!h || doc_is_blank(h) || (h[0] != ' ' && h[0] != '\t') || line >= last)
		return 0;
	if (!row_line(s, c->body[line + 1], name, sizeof name))
		return 0;
	int end = line + 1;
	while (end + 1 <= last && row_line(s, c->body[end + 1], name, sizeof name))
		end++;

	doc_table *t = doc_table_add(s, line);
	int hcol[DOC_MAX_COLS];
	char *cols[DOC_MAX_COLS * 4];
	int lines[DOC_MAX_COLS * 4];
	int n;
	if (c->positions) {
		char *x = doc_expand_tabs(h);
		n = chunks(x, 0, cols, hcol, DOC_MAX_COLS);
		free(x);
	} else {
		char *hc = doc_collapse(h);
		n = doc_header_split(hc, cols, DOC_MAX_COLS * 4);
		free(hc);
		if (n > DOC_MAX_COLS) {
			doc_diagf(c->d, line, DOC_ERROR, "table header names %d columns; at most %d are supported",
				  n, DOC_MAX_COLS);
			for (int i = DOC_MAX_COLS; i < n && i < DOC_MAX_COLS * 4; i++)
				free(cols[i]);
			n = DOC_MAX_COLS;
		}
	}
	for (int i = 0; i < n; i++)
		lines[i] = line;
	doc_table_set_columns(t, NULL, cols, lines, n);

	for (int i = line + 1; i <= end; i++) {
		const char *b = c->body[i];
		int ll = row_line(s, b, name, sizeof name);
		doc_row *r = doc_table_add_row(t, i, name);
		if (c->positions) {
			char *x = doc_expand_tabs(b);
			int lx = doc_display_col(b, (size_t)ll);
			char *vals[MAX_CHUNKS];
			int vcol[MAX_CHUNKS], cols_of[MAX_CHUNKS], vl[MAX_CHUNKS];
			int nv = chunks(x, lx, vals, vcol, MAX_CHUNKS);
			if (nv == MAX_CHUNKS)
				doc_diagf(c->d, i, DOC_ERROR, "%s %s: more than %d separate values on one row; the rest is ignored",
					  s->title, name, MAX_CHUNKS - 1);
			free(x);
			/* Each value goes under the nearest header right of the previous
			 * value's: rows drift by a tab stop in the real file (d_init).
			 * Past the last column, text continues the last cell
			 * ("yes (all)<TAB>(see below)"). */
			int prev = -1, bad = 0, nc = 0;
			char *cv[MAX_CHUNKS];
			for (int k = 0; k < nv; k++) {
				if (prev == n - 1 && nc) {
					char *j = doc_xrealloc(NULL, strlen(cv[nc - 1]) + strlen(vals[k]) + 2);
					sprintf(j, "%s %s", cv[nc - 1], vals[k]);
					free(cv[nc - 1]);
					cv[nc - 1] = j;
					free(vals[k]);
					continue;
				}
				int best = prev + 1;
				for (int j = prev + 2; j < n; j++)
					if (abs(hcol[j] - vcol[k]) < abs(hcol[best] - vcol[k]))
						best = j;
				if (best >= n) {
					doc_diagf(c->d, i, DOC_ERROR, "%s %s: value '%s' has no column left: the table has %d",
						  s->title, name, vals[k], n);
					bad = 1;
					free(vals[k]);
					continue;
				}
				cv[nc] = vals[k];
				cols_of[nc] = best;
				vl[nc++] = i;
				prev = best;
			}
			nv = nc;
			for (int k = 0; k < nv; k++)
				vals[k] = cv[k];
			if (!bad)
				doc_place_positioned(c, s, t, r, vals, vl, cols_of, nv);
			for (int k = 0; k < nv; k++)
				free(vals[k]);
		} else {
			char **w;
			int nw = doc_split_words(b + ll, &w);
			int *wl = doc_xrealloc(NULL, (size_t)(nw ? nw : 1) * sizeof *wl);
			for (int k = 0; k < nw; k++)
				wl[k] = i;
			doc_place_atoms(c, s, t, r, w, wl, nw, DOC_ATOMS_COLLAPSED);
			free(wl);
			doc_free_words(w, nw);
		}
	}
	return end;
}

/* rst simple tables: a border of '=' runs, the header, a border, the rows, a
 * closing border.  The border's runs give the number of columns (the first is
 * the row label's).  When the input keeps its tab alignment the runs also give
 * each column's span, and a cell belongs to the column it is written in;
 * otherwise the row's words go to doc_place.c. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "doc_internal.h"

#define MAX_RUNS (DOC_MAX_COLS + 1)

/* '=' runs of a border line, as display columns; 0 if not a border. */
static int border_runs(const char *s, int *start, int *end)
{
	int n = 0, col = 0, in = 0;
	if (!s)
		return 0;
	for (const char *p = s;; p++) {
		if (*p == '=') {
			if (!in) {
				if (n == MAX_RUNS)
					return -1;
				start[n] = col;
				in = 1;
			}
		} else if (*p == ' ' || *p == '\t' || *p == '\0' || *p == '\r') {
			if (in)
				end[n++] = col;
			in = 0;
			if (!*p)
				break;
		} else
			return 0;
		col = *p == '\t' ? (col / 8 + 1) * 8 : col + 1;
	}
	return n >= 2 ? n : 0;
}

char *doc_expand_tabs(const char *s)
{
	size_t n = 0;
	for (const char *p = s; *p; p++)
		n = *p == '\t' ? (n / 8 + 1) * 8 : n + 1;
	char *out = doc_xrealloc(NULL, n + 1);
	size_t o = 0;
	for (const char *p = s; *p; p++) {
		if (*p == '\t')
			do
				out[o++] = ' ';
			while (o % 8);
		else
			out[o++] = *p;
	}
	out[o] = '\0';
	return out;
}

/* Text of display columns [a, b) of an expanded line (b < 0: to the end). */
static char *slice(const char *x, int a, int b)
{
	int n = (int)strlen(x);
	if (a >= n)
		return doc_xstrdup("");
	if (b < 0 || b > n)
		b = n;
	return doc_collapse_n(x + a, (size_t)(b - a));
}

/* Words of collapsed text; "(...)" groups stay whole, since no cell starts
 * inside parentheses. */
int doc_split_words(const char *text, char ***out)
{
	int n = 0;
	char **w = NULL;
	const char *p = text;
	while (*p) {
		while (*p == ' ' || *p == '\t')
			p++;
		if (!*p)
			break;
		const char *a = p;
		int depth = 0;
		while (*p && (depth > 0 || (*p != ' ' && *p != '\t'))) {
			if (*p == '(')
				depth++;
			else if (*p == ')' && depth > 0)
				depth--;
			p++;
		}
		w = doc_xrealloc(w, (size_t)(n + 1) * sizeof *w);
		w[n++] = doc_xstrndup(a, (size_t)(p - a));
	}
	*out = w;
	return n;
}

void doc_free_words(char **w, int n)
{
	for (int i = 0; i < n; i++)
		free(w[i]);
	free(w);
}

static void header_from_positions(doc_ctx *c, doc_table *t, int hl, int hend, const int *start, int runs)
{
	char *cols[MAX_RUNS] = {0};
	int lines[MAX_RUNS];
	for (int i = hl; i <= hend; i++) {
		if (!c->body[i] || doc_is_blank(c->body[i]))
			continue;
		char *x = doc_expand_tabs(c->body[i]);
		for (int k = 0; k < runs; k++) {
			char *v = slice(x, start[k], k + 1 < runs ? start[k + 1] : -1);
			if (*v) {
				if (cols[k]) {
					char *j = doc_xrealloc(NULL, strlen(cols[k]) + strlen(v) + 2);
					strcpy(j, cols[k]);
					strcat(j, " ");
					strcat(j, v);
					free(cols[k]);
					free(v);
					cols[k] = j;
				} else {
					cols[k] = v;
					lines[k] = i;
				}
			} else
				free(v);
		}
		free(x);
	}
	for (int k = 1; k < runs; k++)
		if (!cols[k]) {
			cols[k] = doc_xstrdup("");
			lines[k] = hl;
			doc_diagf(c->d, hl, DOC_ERROR, "column %d of the table has no header", k);
		}
	doc_table_set_columns(t, cols[0], cols + 1, lines + 1, runs - 1);
}

static void header_from_words(doc_ctx *c, doc_table *t, int hl, int hend, int ncols)
{
	char *joined = NULL;
	for (int i = hl; i <= hend; i++) {
		if (!c->body[i] || doc_is_blank(c->body[i]))
			continue;
		char *v = doc_collapse(c->body[i]);
		if (joined) {
			char *j = doc_xrealloc(NULL, strlen(joined) + strlen(v) + 2);
			strcpy(j, joined);
			strcat(j, " ");
			strcat(j, v);
			free(joined);
			free(v);
			joined = j;
		} else
			joined = v;
	}
	if (!joined)
		joined = doc_xstrdup("");
	char *label = NULL;
	const char *rest = joined;
	size_t ln = strcspn(joined, " ");
	label = doc_xstrndup(joined, ln);
	rest = joined + ln;
	while (*rest == ' ')
		rest++;
	char *cols[MAX_RUNS * 4] = {0};
	int n = doc_header_split(rest, cols, MAX_RUNS * 4);
	if (n > MAX_RUNS * 4)
		n = MAX_RUNS * 4;
	if (n != ncols) {
		char **w;
		int nw = doc_split_words(rest, &w);
		if (nw == ncols) {
			for (int i = 0; i < n; i++)
				free(cols[i]);
			for (int i = 0; i < nw; i++)
				cols[i] = w[i];
			free(w);
			n = nw;
		} else {
			doc_free_words(w, nw);
			doc_diagf(c->d, hl, DOC_ERROR,
				  "header '%s' names %d columns, the border has %d: expected one header per '===' run",
				  rest, n, ncols);
			for (int i = n; i < ncols; i++)
				cols[i] = doc_xstrdup("");
			for (int i = ncols; i < n; i++)
				free(cols[i]);
			n = ncols;
		}
	}
	int lines[MAX_RUNS];
	for (int i = 0; i < ncols; i++)
		lines[i] = hl;
	doc_table_set_columns(t, label, cols, lines, ncols);
	free(joined);
}

/* A row, plus the continuation lines under it (blank label column: rst
 * lets a cell run on over several lines). */
static void row_from_positions(doc_ctx *c, doc_section *s, doc_table *t, doc_row *r, int line, int last,
			       const int *start, int runs)
{
	char *vals[MAX_RUNS] = {0};
	int lines[MAX_RUNS];
	for (int i = line; i <= last; i++) {
		if (!c->body[i] || doc_is_blank(c->body[i]))
			continue;
		char *x = doc_expand_tabs(c->body[i]);
		int len = (int)strlen(x);
		for (int k = 1; k < runs; k++) {
			int a = start[k], b = k + 1 < runs ? start[k + 1] : -1;
			if (b > 0 && b < len && x[b] != ' ' && x[b - 1] != ' ')
				doc_diagf(c->d, i, DOC_ERROR,
					  "%s %s: text crosses the border of column '%s' at display column %d",
					  s->title, r->method, t->columns[k - 1], b + 1);
			char *v = slice(x, a, b);
			if (!*v) {
				free(v);
			} else if (vals[k]) {
				char *j = doc_xrealloc(NULL, strlen(vals[k]) + strlen(v) + 2);
				sprintf(j, "%s %s", vals[k], v);
				free(vals[k]);
				free(v);
				vals[k] = j;
			} else {
				vals[k] = v;
				lines[k] = i;
			}
		}
		free(x);
	}
	char *v[MAX_RUNS];
	int cols[MAX_RUNS], vl[MAX_RUNS], n = 0;
	for (int k = 1; k < runs; k++)
		if (vals[k]) {
			v[n] = vals[k];
			cols[n] = k - 1;
			vl[n++] = lines[k];
		}
	doc_place_positioned(c, s, t, r, v, vl, cols, n);
	for (int i = 0; i < n; i++)
		free(v[i]);
}

int doc_table_rst_read(doc_ctx *c, doc_section *s, int line, int last)
{
	int start[MAX_RUNS], end[MAX_RUNS];
	int runs = border_runs(c->body[line], start, end);
	if (runs < 0) {
		doc_diagf(c->d, line, DOC_ERROR, "table border has more than %d columns", MAX_RUNS);
		return 0;
	}
	if (!runs)
		return 0;
	int s2[MAX_RUNS], e2[MAX_RUNS];
	int hb = 0, cb = 0;
	for (int i = line + 1; i <= last; i++)
		if (border_runs(c->body[i], s2, e2) > 0) {
			if (!hb)
				hb = i;
			else {
				cb = i;
				break;
			}
		}
	if (!hb) {
		doc_diagf(c->d, line, DOC_ERROR,
			  "table border with no second border: expected header line(s) then a '=== ===' border");
		return last;
	}
	if (hb == line + 1)
		doc_diagf(c->d, hb, DOC_ERROR, "table has no header line between its first two borders");
	if (border_runs(c->body[hb], s2, e2) != runs)
		doc_diagf(c->d, hb, DOC_ERROR, "border has %d columns, the table's first border has %d",
			  border_runs(c->body[hb], s2, e2), runs);
	int rows_end = cb ? cb - 1 : last;
	if (!cb) {
		doc_diagf(c->d, line, DOC_ERROR,
			  "table has no closing border before line %d: expected a '=== ===' line after the rows",
			  last + 1);
		while (rows_end > hb && (!c->body[rows_end] || doc_is_blank(c->body[rows_end])))
			rows_end--;
	}
	doc_table *t = doc_table_add(s, line);
	int pos = c->positions;
	if (pos)
		header_from_positions(c, t, line + 1, hb - 1, start, runs);
	else
		header_from_words(c, t, line + 1, hb - 1, runs - 1);
	for (int i = hb + 1; i <= rows_end; i++) {
		const char *b = c->body[i];
		if (!b || doc_is_blank(b))
			continue;
		char name[128];
		size_t ll = doc_row_label(b, name, sizeof name);
		if (!ll) {
			doc_diagf(c->d, i, DOC_ERROR,
				  "expected a row label (a method name, optionally followed by ':') at the start of the line");
			continue;
		}
		doc_row *r = doc_table_add_row(t, i, name);
		if (pos) {
			if ((int)ll > start[1])
				doc_diagf(c->d, i, DOC_ERROR, "row label '%s' runs into the first column", name);
			int cont = i;
			while (cont + 1 <= rows_end && c->body[cont + 1] && !doc_is_blank(c->body[cont + 1]) &&
			       (c->body[cont + 1][0] == ' ' || c->body[cont + 1][0] == '\t'))
				cont++;
			row_from_positions(c, s, t, r, i, cont, start, runs);
			i = cont;
		} else {
			char **w;
			int nw = doc_split_words(b + ll, &w);
			int *lines = doc_xrealloc(NULL, (size_t)(nw ? nw : 1) * sizeof *lines);
			for (int k = 0; k < nw; k++)
				lines[k] = i;
			doc_place_atoms(c, s, t, r, w, lines, nw, DOC_ATOMS_COLLAPSED);
			free(lines);
			doc_free_words(w, nw);
		}
	}
	return cb ? cb : rows_end;
}

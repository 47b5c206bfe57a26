/* Cell placement.  A row arrives either as words whose white space was
 * collapsed (any adjacent words may form one cell) or as whole cells with the
 * empty ones missing (html-text); either way the cells keep their order.  We
 * list every placement in which each column accepts its text (doc_vocab.c);
 * one placement: done.  Several: the section's prose, then the resolutions
 * file, may pick one; otherwise the row is reported as undecided with the
 * candidates as evidence and the first is kept.  Rows whose columns the
 * input's positions gave only get checked against the resolutions.
 * Placement waits until the section's prose has been read. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "doc_internal.h"

#define MAX_ATOMS 24
#define MAX_CAND 16

typedef struct pending {
	int si, ti, ri;
	char **atoms;
	int *lines;
	int *cols;          /* positioned rows: the column of each atom; else NULL */
	int n;
	doc_atoms_kind kind;
} pending;

typedef struct cand {
	int ncells;
	int col[DOC_MAX_COLS], first[DOC_MAX_COLS], last[DOC_MAX_COLS];
} cand;

typedef struct search {
	char **atoms;
	int n, ncols;
	doc_atoms_kind kind;
	char **columns;
	cand cands[MAX_CAND];
	int ncand, overflow;
	unsigned char dead[MAX_ATOMS + 1][DOC_MAX_COLS + 1];
} search;


const char *doc_placement_name(doc_placement p)
{
	switch (p) {
	case DOC_PLACED_LAYOUT: return "layout";
	case DOC_PLACED_POSITION: return "position";
	case DOC_PLACED_VOCABULARY: return "vocabulary";
	case DOC_PLACED_RESOLUTION: return "resolution";
	case DOC_PLACED_PROSE: return "prose";
	default: return "undecided";
	}
}

static char *join(char **atoms, int a, int b)
{
	size_t n = 0;
	for (int i = a; i <= b; i++)
		n += strlen(atoms[i]) + 1;
	char *s = doc_xrealloc(NULL, n + 1), *p = s;
	for (int i = a; i <= b; i++) {
		if (i > a)
			*p++ = ' ';
		size_t l = strlen(atoms[i]);
		memcpy(p, atoms[i], l);
		p += l;
	}
	*p = '\0';
	return s;
}

static int walk(search *S, int ai, int ci, cand *cur)
{
	if (ai == S->n) {
		if (S->ncand < MAX_CAND)
			S->cands[S->ncand++] = *cur;
		else
			S->overflow = 1;
		return 1;
	}
	if (S->dead[ai][ci] || S->overflow)
		return 0;
	int found = 0;
	for (int c = ci; c < S->ncols; c++) {
		int maxe = S->kind == DOC_ATOMS_FIXED ? ai : S->n - 1;
		for (int e = ai; e <= maxe; e++) {
			char *txt = join(S->atoms, ai, e);
			int ok = doc_vocab_accepts(S->columns[c], txt);
			free(txt);
			if (!ok)
				continue;
			int k = cur->ncells++;
			cur->col[k] = c, cur->first[k] = ai, cur->last[k] = e;
			found += walk(S, e + 1, c + 1, cur);
			cur->ncells--;
		}
	}
	if (!found)
		S->dead[ai][ci] = 1;
	return found;
}

/* The lock a header names, without "->", "inode->" or "(inode)". */
static void header_lock(const char *h, char *out, size_t len)
{
	const char *a = strrchr(h, '>');
	a = a ? a + 1 : h;
	size_t n = strcspn(a, "( ");
	if (n >= len)
		n = len - 1;
	memcpy(out, a, n);
	out[n] = '\0';
}

static int mentions_method(const char *text, const char *m)
{
	size_t n = strlen(m);
	for (const char *p = strstr(text, m); p; p = strstr(p + 1, m)) {
		int before = p == text || !doc_is_ident_char((unsigned char)p[-1]);
		int after = !doc_is_ident_char((unsigned char)p[n]);
		if (before && after)
			return 1;
	}
	return 0;
}

/* Does a prose paragraph about method m name lock and state together? */
static int prose_supports(const doc_section *s, const char *m, const char *lock, const char *state)
{
	for (int i = 0; i < s->nprose; i++) {
		if (!mentions_method(s->prose[i].text, m))
			continue;
		int has_lock = 0, has_state = 0;
		for (int j = i; j < s->nprose && j < i + 8; j++) {
			if (j > i && (s->prose[j].line != s->prose[j - 1].line + 1 ||
				      !strncmp(s->prose[j].text, "->", 2)))
				break;
			has_lock |= mentions_method(s->prose[j].text, lock);
			has_state |= strstr(s->prose[j].text, state) != NULL;
		}
		if (has_lock && has_state)
			return 1;
	}
	return 0;
}

static int prose_pick(const doc_section *s, const doc_row *r, search *S)
{
	int best = -1, bestscore = 0, ties = 0;
	for (int k = 0; k < S->ncand; k++) {
		int score = 0;
		for (int i = 0; i < S->cands[k].ncells; i++) {
			char lock[64];
			header_lock(S->columns[S->cands[k].col[i]], lock, sizeof lock);
			if (!strchr(lock, '_'))
				continue;
			char *v = join(S->atoms, S->cands[k].first[i], S->cands[k].last[i]);
			const char *state = !strncmp(v, "exclusive", 9) ? "exclusive" :
					    !strncmp(v, "shared", 6) ? "shared" : NULL;
			if (state && prose_supports(s, r->method, lock, state))
				score++;
			free(v);
		}
		if (score > bestscore)
			best = k, bestscore = score, ties = 0;
		else if (score == bestscore && score > 0)
			ties++;
	}
	return bestscore > 0 && !ties ? best : -1;
}

static void describe(search *S, const cand *k, char *buf, size_t len)
{
	size_t o = 0;
	buf[0] = '\0';
	for (int i = 0; i < k->ncells && o < len; i++) {
		char *v = join(S->atoms, k->first[i], k->last[i]);
		o += (size_t)snprintf(buf + o, len - o, "%s%s='%s'", i ? ", " : "", S->columns[k->col[i]], v);
		free(v);
	}
}

static void fill(doc_row *r, search *S, const cand *k, const int *lines, doc_placement how)
{
	for (int i = 0; i < k->ncells; i++) {
		doc_cell *cell = &r->cells[k->col[i]];
		free(cell->value);
		cell->value = join(S->atoms, k->first[i], k->last[i]);
		cell->line = lines[k->first[i]];
		cell->placement = how;
	}
}

static void res_candidates(search *S, char ***vals, int **cols, int *ns)
{
	for (int k = 0; k < S->ncand; k++) {
		ns[k] = S->cands[k].ncells;
		vals[k] = doc_xrealloc(NULL, (size_t)ns[k] * sizeof **vals + 1);
		cols[k] = doc_xrealloc(NULL, (size_t)ns[k] * sizeof **cols + 1);
		for (int i = 0; i < ns[k]; i++) {
			vals[k][i] = join(S->atoms, S->cands[k].first[i], S->cands[k].last[i]);
			cols[k][i] = S->cands[k].col[i];
		}
	}
}

static void place_one(doc_ctx *c, pending *p)
{
	doc_section *s = &c->d->sections[p->si];
	doc_table *t = &s->tables[p->ti];
	doc_row *r = &t->rows[p->ri];
	char what[160];
	snprintf(what, sizeof what, "%s %s", s->title, r->method);

	if (p->cols) {
		for (int i = 0; i < p->n; i++) {
			doc_cell *cell = &r->cells[p->cols[i]];
			cell->value = doc_xstrdup(p->atoms[i]);
			cell->line = p->lines[i];
			cell->placement = DOC_PLACED_POSITION;
		}
		char where[300];
		if (c->res && doc_res_check(c->res, c->d, s->title, r->method, p->atoms, p->cols, p->n,
					    t->columns, t->ncols, where, sizeof where) < 0)
			doc_diagf(c->d, r->line, DOC_ERROR,
				  "%s: resolution %s contradicts the column positions of this row", what, where);
		return;
	}
	if (t->ncols == 1 || (p->kind == DOC_ATOMS_FIXED && p->n == t->ncols)) {
		/* One column takes the whole text; or every cell is there. */
		if (t->ncols == 1) {
			char *v = join(p->atoms, 0, p->n - 1);
			r->cells[0].value = v;
			r->cells[0].line = p->lines[0];
		} else
			for (int i = 0; i < p->n; i++) {
				r->cells[i].value = doc_xstrdup(p->atoms[i]);
				r->cells[i].line = p->lines[i];
			}
		return;
	}
	if (p->kind == DOC_ATOMS_FIXED && p->n > t->ncols) {
		doc_diagf(c->d, r->line, DOC_ERROR, "%s: row has %d cells, the table has %d columns",
			  what, p->n, t->ncols);
		for (int i = 0; i < t->ncols; i++) {
			r->cells[i].value = doc_xstrdup(p->atoms[i]);
			r->cells[i].line = p->lines[i];
			r->cells[i].placement = DOC_PLACED_UNDECIDED;
		}
		return;
	}
	search *S = calloc(1, sizeof *S);
	if (!S)
		return;
	S->atoms = p->atoms, S->n = p->n, S->kind = p->kind, S->ncols = t->ncols, S->columns = t->columns;
	/* The row as the input shows it: whole cells are told apart by " | ". */
	char text[512];
	size_t o = 0;
	text[0] = '\0';
	for (int i = 0; i < p->n && o < sizeof text; i++)
		o += (size_t)snprintf(text + o, sizeof text - o, "%s%s",
				      i ? (p->kind == DOC_ATOMS_FIXED ? "' | '" : " ") : "", p->atoms[i]);
	if (p->n > MAX_ATOMS || t->ncols > DOC_MAX_COLS) {
		doc_diagf(c->d, r->line, DOC_ERROR, "%s: row '%s' has too many words to place (%d)", what, text, p->n);
		S->ncand = 0;
	} else {
		cand cur = {0};
		walk(S, 0, 0, &cur);
	}
	if (S->ncand == 1) {
		fill(r, S, &S->cands[0], p->lines, S->cands[0].ncells == t->ncols ? DOC_PLACED_LAYOUT : DOC_PLACED_VOCABULARY);
	} else if (S->ncand == 0) {
		/* Best effort, reported: one word per column, the rest in the last. */
		cand k = {0};
		for (int i = 0; i < t->ncols && i < p->n && i < DOC_MAX_COLS; i++) {
			k.col[i] = k.first[i] = k.last[i] = i;
			k.ncells++;
		}
		if (p->kind == DOC_ATOMS_COLLAPSED && p->n > t->ncols && k.ncells)
			k.last[k.ncells - 1] = p->n - 1;
		fill(r, S, &k, p->lines, DOC_PLACED_UNDECIDED);
		if (p->n <= MAX_ATOMS) {
			char cols[256];
			size_t o = 0;
			cols[0] = '\0';
			for (int i = 0; i < t->ncols && o < sizeof cols; i++)
				o += (size_t)snprintf(cols + o, sizeof cols - o, "%s'%s'", i ? ", " : "", t->columns[i]);
			doc_diagf(c->d, r->line, DOC_WARNING,
				  "undecided: %s: no placement of '%s' fits the columns %s (by what each column can hold); kept one value per column in order",
				  what, text, cols);
		}
	} else {
		int pick = prose_pick(s, r, S);
		doc_placement how = DOC_PLACED_PROSE;
		char where[300] = "";
		if (pick < 0 && c->res) {
			char **vals[MAX_CAND];
			int *cols[MAX_CAND], ns[MAX_CAND];
			res_candidates(S, vals, cols, ns);
			pick = doc_res_pick(c->res, c->d, s->title, r->method, vals, cols, ns, S->ncand,
					    t->columns, where, sizeof where);
			for (int k = 0; k < S->ncand; k++) {
				for (int i = 0; i < ns[k]; i++)
					free(vals[k][i]);
				free(vals[k]);
				free(cols[k]);
			}
			how = DOC_PLACED_RESOLUTION;
		}
		if (pick >= 0) {
			fill(r, S, &S->cands[pick], p->lines, how);
		} else {
			char ev[1024];
			size_t o = 0;
			for (int k = 0; k < S->ncand && k < 4 && o < sizeof ev; k++) {
				char one[300];
				describe(S, &S->cands[k], one, sizeof one);
				o += (size_t)snprintf(ev + o, sizeof ev - o, "%s[%s]", k ? " or " : "", one);
			}
			fill(r, S, &S->cands[0], p->lines, DOC_PLACED_UNDECIDED);
			doc_diagf(c->d, r->line, DOC_WARNING,
				  "undecided: %s: '%s' fits %d%s placements: %s; no prose or resolution decides; kept the first",
				  what, text, S->ncand, S->overflow ? "+" : "", ev);
		}
	}
	free(S);
}

static void push(doc_section *s, doc_table *t, doc_row *r, char **atoms, const int *lines,
		 const int *cols, int n, doc_atoms_kind kind, doc_ctx *c)
{
	c->pending = doc_xrealloc(c->pending, (size_t)(c->npending + 1) * sizeof(pending));
	pending *p = &((pending *)c->pending)[c->npending++];
	p->si = (int)(s - c->d->sections);
	p->ti = (int)(t - s->tables);
	p->ri = (int)(r - t->rows);
	p->n = n;
	p->kind = kind;
	p->atoms = doc_xrealloc(NULL, (size_t)(n ? n : 1) * sizeof *p->atoms);
	p->lines = doc_xrealloc(NULL, (size_t)(n ? n : 1) * sizeof *p->lines);
	p->cols = cols ? doc_xrealloc(NULL, (size_t)(n ? n : 1) * sizeof *p->cols) : NULL;
	for (int i = 0; i < n; i++) {
		p->atoms[i] = doc_xstrdup(atoms[i]);
		p->lines[i] = lines[i];
		if (cols)
			p->cols[i] = cols[i];
	}
}

void doc_place_atoms(doc_ctx *c, doc_section *s, doc_table *t, doc_row *r,
		     char **atoms, const int *atom_lines, int natoms, doc_atoms_kind kind)
{
	if (natoms > 0 && t->ncols > 0)
		push(s, t, r, atoms, atom_lines, NULL, natoms, kind, c);
	else if (natoms > 0)
		doc_diagf(c->d, r->line, DOC_ERROR, "%s %s: row has cells but the table has no columns",
			  s->title, r->method);
}

void doc_place_positioned(doc_ctx *c, doc_section *s, doc_table *t, doc_row *r,
			  char **values, const int *lines, const int *cols, int n)
{
	if (n > 0)
		push(s, t, r, values, lines, cols, n, DOC_ATOMS_FIXED, c);
}

void doc_place_finish(doc_ctx *c)
{
	pending *all = c->pending;
	for (int i = 0; i < c->npending; i++) {
		place_one(c, &all[i]);
		for (int j = 0; j < all[i].n; j++)
			free(all[i].atoms[j]);
		free(all[i].atoms);
		free(all[i].lines);
		free(all[i].cols);
	}
	free(all);
	c->pending = NULL;
	c->npending = 0;
}

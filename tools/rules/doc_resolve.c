/* The resolutions file (rules/resolutions.tsv): reviewed answers for rows whose
 * cells fit several columns once white space is gone.  One entry a line, tab
 * separated:
 *   DOC  INTERFACE  METHOD  VALUES  COLUMNS  REASON
 * DOC is '*', or rendering names and "sha256:PREFIX" (8+ hex digits of the
 * exact input reviewed) separated by ','; METHOD is a row label or '*'
 * (every row of that table with exactly these values); VALUES and COLUMNS are
 * ' | ' separated, one column per value; REASON must say why.  An entry
 * describes the upstream table, so for tab-aligned input it is checked
 * against the positions instead of being used. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "doc_internal.h"
#include "../common/install_layout.h"

typedef struct res_entry {
	int line;
	char *docsel, *interface, *method, *reason;
	char **values, **columns;
	int n;
} res_entry;

struct doc_resset {
	char *path;
	res_entry *e;
	int n;
};

static int split_bars(const char *s, char ***out)
{
	int n = 0;
	char **v = NULL;
	for (;;) {
		const char *bar = strstr(s, " | ");
		size_t len = bar ? (size_t)(bar - s) : strlen(s);
		v = doc_xrealloc(v, (size_t)(n + 1) * sizeof *v);
		v[n++] = doc_collapse_n(s, len);
		if (!bar)
			break;
		s = bar + 3;
	}
	*out = v;
	return n;
}

static const char *const renderings[] = {"plain-diff", "plain", "rst", "rst-viewer", "html-text", NULL};

/* "sha256:" and at least 8 hex digits: the exact document reviewed. */
static int sha_selector(const char *tok, size_t n)
{
	if (n < 15 || strncmp(tok, "sha256:", 7))
		return 0;
	for (size_t i = 7; i < n; i++)
		if (!strchr("0123456789abcdef", tok[i]))
			return 0;
	return n <= 7 + 64;
}

static int docsel_valid(const char *sel)
{
	if (!strcmp(sel, "*"))
		return 1;
	char *copy = doc_xstrdup(sel), *save = NULL;
	int ok = 1;
	for (char *tok = strtok_r(copy, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		int found = sha_selector(tok, strlen(tok));
		for (const char *const *r = renderings; *r; r++)
			found |= !strcmp(tok, *r);
		ok &= found;
	}
	free(copy);
	return ok;
}

static int docsel_matches(const char *sel, const doc *d)
{
	if (!strcmp(sel, "*"))
		return 1;
	const char *name = doc_rendering_name(d->rendering);
	size_t n = strlen(name);
	for (const char *p = sel; *p;) {
		size_t l = strcspn(p, ",");
		if (l == n && !strncmp(p, name, n))
			return 1;
		if (sha_selector(p, l) && !strncmp(d->sha256, p + 7, l - 7))
			return 1;
		p += l;
		if (*p == ',')
			p++;
	}
	return 0;
}

void doc_res_free(struct doc_resset *r)
{
	if (!r)
		return;
	for (int i = 0; i < r->n; i++) {
		res_entry *e = &r->e[i];
		free(e->docsel), free(e->interface), free(e->method), free(e->reason);
		for (int k = 0; k < e->n; k++)
			free(e->values[k]), free(e->columns[k]);
		free(e->values), free(e->columns);
	}
	free(r->e);
	free(r->path);
	free(r);
}

struct doc_resset *doc_res_load(const char *path, char *err, size_t errlen)
{
	FILE *f = fopen(path, "r");
	if (!f) {
		snprintf(err, errlen, "%s:0: cannot read resolutions file: %s", path, strerror(errno));
		return NULL;
	}
	struct doc_resset *r = calloc(1, sizeof *r);
	if (!r) {
		fclose(f);
		snprintf(err, errlen, "%s:0: out of memory", path);
		return NULL;
	}
	r->path = doc_xstrdup(path);
	char buf[4096];
	int ln = 0;
	while (fgets(buf, sizeof buf, f)) {
		ln++;
		buf[strcspn(buf, "\r\n")] = '\0';
		if (doc_is_blank(buf) || buf[0] == '#')
			continue;
		char *field[6];
		int nf = 0;
		char *p = buf;
		while (nf < 6) {
			field[nf++] = p;
			char *tab = strchr(p, '\t');
			if (!tab)
				break;
			*tab = '\0';
			p = tab + 1;
		}
		const char *why = NULL;
		if (nf != 6 || strchr(field[5], '\t'))
			why = "expected 6 tab-separated fields: DOC INTERFACE METHOD VALUES COLUMNS REASON";
		else if (!docsel_valid(field[0]))
			why = "DOC must be '*', or rendering names (plain-diff, plain, rst, rst-viewer, html-text) and sha256:HEX (8+ lowercase hex digits) separated by ','";
		else if (doc_is_blank(field[1]) || doc_is_blank(field[2]))
			why = "INTERFACE and METHOD must not be empty";
		else if (doc_is_blank(field[5]))
			why = "REASON must say why the entry is right";
		if (why) {
			snprintf(err, errlen, "%s:%d: %s", path, ln, why);
			fclose(f);
			doc_res_free(r);
			return NULL;
		}
		res_entry e = {0};
		e.line = ln;
		e.docsel = doc_collapse(field[0]);
		e.interface = doc_collapse(field[1]);
		e.method = doc_collapse(field[2]);
		e.reason = doc_collapse(field[5]);
		char **cols;
		e.n = split_bars(field[3], &e.values);
		int nc = split_bars(field[4], &cols);
		e.columns = cols;
		r->e = doc_xrealloc(r->e, (size_t)(r->n + 1) * sizeof *r->e);
		r->e[r->n++] = e;
		if (nc != e.n) {
			snprintf(err, errlen, "%s:%d: %d values but %d columns: expected one column per value",
				 path, ln, e.n, nc);
			for (int k = e.n; k < nc; k++)
				free(cols[k]);
			if (nc < e.n) {
				/* keep the arrays the same length for doc_res_free */
				e.columns = doc_xrealloc(cols, (size_t)e.n * sizeof *cols);
				for (int k = nc; k < e.n; k++)
					e.columns[k] = NULL;
				r->e[r->n - 1].columns = e.columns;
			}
			fclose(f);
			doc_res_free(r);
			return NULL;
		}
	}
	fclose(f);
	return r;
}

static int entry_applies(const res_entry *e, const doc *d, const char *interface, const char *method)
{
	return docsel_matches(e->docsel, d) && !strcmp(e->interface, interface) &&
	       (!strcmp(e->method, "*") || !strcmp(e->method, method));
}

int doc_res_pick(const struct doc_resset *r, const doc *d, const char *interface, const char *method,
		 char ***cand_values, int **cand_cols, const int *cand_n, int ncand,
		 char **columns, char *where, size_t wherelen)
{
	int pick = -1;
	for (int i = 0; i < r->n; i++) {
		const res_entry *e = &r->e[i];
		if (!entry_applies(e, d, interface, method))
			continue;
		for (int k = 0; k < ncand; k++) {
			if (cand_n[k] != e->n)
				continue;
			int same = 1;
			for (int j = 0; j < e->n && same; j++)
				same = !strcmp(cand_values[k][j], e->values[j]) &&
				       !strcmp(columns[cand_cols[k][j]], e->columns[j]);
			if (!same)
				continue;
			if (pick >= 0 && pick != k)
				return -2;
			pick = k;
			snprintf(where, wherelen, "%s:%d", r->path, e->line);
		}
	}
	return pick;
}

/* An entry is about a table only if it names that table's columns. */
static int names_columns_of(const res_entry *e, char **columns, int ncols)
{
	for (int j = 0; j < e->n; j++) {
		int found = 0;
		for (int k = 0; k < ncols && !found; k++)
			found = !strcmp(columns[k], e->columns[j]);
		if (!found)
			return 0;
	}
	return 1;
}

int doc_res_check(const struct doc_resset *r, const doc *d, const char *interface, const char *method,
		  char **values, const int *cols, int n, char **columns, int ncols, char *where, size_t wherelen)
{
	for (int i = 0; i < r->n; i++) {
		const res_entry *e = &r->e[i];
		if (!entry_applies(e, d, interface, method) || e->n != n || !names_columns_of(e, columns, ncols))
			continue;
		int same_values = 1, same_cols = 1;
		for (int j = 0; j < n; j++) {
			same_values &= !strcmp(values[j], e->values[j]);
			same_cols &= !strcmp(columns[cols[j]], e->columns[j]);
		}
		if (!same_values)
			continue;
		snprintf(where, wherelen, "%s:%d", r->path, e->line);
		return same_cols ? 1 : -1;
	}
	return 0;
}

/* $LOCKCHECK_RESOLUTIONS; else the installed copy, found from the program's
 * own place (bin/../share/lockcheck, as `make install` lays it out); else
 * rules/resolutions.tsv of the source tree the program was built in.  Never
 * the current directory: a copy run elsewhere must not pick up another file. */
const char *doc_default_resolutions(void)
{
	static char path[4096 + 64];
	const char *env = getenv("LOCKCHECK_RESOLUTIONS");
	if (env && *env)
		return env;
	char exe[4096];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
	if (n <= 0)
		return NULL;
	exe[n] = '\0';
	char *slash = strrchr(exe, '/');
	if (!slash)
		return NULL;
	*slash = '\0';
	snprintf(path, sizeof path, "%s/%s/resolutions.tsv", exe, LC_DATADIR_FROM_BINDIR);
	if (access(path, R_OK) == 0)
		return path;
	for (; slash; slash = strrchr(exe, '/')) {
		*slash = '\0';
		snprintf(path, sizeof path, "%s/rules/resolutions.tsv", exe[0] ? exe : "");
		if (access(path, R_OK) == 0)
			return path;
	}
	return NULL;
}

/* Small helpers every parser file needs: allocation that cannot return NULL,
 * white space collapsing, diagnostics. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "doc_internal.h"

void *doc_xrealloc(void *p, size_t n)
{
	void *q = realloc(p, n ? n : 1);
	if (!q) {
		fprintf(stderr, "lockcheck-rules: out of memory\n");
		exit(2);
	}
	return q;
}

char *doc_xstrndup(const char *s, size_t n)
{
	char *p = doc_xrealloc(NULL, n + 1);
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *doc_xstrdup(const char *s)
{
	return doc_xstrndup(s, strlen(s));
}

char *doc_collapse_n(const char *s, size_t n)
{
	char *out = doc_xrealloc(NULL, n + 1);
	size_t o = 0;
	int space = 0;
	for (size_t i = 0; i < n && s[i]; i++) {
		if (isspace((unsigned char)s[i])) {
			space = 1;
			continue;
		}
		if (space && o)
			out[o++] = ' ';
		space = 0;
		out[o++] = s[i];
	}
	out[o] = '\0';
	return out;
}

char *doc_collapse(const char *s)
{
	return doc_collapse_n(s, strlen(s));
}

int doc_is_blank(const char *s)
{
	for (; *s; s++)
		if (!isspace((unsigned char)*s))
			return 0;
	return 1;
}

int doc_is_ident_char(int c)
{
	return isalnum(c) || c == '_';
}

int doc_display_col(const char *s, size_t off)
{
	int col = 0;
	for (size_t i = 0; i < off && s[i]; i++)
		col = s[i] == '\t' ? (col / 8 + 1) * 8 : col + 1;
	return col;
}

void doc_diagf(doc *d, int line, doc_severity sev, const char *fmt, ...)
{
	char buf[2048];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	d->diags = doc_xrealloc(d->diags, (size_t)(d->ndiags + 1) * sizeof *d->diags);
	d->diags[d->ndiags].line = line;
	d->diags[d->ndiags].severity = sev;
	d->diags[d->ndiags].message = doc_xstrdup(buf);
	d->ndiags++;
}

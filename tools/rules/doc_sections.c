/* Section splitter: finds the interface titles.  rst underlines a title with
 * '=' (the overlined one is the document's own title, not an interface); the
 * old plain text writes "---- name ----"; the HTML page as text keeps only the
 * title on its own line, followed by "prototypes:". */
#include <stdlib.h>
#include <string.h>
#include "doc_internal.h"

static int only_eq(const char *s)
{
	if (!s)
		return 0;
	size_t n = strlen(s);
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	if (n < 3)
		return 0;
	for (size_t i = 0; i < n; i++)
		if (s[i] != '=')
			return 0; /* "=== ===" is a table border, not an underline */
	return 1;
}

static char *plain_title(const char *s)
{
	if (strncmp(s, "---", 3))
		return NULL;
	const char *a = s + strspn(s, "-");
	const char *e = s + strlen(s);
	while (e > a && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '-'))
		e--;
	if (e <= a || (strncmp(e, " -", 2) && strncmp(e, "\t-", 2)))
		return NULL;
	char *t = doc_collapse_n(a, (size_t)(e - a));
	if (!*t) {
		free(t);
		return NULL;
	}
	return t;
}

static int next_nonblank(doc_ctx *c, int i)
{
	for (i++; i <= c->d->nlines; i++)
		if (c->body[i] && !doc_is_blank(c->body[i]))
			return i;
	return 0;
}

static char *html_title(doc_ctx *c, int i)
{
	const char *s = c->body[i];
	size_t n = strlen(s);
	if (doc_is_blank(s) || n > 60 || strchr(s, '(') || s[n - 1] == ':' || s[n - 1] == '.')
		return NULL;
	int j = next_nonblank(c, i);
	if (!j)
		return NULL;
	char *t = doc_collapse(c->body[j]);
	int ok = !strcmp(t, "prototypes:");
	free(t);
	return ok ? doc_collapse(s) : NULL;
}

static void add_section(doc *d, char *title, int line)
{
	d->sections = doc_xrealloc(d->sections, (size_t)(d->nsections + 1) * sizeof *d->sections);
	doc_section *s = &d->sections[d->nsections++];
	memset(s, 0, sizeof *s);
	s->title = title;
	s->line = line;
}

void doc_sections_split(doc_ctx *c, int *owner)
{
	doc *d = c->d;
	int cur = -1;
	for (int i = 1; i <= d->nlines; i++) {
		owner[i] = cur;
		const char *s = c->body[i];
		if (!s)
			continue;
		char *title = NULL;
		int skip = 0;
		switch (d->rendering) {
		case DOC_RENDER_RST:
		case DOC_RENDER_RST_VIEWER:
			if (!doc_is_blank(s) && !only_eq(s) && i < d->nlines && only_eq(c->body[i + 1])) {
				if (i > 1 && only_eq(c->body[i - 1])) {
					cur = -1; /* the document title */
					owner[i - 1] = owner[i] = owner[i + 1] = -1;
					i++;
					continue;
				}
				title = doc_collapse(s);
				skip = 1;
			}
			break;
		case DOC_RENDER_PLAIN:
		case DOC_RENDER_PLAIN_DIFF:
			title = plain_title(s);
			break;
		case DOC_RENDER_HTML_TEXT:
			title = html_title(c, i);
			break;
		default:
			break;
		}
		if (title) {
			add_section(d, title, i);
			cur = d->nsections - 1;
			owner[i] = cur;
			if (skip) {
				owner[i + 1] = cur;
				i++;
			}
		}
	}
}

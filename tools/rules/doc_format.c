/* Format detection: which of the known renderings the input is, which input
 * lines carry the document (a diff's "+" lines without their "+"), and whether
 * tab alignment survived (then column positions are evidence). */
#include <stdio.h>
#include <string.h>
#include "doc_internal.h"

const char *doc_rendering_name(doc_rendering r)
{
	switch (r) {
	case DOC_RENDER_PLAIN_DIFF: return "plain-diff";
	case DOC_RENDER_PLAIN: return "plain";
	case DOC_RENDER_RST: return "rst";
	case DOC_RENDER_RST_VIEWER: return "rst-viewer";
	case DOC_RENDER_HTML_TEXT: return "html-text";
	default: return "unknown";
	}
}

/* "---- name ----" (old plain text section rule). */
static int plain_rule(const char *s)
{
	size_t n = strlen(s);
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	return n > 8 && strncmp(s, "---", 3) == 0 && strncmp(s + n - 3, "---", 3) == 0 &&
	       strspn(s, "-") < n && strchr(s, ' ') != NULL;
}

static int all_of(const char *s, char ch)
{
	size_t n = strlen(s);
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	if (n < 3)
		return 0;
	for (size_t i = 0; i < n; i++)
		if (s[i] != ch)
			return 0;
	return 1;
}

static int keeps_alignment(const char *s)
{
	if (strchr(s, '\t'))
		return 1;
	const char *p = s;
	while (*p == ' ')
		p++;
	return strstr(p, "  ") != NULL;
}

static int is_line(const char *s, const char *want)
{
	while (*s == ' ' || *s == '\t')
		s++;
	size_t n = strlen(want);
	if (strncmp(s, want, n))
		return 0;
	return doc_is_blank(s + n);
}

int doc_format_detect(doc_ctx *c, char *err, size_t errlen)
{
	doc *d = c->d;
	c->body = doc_xrealloc(NULL, (size_t)(d->nlines + 1) * sizeof *c->body);
	c->body[0] = NULL;
	for (int i = 1; i <= d->nlines; i++)
		c->body[i] = d->lines[i];

	/* A unified diff: "+++ " then "@@ -" near the top. */
	int plus = 0, hunk = 0;
	for (int i = 1; i <= d->nlines && i <= 80; i++) {
		if (!strncmp(d->lines[i], "+++ ", 4))
			plus = i;
		else if (plus && !strncmp(d->lines[i], "@@ -", 4)) {
			hunk = i;
			break;
		}
	}
	if (hunk) {
		d->rendering = DOC_RENDER_PLAIN_DIFF;
		int in_diff = 1;
		for (int i = 1; i <= d->nlines; i++) {
			const char *s = d->lines[i];
			if (i <= hunk || !in_diff)
				c->body[i] = NULL;
			else if (!strncmp(s, "diff --git", 10))
				in_diff = 0, c->body[i] = NULL;
			else if (s[0] == '+' || s[0] == ' ')
				c->body[i] = d->lines[i] + 1;
			else
				c->body[i] = NULL; /* removed lines, "@@", "\ No newline" */
		}
	} else if (d->nlines >= 1 && !strncmp(d->lines[1], "blob:", 5)) {
		d->rendering = DOC_RENDER_RST_VIEWER;
		c->body[1] = NULL;
	} else {
		int rules = 0, underlines = 0, protos2 = 0, protos1 = 0, ops = 0;
		for (int i = 1; i <= d->nlines; i++) {
			const char *s = d->lines[i];
			rules += plain_rule(s);
			if (i > 1 && all_of(s, '=') && !doc_is_blank(d->lines[i - 1]) && !all_of(d->lines[i - 1], '='))
				underlines++;
			protos2 += is_line(s, "prototypes::");
			protos1 += is_line(s, "prototypes:");
			ops += is_line(s, "ops");
		}
		if (rules && protos1)
			d->rendering = DOC_RENDER_PLAIN;
		else if (underlines && protos2)
			d->rendering = DOC_RENDER_RST;
		else if (protos1 && ops)
			d->rendering = DOC_RENDER_HTML_TEXT;
		else {
			snprintf(err, errlen,
				 "%s:1: unknown format: expected a Locking document (old plain text with "
				 "'---- name ----' sections, a git diff of it, locking.rst with '====' titles "
				 "and 'prototypes::', a source-viewer copy starting 'blob:', or the HTML page "
				 "saved as text with 'prototypes:' and 'ops' lines)", c->name);
			return -1;
		}
	}
	c->positions = 0;
	if (d->rendering != DOC_RENDER_HTML_TEXT)
		for (int i = 1; i <= d->nlines && !c->positions; i++)
			if (c->body[i] && keeps_alignment(c->body[i]))
				c->positions = 1;
	return 0;
}

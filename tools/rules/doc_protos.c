/* Prototype reader: "ret (*name)(args);" possibly spanning lines.  The name is
 * what follows "(*"; the end is the first ';' or the line where the
 * parentheses balance, so the upstream typo "(*d_dname)((struct dentry ..."
 * (one '(' too many, but a ';') ends where the author meant it to. */
#include <stdlib.h>
#include <string.h>
#include "doc_internal.h"

#define PROTO_MAX_LINES 8

static int method_name(const char *s, char *name, size_t len)
{
	const char *p = strstr(s, "(*");
	if (!p)
		return 0;
	p += 2;
	while (*p == ' ')
		p++;
	size_t n = 0;
	while (doc_is_ident_char((unsigned char)p[n]))
		n++;
	if (!n || n >= len || (p[n] != ')' && p[n] != ' '))
		return 0;
	if (p[0] >= '0' && p[0] <= '9')
		return 0;
	memcpy(name, p, n);
	name[n] = '\0';
	return 1;
}

int doc_section_has_method(const doc_section *s, const char *method)
{
	for (int i = 0; i < s->nprotos; i++)
		if (!strcmp(s->protos[i].method, method))
			return 1;
	return 0;
}

int doc_proto_read(doc_ctx *c, doc_section *s, int line, int last)
{
	char name[128];
	if (!method_name(c->body[line], name, sizeof name))
		return 0;
	int depth = 0, end = line;
	size_t cap = 0;
	char *text = NULL;
	for (int i = line; i <= last && i < line + PROTO_MAX_LINES; i++) {
		const char *t = c->body[i];
		if (!t || (i > line && doc_is_blank(t)))
			break;
		end = i;
		char *part = doc_collapse(t);
		size_t tl = text ? strlen(text) : 0, pl = strlen(part);
		if (tl + pl + 2 > cap) {
			cap = tl + pl + 2;
			text = doc_xrealloc(text, cap);
		}
		if (tl)
			text[tl++] = ' ';
		memcpy(text + tl, part, pl + 1);
		free(part);
		int semi = 0;
		for (const char *p = t; *p; p++) {
			if (*p == '(')
				depth++;
			else if (*p == ')')
				depth--;
			else if (*p == ';')
				semi = 1;
		}
		if (semi || depth <= 0)
			break;
	}
	if (depth > 0 && !strchr(text, ';'))
		doc_diagf(c->d, line, DOC_WARNING,
			  "prototype of %s does not close its parentheses within %d lines", name,
			  end - line + 1);
	s->protos = doc_xrealloc(s->protos, (size_t)(s->nprotos + 1) * sizeof *s->protos);
	doc_proto *p = &s->protos[s->nprotos++];
	p->line = line;
	p->end_line = end;
	p->method = doc_xstrdup(name);
	p->text = text;
	return end;
}

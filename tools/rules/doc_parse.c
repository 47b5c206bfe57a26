/* doc_parse_file / doc_parse_buffer: reads the lines, detects the rendering,
 * splits sections, then walks each section: tables, prototypes, prose.  Cells
 * are placed last, once each section's prose is known. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "doc_internal.h"

static void add_prose(doc_section *s, int line, const char *text)
{
	char *t = doc_collapse(text);
	if (!*t) {
		free(t);
		return;
	}
	s->prose = doc_xrealloc(s->prose, (size_t)(s->nprose + 1) * sizeof *s->prose);
	s->prose[s->nprose].line = line;
	s->prose[s->nprose].text = t;
	s->nprose++;
}

static void parse_section(doc_ctx *c, int si, int first, int last)
{
	doc *d = c->d;
	for (int i = first; i <= last; i++) {
		doc_section *s = &d->sections[si];
		const char *b = c->body[i];
		if (!b || doc_is_blank(b))
			continue;
		int end = 0;
		switch (d->rendering) {
		case DOC_RENDER_RST:
		case DOC_RENDER_RST_VIEWER:
			end = doc_table_rst_read(c, s, i, last);
			break;
		case DOC_RENDER_HTML_TEXT:
			end = doc_table_html_read(c, s, i, last);
			break;
		default:
			break;
		}
		if (!end)
			end = doc_proto_read(c, s, i, last);
		if (!end && (d->rendering == DOC_RENDER_PLAIN || d->rendering == DOC_RENDER_PLAIN_DIFF))
			end = doc_table_plain_read(c, s, i, last);
		if (end) {
			i = end;
			continue;
		}
		add_prose(s, i, b);
	}
}

int doc_parse_buffer(const char *name, const char *buf, size_t len, const char *resolutions,
		     doc *out, char *err, size_t errlen)
{
	memset(out, 0, sizeof *out);
	out->path = doc_xstrdup(name);
	if (doc_lines_split(out, name, buf, len, err, errlen))
		goto fail;
	doc_sha256_hex(buf, len, out->sha256);
	doc_ctx c = {0};
	c.d = out;
	c.name = name;
	struct doc_resset *res = NULL;
	if (resolutions) {
		res = doc_res_load(resolutions, err, errlen);
		if (!res)
			goto fail;
		c.res = res;
	}
	if (doc_format_detect(&c, err, errlen)) {
		doc_res_free(res);
		free(c.body);
		goto fail;
	}
	int *owner = doc_xrealloc(NULL, (size_t)(out->nlines + 2) * sizeof *owner);
	doc_sections_split(&c, owner);
	for (int si = 0; si < out->nsections; si++) {
		int first = out->sections[si].line, last = first;
		if (out->rendering == DOC_RENDER_RST || out->rendering == DOC_RENDER_RST_VIEWER)
			first++; /* the underline */
		while (last + 1 <= out->nlines && owner[last + 1] == si)
			last++;
		parse_section(&c, si, first + 1, last);
	}
	doc_place_finish(&c);
	if (out->nsections == 0)
		doc_diagf(out, 1, DOC_WARNING, "no sections found in this %s document",
			  doc_rendering_name(out->rendering));
	free(owner);
	free(c.body);
	doc_res_free(res);
	return 0;
fail:
	doc_free(out);
	return -1;
}

int doc_parse_file(const char *path, const char *resolutions, doc *out, char *err, size_t errlen)
{
	memset(out, 0, sizeof *out);
	FILE *f = fopen(path, "rb");
	if (!f) {
		snprintf(err, errlen, "%s:0: cannot open: %s", path, strerror(errno));
		return -1;
	}
	size_t cap = 1 << 16, len = 0;
	char *buf = doc_xrealloc(NULL, cap);
	for (;;) {
		if (len == cap) {
			if (cap > DOC_MAX_BYTES) {
				/* Stop reading: the line reader reports the size. */
				break;
			}
			cap *= 2;
			buf = doc_xrealloc(buf, cap);
		}
		size_t n = fread(buf + len, 1, cap - len, f);
		if (n == 0)
			break;
		len += n;
	}
	int bad = ferror(f);
	fclose(f);
	if (bad) {
		snprintf(err, errlen, "%s:0: read error: %s", path, strerror(errno));
		free(buf);
		return -1;
	}
	int rc = doc_parse_buffer(path, buf, len, resolutions, out, err, errlen);
	free(buf);
	return rc;
}

void doc_free(doc *d)
{
	if (!d)
		return;
	for (int i = 0; i < d->nsections; i++) {
		doc_section *s = &d->sections[i];
		free(s->title);
		for (int k = 0; k < s->nprotos; k++)
			free(s->protos[k].method), free(s->protos[k].text);
		free(s->protos);
		for (int t = 0; t < s->ntables; t++) {
			doc_table *tb = &s->tables[t];
			free(tb->label_header);
			for (int k = 0; k < tb->ncols; k++)
				free(tb->columns[k]);
			free(tb->columns);
			free(tb->column_lines);
			for (int r = 0; r < tb->nrows; r++) {
				for (int k = 0; k < tb->ncols; k++)
					free(tb->rows[r].cells[k].value);
				free(tb->rows[r].cells);
				free(tb->rows[r].method);
			}
			free(tb->rows);
		}
		free(s->tables);
		for (int k = 0; k < s->nprose; k++)
			free(s->prose[k].text);
		free(s->prose);
	}
	free(d->sections);
	for (int i = 1; i <= d->nlines && d->lines; i++)
		free(d->lines[i]);
	free(d->lines);
	for (int i = 0; i < d->ndiags; i++)
		free(d->diags[i].message);
	free(d->diags);
	free(d->path);
	memset(d, 0, sizeof *d);
}

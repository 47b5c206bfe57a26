/* Line reader: checks that the input can be a text document at all (size,
 * NUL bytes, line length) and splits it into 1-based lines. */
#include <stdio.h>
#include <string.h>
#include "doc_internal.h"

int doc_lines_split(doc *d, const char *name, const char *buf, size_t len, char *err, size_t errlen)
{
	if (len == 0) {
		snprintf(err, errlen, "%s:1: empty input; expected a Locking document", name);
		return -1;
	}
	if (len > DOC_MAX_BYTES) {
		snprintf(err, errlen, "%s:1: input is %zu bytes; a Locking document is under %u bytes",
			 name, len, DOC_MAX_BYTES);
		return -1;
	}
	/* One pass: count lines, find NUL bytes and over-long lines before allocating. */
	int nlines = 0;
	size_t start = 0;
	for (size_t i = 0; i <= len; i++) {
		if (i < len && buf[i] == '\0') {
			snprintf(err, errlen, "%s:%d: NUL byte at column %zu: binary input, expected text",
				 name, nlines + 1, i - start + 1);
			return -1;
		}
		if (i == len || buf[i] == '\n') {
			if (i - start > DOC_MAX_LINE) {
				snprintf(err, errlen, "%s:%d: line is %zu bytes long; expected under %d",
					 name, nlines + 1, i - start, DOC_MAX_LINE);
				return -1;
			}
			if (i < len || i > start)
				nlines++;
			start = i + 1;
		}
	}
	d->lines = doc_xrealloc(NULL, (size_t)(nlines + 1) * sizeof *d->lines);
	d->lines[0] = NULL;
	d->nlines = nlines;
	int n = 0;
	start = 0;
	for (size_t i = 0; i <= len && n < nlines; i++) {
		if (i == len || buf[i] == '\n') {
			size_t e = i;
			if (e > start && buf[e - 1] == '\r')
				e--;
			d->lines[++n] = doc_xstrndup(buf + start, e - start);
			start = i + 1;
		}
	}
	return 0;
}

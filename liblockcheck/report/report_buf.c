/* See report_buf.h: hand-made formatting so a report can be built from a
 * signal handler without malloc or stdio. */
#include <string.h>

#include "lc_runtime.h"
#include "report/report_buf.h"
#include "report/utf8_seq.h"

void lc_buf_init(lc_buf *b, size_t initial)
{
	b->len = 0;
	b->failed = false;
	b->cap = initial ? initial : 4096;
	b->data = lc_alloc(b->cap);
	if (!b->data) {
		b->cap = 0;
		b->failed = true;
	}
}

void lc_buf_release(lc_buf *b)
{
	if (b->data)
		lc_free(b->data, b->cap);
	b->data = NULL;
	b->cap = b->len = 0;
}

void lc_buf_reset(lc_buf *b)
{
	b->len = 0;
}

static bool reserve(lc_buf *b, size_t more)
{
	if (b->len + more <= b->cap)
		return true;
	size_t cap = b->cap ? b->cap : 4096;
	while (cap < b->len + more)
		cap *= 2;
	char *p = b->data ? lc_realloc(b->data, b->cap, cap) : lc_alloc(cap);
	if (!p) {
		b->failed = true;
		return false;
	}
	b->data = p;
	b->cap = cap;
	return true;
}

void lc_buf_mem(lc_buf *b, const char *s, size_t n)
{
	if (!n || !reserve(b, n))
		return;
	memcpy(b->data + b->len, s, n);
	b->len += n;
}

void lc_buf_str(lc_buf *b, const char *s)
{
	if (s)
		lc_buf_mem(b, s, strlen(s));
}

void lc_buf_char(lc_buf *b, char c)
{
	lc_buf_mem(b, &c, 1);
}

void lc_buf_udec(lc_buf *b, unsigned long long v)
{
	char tmp[24];
	size_t i = sizeof tmp;
	do {
		tmp[--i] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	lc_buf_mem(b, tmp + i, sizeof tmp - i);
}

void lc_buf_dec(lc_buf *b, long long v)
{
	if (v < 0) {
		lc_buf_char(b, '-');
		lc_buf_udec(b, 0ull - (unsigned long long)v);
	} else {
		lc_buf_udec(b, (unsigned long long)v);
	}
}

void lc_buf_hex(lc_buf *b, uintptr_t v)
{
	char tmp[2 + 2 * sizeof v];
	size_t i = sizeof tmp;
	do {
		tmp[--i] = "0123456789abcdef"[v & 15];
		v >>= 4;
	} while (v);
	tmp[--i] = 'x';
	tmp[--i] = '0';
	lc_buf_mem(b, tmp + i, sizeof tmp - i);
}

/* The report is valid UTF-8 whatever bytes a lock name holds: a byte that
 * is not part of a well-formed sequence becomes U+FFFD. */
void lc_buf_json_inner(lc_buf *b, const char *s)
{
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		unsigned char c = *p;
		if (c == '"' || c == '\\') {
			lc_buf_char(b, '\\');
			lc_buf_char(b, (char)c);
		} else if (c == '\n') {
			lc_buf_str(b, "\\n");
		} else if (c == '\t') {
			lc_buf_str(b, "\\t");
		} else if (c < 0x20 || c == 0x7f) {
			char esc[7] = {'\\', 'u', '0', '0', "0123456789abcdef"[c >> 4],
				       "0123456789abcdef"[c & 15], 0};
			lc_buf_str(b, esc);
		} else if (c < 0x80) {
			lc_buf_char(b, (char)c);
		} else {
			size_t n = lc_utf8_len(p);
			if (n) {
				lc_buf_mem(b, (const char *)p, n);
				p += n - 1;
			} else {
				lc_buf_str(b, "\\ufffd");
			}
		}
	}
}

void lc_buf_json_str(lc_buf *b, const char *s)
{
	if (!s) {
		lc_buf_str(b, "null");
		return;
	}
	lc_buf_char(b, '"');
	lc_buf_json_inner(b, s);
	lc_buf_char(b, '"');
}

void lc_buf_json_hex(lc_buf *b, uintptr_t v)
{
	lc_buf_char(b, '"');
	lc_buf_hex(b, v);
	lc_buf_char(b, '"');
}

void lc_buf_json_sig(lc_buf *b, uint64_t v)
{
	char tmp[18];
	tmp[0] = tmp[17] = '"';
	for (int i = 16; i >= 1; i--, v >>= 4)
		tmp[i] = "0123456789abcdef"[v & 15];
	lc_buf_mem(b, tmp, sizeof tmp);
}

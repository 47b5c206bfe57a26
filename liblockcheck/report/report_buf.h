/* A growing text buffer for building one report at a time.
 *
 * Reports are formatted into memory and written with one write(2), so lines
 * from different threads or processes never interleave.  The memory comes
 * from lc_alloc (mmap), and the formatting is done here by hand, so this
 * works in a signal handler and never calls malloc or stdio. */
#ifndef LC_REPORT_BUF_H
#define LC_REPORT_BUF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct lc_buf {
	char *data;
	size_t len;
	size_t cap;
	bool failed; /* the OS refused memory: the text is cut short */
} lc_buf;

void lc_buf_init(lc_buf *b, size_t initial);
void lc_buf_release(lc_buf *b);
void lc_buf_reset(lc_buf *b);
void lc_buf_mem(lc_buf *b, const char *s, size_t n);
void lc_buf_str(lc_buf *b, const char *s); /* NULL appends nothing */
void lc_buf_char(lc_buf *b, char c);
void lc_buf_dec(lc_buf *b, long long v);
void lc_buf_udec(lc_buf *b, unsigned long long v);
void lc_buf_hex(lc_buf *b, uintptr_t v); /* "0x1a2b" */
/* A JSON string literal with quotes, or null for NULL; valid UTF-8 (a bad
 * byte becomes \ufffd).  _inner: the same without the quotes. */
void lc_buf_json_str(lc_buf *b, const char *s);
void lc_buf_json_inner(lc_buf *b, const char *s);
void lc_buf_json_hex(lc_buf *b, uintptr_t v); /* "0x..." as a JSON string */
void lc_buf_json_sig(lc_buf *b, uint64_t v);  /* 16 hex digits as a JSON string */

#endif

/* Well-formed UTF-8 (RFC 3629), shared by the library's JSON writer and the
 * lockcheck tool: header-only, no allocation. */
#ifndef LC_UTF8_SEQ_H
#define LC_UTF8_SEQ_H

#include <stddef.h>

/* Length of the well-formed sequence at p (1 for ASCII), or 0 for a byte
 * that does not start one (stray continuation, overlong form, surrogate,
 * past U+10FFFF, cut short by the terminator). */
static inline size_t lc_utf8_len(const unsigned char *p)
{
	unsigned char c = p[0];
	if (c < 0x80)
		return 1;
	size_t n = c >= 0xc2 && c <= 0xdf ? 2 : c >= 0xe0 && c <= 0xef ? 3 : c >= 0xf0 && c <= 0xf4 ? 4 : 0;
	for (size_t i = 1; i < n; i++)
		if ((p[i] & 0xc0) != 0x80)
			return 0;
	if ((c == 0xe0 && p[1] < 0xa0) || (c == 0xed && p[1] > 0x9f) || (c == 0xf0 && p[1] < 0x90) ||
	    (c == 0xf4 && p[1] > 0x8f))
		return 0;
	return n;
}

#endif

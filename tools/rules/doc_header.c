/* Header splitter for a collapsed header line.  Lock names carry '_', '-',
 * '>' or '(' ("i_rwsem", "->d_lock", "rcu-walk", "PageLocked(page)") and stand
 * alone; plain words join the plain words before them ("may block", "folio
 * locked"), except that a capitalised word opens a new header ("FS recursion"
 * | "Held locks when called"). */
#include <ctype.h>
#include <string.h>
#include "doc_internal.h"

static int lockish(const char *w, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!isalpha((unsigned char)w[i]))
			return 1;
	return 0;
}

int doc_header_split(const char *text, char **out, int max)
{
	int n = 0;
	const char *p = text, *gstart = NULL, *gend = NULL;
	int prev_lock = 0;
	while (*p) {
		while (*p == ' ')
			p++;
		if (!*p)
			break;
		const char *w = p;
		while (*p && *p != ' ')
			p++;
		size_t wl = (size_t)(p - w);
		int lk = lockish(w, wl);
		int opens = !gstart || lk || prev_lock || isupper((unsigned char)w[0]);
		if (opens) {
			if (gstart && n < max)
				out[n++] = doc_xstrndup(gstart, (size_t)(gend - gstart));
			else if (gstart)
				n++;
			gstart = w;
		}
		gend = p;
		prev_lock = lk;
	}
	if (gstart) {
		if (n < max)
			out[n++] = doc_xstrndup(gstart, (size_t)(gend - gstart));
		else
			n++;
	}
	return n;
}

/* Column vocabulary: which cell texts a column can hold, judged from its
 * header.  This is the evidence used when white space was collapsed: in
 * "read_folio: yes, unlocks shared" only a page/folio lock column takes
 * "yes, unlocks" and only an rw-semaphore column takes "shared". */
#include <ctype.h>
#include <string.h>
#include "doc_internal.h"

typedef enum colclass {
	COL_ANY, COL_PAGELOCK, COL_RWSEM, COL_MUTEX, COL_SPIN, COL_MAYBLOCK, COL_RCUWALK,
	COL_SUMOUNT, COL_MMAP, COL_NOTE, COL_FSREC, COL_HELD
} colclass;

static int has_word(const char *h, const char *w)
{
	size_t n = strlen(w);
	for (const char *p = strstr(h, w); p; p = strstr(p + 1, w))
		if ((p == h || p[-1] == ' ') && (p[n] == '\0' || p[n] == ' '))
			return 1;
	return 0;
}

static colclass classify(const char *h)
{
	if (!strncmp(h, "PageLocked", 10) || has_word(h, "locked"))
		return COL_PAGELOCK;
	if (!strcmp(h, "may block"))
		return COL_MAYBLOCK;
	if (!strcmp(h, "rcu-walk"))
		return COL_RCUWALK;
	if (strstr(h, "s_umount"))
		return COL_SUMOUNT;
	if (strstr(h, "mmap_lock") || strstr(h, "mmap_sem"))
		return COL_MMAP;
	if (!strcmp(h, "note"))
		return COL_NOTE;
	if (!strcmp(h, "FS recursion"))
		return COL_FSREC;
	if (!strcmp(h, "Held locks when called"))
		return COL_HELD;
	if (strstr(h, "rwsem") || strstr(h, "invalidate_lock"))
		return COL_RWSEM;
	if (strstr(h, "mutex"))
		return COL_MUTEX;
	if (strstr(h, "lock"))
		return COL_SPIN;
	return COL_ANY;
}

/* After a base value: any number of "(...)" groups, then maybe a footnote
 * reference "[1]" or "[1]_". */
static int tail_ok(const char *p, int parens, int footnote)
{
	for (;;) {
		const char *q = p;
		while (*q == ' ')
			q++;
		if (parens && *q == '(') {
			int depth = 0;
			for (; *q; q++) {
				if (*q == '(')
					depth++;
				else if (*q == ')' && --depth == 0)
					break;
			}
			if (!*q)
				return 0;
			p = q + 1;
			continue;
		}
		break;
	}
	if (footnote && *p == '[') {
		p++;
		if (!isdigit((unsigned char)*p))
			return 0;
		while (isdigit((unsigned char)*p))
			p++;
		if (*p++ != ']')
			return 0;
		if (*p == '_')
			p++;
	}
	return *p == '\0';
}

static int one_of(const char *v, const char *const *bases, int parens, int footnote)
{
	for (; *bases; bases++) {
		size_t n = strlen(*bases);
		if (!strncmp(v, *bases, n) && tail_ok(v + n, parens, footnote))
			return 1;
	}
	return 0;
}

static const char *const yes_no[] = {"yes", "no", NULL};
static const char *const yes_no_maybe[] = {"yes", "no", "maybe", NULL};
static const char *const page[] = {"yes, unlocks", "locks the page", "can return with page locked",
				   "yes", "no", "maybe", NULL};
static const char *const rwsem[] = {"no or exclusive", "shared", "exclusive", "no", NULL};
static const char *const s_umount[] = {"maybe(read)", "read", "write", "no", "yes", "maybe", NULL};
static const char *const mmap[] = {"read/write", "maybe-read", "read", "write", "yes", "no", "maybe", NULL};
/* Words that are a typed column's whole value; a note never starts with one. */
static const char *const bare[] = {"yes", "no", "maybe", "read", "write", "shared", "exclusive",
				   "maybe(read)", "maybe-read", "read/write", NULL};

static int first_word_bare(const char *v)
{
	size_t n = strcspn(v, " ,");
	for (const char *const *b = bare; *b; b++)
		if (strlen(*b) == n && !strncmp(v, *b, n))
			return 1;
	return 0;
}

static int held_locks(const char *v)
{
	while (*v) {
		size_t n = strcspn(v, " ");
		if (!(n == 1 && *v == '-') && !(n == 2 && !strncmp(v, "or", 2)) &&
		    !(n == 3 && !strncmp(v, "and", 3)) && !memchr(v, '_', n))
			return 0;
		v += n;
		while (*v == ' ')
			v++;
	}
	return 1;
}

int doc_vocab_accepts(const char *header, const char *v)
{
	if (!v || !*v)
		return 0;
	switch (classify(header)) {
	case COL_PAGELOCK: return one_of(v, page, 1, 1);
	case COL_RWSEM: return one_of(v, rwsem, 1, 0);
	case COL_MUTEX: return one_of(v, yes_no, 0, 0);
	case COL_SPIN: return one_of(v, yes_no_maybe, 0, 1);
	case COL_MAYBLOCK: return one_of(v, yes_no_maybe, 1, 1);
	case COL_RCUWALK: return one_of(v, yes_no_maybe, 0, 0);
	case COL_SUMOUNT: return one_of(v, s_umount, 0, 0);
	case COL_MMAP: return one_of(v, mmap, 0, 0);
	case COL_NOTE: return !first_word_bare(v);
	case COL_FSREC: return one_of(v, yes_no, 0, 0);
	case COL_HELD: return held_locks(v);
	default: return 1;
	}
}

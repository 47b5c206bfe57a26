/* Cell vocabulary.  A cell is read as: a main phrase ("yes, unlocks",
 * "shared", "no or exclusive") plus decorations that are taken off first:
 * "!!!lock!!!" warnings, footnote marks "[1]_", and "(...)" groups that carry
 * scope, conditions, notes or a lock name. */
#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "spec_locks.h"
#include "spec_vocab.h"

column_kind vocab_column_kind(const char *header)
{
	if (!header)
		return COL_OTHER;
	if (strcasecmp(header, "may block") == 0)
		return COL_BLOCKING;
	if (strcasecmp(header, "rcu-walk") == 0)
		return COL_RCU_WALK;
	if (strcasecmp(header, "note") == 0 || strcasecmp(header, "notes") == 0)
		return COL_NOTE;
	if (strncasecmp(header, "held locks", 10) == 0)
		return COL_HELD_LOCKS;
	if (locks_lookup(header))
		return COL_LOCK;
	/* An unknown lock still looks like one: the builder reports it. */
	if (strstr(header, "lock") || strstr(header, "sem") || strstr(header, "mutex"))
		return COL_LOCK;
	return COL_OTHER;
}

const char *vocab_mode(const char *w)
{
	static const struct { const char *word, *mode; } modes[] = {
		{"yes", "held"}, {"held", "held"}, {"no", "none"},
		{"shared", "shared"}, {"read", "shared"},
		{"exclusive", "exclusive"}, {"write", "exclusive"},
		{"maybe", "maybe"}, {"maybe-read", "maybe-shared"}, {"maybe(read)", "maybe-shared"},
		{"maybe-write", "maybe-exclusive"}, {"maybe(write)", "maybe-exclusive"},
		/* "read/write" (vm close): held, the mode is not stated */
		{"read/write", "held"},
	};
	for (size_t i = 0; i < sizeof modes / sizeof modes[0]; i++)
		if (strcasecmp(w, modes[i].word) == 0)
			return modes[i].mode;
	return NULL;
}

void vocab_collapse(char *s)
{
	char *w = s;
	int space = 1;
	for (char *r = s; *r; r++) {
		if (isspace((unsigned char)*r)) {
			if (!space)
				*w++ = ' ';
			space = 1;
		} else {
			*w++ = *r;
			space = 0;
		}
	}
	while (w > s && w[-1] == ' ')
		w--;
	*w = '\0';
}

/* Copies src into dst[n], cut to fit: notes and messages are short by design. */
static void copy_cut(char *dst, size_t n, const char *src)
{
	size_t k = strnlen(src, n - 1);
	memcpy(dst, src, k);
	dst[k] = '\0';
}

/* "(" g ")" into dst[n] */
static void paren_note(char *dst, size_t n, const char *g)
{
	char inner[VOCAB_TEXT];
	copy_cut(inner, n - 2 < sizeof inner ? n - 2 : sizeof inner, g);
	dst[0] = '(';
	copy_cut(dst + 1, n - 1, inner);
	size_t k = strlen(dst);
	dst[k] = ')';
	dst[k + 1] = '\0';
}

static void add_note(cell_meaning *m, const char *text)
{
	if (m->nnotes < VOCAB_MAX)
		copy_cut(m->notes[m->nnotes++], VOCAB_TEXT, text);
}

static void add_held(cell_meaning *m, const char *lock)
{
	if (m->nheld < VOCAB_MAX)
		copy_cut(m->held[m->nheld++], VOCAB_TEXT, lock);
}

static void not_understood(cell_meaning *m, const char *what, const char *text)
{
	if (m->understood) {
		char quoted[VOCAB_TEXT + 2];
		paren_note(quoted, sizeof quoted, text);
		quoted[0] = quoted[strlen(quoted) - 1] = '\'';
		copy_cut(m->problem, sizeof m->problem, what);
		size_t k = strlen(m->problem);
		if (k + 1 < sizeof m->problem) {
			m->problem[k] = ' ';
			copy_cut(m->problem + k + 1, sizeof m->problem - k - 1, quoted);
		}
	}
	m->understood = 0;
}

/* "O_CREAT is set in open flags" -> "O_CREAT in open flags": drop the verb so
 * the same condition compares equal however it is phrased. */
static void normalize_condition(const char *in, char *out, size_t outlen)
{
	char buf[VOCAB_TEXT];
	snprintf(buf, sizeof buf, "%s", in);
	char *p;
	while ((p = strstr(buf, " is set")))
		memmove(p, p + 7, strlen(p + 7) + 1);
	vocab_collapse(buf);
	snprintf(out, outlen, "%s", buf);
}

/* Cuts text[start, end) out of s. */
static void cut(char *s, size_t start, size_t end)
{
	memmove(s + start, s + end, strlen(s + end) + 1);
}

static void take_warnings(char *s, cell_meaning *m)
{
	char *a;
	while ((a = strstr(s, "!!!"))) {
		char *b = strstr(a + 3, "!!!");
		if (!b)
			break;
		char inner[VOCAB_TEXT];
		snprintf(inner, sizeof inner, "%.*s", (int)(b - a - 3), a + 3);
		char note[VOCAB_TEXT];
		snprintf(note, sizeof note, "%.*s", (int)(b + 3 - a), a);
		add_note(m, note);
		if (locks_lookup(inner))
			add_held(m, inner);
		cut(s, (size_t)(a - s), (size_t)(b + 3 - s));
	}
}

static void take_footnotes(char *s, cell_meaning *m)
{
	char *a = s;
	while ((a = strchr(a, '['))) {
		char *b = strchr(a, ']');
		if (!b)
			break;
		int digits = b > a + 1;
		for (char *d = a + 1; d < b; d++)
			if (!isdigit((unsigned char)*d))
				digits = 0;
		if (!digits) {
			a = b;
			continue;
		}
		char note[VOCAB_TEXT];
		snprintf(note, sizeof note, "footnote %.*s", (int)(b + 1 - a), a);
		add_note(m, note);
		size_t end = (size_t)(b + 1 - s);
		if (s[end] == '_') /* rst footnote reference "[1]_" */
			end++;
		cut(s, (size_t)(a - s), end);
	}
}

static void paren_group(column_kind k, const char *g, cell_meaning *m)
{
	char mode[32], cond[VOCAB_TEXT];
	if (strcasecmp(g, "both") == 0 || strcasecmp(g, "all") == 0) {
		m->scope = strcasecmp(g, "both") == 0 ? "both" : "all";
	} else if (strncasecmp(g, "both parents", 12) == 0) {
		m->scope = "both";
		char note[VOCAB_TEXT];
		paren_note(note, sizeof note, g);
		add_note(m, note);
	} else if (strcasecmp(g, "see below") == 0) {
		add_note(m, "(see below)");
	} else if (strcasecmp(g, "ref-walk") == 0) {
		if (k == COL_BLOCKING)
			m->blocking = "ref-walk-only";
		else
			copy_cut(m->condition, sizeof m->condition, "ref-walk");
	} else if (strcasecmp(g, "may not block if called in rcu-walk mode") == 0) {
		m->blocking = "ref-walk-only";
		m->rcu_walk = "maybe";
	} else if (sscanf(g, "%31s if %79[^\n]", mode, cond) == 2 && vocab_mode(mode)) {
		m->alt_entry = vocab_mode(mode);
		normalize_condition(cond, m->alt_condition, sizeof m->alt_condition);
	} else if (locks_lookup(g)) {
		char note[VOCAB_TEXT];
		paren_note(note, sizeof note, g);
		add_note(m, note);
		add_held(m, g);
	} else {
		not_understood(m, "parenthesised words not in the vocabulary:", g);
	}
}

static void take_parens(column_kind k, char *s, cell_meaning *m)
{
	char *a = s;
	while ((a = strchr(a, '('))) {
		/* "maybe(read)": the parenthesis is part of the word */
		if (a > s && isalpha((unsigned char)a[-1])) {
			a++;
			continue;
		}
		char *b = strchr(a, ')');
		if (!b) {
			not_understood(m, "unbalanced parenthesis in", s);
			return;
		}
		char g[VOCAB_TEXT];
		snprintf(g, sizeof g, "%.*s", (int)(b - a - 1), a + 1);
		vocab_collapse(g);
		paren_group(k, g, m);
		cut(s, (size_t)(a - s), (size_t)(b + 1 - s));
	}
}

static int context_phrase(const char *s, cell_meaning *m)
{
	if (strcasecmp(s, "called from RCU callback") == 0)
		m->context = "rcu-callback";
	else if (strncasecmp(s, "called from interrupts", 22) == 0)
		m->context = "interrupt";
	else
		return 0;
	return 1;
}

static void main_lock(char *s, cell_meaning *m)
{
	char a[40], b[40];
	const char *mode;
	if (!*s)
		return;
	if ((mode = vocab_mode(s))) {
		m->entry = mode;
		if (strcasecmp(s, "read/write") == 0)
			add_note(m, "read/write");
	} else if (strcasecmp(s, "yes, unlocks") == 0) {
		m->entry = "held";
		m->exit = "released";
	} else if (strcasecmp(s, "locks the page") == 0 || strcasecmp(s, "locks the folio") == 0) {
		m->entry = "none";
		m->exit = "acquired";
	} else if (strncasecmp(s, "can return with ", 16) == 0 && strstr(s, "locked")) {
		m->entry = "none";
		m->exit = "may-hold";
	} else if (sscanf(s, "%39s or %39s", a, b) == 2 && vocab_mode(a) && vocab_mode(b)) {
		/* "no or exclusive": either, and the document does not say when */
		m->entry = vocab_mode(a);
		m->alt_entry = vocab_mode(b);
	} else if (!context_phrase(s, m)) {
		not_understood(m, "lock state not in the vocabulary:", s);
	}
}

static void main_held_locks(char *s, cell_meaning *m)
{
	if (!*s || strcmp(s, "-") == 0)
		return;
	char *rest = s;
	int n = 0;
	for (;;) {
		char *or = strstr(rest, " or ");
		if (or)
			*or = '\0';
		vocab_collapse(rest);
		if (!locks_lookup(rest)) {
			not_understood(m, "not a known lock name:", rest);
			return;
		}
		add_held(m, rest);
		n++;
		if (!or)
			break;
		rest = or + 4;
	}
	m->one_of = n > 1;
}

void vocab_cell(column_kind k, const char *cell, cell_meaning *m)
{
	memset(m, 0, sizeof *m);
	m->exit = "unchanged";
	m->understood = 1;
	if (!cell)
		return;
	char s[256];
	if (strlen(cell) >= sizeof s) {
		/* no real cell is this long; cutting it could change its meaning */
		not_understood(m, "cell too long to be a table value:", cell);
		return;
	}
	memcpy(s, cell, strlen(cell) + 1);
	take_warnings(s, m);
	take_footnotes(s, m);
	take_parens(k, s, m);
	vocab_collapse(s);
	switch (k) {
	case COL_LOCK:
		main_lock(s, m);
		break;
	case COL_BLOCKING:
		if (!*s)
			break;
		if (strcasecmp(s, "yes") == 0 || strcasecmp(s, "no") == 0 || strcasecmp(s, "maybe") == 0) {
			if (!m->blocking) /* "yes (ref-walk)" already said ref-walk-only */
				m->blocking = strcasecmp(s, "yes") == 0 ? "yes"
					    : strcasecmp(s, "no") == 0 ? "no" : "maybe";
		} else {
			not_understood(m, "blocking value not in the vocabulary:", s);
		}
		break;
	case COL_RCU_WALK:
		if (!*s)
			break;
		if (strcasecmp(s, "yes") == 0 || strcasecmp(s, "no") == 0 || strcasecmp(s, "maybe") == 0)
			m->rcu_walk = strcasecmp(s, "yes") == 0 ? "yes" : strcasecmp(s, "no") == 0 ? "no" : "maybe";
		else
			not_understood(m, "rcu-walk value not in the vocabulary:", s);
		break;
	case COL_NOTE:
		if (*s && !context_phrase(s, m))
			add_note(m, s);
		break;
	case COL_HELD_LOCKS:
		main_held_locks(s, m);
		break;
	case COL_OTHER:
		break;
	}
}

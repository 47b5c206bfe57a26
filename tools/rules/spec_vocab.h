/* Vocabulary of the Locking tables: what a column header is and what a cell
 * means, in the value sets of docs/spec-format.md.  Pure string work: no
 * document, no JSON, so the unit tests can feed it cells directly. */
#ifndef SPEC_VOCAB_H
#define SPEC_VOCAB_H

typedef enum column_kind {
	COL_LOCK,        /* "i_rwsem(inode)", "->d_lock", "folio locked" */
	COL_BLOCKING,    /* "may block" */
	COL_RCU_WALK,    /* "rcu-walk" */
	COL_NOTE,        /* "note" */
	COL_HELD_LOCKS,  /* "Held locks when called" (dquot) */
	COL_OTHER        /* anything else ("FS recursion"): kept as a note */
} column_kind;

column_kind vocab_column_kind(const char *header);

#define VOCAB_MAX 4
#define VOCAB_TEXT 80

typedef struct cell_meaning {
	const char *entry;        /* NULL: the cell says nothing of this lock */
	const char *exit;         /* "unchanged" unless the cell says otherwise */
	const char *scope;
	char condition[VOCAB_TEXT];   /* "" = none; arrays, so the struct copies safely */
	const char *alt_entry;        /* NULL: no alternative */
	char alt_condition[VOCAB_TEXT]; /* "" = the document does not say when */
	const char *blocking;     /* from the cell's own words, or NULL */
	const char *rcu_walk;
	const char *context;      /* "rcu-callback", "interrupt" */
	char held[VOCAB_MAX][VOCAB_TEXT]; /* other locks the cell names as held */
	int nheld;
	int one_of;               /* held[] are alternatives ("A or B") */
	char notes[VOCAB_MAX][VOCAB_TEXT];
	int nnotes;
	int understood;           /* 0: problem says what was not understood */
	char problem[160];
} cell_meaning;

/* Interprets cell (may be NULL = empty) as found in a column of kind k. */
void vocab_cell(column_kind k, const char *cell, cell_meaning *m);

/* "shared", "read", "exclusive", "write", "yes", "no", "maybe(read)"...
 * as an entry value, or NULL. */
const char *vocab_mode(const char *word);

/* In place: leading and trailing white space goes, each run of it inside
 * becomes one space. */
void vocab_collapse(char *s);

#endif

/* Shared between the parser's files (doc_*.c); not part of the model the spec
 * builder sees. */
#ifndef DOC_INTERNAL_H
#define DOC_INTERNAL_H

#include <stdarg.h>
#include "doc_model.h"

#define DOC_MAX_BYTES (8u << 20)   /* the real document is ~30 KB; refuse what cannot be one */
#define DOC_MAX_LINE 65536         /* longest line accepted, in bytes */
#define DOC_MAX_COLS 8             /* widest table accepted (the real ones have 4) */

struct doc_resset;

typedef struct doc_ctx {
	doc *d;
	const char *name;          /* for messages */
	char **body;               /* body[i]: document text of input line i, NULL if not part of it */
	int positions;             /* the input keeps tab alignment: positions are evidence */
	const struct doc_resset *res;
	void *pending;             /* rows waiting for placement (doc_place.c) */
	int npending;
} doc_ctx;

/* doc_util.c */
void *doc_xrealloc(void *p, size_t n);
char *doc_xstrdup(const char *s);
char *doc_xstrndup(const char *s, size_t n);
char *doc_collapse(const char *s);              /* trim, runs of white space -> one space */
char *doc_collapse_n(const char *s, size_t n);
int doc_is_blank(const char *s);
int doc_is_ident_char(int c);
void doc_diagf(doc *d, int line, doc_severity sev, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
/* Display column of byte offset off in s, tabs every 8 (positions as an editor shows them). */
int doc_display_col(const char *s, size_t off);

/* doc_sha256.c */
void doc_sha256_hex(const void *buf, size_t len, char hex[65]);

/* doc_lines.c: split and validate the input, fill d->lines / d->nlines. */
int doc_lines_split(doc *d, const char *name, const char *buf, size_t len, char *err, size_t errlen);

/* doc_format.c: decide the rendering and which lines are document text. */
int doc_format_detect(doc_ctx *c, char *err, size_t errlen);

/* doc_sections.c: split into sections; fills d->sections with titles and lines,
 * and sets owner[i] = section index of input line i (-1 before the first). */
void doc_sections_split(doc_ctx *c, int *owner);

/* doc_protos.c: is this line the start of a prototype?  Reads it (maybe spanning
 * lines) into s and returns the last line it used, or 0. */
int doc_proto_read(doc_ctx *c, doc_section *s, int line, int last);
int doc_section_has_method(const doc_section *s, const char *method);

/* doc_header.c: split a collapsed header line into column headers. */
int doc_header_split(const char *text, char **out, int max);

/* Table readers, one per rendering.  Each is called at a line of section s and
 * returns the last line the table used, or 0 if no table starts there. */
int doc_table_rst_read(doc_ctx *c, doc_section *s, int line, int last);
int doc_table_plain_read(doc_ctx *c, doc_section *s, int line, int last);
int doc_table_html_read(doc_ctx *c, doc_section *s, int line, int last);

/* doc_table_rst.c: words of collapsed text, "(...)" groups kept whole. */
int doc_split_words(const char *text, char ***out);
void doc_free_words(char **w, int n);
/* Tab-expanded copy of a line (tabs every 8). */
char *doc_expand_tabs(const char *s);

/* doc_table.c: building tables. */
doc_table *doc_table_add(doc_section *s, int line);
void doc_table_set_columns(doc_table *t, char *label_header, char **cols, const int *lines, int n);
doc_row *doc_table_add_row(doc_table *t, int line, const char *method);
/* A row label: identifier, optionally followed by ':'.  Returns its length
 * (colon included) and copies the name, or 0. */
size_t doc_row_label(const char *s, char *name, size_t namelen);

/* doc_place.c: put a row's text into its cells. */
typedef enum doc_atoms_kind {
	DOC_ATOMS_COLLAPSED, /* words of a line whose white space was collapsed: may merge */
	DOC_ATOMS_FIXED      /* whole cells in order, empty ones missing (html-text) */
} doc_atoms_kind;
void doc_place_atoms(doc_ctx *c, doc_section *s, doc_table *t, doc_row *r,
		     char **atoms, const int *atom_lines, int natoms, doc_atoms_kind kind);
/* Cells whose column the input's positions gave (col[i] for value[i]). */
void doc_place_positioned(doc_ctx *c, doc_section *s, doc_table *t, doc_row *r,
			  char **values, const int *lines, const int *cols, int n);
/* Place every row given so far: called once the whole document is read. */
void doc_place_finish(doc_ctx *c);

/* doc_vocab.c: what each kind of column may hold. */
int doc_vocab_accepts(const char *header, const char *value);

/* doc_resolve.c */
struct doc_resset *doc_res_load(const char *path, char *err, size_t errlen);
void doc_res_free(struct doc_resset *r);
/* Returns the index of the candidate an entry picks (-1 none, -2 several), and
 * the entry's "file:line" in where. */
int doc_res_pick(const struct doc_resset *r, const doc *d, const char *interface, const char *method,
		 char ***cand_values, int **cand_cols, const int *cand_n, int ncand,
		 char **columns, char *where, size_t wherelen);
/* For positioned rows: the entry (if any) naming these values, and whether it agrees. */
int doc_res_check(const struct doc_resset *r, const doc *d, const char *interface, const char *method,
		  char **values, const int *cols, int n, char **columns, int ncols, char *where, size_t wherelen);

#endif

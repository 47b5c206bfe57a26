/* A Locking document as parsed: sections, prototypes, tables and prose, each
 * with the line it came from, before any meaning is given to the words.
 * The parser (doc_*.c) fills it in; the spec builder (spec_*.c) reads it. */
#ifndef DOC_MODEL_H
#define DOC_MODEL_H

#include <stddef.h>

typedef enum doc_rendering {
	DOC_RENDER_UNKNOWN,
	DOC_RENDER_PLAIN_DIFF,  /* old plain text inside a git web diff ("+" lines) */
	DOC_RENDER_PLAIN,       /* old plain text as in a kernel tree */
	DOC_RENDER_RST,         /* locking.rst as in a kernel tree (tab aligned) */
	DOC_RENDER_RST_VIEWER,  /* rst from a web source viewer, white space collapsed */
	DOC_RENDER_HTML_TEXT    /* rendered HTML page saved as text */
} doc_rendering;

const char *doc_rendering_name(doc_rendering r); /* "plain-diff", "rst", ... */

/* How a cell's column was decided. */
typedef enum doc_placement {
	DOC_PLACED_LAYOUT,      /* one value per column, nothing to decide */
	DOC_PLACED_POSITION,    /* tab/space alignment in the input */
	DOC_PLACED_VOCABULARY,  /* the words fit only one column */
	DOC_PLACED_RESOLUTION,  /* rules/resolutions file entry */
	DOC_PLACED_UNDECIDED,   /* reported, best effort kept */
	DOC_PLACED_PROSE        /* the section's prose names the method with the column's lock */
} doc_placement;

const char *doc_placement_name(doc_placement p); /* "layout", "position", ... */

typedef struct doc_cell {
	int line;
	char *value;            /* white space collapsed; NULL = empty cell */
	doc_placement placement;
} doc_cell;

typedef struct doc_row {
	int line;
	char *method;           /* row label without ':' */
	doc_cell *cells;        /* ncols entries, one per data column */
} doc_row;

typedef struct doc_table {
	int line;               /* first line of the table (border or header) */
	char *label_header;     /* "ops", or NULL when the document has none */
	int ncols;              /* data columns, label column excluded */
	char **columns;         /* headers as written, white space collapsed */
	int *column_lines;
	doc_row *rows;
	int nrows;
} doc_table;

typedef struct doc_proto {
	int line, end_line;     /* a prototype may span lines */
	char *method;           /* "d_compare" */
	char *text;             /* the whole prototype, lines joined by one space */
} doc_proto;

typedef struct doc_text {
	int line;
	char *text;             /* one line of prose, white space collapsed */
} doc_text;

typedef struct doc_section {
	char *title;            /* as written: "dentry_operations", "xattr_handler operations" */
	int line;
	doc_proto *protos;
	int nprotos;
	doc_table *tables;
	int ntables;
	doc_text *prose;        /* every non-table, non-prototype line of the section */
	int nprose;
} doc_section;

typedef enum doc_severity { DOC_NOTE, DOC_WARNING, DOC_ERROR } doc_severity;

typedef struct doc_diag {
	int line;
	doc_severity severity;
	char *message;          /* what was expected / could not be decided, with evidence */
} doc_diag;

typedef struct doc {
	char *path;
	doc_rendering rendering;
	int nlines;
	char **lines;           /* the input lines, 1-based: lines[0] unused */
	doc_section *sections;
	int nsections;
	doc_diag *diags;
	int ndiags;
	char sha256[65];        /* of the input bytes, lowercase hex */
} doc;

/* Parse path.  resolutions may be NULL (no resolutions file).  Returns 0, or
 * -1 with "FILE:LINE: message" in err for input that is not a Locking document
 * (empty, binary, unknown format, too large). */
int doc_parse_file(const char *path, const char *resolutions, doc *out, char *err, size_t errlen);
/* The same on a buffer already in memory; name is used in messages.  buf need
 * not be NUL terminated.  Used by the fuzz target and the tests. */
int doc_parse_buffer(const char *name, const char *buf, size_t len, const char *resolutions,
		     doc *out, char *err, size_t errlen);
void doc_free(doc *d);

/* The reviewed resolutions file to use when the user names none:
 * $LOCKCHECK_RESOLUTIONS, else the installed share/lockcheck/resolutions.tsv
 * next to the program, else rules/resolutions.tsv of the source tree it runs
 * from; NULL if there is none (the commands then refuse to guess). */
const char *doc_default_resolutions(void);

#endif

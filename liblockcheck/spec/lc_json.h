/* A small JSON reader for the compiled specs (built-in and spec= files), so
 * the library loads no JSON library into the checked process and exposes no
 * symbol a program could interpose (hidden, like everything of ours).  It
 * builds a read-only tree in one allocation arena; it never prints. */
#ifndef LC_JSON_H
#define LC_JSON_H

#include <stdbool.h>
#include <stddef.h>

typedef enum lc_json_type {
	LC_JSON_NULL, LC_JSON_FALSE, LC_JSON_TRUE, LC_JSON_NUMBER, LC_JSON_STRING,
	LC_JSON_ARRAY, LC_JSON_OBJECT
} lc_json_type;

typedef struct lc_json {
	lc_json_type type;
	const char *key;            /* the member's name, inside an object */
	const char *str;            /* LC_JSON_STRING: unescaped, NUL terminated (may hold NULs) */
	double num;                 /* LC_JSON_NUMBER */
	struct lc_json *child;      /* first element or member */
	struct lc_json *next;       /* next sibling */
	unsigned count;             /* elements or members */
} lc_json;

typedef struct lc_json_doc lc_json_doc;

typedef struct lc_json_error {
	unsigned line, column;      /* 1-based, where the input stopped making sense */
	char what[96];              /* what was expected there */
} lc_json_error;

/* Parses one JSON value (RFC 8259; nesting at most LC_JSON_MAX_DEPTH deep).
 * NULL on error, with err filled in (line 0: out of memory). */
#define LC_JSON_MAX_DEPTH 64
lc_json_doc *lc_json_parse(const char *text, size_t len, lc_json_error *err);
const lc_json *lc_json_root(const lc_json_doc *doc);
void lc_json_free(lc_json_doc *doc);

/* An object's member by exact name; NULL when v is not an object or has none. */
const lc_json *lc_json_get(const lc_json *v, const char *key);
/* A string member's value, NULL unless it is a string. */
const char *lc_json_str(const lc_json *obj, const char *key);
/* A number member as int (0 unless a number in int range). */
int lc_json_int(const lc_json *obj, const char *key);
static inline bool lc_json_is(const lc_json *v, lc_json_type t) { return v && v->type == t; }
/* Elements of an array or members of an object: for (e = lc_json_first(v); e; e = e->next). */
static inline const lc_json *lc_json_first(const lc_json *v)
{
	return v && (v->type == LC_JSON_ARRAY || v->type == LC_JSON_OBJECT) ? v->child : NULL;
}
static inline unsigned lc_json_count(const lc_json *v)
{
	return v && (v->type == LC_JSON_ARRAY || v->type == LC_JSON_OBJECT) ? v->count : 0;
}

#endif

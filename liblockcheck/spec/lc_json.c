/* The JSON reader of lc_json.h: recursive descent over the bytes, nodes and
 * strings in chunks that are freed together.  Numbers are read without
 * strtod, which follows the program's locale. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "spec/lc_json.h"

typedef struct json_chunk {
	struct json_chunk *next;
	size_t used, size;
	_Alignas(16) unsigned char data[];
} json_chunk;

struct lc_json_doc {
	json_chunk *chunks;
	lc_json *root;
};

typedef struct reader {
	const char *p, *end, *start;
	lc_json_doc *doc;
	lc_json_error *err;
	bool failed;
} reader;

static void *doc_alloc(lc_json_doc *doc, size_t size)
{
	size = (size + 15) & ~(size_t)15;
	json_chunk *c = doc->chunks;
	if (!c || c->size - c->used < size) {
		size_t want = size > 32768 ? size : 32768;
		c = malloc(sizeof *c + want);
		if (!c)
			return NULL;
		c->next = doc->chunks;
		c->used = 0;
		c->size = want;
		doc->chunks = c;
	}
	void *mem = c->data + c->used;
	c->used += size;
	return mem;
}

void lc_json_free(lc_json_doc *doc)
{
	if (!doc)
		return;
	for (json_chunk *c = doc->chunks, *next; c; c = next) {
		next = c->next;
		free(c);
	}
	free(doc);
}

/* Records the first error with where it happened. */
static void fail(reader *r, const char *what)
{
	if (r->failed)
		return;
	r->failed = true;
	unsigned line = 1, column = 1;
	for (const char *q = r->start; q < r->p && q < r->end; q++) {
		if (*q == '\n') {
			line++;
			column = 1;
		} else {
			column++;
		}
	}
	r->err->line = what ? line : 0;
	r->err->column = what ? column : 0;
	snprintf(r->err->what, sizeof r->err->what, "%s", what ? what : "out of memory");
}

static void skip_space(reader *r)
{
	while (r->p < r->end && (*r->p == ' ' || *r->p == '\t' || *r->p == '\n' || *r->p == '\r'))
		r->p++;
}

static lc_json *new_node(reader *r, lc_json_type type)
{
	lc_json *v = doc_alloc(r->doc, sizeof *v);
	if (!v) {
		fail(r, NULL);
		return NULL;
	}
	memset(v, 0, sizeof *v);
	v->type = type;
	return v;
}

static int hex_digit(char c)
{
	if (c >= '0' && c <= '9') return c - '0';
	if (c >= 'a' && c <= 'f') return c - 'a' + 10;
	if (c >= 'A' && c <= 'F') return c - 'A' + 10;
	return -1;
}

static bool read_hex4(reader *r, unsigned *out)
{
	if (r->end - r->p < 4)
		return false;
	unsigned v = 0;
	for (int i = 0; i < 4; i++) {
		int d = hex_digit(r->p[i]);
		if (d < 0)
			return false;
		v = v << 4 | (unsigned)d;
	}
	r->p += 4;
	*out = v;
	return true;
}

static size_t put_utf8(char *out, unsigned cp)
{
	if (cp < 0x80) {
		out[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		out[0] = (char)(0xc0 | cp >> 6);
		out[1] = (char)(0x80 | (cp & 0x3f));
		return 2;
	}
	if (cp < 0x10000) {
		out[0] = (char)(0xe0 | cp >> 12);
		out[1] = (char)(0x80 | (cp >> 6 & 0x3f));
		out[2] = (char)(0x80 | (cp & 0x3f));
		return 3;
	}
	out[0] = (char)(0xf0 | cp >> 18);
	out[1] = (char)(0x80 | (cp >> 12 & 0x3f));
	out[2] = (char)(0x80 | (cp >> 6 & 0x3f));
	out[3] = (char)(0x80 | (cp & 0x3f));
	return 4;
}

/* A \u escape (the "\u" already read), a surrogate pair taken whole. */
static bool read_unicode(reader *r, char *out, size_t *n)
{
	unsigned cp;
	if (!read_hex4(r, &cp)) {
		fail(r, "four hex digits after \\u");
		return false;
	}
	if (cp >= 0xdc00 && cp <= 0xdfff) {
		fail(r, "a high surrogate before this low one");
		return false;
	}
	if (cp >= 0xd800 && cp <= 0xdbff) {
		unsigned lo;
		if (r->end - r->p < 2 || r->p[0] != '\\' || r->p[1] != 'u') {
			fail(r, "a low surrogate (\\uDC00-\\uDFFF) after a high one");
			return false;
		}
		r->p += 2;
		if (!read_hex4(r, &lo) || lo < 0xdc00 || lo > 0xdfff) {
			fail(r, "a low surrogate (\\uDC00-\\uDFFF) after a high one");
			return false;
		}
		cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
	}
	*n += put_utf8(out + *n, cp);
	return true;
}

/* A string (at its opening quote) into the arena.  Escapes only ever
 * shorten the text, so its raw length bounds the result. */
static const char *read_string(reader *r)
{
	const char *q = ++r->p;
	while (q < r->end && *q != '"') {
		if (*q == '\\' && q + 1 < r->end)
			q++;
		q++;
	}
	if (q >= r->end) {
		r->p--; /* said at the opening quote */
		fail(r, "a closing '\"' of the string");
		return NULL;
	}
	char *out = doc_alloc(r->doc, (size_t)(q - r->p) + 1);
	if (!out) {
		fail(r, NULL);
		return NULL;
	}
	size_t n = 0;
	while (*r->p != '"') {
		unsigned char c = (unsigned char)*r->p;
		if (c < 0x20) {
			fail(r, "no control characters in a string (escape them)");
			return NULL;
		}
		r->p++;
		if (c != '\\') {
			out[n++] = (char)c;
			continue;
		}
		char e = *r->p++;
		switch (e) {
		case '"': out[n++] = '"'; break;
		case '\\': out[n++] = '\\'; break;
		case '/': out[n++] = '/'; break;
		case 'b': out[n++] = '\b'; break;
		case 'f': out[n++] = '\f'; break;
		case 'n': out[n++] = '\n'; break;
		case 'r': out[n++] = '\r'; break;
		case 't': out[n++] = '\t'; break;
		case 'u':
			if (!read_unicode(r, out, &n))
				return NULL;
			break;
		default:
			r->p -= 2; /* said at the backslash */
			fail(r, "one of \\\" \\\\ \\/ \\b \\f \\n \\r \\t \\u after '\\'");
			return NULL;
		}
	}
	r->p++;
	out[n] = 0;
	return out;
}

static bool is_digit(const reader *r)
{
	return r->p < r->end && *r->p >= '0' && *r->p <= '9';
}

/* -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)? */
static lc_json *read_number(reader *r)
{
	double sign = 1, value = 0, scale = 1;
	if (*r->p == '-') {
		sign = -1;
		r->p++;
	}
	if (!is_digit(r)) {
		fail(r, "a digit");
		return NULL;
	}
	if (*r->p == '0')
		r->p++;
	else
		while (is_digit(r))
			value = value * 10 + (*r->p++ - '0');
	if (r->p < r->end && *r->p == '.') {
		r->p++;
		if (!is_digit(r)) {
			fail(r, "a digit after '.'");
			return NULL;
		}
		while (is_digit(r)) {
			scale /= 10;
			value += (*r->p++ - '0') * scale;
		}
	}
	if (r->p < r->end && (*r->p == 'e' || *r->p == 'E')) {
		r->p++;
		int esign = 1, exp = 0;
		if (r->p < r->end && (*r->p == '+' || *r->p == '-'))
			esign = *r->p++ == '-' ? -1 : 1;
		if (!is_digit(r)) {
			fail(r, "a digit in the exponent");
			return NULL;
		}
		while (is_digit(r)) {
			if (exp < 10000)
				exp = exp * 10 + (*r->p - '0');
			r->p++;
		}
		for (int i = 0; i < exp && value != 0 && value < 1e308 && value > 1e-308; i++)
			value = esign > 0 ? value * 10 : value / 10;
	}
	lc_json *v = new_node(r, LC_JSON_NUMBER);
	if (v)
		v->num = sign * value;
	return v;
}

static bool read_word(reader *r, const char *word)
{
	size_t n = strlen(word);
	if ((size_t)(r->end - r->p) < n || memcmp(r->p, word, n))
		return false;
	r->p += n;
	return true;
}

static lc_json *read_value(reader *r, unsigned depth);

/* An array or an object, at its opening bracket. */
static lc_json *read_container(reader *r, unsigned depth, bool object)
{
	if (depth >= LC_JSON_MAX_DEPTH) {
		fail(r, "less deep nesting (at most 64 levels)");
		return NULL;
	}
	lc_json *v = new_node(r, object ? LC_JSON_OBJECT : LC_JSON_ARRAY);
	if (!v)
		return NULL;
	char close = object ? '}' : ']';
	r->p++;
	skip_space(r);
	if (r->p < r->end && *r->p == close) {
		r->p++;
		return v;
	}
	lc_json **tail = &v->child;
	for (;;) {
		const char *key = NULL;
		if (object) {
			skip_space(r);
			if (r->p >= r->end || *r->p != '"') {
				fail(r, "a member name in double quotes");
				return NULL;
			}
			if (!(key = read_string(r)))
				return NULL;
			skip_space(r);
			if (r->p >= r->end || *r->p != ':') {
				fail(r, "':' after the member name");
				return NULL;
			}
			r->p++;
		}
		lc_json *e = read_value(r, depth + 1);
		if (!e)
			return NULL;
		e->key = key;
		*tail = e;
		tail = &e->next;
		v->count++;
		skip_space(r);
		if (r->p < r->end && *r->p == ',') {
			r->p++;
			continue;
		}
		if (r->p < r->end && *r->p == close) {
			r->p++;
			return v;
		}
		fail(r, object ? "',' or '}' after the member" : "',' or ']' after the element");
		return NULL;
	}
}

static lc_json *read_value(reader *r, unsigned depth)
{
	skip_space(r);
	if (r->p >= r->end) {
		fail(r, "a value (the input ended)");
		return NULL;
	}
	switch (*r->p) {
	case '{': return read_container(r, depth, true);
	case '[': return read_container(r, depth, false);
	case '"': {
		const char *s = read_string(r);
		lc_json *v = s ? new_node(r, LC_JSON_STRING) : NULL;
		if (v)
			v->str = s;
		return v;
	}
	case 't': if (read_word(r, "true")) return new_node(r, LC_JSON_TRUE); break;
	case 'f': if (read_word(r, "false")) return new_node(r, LC_JSON_FALSE); break;
	case 'n': if (read_word(r, "null")) return new_node(r, LC_JSON_NULL); break;
	default:
		if (*r->p == '-' || (*r->p >= '0' && *r->p <= '9'))
			return read_number(r);
	}
	fail(r, "a value: an object, array, string, number, true, false or null");
	return NULL;
}

lc_json_doc *lc_json_parse(const char *text, size_t len, lc_json_error *err)
{
	lc_json_error ignored;
	if (!err)
		err = &ignored;
	memset(err, 0, sizeof *err);
	lc_json_doc *doc = calloc(1, sizeof *doc);
	if (!doc) {
		snprintf(err->what, sizeof err->what, "out of memory");
		return NULL;
	}
	reader r = {.p = text, .end = text + len, .start = text, .doc = doc, .err = err};
	/* A UTF-8 byte order mark is not JSON, but harmless. */
	if (len >= 3 && !memcmp(text, "\xef\xbb\xbf", 3))
		r.p += 3;
	doc->root = read_value(&r, 0);
	if (doc->root) {
		skip_space(&r);
		if (r.p < r.end)
			fail(&r, "the end of the input after the value");
	}
	if (r.failed || !doc->root) {
		lc_json_free(doc);
		return NULL;
	}
	return doc;
}

const lc_json *lc_json_root(const lc_json_doc *doc)
{
	return doc ? doc->root : NULL;
}

const lc_json *lc_json_get(const lc_json *v, const char *key)
{
	if (!lc_json_is(v, LC_JSON_OBJECT) || !key)
		return NULL;
	for (const lc_json *m = v->child; m; m = m->next)
		if (!strcmp(m->key, key))
			return m;
	return NULL;
}

const char *lc_json_str(const lc_json *obj, const char *key)
{
	const lc_json *v = lc_json_get(obj, key);
	return lc_json_is(v, LC_JSON_STRING) ? v->str : NULL;
}

int lc_json_int(const lc_json *obj, const char *key)
{
	const lc_json *v = lc_json_get(obj, key);
	if (!lc_json_is(v, LC_JSON_NUMBER) || !(v->num >= INT32_MIN && v->num <= INT32_MAX))
		return 0;
	return (int)v->num;
}

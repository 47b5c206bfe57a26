/* Compiled spec JSON (docs/spec-format.md) -> lc_spec.  Unknown values are
 * read as "not checked", never as an error: a newer compiler must not make
 * the library report what the document does not say. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "spec/lc_json.h"
#include "spec/spec_internal.h"

/* Renames across kernel eras that the document does not tie together itself. */
static const char *const lock_equivalents[][3] = {
	{"i_rwsem", "i_mutex", NULL},
	{"mmap_lock", "mmap_sem", NULL},
	{"folio_lock", "PageLocked", "page_lock"},
	{"s_vfs_rename_sem", "s_vfs_rename_mutex", NULL},
};

typedef struct parse_ctx {
	lc_spec *spec;
	const lc_json *locks;   /* the spec's "locks" table */
	char *err;
	size_t errlen;
	bool oom;
} parse_ctx;

#define str_of lc_json_str
#define int_of lc_json_int
#define for_each(e, v) for (const lc_json *e = lc_json_first(v); e; e = e->next)

static lc_spec_entry parse_entry(const char *s)
{
	if (!s) return LC_ENTRY_MAYBE;
	if (!strcmp(s, "none") || !strcmp(s, "no")) return LC_ENTRY_NONE;
	if (!strcmp(s, "held") || !strcmp(s, "yes")) return LC_ENTRY_HELD;
	if (!strcmp(s, "shared") || !strcmp(s, "read")) return LC_ENTRY_SHARED;
	if (!strcmp(s, "exclusive") || !strcmp(s, "write")) return LC_ENTRY_EXCLUSIVE;
	return LC_ENTRY_MAYBE;
}

static lc_spec_exit parse_exit(const char *s)
{
	if (!s || !strcmp(s, "unchanged")) return LC_EXIT_UNCHANGED;
	if (!strcmp(s, "released")) return LC_EXIT_RELEASED;
	if (!strcmp(s, "acquired")) return LC_EXIT_ACQUIRED;
	return LC_EXIT_MAY_HOLD; /* "may-hold" and anything unknown: not checked */
}

static lc_spec_scope parse_scope(const char *s)
{
	if (!s) return LC_SCOPE_SELF;
	if (!strcmp(s, "both")) return LC_SCOPE_BOTH;
	if (!strcmp(s, "all")) return LC_SCOPE_ALL;
	if (!strcmp(s, "victim")) return LC_SCOPE_VICTIM;
	if (!strcmp(s, "per-superblock")) return LC_SCOPE_PER_SB;
	if (!strcmp(s, "non-directories")) return LC_SCOPE_NON_DIRS;
	if (!strcmp(s, "moved-subdirectory")) return LC_SCOPE_MOVED_DIR;
	return LC_SCOPE_UNKNOWN;
}

static lc_spec_kind parse_kind(const char *s)
{
	static const struct { const char *name; lc_spec_kind kind; } kinds[] = {
		{"spinlock", LC_SKIND_SPINLOCK}, {"mutex", LC_SKIND_MUTEX},
		{"rw_semaphore", LC_SKIND_RWSEM}, {"rwlock", LC_SKIND_RWLOCK},
		{"seqlock", LC_SKIND_SEQLOCK}, {"semaphore", LC_SKIND_SEMAPHORE},
		{"folio_lock", LC_SKIND_FOLIO}, {"rcu", LC_SKIND_RCU}, {"bkl", LC_SKIND_BKL},
	};
	for (size_t i = 0; s && i < sizeof kinds / sizeof kinds[0]; i++)
		if (!strcmp(s, kinds[i].name))
			return kinds[i].kind;
	return LC_SKIND_OTHER;
}

static lc_spec_blocking parse_blocking(const char *s)
{
	if (!s) return LC_BLOCK_UNKNOWN;
	if (!strcmp(s, "yes")) return LC_BLOCK_YES;
	if (!strcmp(s, "no")) return LC_BLOCK_NO;
	if (!strcmp(s, "ref-walk-only")) return LC_BLOCK_REF_WALK_ONLY;
	if (!strcmp(s, "maybe")) return LC_BLOCK_MAYBE;
	return LC_BLOCK_UNKNOWN;
}

static lc_spec_tri parse_tri(const char *s)
{
	if (!s) return LC_TRI_UNSAID;
	if (!strcmp(s, "yes")) return LC_TRI_YES;
	if (!strcmp(s, "no")) return LC_TRI_NO;
	return LC_TRI_MAYBE;
}

static const lc_json *find_lock(const parse_ctx *pc, const char *name)
{
	for_each(l, pc->locks) {
		const char *n = str_of(l, "name");
		if (n && name && !strcmp(n, name))
			return l;
	}
	return NULL;
}

/* Collect the normalized names of a rule's lock: its own, the spec's aliases
 * and doc_names, and the era renames above. */
#define MAX_NAMES 16
static void add_name(const char **names, unsigned *n, const char *raw, char store[][64])
{
	if (!raw || *n >= MAX_NAMES)
		return;
	lc_spec_normalize_name(raw, store[*n], 64);
	if (!store[*n][0])
		return;
	for (unsigned i = 0; i < *n; i++)
		if (!strcmp(names[i], store[*n]))
			return;
	names[*n] = store[*n];
	(*n)++;
}

static void add_array_names(const char **names, unsigned *n, const lc_json *arr, char store[][64])
{
	for_each(a, arr)
		if (lc_json_is(a, LC_JSON_STRING))
			add_name(names, n, a->str, store);
}

static bool fill_names(parse_ctx *pc, lc_spec_rule *r, const lc_json *jrule)
{
	const char *names[MAX_NAMES];
	char store[MAX_NAMES][64];
	unsigned n = 0;
	add_name(names, &n, r->lock, store);
	add_name(names, &n, str_of(jrule, "column"), store);
	const lc_json *l = find_lock(pc, r->lock);
	if (l) {
		add_array_names(names, &n, lc_json_get(l, "aliases"), store);
		add_array_names(names, &n, lc_json_get(l, "doc_names"), store);
	}
	/* "dqonoff_sem or dqptr_sem": holding any one of them satisfies the rule. */
	for_each(o, lc_json_get(jrule, "one_of")) {
		if (!lc_json_is(o, LC_JSON_STRING))
			continue;
		add_name(names, &n, o->str, store);
		const lc_json *ol = find_lock(pc, o->str);
		if (ol)
			add_array_names(names, &n, lc_json_get(ol, "aliases"), store);
	}
	for (unsigned k = 0; k < n; k++)
		for (size_t e = 0; e < sizeof lock_equivalents / sizeof lock_equivalents[0]; e++)
			for (int j = 0; j < 3 && lock_equivalents[e][j]; j++)
				if (!strcmp(names[k], lock_equivalents[e][j]))
					for (int m = 0; m < 3 && lock_equivalents[e][m]; m++)
						add_name(names, &n, lock_equivalents[e][m], store);
	const char **out = lc_arena_alloc(pc->spec, n * sizeof *out + 1);
	if (!out)
		return false;
	for (unsigned k = 0; k < n; k++)
		if (!(out[k] = lc_arena_strdup(pc->spec, names[k])))
			return false;
	r->names = out;
	r->nnames = n;
	return true;
}

static bool parse_rule(parse_ctx *pc, lc_spec_rule *r, const lc_json *j)
{
	lc_spec *s = pc->spec;
	const char *lock = str_of(j, "lock");
	r->lock = lc_arena_strdup(s, lock ? lock : "");
	const lc_json *l = find_lock(pc, lock);
	const char *kind = str_of(j, "kind");
	if (!kind && l)
		kind = str_of(l, "kind");
	r->kind = parse_kind(kind);
	const char *object = str_of(j, "object");
	if (!object && l)
		object = str_of(l, "object");
	r->object = lc_arena_strdup(s, object ? object : "");
	r->entry = parse_entry(str_of(j, "entry"));
	r->exit = parse_exit(str_of(j, "exit"));
	r->scope = parse_scope(str_of(j, "scope"));
	const char *cond = str_of(j, "condition");
	r->condition = cond ? lc_arena_strdup(s, cond) : NULL;
	const lc_json *alt = lc_json_get(j, "alternative");
	r->alt_entry = LC_ENTRY_MAYBE;
	if (lc_json_is(alt, LC_JSON_OBJECT)) {
		r->has_alt = true;
		r->alt_entry = parse_entry(str_of(alt, "entry"));
	}
	const char *column = str_of(j, "column"), *cell = str_of(j, "cell");
	r->column = lc_arena_strdup(s, column ? column : r->lock);
	r->cell = lc_arena_strdup(s, cell ? cell : "");
	r->line = int_of(j, "line");
	if (!r->lock || !r->object || !r->column || !r->cell)
		return false;
	return fill_names(pc, r, j);
}

static unsigned parse_contexts(const lc_json *arr, int *line)
{
	unsigned bits = 0;
	for_each(c, arr) {
		const char *name = str_of(c, "context");
		if (!name)
			continue;
		if (!strcmp(name, "rcu-callback")) bits |= LC_SPEC_CTX_RCU_CALLBACK;
		else if (!strcmp(name, "interrupt")) bits |= LC_SPEC_CTX_INTERRUPT;
		else if (!strcmp(name, "rcu-read")) bits |= LC_SPEC_CTX_RCU_READ;
		else if (!strcmp(name, "page-table-lock")) bits |= LC_SPEC_CTX_PTL;
		else continue;
		if (!*line)
			*line = int_of(c, "line");
	}
	return bits;
}

static bool parse_method(parse_ctx *pc, lc_spec_method *m, const char *iface, const lc_json *j,
			 const char ***aliases_out)
{
	lc_spec *s = pc->spec;
	m->interface = iface;
	m->name = lc_arena_strdup(s, str_of(j, "name"));
	m->line = int_of(j, "line");
	const lc_json *locks = lc_json_get(j, "locks");
	unsigned n = (unsigned)lc_json_count(locks);
	lc_spec_rule *rules = lc_arena_alloc(s, (n ? n : 1) * sizeof *rules);
	if (!m->name || !rules)
		return false;
	unsigned i = 0;
	for_each(jr, locks) {
		if (!lc_json_is(jr, LC_JSON_OBJECT))
			continue;
		if (!parse_rule(pc, &rules[i], jr))
			return false;
		i++;
	}
	m->rules = rules;
	m->nrules = i;
	const lc_json *b = lc_json_get(j, "blocking");
	if (lc_json_is(b, LC_JSON_OBJECT)) {
		m->blocking = parse_blocking(str_of(b, "value"));
		m->blocking_line = int_of(b, "line");
	}
	const lc_json *rw = lc_json_get(j, "rcu_walk");
	if (lc_json_is(rw, LC_JSON_OBJECT)) {
		m->rcu_walk = parse_tri(str_of(rw, "value"));
		m->rcu_walk_line = int_of(rw, "line");
	}
	m->contexts = parse_contexts(lc_json_get(j, "contexts"), &m->contexts_line);
	/* Aliases, NULL terminated, for the index. */
	const lc_json *al = lc_json_get(j, "aliases");
	unsigned na = (unsigned)lc_json_count(al);
	const char **aliases = lc_arena_alloc(s, (na + 1) * sizeof *aliases);
	if (!aliases)
		return false;
	unsigned k = 0;
	for_each(a, al)
		if (lc_json_is(a, LC_JSON_STRING) && (aliases[k] = lc_arena_strdup(s, a->str)))
			k++;
	*aliases_out = aliases;
	return true;
}

static lc_spec *fail(parse_ctx *pc, lc_json_doc *doc, const char *origin, const char *what)
{
	snprintf(pc->err, pc->errlen, "%s: %s", origin, what);
	lc_json_free(doc);
	lc_spec_free(pc->spec);
	return NULL;
}

lc_spec *lc_spec_parse(const char *json, size_t len, const char *origin, char *err, size_t errlen)
{
	parse_ctx pc = {.err = err, .errlen = errlen};
	if (!origin)
		origin = "spec";
	pc.spec = calloc(1, sizeof *pc.spec);
	if (!pc.spec)
		return fail(&pc, NULL, origin, "out of memory");
	lc_json_error jerr;
	lc_json_doc *doc = lc_json_parse(json, len, &jerr);
	if (!doc) {
		char what[200];
		if (jerr.line)
			snprintf(what, sizeof what, "not valid JSON (line %u, column %u: expected %s)", jerr.line,
				 jerr.column, jerr.what);
		else
			snprintf(what, sizeof what, "out of memory");
		return fail(&pc, NULL, origin, what);
	}
	const lc_json *root = lc_json_root(doc);
	const char *format = str_of(root, "format");
	if (!format || strcmp(format, "lockcheck-spec"))
		return fail(&pc, doc, origin, "\"format\" is not \"lockcheck-spec\"");
	if (int_of(root, "version") != 1)
		return fail(&pc, doc, origin, "unsupported \"version\" (this library reads version 1)");
	const lc_json *ifaces = lc_json_get(root, "interfaces");
	if (!lc_json_is(ifaces, LC_JSON_ARRAY))
		return fail(&pc, doc, origin, "no \"interfaces\" array");
	const lc_json *source = lc_json_get(root, "source");
	const char *era = lc_json_is(source, LC_JSON_OBJECT) ? str_of(source, "era") : NULL;
	snprintf(pc.spec->name, sizeof pc.spec->name, "%s", origin);
	snprintf(pc.spec->era, sizeof pc.spec->era, "%s", era ? era : "unknown");
	pc.locks = lc_json_get(root, "locks");

	unsigned total = 0;
	for_each(ji, ifaces)
		total += (unsigned)lc_json_count(lc_json_get(ji, "methods"));
	pc.spec->methods = lc_arena_alloc(pc.spec, (total ? total : 1) * sizeof *pc.spec->methods);
	const char ***aliases = calloc(total + 1, sizeof *aliases);
	if (!pc.spec->methods || !aliases) {
		free(aliases);
		return fail(&pc, doc, origin, "out of memory");
	}
	unsigned n = 0;
	for_each(ji, ifaces) {
		const char *iname = str_of(ji, "name");
		const lc_json *methods = lc_json_get(ji, "methods");
		if (!iname || !lc_json_is(methods, LC_JSON_ARRAY)) {
			free(aliases);
			return fail(&pc, doc, origin, "an interface lacks \"name\" or \"methods\"");
		}
		const char *iface = lc_arena_strdup(pc.spec, iname);
		for_each(jm, methods) {
			if (!str_of(jm, "name")) {
				free(aliases);
				char what[200];
				snprintf(what, sizeof what, "a method of %s has no \"name\"", iname);
				return fail(&pc, doc, origin, what);
			}
			if (!iface || !parse_method(&pc, &pc.spec->methods[n], iface, jm, &aliases[n])) {
				free(aliases);
				return fail(&pc, doc, origin, "out of memory");
			}
			n++;
		}
	}
	pc.spec->nmethods = n;
	lc_json_free(doc);
	bool ok = lc_spec_index(pc.spec, (const char *const *const *)aliases);
	free(aliases);
	if (!ok)
		return fail(&pc, NULL, origin, "out of memory");
	return pc.spec;
}

const char *lc_spec_name(const lc_spec *spec) { return spec->name; }
const char *lc_spec_era(const lc_spec *spec) { return spec->era; }
unsigned lc_spec_method_count(const lc_spec *spec) { return spec->nmethods; }
const lc_spec_method *lc_spec_method_at(const lc_spec *spec, unsigned i)
{
	return i < spec->nmethods ? &spec->methods[i] : NULL;
}

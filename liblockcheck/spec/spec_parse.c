/* Compiled spec JSON (docs/spec-format.md) -> lc_spec.  Unknown values are
 * read as "not checked", never as an error: a newer compiler must not make
 * the library report what the document does not say. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

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
	const cJSON *locks;   /* the spec's "locks" table */
	char *err;
	size_t errlen;
	bool oom;
} parse_ctx;

static const char *str_of(const cJSON *obj, const char *key)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);
	return cJSON_IsString(v) ? v->valuestring : NULL;
}

static int int_of(const cJSON *obj, const char *key)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);
	return cJSON_IsNumber(v) ? v->valueint : 0;
}

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

static const cJSON *find_lock(const parse_ctx *pc, const char *name)
{
	const cJSON *l;
	cJSON_ArrayForEach(l, pc->locks) {
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

static void add_array_names(const char **names, unsigned *n, const cJSON *arr, char store[][64])
{
	const cJSON *a;
	cJSON_ArrayForEach(a, arr)
		if (cJSON_IsString(a))
			add_name(names, n, a->valuestring, store);
}

static bool fill_names(parse_ctx *pc, lc_spec_rule *r, const cJSON *jrule)
{
	const char *names[MAX_NAMES];
	char store[MAX_NAMES][64];
	unsigned n = 0;
	add_name(names, &n, r->lock, store);
	add_name(names, &n, str_of(jrule, "column"), store);
	const cJSON *l = find_lock(pc, r->lock);
	if (l) {
		add_array_names(names, &n, cJSON_GetObjectItemCaseSensitive(l, "aliases"), store);
		add_array_names(names, &n, cJSON_GetObjectItemCaseSensitive(l, "doc_names"), store);
	}
	/* "dqonoff_sem or dqptr_sem": holding any one of them satisfies the rule. */
	const cJSON *o;
	cJSON_ArrayForEach(o, cJSON_GetObjectItemCaseSensitive(jrule, "one_of")) {
		if (!cJSON_IsString(o))
			continue;
		add_name(names, &n, o->valuestring, store);
		const cJSON *ol = find_lock(pc, o->valuestring);
		if (ol)
			add_array_names(names, &n, cJSON_GetObjectItemCaseSensitive(ol, "aliases"), store);
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

static bool parse_rule(parse_ctx *pc, lc_spec_rule *r, const cJSON *j)
{
	lc_spec *s = pc->spec;
	const char *lock = str_of(j, "lock");
	r->lock = lc_arena_strdup(s, lock ? lock : "");
	const cJSON *l = find_lock(pc, lock);
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
	const cJSON *alt = cJSON_GetObjectItemCaseSensitive(j, "alternative");
	r->alt_entry = LC_ENTRY_MAYBE;
	if (cJSON_IsObject(alt)) {
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

static unsigned parse_contexts(const cJSON *arr, int *line)
{
	unsigned bits = 0;
	const cJSON *c;
	cJSON_ArrayForEach(c, arr) {
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

static bool parse_method(parse_ctx *pc, lc_spec_method *m, const char *iface, const cJSON *j,
			 const char ***aliases_out)
{
	lc_spec *s = pc->spec;
	m->interface = iface;
	m->name = lc_arena_strdup(s, str_of(j, "name"));
	m->line = int_of(j, "line");
	const cJSON *locks = cJSON_GetObjectItemCaseSensitive(j, "locks");
	unsigned n = (unsigned)cJSON_GetArraySize(locks);
	lc_spec_rule *rules = lc_arena_alloc(s, (n ? n : 1) * sizeof *rules);
	if (!m->name || !rules)
		return false;
	unsigned i = 0;
	const cJSON *jr;
	cJSON_ArrayForEach(jr, locks) {
		if (!cJSON_IsObject(jr))
			continue;
		if (!parse_rule(pc, &rules[i], jr))
			return false;
		i++;
	}
	m->rules = rules;
	m->nrules = i;
	const cJSON *b = cJSON_GetObjectItemCaseSensitive(j, "blocking");
	if (cJSON_IsObject(b)) {
		m->blocking = parse_blocking(str_of(b, "value"));
		m->blocking_line = int_of(b, "line");
	}
	const cJSON *rw = cJSON_GetObjectItemCaseSensitive(j, "rcu_walk");
	if (cJSON_IsObject(rw)) {
		m->rcu_walk = parse_tri(str_of(rw, "value"));
		m->rcu_walk_line = int_of(rw, "line");
	}
	m->contexts = parse_contexts(cJSON_GetObjectItemCaseSensitive(j, "contexts"), &m->contexts_line);
	/* Aliases, NULL terminated, for the index. */
	const cJSON *al = cJSON_GetObjectItemCaseSensitive(j, "aliases");
	unsigned na = (unsigned)cJSON_GetArraySize(al);
	const char **aliases = lc_arena_alloc(s, (na + 1) * sizeof *aliases);
	if (!aliases)
		return false;
	unsigned k = 0;
	const cJSON *a;
	cJSON_ArrayForEach(a, al)
		if (cJSON_IsString(a) && (aliases[k] = lc_arena_strdup(s, a->valuestring)))
			k++;
	*aliases_out = aliases;
	return true;
}

static lc_spec *fail(parse_ctx *pc, cJSON *root, const char *origin, const char *what)
{
	snprintf(pc->err, pc->errlen, "%s: %s", origin, what);
	cJSON_Delete(root);
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
	cJSON *root = cJSON_ParseWithLength(json, len);
	if (!root) {
		const char *at = cJSON_GetErrorPtr();
		char what[160];
		long line = 1;
		if (at && at >= json && at <= json + len)
			for (const char *p = json; p < at; p++)
				line += *p == '\n';
		snprintf(what, sizeof what, "not valid JSON (near line %ld)", line);
		return fail(&pc, NULL, origin, what);
	}
	const char *format = str_of(root, "format");
	if (!format || strcmp(format, "lockcheck-spec"))
		return fail(&pc, root, origin, "\"format\" is not \"lockcheck-spec\"");
	if (int_of(root, "version") != 1)
		return fail(&pc, root, origin, "unsupported \"version\" (this library reads version 1)");
	const cJSON *ifaces = cJSON_GetObjectItemCaseSensitive(root, "interfaces");
	if (!cJSON_IsArray(ifaces))
		return fail(&pc, root, origin, "no \"interfaces\" array");
	const cJSON *source = cJSON_GetObjectItemCaseSensitive(root, "source");
	const char *era = cJSON_IsObject(source) ? str_of(source, "era") : NULL;
	snprintf(pc.spec->name, sizeof pc.spec->name, "%s", origin);
	snprintf(pc.spec->era, sizeof pc.spec->era, "%s", era ? era : "unknown");
	pc.locks = cJSON_GetObjectItemCaseSensitive(root, "locks");

	unsigned total = 0;
	const cJSON *ji;
	cJSON_ArrayForEach(ji, ifaces)
		total += (unsigned)cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(ji, "methods"));
	pc.spec->methods = lc_arena_alloc(pc.spec, (total ? total : 1) * sizeof *pc.spec->methods);
	const char ***aliases = calloc(total + 1, sizeof *aliases);
	if (!pc.spec->methods || !aliases) {
		free(aliases);
		return fail(&pc, root, origin, "out of memory");
	}
	unsigned n = 0;
	cJSON_ArrayForEach(ji, ifaces) {
		const char *iname = str_of(ji, "name");
		const cJSON *methods = cJSON_GetObjectItemCaseSensitive(ji, "methods");
		if (!iname || !cJSON_IsArray(methods)) {
			free(aliases);
			return fail(&pc, root, origin, "an interface lacks \"name\" or \"methods\"");
		}
		const char *iface = lc_arena_strdup(pc.spec, iname);
		const cJSON *jm;
		cJSON_ArrayForEach(jm, methods) {
			if (!str_of(jm, "name")) {
				free(aliases);
				char what[200];
				snprintf(what, sizeof what, "a method of %s has no \"name\"", iname);
				return fail(&pc, root, origin, what);
			}
			if (!iface || !parse_method(&pc, &pc.spec->methods[n], iface, jm, &aliases[n])) {
				free(aliases);
				return fail(&pc, root, origin, "out of memory");
			}
			n++;
		}
	}
	pc.spec->nmethods = n;
	cJSON_Delete(root);
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

/* Spec builder.  Per section: prototypes give the methods and their
 * parameters, the table gives per-cell facts (through spec_vocab), the prose
 * rules add what only sentences say, and a last pass derives "may not block"
 * from atomic contexts.  Everything keeps the line it came from. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "spec_aliases.h"
#include "spec_build.h"
#include "spec_locks.h"
#include "spec_proto.h"
#include "spec_vocab.h"

void build_undecided(build_ctx *c, cJSON *method, int line, const char *what, const char *evidence)
{
	char where[200];
	const char *mname = method ? sj_str(method, "name") : NULL;
	snprintf(where, sizeof where, "%s%s%s", c->iface_name, mname ? "." : "", mname ? mname : "");
	sj_add_undecided(c->root, method, where, line, what, evidence);
	if (c->diag)
		fprintf(c->diag, "%s:%d: undecided: %s: %s (evidence: %s)\n",
			c->d->path ? c->d->path : "-", line, where, what, evidence ? evidence : "");
}

static void remember_lock(build_ctx *c, const char *name, const char *doc_name,
			  const char *kind, const char *object)
{
	for (int i = 0; i < c->nseen; i++)
		if (strcmp(c->seen[i].name, name) == 0 && strcmp(c->seen[i].doc_name, doc_name) == 0)
			return;
	if (c->nseen == c->capseen) {
		int cap = c->capseen ? c->capseen * 2 : 32;
		lock_seen *n = realloc(c->seen, (size_t)cap * sizeof *n);
		if (!n)
			return;
		c->seen = n;
		c->capseen = cap;
	}
	lock_seen *s = &c->seen[c->nseen++];
	snprintf(s->name, sizeof s->name, "%s", name);
	snprintf(s->doc_name, sizeof s->doc_name, "%s", doc_name);
	s->kind = kind;
	s->object = object;
}

void build_lock_fact(build_ctx *c, cJSON *method, lock_fact *f, const char *doc_name)
{
	const lock_def *def = locks_lookup(doc_name);
	char bare[64];
	locks_bare_name(doc_name, bare, sizeof bare);
	if (def) {
		f->lock = def->name;
		f->kind = def->kind;
		f->object = def->object;
	} else {
		f->lock = bare;
		f->kind = "other";
		f->object = "other";
		build_undecided(c, method, f->line, "lock name not in the lock table (kind and object unknown)",
				doc_name);
	}
	sj_add_lock(method, f);
	remember_lock(c, f->lock, def ? doc_name : bare, f->kind, f->object);
}

static cJSON *method_get(build_ctx *c, const char *name, int line)
{
	cJSON *m = sj_method_find(c->iface, name);
	if (!m) {
		m = sj_method_new(name, line);
		cJSON_AddItemToArray(cJSON_GetObjectItemCaseSensitive(c->iface, "methods"), m);
	}
	return m;
}

static void add_prototype(build_ctx *c, const doc_proto *p)
{
	char err[300];
	proto_info info;
	int ok = proto_parse(p->text, &info, err, sizeof err) == 0;
	const char *name = p->method ? p->method : (ok ? info.method : NULL);
	if (!name) {
		build_undecided(c, NULL, p->line, "prototype without a method name", p->text);
		return;
	}
	cJSON *m = method_get(c, name, p->line);
	if (!ok) {
		build_undecided(c, m, p->line, err, p->text);
		return;
	}
	cJSON *o = cJSON_CreateObject();
	cJSON_AddNumberToObject(o, "line", p->line);
	cJSON_AddStringToObject(o, "text", p->text);
	cJSON_AddStringToObject(o, "returns", info.returns);
	cJSON *params = cJSON_CreateArray();
	for (int i = 0; i < info.nparams; i++) {
		cJSON *q = cJSON_CreateObject();
		cJSON_AddStringToObject(q, "name", info.params[i].name);
		cJSON_AddStringToObject(q, "type", info.params[i].type);
		cJSON_AddItemToArray(params, q);
	}
	cJSON_AddItemToObject(o, "params", params);
	sj_set_prototype(m, o);
}

static void lock_cell_facts(build_ctx *c, cJSON *m, const char *column, const doc_cell *cell,
			    const cell_meaning *cm, column_kind k)
{
	if (k == COL_LOCK && cm->entry) {
		lock_fact f = {0};
		f.entry = cm->entry;
		f.exit = cm->exit;
		f.scope = cm->scope;
		f.condition = cm->condition[0] ? cm->condition : NULL;
		f.alt_entry = cm->alt_entry;
		f.alt_condition = cm->alt_condition[0] ? cm->alt_condition : NULL;
		f.column = column;
		f.cell = cell->value;
		f.from = "table";
		f.line = cell->line;
		build_lock_fact(c, m, &f, column);
	}
	/* locks the cell itself names: "(namespace_sem)", "!!!inode->i_lock!!!", "A or B" */
	for (int i = 0; i < cm->nheld; i++) {
		lock_fact f = {0};
		f.entry = cm->one_of ? "maybe" : "held";
		f.exit = "unchanged";
		f.column = column;
		f.cell = cell->value;
		f.from = "table";
		f.line = cell->line;
		if (cm->one_of)
			for (int j = 0; j < cm->nheld && j < 4; j++) {
				const lock_def *other = locks_lookup(cm->held[j]);
				f.one_of[j] = other ? other->name : cm->held[j];
			}
		build_lock_fact(c, m, &f, cm->held[i]);
	}
}

static void add_table(build_ctx *c, const doc_table *t)
{
	column_kind *kinds = calloc((size_t)(t->ncols > 0 ? t->ncols : 1), sizeof *kinds);
	if (!kinds)
		return;
	for (int j = 0; j < t->ncols; j++)
		kinds[j] = vocab_column_kind(t->columns[j]);
	for (int r = 0; r < t->nrows; r++) {
		const doc_row *row = &t->rows[r];
		if (!row->method)
			continue;
		cJSON *m = sj_method_find(c->iface, row->method);
		if (m)
			sj_replace(m, "line", cJSON_CreateNumber(row->line));
		else
			m = method_get(c, row->method, row->line);
		for (int j = 0; j < t->ncols; j++) {
			const doc_cell *cell = &row->cells[j];
			const char *col = t->columns[j] ? t->columns[j] : "";
			int line = cell->line ? cell->line : row->line;
			if (!cell->value)
				continue;
			if (cell->placement == DOC_PLACED_UNDECIDED) {
				char what[200];
				snprintf(what, sizeof what, "column of this cell is the parser's best guess: '%s'", col);
				build_undecided(c, m, line, what, cell->value);
			}
			cell_meaning cm;
			vocab_cell(kinds[j], cell->value, &cm);
			if (!cm.understood) {
				char what[300];
				snprintf(what, sizeof what, "column '%s': %s", col, cm.problem);
				build_undecided(c, m, line, what, cell->value);
				continue;
			}
			doc_cell placed = *cell;
			placed.line = line;
			lock_cell_facts(c, m, col, &placed, &cm, kinds[j]);
			if (cm.blocking)
				sj_set_blocking(m, cm.blocking, line, "table", 0);
			if (cm.rcu_walk)
				sj_set_rcu_walk(m, cm.rcu_walk, line);
			if (cm.context)
				sj_add_context(m, cm.context, line);
			for (int i = 0; i < cm.nnotes; i++)
				sj_add_note(m, cm.notes[i], line);
			if (kinds[j] == COL_OTHER) {
				char note[200];
				snprintf(note, sizeof note, "%s: %s", col, cell->value);
				sj_add_note(m, note, line);
			}
		}
	}
	free(kinds);
}

/* A spinlock held on entry or an atomic context means the method cannot
 * block, whatever a section-wide "all may block" says. */
static void derive_blocking(cJSON *m)
{
	const cJSON *b = cJSON_GetObjectItemCaseSensitive(m, "blocking");
	if (cJSON_IsObject(b) && strcmp(sj_str(b, "from"), "prose-all") != 0)
		return;
	const cJSON *x;
	cJSON_ArrayForEach(x, cJSON_GetObjectItemCaseSensitive(m, "contexts")) {
		const char *ctx = sj_str(x, "context");
		if (strcmp(ctx, "rcu-callback") == 0 || strcmp(ctx, "interrupt") == 0 ||
		    strcmp(ctx, "rcu-read") == 0 || strcmp(ctx, "page-table-lock") == 0) {
			sj_set_blocking(m, "no", sj_int(x, "line"), "derived", 1);
			return;
		}
	}
	cJSON_ArrayForEach(x, cJSON_GetObjectItemCaseSensitive(m, "locks")) {
		const char *kind = sj_str(x, "kind"), *entry = sj_str(x, "entry");
		if (kind && entry && strcmp(kind, "spinlock") == 0 &&
		    (!strcmp(entry, "held") || !strcmp(entry, "shared") || !strcmp(entry, "exclusive"))) {
			sj_set_blocking(m, "no", sj_int(x, "line"), "derived", 1);
			return;
		}
	}
}

static void finish_method(build_ctx *c, cJSON *m)
{
	const char *al[8];
	size_t n = aliases_of(ALIAS_METHOD, c->iface_name, sj_str(m, "name"), al, 8);
	cJSON *arr = cJSON_GetObjectItemCaseSensitive(m, "aliases");
	for (size_t i = 0; i < n; i++)
		cJSON_AddItemToArray(arr, cJSON_CreateString(al[i]));
	derive_blocking(m);
	/* "prose-all" is internal: the schema says where, "prose" */
	cJSON *b = cJSON_GetObjectItemCaseSensitive(m, "blocking");
	if (cJSON_IsObject(b) && strcmp(sj_str(b, "from"), "prose-all") == 0)
		sj_replace(b, "from", cJSON_CreateString("prose"));
}

static void interface_name(const char *title, char *out, size_t outlen)
{
	size_t n = 0;
	for (const char *p = title; *p && n + 1 < outlen; p++)
		out[n++] = isspace((unsigned char)*p) ? '_' : *p;
	out[n] = '\0';
}

static int cmp_seen(const void *a, const void *b)
{
	const lock_seen *x = a, *y = b;
	int r = strcmp(x->name, y->name);
	return r ? r : strcmp(x->doc_name, y->doc_name);
}

static cJSON *locks_table(build_ctx *c)
{
	qsort(c->seen, (size_t)c->nseen, sizeof *c->seen, cmp_seen);
	cJSON *arr = cJSON_CreateArray();
	for (int i = 0; i < c->nseen;) {
		cJSON *o = cJSON_CreateObject();
		cJSON_AddStringToObject(o, "name", c->seen[i].name);
		cJSON_AddStringToObject(o, "kind", c->seen[i].kind);
		cJSON_AddStringToObject(o, "object", c->seen[i].object);
		const char *al[8];
		size_t n = aliases_of(ALIAS_LOCK, NULL, c->seen[i].name, al, 8);
		cJSON *aliases = cJSON_CreateArray();
		for (size_t k = 0; k < n; k++)
			cJSON_AddItemToArray(aliases, cJSON_CreateString(al[k]));
		cJSON_AddItemToObject(o, "aliases", aliases);
		cJSON *names = cJSON_CreateArray();
		int j = i;
		for (; j < c->nseen && strcmp(c->seen[j].name, c->seen[i].name) == 0; j++)
			cJSON_AddItemToArray(names, cJSON_CreateString(c->seen[j].doc_name));
		cJSON_AddItemToObject(o, "doc_names", names);
		cJSON_AddItemToArray(arr, o);
		i = j;
	}
	return arr;
}

cJSON *spec_build(const doc *d, FILE *diag)
{
	build_ctx c = {0};
	c.d = d;
	c.diag = diag;
	c.root = cJSON_CreateObject();
	if (!c.root)
		return NULL;
	cJSON_AddStringToObject(c.root, "format", SPEC_FORMAT);
	cJSON_AddNumberToObject(c.root, "version", SPEC_VERSION);
	cJSON *src = cJSON_AddObjectToObject(c.root, "source");
	const char *base = d->path ? strrchr(d->path, '/') : NULL;
	cJSON_AddStringToObject(src, "file", base ? base + 1 : d->path ? d->path : "-");
	cJSON_AddStringToObject(src, "era", spec_guess_era(d));
	cJSON_AddStringToObject(src, "rendering", doc_rendering_name(d->rendering));
	cJSON_AddNumberToObject(src, "lines", d->nlines);
	if (d->sha256[0])
		cJSON_AddStringToObject(src, "sha256", d->sha256);
	else
		cJSON_AddNullToObject(src, "sha256");
	cJSON_AddNullToObject(c.root, "locks");
	cJSON *ifaces = cJSON_AddArrayToObject(c.root, "interfaces");
	cJSON_AddArrayToObject(c.root, "undecided");

	for (int i = 0; i < d->nsections; i++) {
		const doc_section *s = &d->sections[i];
		if (!s->title || (s->nprotos == 0 && s->ntables == 0))
			continue;
		interface_name(s->title, c.iface_name, sizeof c.iface_name);
		c.iface = sj_interface_new(c.iface_name, s->line);
		cJSON_AddItemToArray(ifaces, c.iface);
		for (int p = 0; p < s->nprotos; p++)
			add_prototype(&c, &s->protos[p]);
		for (int t = 0; t < s->ntables; t++)
			add_table(&c, &s->tables[t]);
		prose_apply(&c, s);
		cJSON *m;
		cJSON_ArrayForEach(m, cJSON_GetObjectItemCaseSensitive(c.iface, "methods"))
			finish_method(&c, m);
	}
	sj_replace(c.root, "locks", locks_table(&c));
	free(c.seen);
	return c.root;
}

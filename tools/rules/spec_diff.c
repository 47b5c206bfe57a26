/* Spec diff.  Interfaces and methods pair by name, then by the alias table
 * (readpage -> read_folio); lock facts pair by canonical lock name, so a
 * renamed lock (i_mutex -> i_rwsem) shows as a change of its state, not as
 * one lock removed and another added. */
#include <stdlib.h>
#include <string.h>

#include "spec_aliases.h"
#include "spec_diff.h"
#include "spec_json.h"
#include "spec_locks.h"

typedef struct diff_ctx {
	cJSON *changes;
	const char *iface;
	int prototypes;
} diff_ctx;

static cJSON *change(diff_ctx *c, const char *method, const char *what)
{
	cJSON *o = cJSON_CreateObject();
	if (c->iface)
		cJSON_AddStringToObject(o, "interface", c->iface);
	else
		cJSON_AddNullToObject(o, "interface");
	if (method)
		cJSON_AddStringToObject(o, "method", method);
	else
		cJSON_AddNullToObject(o, "method");
	cJSON_AddStringToObject(o, "what", what);
	cJSON_AddItemToArray(c->changes, o);
	return o;
}

static void add_str(cJSON *o, const char *key, const char *v)
{
	if (v)
		cJSON_AddStringToObject(o, key, v);
	else
		cJSON_AddNullToObject(o, key);
}

static int same_str(const char *a, const char *b)
{
	return (!a && !b) || (a && b && strcmp(a, b) == 0);
}

static cJSON *named(const cJSON *arr, const char *key, const char *name)
{
	cJSON *x;
	cJSON_ArrayForEach(x, arr)
		if (same_str(sj_str(x, key), name))
			return x;
	return NULL;
}

static const cJSON *get(const cJSON *o, const char *key)
{
	return cJSON_GetObjectItemCaseSensitive(o, key);
}

/* ---- locks table ---- */

static char *names_text(const cJSON *arr)
{
	char *s = calloc(1, 512);
	if (!s)
		return NULL;
	const cJSON *x;
	cJSON_ArrayForEach(x, arr)
		if (cJSON_IsString(x))
			snprintf(s + strlen(s), 512 - strlen(s), "%s%s", s[0] ? ", " : "", x->valuestring);
	return s;
}

static int names_overlap(const cJSON *a, const cJSON *b)
{
	const cJSON *x, *y;
	cJSON_ArrayForEach(x, a)
		cJSON_ArrayForEach(y, b)
			if (cJSON_IsString(x) && cJSON_IsString(y) && strcmp(x->valuestring, y->valuestring) == 0)
				return 1;
	return 0;
}

static int has_name(const cJSON *arr, const char *name)
{
	const cJSON *x;
	cJSON_ArrayForEach(x, arr)
		if (cJSON_IsString(x) && strcmp(x->valuestring, name) == 0)
			return 1;
	return 0;
}

/* The names of a that b lacks, as a JSON array. */
static cJSON *names_minus(const cJSON *a, const cJSON *b)
{
	cJSON *out = cJSON_CreateArray();
	const cJSON *x;
	cJSON_ArrayForEach(x, a)
		if (cJSON_IsString(x) && !has_name(b, x->valuestring))
			cJSON_AddItemToArray(out, cJSON_CreateString(x->valuestring));
	return out;
}

static void diff_locks(diff_ctx *c, const cJSON *oldl, const cJSON *newl)
{
	const cJSON *o, *n;
	cJSON_ArrayForEach(o, oldl) {
		n = named(newl, "name", sj_str(o, "name"));
		if (!n) {
			cJSON *ch = change(c, NULL, "lock-removed");
			add_str(ch, "lock", sj_str(o, "name"));
			continue;
		}
		const cJSON *on = get(o, "doc_names"), *nn = get(n, "doc_names");
		char *ot = names_text(on), *nt = names_text(nn);
		if (ot && nt && strcmp(ot, nt) != 0) {
			cJSON *ch = change(c, NULL, names_overlap(on, nn) ? "lock-spelling-changed" : "lock-renamed");
			add_str(ch, "lock", sj_str(o, "name"));
			add_str(ch, "old", ot);
			add_str(ch, "new", nt);
			cJSON_AddItemToObject(ch, "names_added", names_minus(nn, on));
			cJSON_AddItemToObject(ch, "names_removed", names_minus(on, nn));
			/* the alias row that tells the story, when the old names hold one */
			const cJSON *x;
			cJSON_ArrayForEach(x, on) {
				char bare[64] = "";
				if (cJSON_IsString(x))
					locks_bare_name(x->valuestring, bare, sizeof bare); /* "PageLocked(page)" */
				const alias_row *r = bare[0] ? alias_renaming(ALIAS_LOCK, NULL, bare) : NULL;
				if (r) {
					add_str(ch, "alias_old", r->old_name);
					add_str(ch, "since", r->since);
					break;
				}
			}
		}
		free(ot);
		free(nt);
	}
	cJSON_ArrayForEach(n, newl)
		if (!named(oldl, "name", sj_str(n, "name"))) {
			cJSON *ch = change(c, NULL, "lock-added");
			add_str(ch, "lock", sj_str(n, "name"));
		}
}

/* ---- lock facts of one method ---- */

static void fact_key(const cJSON *f, char *out, size_t outlen)
{
	const char *from = sj_str(f, "from");
	int prose = from && strcmp(from, "prose") == 0;
	snprintf(out, outlen, "%s/%s/%s", sj_str(f, "lock") ? sj_str(f, "lock") : "",
		 from ? from : "", prose && sj_str(f, "scope") ? sj_str(f, "scope") : "");
}

static char *alt_text(const cJSON *f)
{
	const cJSON *a = get(f, "alternative");
	if (!cJSON_IsObject(a))
		return NULL;
	char *s = malloc(160);
	if (s)
		snprintf(s, 160, "%s if %s", sj_str(a, "entry") ? sj_str(a, "entry") : "?",
			 sj_str(a, "condition") ? sj_str(a, "condition") : "(unstated)");
	return s;
}

static void fact_change(diff_ctx *c, const char *method, const char *what, const cJSON *of,
			const cJSON *nf, const char *ov, const char *nv)
{
	cJSON *ch = change(c, method, what);
	add_str(ch, "lock", sj_str(of ? of : nf, "lock"));
	add_str(ch, "old", ov);
	add_str(ch, "new", nv);
	add_str(ch, "scope", sj_str(of ? of : nf, "scope"));
	if (of) {
		add_str(ch, "old_column", sj_str(of, "column"));
		add_str(ch, "old_cell", sj_str(of, "cell"));
		cJSON_AddNumberToObject(ch, "old_line", sj_int(of, "line"));
	}
	if (nf) {
		add_str(ch, "new_column", sj_str(nf, "column"));
		add_str(ch, "new_cell", sj_str(nf, "cell"));
		cJSON_AddNumberToObject(ch, "new_line", sj_int(nf, "line"));
	}
}

static void compare_fact(diff_ctx *c, const char *method, const cJSON *of, const cJSON *nf)
{
	static const struct { const char *key, *what; } fields[] = {
		{"entry", "entry-changed"}, {"exit", "exit-changed"},
		{"scope", "scope-changed"}, {"condition", "condition-changed"},
	};
	for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++) {
		const char *ov = sj_str(of, fields[i].key), *nv = sj_str(nf, fields[i].key);
		if (!same_str(ov, nv))
			fact_change(c, method, fields[i].what, of, nf, ov, nv);
	}
	char *oa = alt_text(of), *na = alt_text(nf);
	if (!same_str(oa, na))
		fact_change(c, method, "alternative-changed", of, nf, oa, na);
	free(oa);
	free(na);
}

static void diff_facts(diff_ctx *c, const char *method, const cJSON *oldf, const cJSON *newf)
{
	int nn = cJSON_GetArraySize(newf);
	char *used = calloc((size_t)(nn + 1), 1);
	if (!used)
		return;
	const cJSON *o;
	cJSON_ArrayForEach(o, oldf) {
		char ok[200];
		fact_key(o, ok, sizeof ok);
		const cJSON *match = NULL;
		int i = 0;
		const cJSON *n;
		cJSON_ArrayForEach(n, newf) {
			char nk[200];
			fact_key(n, nk, sizeof nk);
			if (!used[i] && strcmp(ok, nk) == 0) {
				match = n;
				used[i] = 1;
				break;
			}
			i++;
		}
		if (match)
			compare_fact(c, method, o, match);
		else
			fact_change(c, method, "lock-fact-removed", o, NULL, sj_str(o, "entry"), NULL);
	}
	int i = 0;
	const cJSON *n;
	cJSON_ArrayForEach(n, newf) {
		if (!used[i])
			fact_change(c, method, "lock-fact-added", NULL, n, NULL, sj_str(n, "entry"));
		i++;
	}
	free(used);
}

/* ---- one method ---- */

static char *signature(const cJSON *proto)
{
	if (!cJSON_IsObject(proto))
		return NULL;
	char *s = calloc(1, 600);
	if (!s)
		return NULL;
	snprintf(s, 600, "%s (", sj_str(proto, "returns") ? sj_str(proto, "returns") : "?");
	const cJSON *p;
	int first = 1;
	cJSON_ArrayForEach(p, get(proto, "params")) {
		snprintf(s + strlen(s), 600 - strlen(s), "%s%s", first ? "" : ", ",
			 sj_str(p, "type") ? sj_str(p, "type") : "?");
		first = 0;
	}
	snprintf(s + strlen(s), 600 - strlen(s), ")");
	return s;
}

static const char *value_of(const cJSON *o)
{
	return cJSON_IsObject(o) ? sj_str(o, "value") : NULL;
}

static void diff_method(diff_ctx *c, const cJSON *om, const cJSON *nm)
{
	const char *name = sj_str(nm, "name");
	char *os = c->prototypes ? signature(get(om, "prototype")) : NULL;
	char *ns = c->prototypes ? signature(get(nm, "prototype")) : NULL;
	if (os && ns && strcmp(os, ns) != 0) {
		cJSON *ch = change(c, name, "prototype-changed");
		add_str(ch, "old", os);
		add_str(ch, "new", ns);
	}
	free(os);
	free(ns);
	diff_facts(c, name, get(om, "locks"), get(nm, "locks"));
	const char *ob = value_of(get(om, "blocking")), *nb = value_of(get(nm, "blocking"));
	if (!same_str(ob, nb)) {
		cJSON *ch = change(c, name, "blocking-changed");
		add_str(ch, "old", ob);
		add_str(ch, "new", nb);
	}
	const char *orw = value_of(get(om, "rcu_walk")), *nrw = value_of(get(nm, "rcu_walk"));
	if (!same_str(orw, nrw)) {
		cJSON *ch = change(c, name, "rcu-walk-changed");
		add_str(ch, "old", orw);
		add_str(ch, "new", nrw);
	}
	const cJSON *x;
	cJSON_ArrayForEach(x, get(om, "contexts"))
		if (!named(get(nm, "contexts"), "context", sj_str(x, "context")))
			add_str(change(c, name, "context-removed"), "old", sj_str(x, "context"));
	cJSON_ArrayForEach(x, get(nm, "contexts"))
		if (!named(get(om, "contexts"), "context", sj_str(x, "context")))
			add_str(change(c, name, "context-added"), "new", sj_str(x, "context"));
}

static void diff_interface(diff_ctx *c, const cJSON *oi, const cJSON *ni)
{
	const cJSON *om_arr = get(oi, "methods"), *nm_arr = get(ni, "methods");
	const cJSON *om, *nm;
	cJSON_ArrayForEach(om, om_arr) {
		const char *name = sj_str(om, "name");
		nm = named(nm_arr, "name", name);
		if (nm) {
			diff_method(c, om, nm);
			continue;
		}
		const alias_row *r = alias_renaming(ALIAS_METHOD, c->iface, name);
		if (r && named(nm_arr, "name", r->new_name) && !named(om_arr, "name", r->new_name)) {
			cJSON *ch = change(c, r->new_name, "method-renamed");
			add_str(ch, "old", name);
			add_str(ch, "new", r->new_name);
			add_str(ch, "how", r->how);
			add_str(ch, "since", r->since);
			diff_method(c, om, named(nm_arr, "name", r->new_name));
			continue;
		}
		cJSON *ch = change(c, name, "method-removed");
		add_str(ch, "old", name);
		if (r) {
			add_str(ch, "how", r->how);
			add_str(ch, "into", r->new_name);
			add_str(ch, "since", r->since);
		}
	}
	cJSON_ArrayForEach(nm, nm_arr) {
		const char *name = sj_str(nm, "name");
		if (named(om_arr, "name", name))
			continue;
		int renamed = 0;
		cJSON_ArrayForEach(om, om_arr) {
			const alias_row *r = alias_renaming(ALIAS_METHOD, c->iface, sj_str(om, "name"));
			if (r && strcmp(r->new_name, name) == 0)
				renamed = 1;
		}
		if (!renamed)
			add_str(change(c, name, "method-added"), "new", name);
	}
}

static cJSON *source_summary(const cJSON *spec)
{
	const cJSON *src = get(spec, "source");
	cJSON *o = cJSON_CreateObject();
	add_str(o, "file", sj_str(src, "file"));
	add_str(o, "era", sj_str(src, "era"));
	return o;
}

cJSON *spec_diff(const cJSON *old_spec, const cJSON *new_spec, int prototypes)
{
	cJSON *d = cJSON_CreateObject();
	if (!d)
		return NULL;
	cJSON_AddStringToObject(d, "format", "lockcheck-spec-diff");
	cJSON_AddNumberToObject(d, "version", 1);
	cJSON_AddItemToObject(d, "old", source_summary(old_spec));
	cJSON_AddItemToObject(d, "new", source_summary(new_spec));
	cJSON_AddFalseToObject(d, "equal");
	diff_ctx c = {.changes = cJSON_CreateArray(), .prototypes = prototypes};
	diff_locks(&c, get(old_spec, "locks"), get(new_spec, "locks"));
	const cJSON *oi_arr = get(old_spec, "interfaces"), *ni_arr = get(new_spec, "interfaces");
	const cJSON *oi, *ni;
	cJSON_ArrayForEach(oi, oi_arr) {
		c.iface = sj_str(oi, "name");
		ni = named(ni_arr, "name", c.iface);
		if (ni)
			diff_interface(&c, oi, ni);
		else
			change(&c, NULL, "interface-removed");
	}
	cJSON_ArrayForEach(ni, ni_arr) {
		c.iface = sj_str(ni, "name");
		if (!named(oi_arr, "name", c.iface))
			change(&c, NULL, "interface-added");
	}
	sj_replace(d, "equal", cJSON_CreateBool(cJSON_GetArraySize(c.changes) == 0));
	cJSON_AddItemToObject(d, "changes", c.changes);
	return d;
}

/* ---- text ---- */

static const char *or_dash(const char *s) { return s ? s : "-"; }

static void print_fact_where(const cJSON *ch, FILE *out)
{
	const char *oc = sj_str(ch, "old_column"), *nc = sj_str(ch, "new_column");
	const char *ocell = sj_str(ch, "old_cell"), *ncell = sj_str(ch, "new_cell");
	fprintf(out, "   [");
	if (get(ch, "old_line"))
		fprintf(out, "old line %d%s%s%s%s%s", sj_int(ch, "old_line"), oc ? ": " : "", oc ? oc : "",
			ocell ? " \"" : "", ocell ? ocell : "", ocell ? "\"" : "");
	if (get(ch, "old_line") && get(ch, "new_line"))
		fprintf(out, " -> ");
	if (get(ch, "new_line"))
		fprintf(out, "new line %d%s%s%s%s%s", sj_int(ch, "new_line"), nc ? ": " : "", nc ? nc : "",
			ncell ? " \"" : "", ncell ? ncell : "", ncell ? "\"" : "");
	fprintf(out, "]");
}

static void print_change(const cJSON *ch, FILE *out)
{
	const char *what = sj_str(ch, "what"), *m = sj_str(ch, "method");
	const char *ov = or_dash(sj_str(ch, "old")), *nv = or_dash(sj_str(ch, "new"));
	const char *lock = sj_str(ch, "lock");
	if (!strcmp(what, "lock-renamed") && sj_str(ch, "alias_old"))
		fprintf(out, "  lock renamed %s -> %s (alias table: %s): written %s -> %s\n",
			sj_str(ch, "alias_old"), lock, or_dash(sj_str(ch, "since")), ov, nv);
	else if (!strcmp(what, "lock-renamed"))
		fprintf(out, "  lock %s renamed: written %s -> %s\n", lock, ov, nv);
	else if (!strcmp(what, "lock-spelling-changed")) {
		char *added = names_text(get(ch, "names_added")), *gone = names_text(get(ch, "names_removed"));
		fprintf(out, "  lock %s (written %s) now also written %s%s%s\n", lock, ov,
			added && *added ? added : "-", gone && *gone ? ", no longer " : "", gone && *gone ? gone : "");
		free(added);
		free(gone);
	}
	else if (!strcmp(what, "context-added"))
		fprintf(out, "  %s: now called in context %s\n", m, nv);
	else if (!strcmp(what, "context-removed"))
		fprintf(out, "  %s: no longer said to be called in context %s\n", m, ov);
	else if (!strcmp(what, "lock-added") || !strcmp(what, "lock-removed"))
		fprintf(out, "  lock %s %s\n", lock, what + 5);
	else if (!strcmp(what, "method-renamed"))
		fprintf(out, "  renamed  %s -> %s (alias table: %s in %s)\n", ov, nv,
			or_dash(sj_str(ch, "how")), or_dash(sj_str(ch, "since")));
	else if (!strcmp(what, "method-removed") && sj_str(ch, "into"))
		fprintf(out, "  removed  %s (alias table: %s into %s in %s)\n", ov, sj_str(ch, "how"),
			sj_str(ch, "into"), or_dash(sj_str(ch, "since")));
	else if (!strcmp(what, "method-removed"))
		fprintf(out, "  removed  %s\n", ov);
	else if (!strcmp(what, "method-added"))
		fprintf(out, "  added    %s\n", nv);
	else if (!strcmp(what, "prototype-changed"))
		fprintf(out, "  %s: prototype %s -> %s\n", m, ov, nv);
	else if (lock) {
		const char *scope = sj_str(ch, "scope");
		char on[80] = "";
		if (scope)
			snprintf(on, sizeof on, " (scope %s)", scope);
		if (!strcmp(what, "lock-fact-added"))
			fprintf(out, "  %s: now states %s entry %s%s", m, lock, nv, on);
		else if (!strcmp(what, "lock-fact-removed"))
			fprintf(out, "  %s: no longer states %s entry %s%s", m, lock, ov, on);
		else {
			char kind[32];
			snprintf(kind, sizeof kind, "%.*s", (int)(strlen(what) - 8), what);
			fprintf(out, "  %s: %s %s %s -> %s%s", m, lock, kind, ov, nv,
				strcmp(what, "scope-changed") ? on : "");
		}
		print_fact_where(ch, out);
		fprintf(out, "\n");
	} else {
		fprintf(out, "  %s: %s %s -> %s\n", m ? m : "", what, ov, nv);
	}
}

/* The story in a few lines: renames first, then how many states changed. */
static void print_summary(const cJSON *changes, FILE *out)
{
	static const char *counted[] = {"entry-changed", "exit-changed", "scope-changed", "blocking-changed",
					"method-added", "method-removed", "lock-fact-added", "lock-fact-removed"};
	int count[sizeof counted / sizeof counted[0]] = {0};
	const cJSON *ch;
	int n = 0;
	cJSON_ArrayForEach(ch, changes)
		if (!strncmp(sj_str(ch, "what"), "lock-", 5) && sj_str(ch, "alias_old"))
			fprintf(out, "%s%s -> %s", n++ ? ", " : "summary: locks renamed ", sj_str(ch, "alias_old"),
				sj_str(ch, "lock"));
	if (n)
		fprintf(out, "\n");
	n = 0;
	cJSON_ArrayForEach(ch, changes)
		if (!strcmp(sj_str(ch, "what"), "method-renamed"))
			fprintf(out, "%s%s -> %s", n++ ? ", " : "summary: methods renamed ", or_dash(sj_str(ch, "old")),
				or_dash(sj_str(ch, "new")));
	if (n)
		fprintf(out, "\n");
	cJSON_ArrayForEach(ch, changes)
		for (size_t i = 0; i < sizeof counted / sizeof counted[0]; i++)
			if (!strcmp(sj_str(ch, "what"), counted[i]))
				count[i]++;
	fprintf(out, "summary:");
	for (size_t i = 0; i < sizeof counted / sizeof counted[0]; i++)
		fprintf(out, " %d %s%s", count[i], counted[i], i + 1 < sizeof counted / sizeof counted[0] ? "," : "\n");
}

void spec_diff_print(const cJSON *diff, FILE *out)
{
	const cJSON *o = get(diff, "old"), *n = get(diff, "new");
	fprintf(out, "diff %s (era %s) -> %s (era %s)\n", or_dash(sj_str(o, "file")), or_dash(sj_str(o, "era")),
		or_dash(sj_str(n, "file")), or_dash(sj_str(n, "era")));
	const cJSON *changes = get(diff, "changes");
	if (cJSON_GetArraySize(changes) == 0) {
		fprintf(out, "no differences in meaning\n");
		return;
	}
	print_summary(changes, out);
	/* group: locks first (interface null), then interfaces in order of appearance */
	const char *group = "\x01";
	const cJSON *ch;
	cJSON_ArrayForEach(ch, changes) {
		const char *iface = sj_str(ch, "interface");
		const char *g = iface ? iface : "";
		if (strcmp(g, group) != 0) {
			group = g;
			const char *what = sj_str(ch, "what");
			if (!iface)
				fprintf(out, "\nlocks:\n");
			else if (!strcmp(what, "interface-added") || !strcmp(what, "interface-removed"))
				fprintf(out, "\n%s: interface %s\n", iface, what + 10);
			else
				fprintf(out, "\n%s:\n", iface);
		}
		const char *what = sj_str(ch, "what");
		if (strcmp(what, "interface-added") != 0 && strcmp(what, "interface-removed") != 0)
			print_change(ch, out);
	}
	fprintf(out, "\n%d change%s\n", cJSON_GetArraySize(changes), cJSON_GetArraySize(changes) == 1 ? "" : "s");
}

/* JSON writer helpers.  Every object is created complete (null for absent
 * values) and later edits replace values in place, which keeps key order. */
#include <stdlib.h>
#include <string.h>

#include "spec_json.h"

static cJSON *str_or_null(const char *s)
{
	return s ? cJSON_CreateString(s) : cJSON_CreateNull();
}

void sj_replace(cJSON *obj, const char *key, cJSON *value)
{
	if (cJSON_GetObjectItemCaseSensitive(obj, key))
		cJSON_ReplaceItemInObjectCaseSensitive(obj, key, value);
	else
		cJSON_AddItemToObject(obj, key, value);
}

const char *sj_str(const cJSON *obj, const char *key)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);
	return cJSON_IsString(v) ? v->valuestring : NULL;
}

int sj_int(const cJSON *obj, const char *key)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);
	return cJSON_IsNumber(v) ? v->valueint : 0;
}

cJSON *sj_interface_new(const char *name, int line)
{
	cJSON *o = cJSON_CreateObject();
	cJSON_AddStringToObject(o, "name", name);
	cJSON_AddNumberToObject(o, "line", line);
	cJSON_AddItemToObject(o, "methods", cJSON_CreateArray());
	return o;
}

cJSON *sj_method_new(const char *name, int line)
{
	cJSON *o = cJSON_CreateObject();
	cJSON_AddStringToObject(o, "name", name);
	cJSON_AddNumberToObject(o, "line", line);
	cJSON_AddItemToObject(o, "aliases", cJSON_CreateArray());
	cJSON_AddNullToObject(o, "prototype");
	cJSON_AddItemToObject(o, "locks", cJSON_CreateArray());
	cJSON_AddNullToObject(o, "blocking");
	cJSON_AddNullToObject(o, "rcu_walk");
	cJSON_AddItemToObject(o, "contexts", cJSON_CreateArray());
	cJSON_AddItemToObject(o, "notes", cJSON_CreateArray());
	cJSON_AddItemToObject(o, "undecided", cJSON_CreateArray());
	return o;
}

cJSON *sj_method_find(cJSON *interface, const char *name)
{
	cJSON *m;
	cJSON_ArrayForEach(m, cJSON_GetObjectItemCaseSensitive(interface, "methods")) {
		const char *n = sj_str(m, "name");
		if (n && strcmp(n, name) == 0)
			return m;
	}
	return NULL;
}

void sj_add_lock(cJSON *method, const lock_fact *f)
{
	cJSON *o = cJSON_CreateObject();
	cJSON_AddStringToObject(o, "lock", f->lock);
	cJSON_AddStringToObject(o, "kind", f->kind);
	cJSON_AddStringToObject(o, "object", f->object);
	cJSON_AddItemToObject(o, "entry", str_or_null(f->entry));
	cJSON_AddItemToObject(o, "exit", str_or_null(f->exit ? f->exit : "unchanged"));
	cJSON_AddItemToObject(o, "scope", str_or_null(f->scope));
	cJSON_AddItemToObject(o, "condition", str_or_null(f->condition));
	if (f->alt_entry) {
		cJSON *alt = cJSON_CreateObject();
		cJSON_AddItemToObject(alt, "condition", str_or_null(f->alt_condition));
		cJSON_AddStringToObject(alt, "entry", f->alt_entry);
		cJSON_AddItemToObject(o, "alternative", alt);
	} else {
		cJSON_AddNullToObject(o, "alternative");
	}
	if (f->one_of[0]) {
		cJSON *arr = cJSON_CreateArray();
		for (int i = 0; i < 4 && f->one_of[i]; i++)
			cJSON_AddItemToArray(arr, cJSON_CreateString(f->one_of[i]));
		cJSON_AddItemToObject(o, "one_of", arr);
	} else {
		cJSON_AddNullToObject(o, "one_of");
	}
	cJSON_AddItemToObject(o, "column", str_or_null(f->column));
	cJSON_AddItemToObject(o, "cell", str_or_null(f->cell));
	cJSON_AddStringToObject(o, "from", f->from ? f->from : "table");
	cJSON_AddNumberToObject(o, "line", f->line);
	cJSON_AddItemToArray(cJSON_GetObjectItemCaseSensitive(method, "locks"), o);
}

void sj_set_prototype(cJSON *method, cJSON *prototype)
{
	sj_replace(method, "prototype", prototype);
}

void sj_set_blocking(cJSON *method, const char *value, int line, const char *from, int force)
{
	if (!force && !cJSON_IsNull(cJSON_GetObjectItemCaseSensitive(method, "blocking")))
		return;
	cJSON *o = cJSON_CreateObject();
	cJSON_AddStringToObject(o, "value", value);
	cJSON_AddNumberToObject(o, "line", line);
	cJSON_AddStringToObject(o, "from", from);
	sj_replace(method, "blocking", o);
}

void sj_set_rcu_walk(cJSON *method, const char *value, int line)
{
	if (!cJSON_IsNull(cJSON_GetObjectItemCaseSensitive(method, "rcu_walk")))
		return;
	cJSON *o = cJSON_CreateObject();
	cJSON_AddStringToObject(o, "value", value);
	cJSON_AddNumberToObject(o, "line", line);
	sj_replace(method, "rcu_walk", o);
}

void sj_add_context(cJSON *method, const char *context, int line)
{
	cJSON *c;
	cJSON_ArrayForEach(c, cJSON_GetObjectItemCaseSensitive(method, "contexts"))
		if (strcmp(sj_str(c, "context"), context) == 0)
			return;
	cJSON *o = cJSON_CreateObject();
	cJSON_AddStringToObject(o, "context", context);
	cJSON_AddNumberToObject(o, "line", line);
	cJSON_AddItemToArray(cJSON_GetObjectItemCaseSensitive(method, "contexts"), o);
}

void sj_add_note(cJSON *method, const char *text, int line)
{
	cJSON *o = cJSON_CreateObject();
	cJSON_AddStringToObject(o, "text", text);
	cJSON_AddNumberToObject(o, "line", line);
	cJSON_AddItemToArray(cJSON_GetObjectItemCaseSensitive(method, "notes"), o);
}

static cJSON *undecided_entry(const char *where, int line, const char *what, const char *evidence)
{
	cJSON *o = cJSON_CreateObject();
	cJSON_AddNumberToObject(o, "line", line);
	cJSON_AddStringToObject(o, "what", what);
	cJSON_AddStringToObject(o, "evidence", evidence ? evidence : "");
	cJSON_AddItemToObject(o, "where", str_or_null(where));
	return o;
}

void sj_add_undecided(cJSON *root, cJSON *method, const char *where, int line,
		      const char *what, const char *evidence)
{
	if (method)
		cJSON_AddItemToArray(cJSON_GetObjectItemCaseSensitive(method, "undecided"),
				     undecided_entry(where, line, what, evidence));
	cJSON_AddItemToArray(cJSON_GetObjectItemCaseSensitive(root, "undecided"),
			     undecided_entry(where, line, what, evidence));
}

char *sj_print(const cJSON *spec)
{
	char *text = cJSON_Print(spec);
	if (!text)
		return NULL;
	size_t n = strlen(text);
	char *out = realloc(text, n + 2);
	if (!out) {
		free(text);
		return NULL;
	}
	out[n] = '\n';
	out[n + 1] = '\0';
	return out;
}

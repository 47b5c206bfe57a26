/* A finding's identity across processes, runs and machines: its kind, the
 * set of its locks by name (class name, else the global variable, else just
 * the lock type) and the set of code sites of its stacks (the top frame of
 * each, outside libc and the library, as function@file:line when there is
 * line info, else function+off@module, else module+offset).  Never an
 * address: ASLR moves those on every run.  A set, so the same cycle closed
 * from the other side is the same finding. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static const char *base_name(const char *path)
{
	const char *slash = path ? strrchr(path, '/') : NULL;
	return slash ? slash + 1 : path;
}

/* As the library's graph lines name it (report_graph.c): class name, else
 * the global variable, else the type and where the lock was made ("mutex
 * made in account_new+0x1c": heap instances from one site are one lock
 * here), else the type alone. */
const char *lock_identity(const cJSON *lock, char *buf, size_t cap)
{
	const char *name = json_str(lock, "name");
	if (!name)
		name = json_str(lock, "symbol");
	if (name)
		return name;
	const char *type = json_str(lock, "type") ? json_str(lock, "type") : "lock";
	if (json_str(lock, "origin")) {
		snprintf(buf, cap, "%s made in %s", type, json_str(lock, "origin"));
		return buf;
	}
	return type;
}

char *frame_site(const cJSON *frame)
{
	const char *fn = json_str(frame, "function"), *file = json_str(frame, "file");
	const char *mod = base_name(json_str(frame, "module"));
	const cJSON *line = cJSON_GetObjectItem(frame, "line");
	char *s = NULL;
	int rc;
	if (file && cJSON_IsNumber(line))
		rc = asprintf(&s, "%s@%s:%d", fn ? fn : "??", base_name(file), line->valueint);
	else if (fn)
		rc = asprintf(&s, "%s+%s@%s", fn, json_str(frame, "function_offset") ? json_str(frame, "function_offset") : "?",
			      mod ? mod : "?");
	else
		rc = asprintf(&s, "%s+%s", mod ? mod : "?", json_str(frame, "offset") ? json_str(frame, "offset") : "?");
	return rc < 0 ? NULL : s;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

typedef struct strlist {
	char **v;
	size_t n;
} strlist;

static void push(strlist *l, char *s)
{
	l->v = realloc(l->v, (l->n + 1) * sizeof *l->v);
	l->v[l->n++] = s;
}

/* Sorted, joined with sep, and freed. */
static void join_into(char **key, size_t *len, strlist *l, const char *sep)
{
	if (l->n)
		qsort(l->v, l->n, sizeof *l->v, cmp_str);
	for (size_t i = 0; i < l->n; i++) {
		size_t n = strlen(l->v[i]);
		*key = realloc(*key, *len + n + strlen(sep) + 1);
		memcpy(*key + *len, l->v[i], n);
		strcpy(*key + *len + n, sep);
		*len += n + strlen(sep);
		free(l->v[i]);
	}
	free(l->v);
	l->v = NULL;
	l->n = 0;
}

/* Facts that name the broken rule of a contract finding. */
static const char *const rule_fields[] = {"interface", "method", "lock", "rule_cell", "doc_line"};

char *finding_signature(const cJSON *obj)
{
	char *key = strdup(json_str(obj, "kind") ? json_str(obj, "kind") : "unknown");
	size_t len = strlen(key);
	strlist l = {0};
	key = realloc(key, len + 2);
	strcpy(key + len++, "|");
	const cJSON *lock, *stack;
	char buf[256];
	cJSON_ArrayForEach(lock, cJSON_GetObjectItem(obj, "locks")) push(&l, strdup(lock_identity(lock, buf, sizeof buf)));
	join_into(&key, &len, &l, ",");
	key = realloc(key, len + 2);
	strcpy(key + len++, "|");
	for (unsigned i = 0; i < sizeof rule_fields / sizeof *rule_fields; i++) {
		const char *v = json_str(obj, rule_fields[i]);
		if (v)
			push(&l, strdup(v));
	}
	join_into(&key, &len, &l, ",");
	key = realloc(key, len + 2);
	strcpy(key + len++, "|");
	cJSON_ArrayForEach(stack, cJSON_GetObjectItem(obj, "stacks"))
	{
		const cJSON *top = stack_top_frame(stack);
		char *site = top ? frame_site(top) : NULL;
		if (site)
			push(&l, site);
	}
	join_into(&key, &len, &l, ",");
	return key;
}

/* 128 bits of two FNV-1a variants, as 32 hex digits: short enough for a
 * SARIF fingerprint or a JUnit name, long enough never to collide here. */
void signature_hash(const char *key, char out[33])
{
	uint64_t a = 1469598103934665603ull, b = 0x84222325cbf29ce4ull;
	for (const unsigned char *p = (const unsigned char *)key; *p; p++) {
		a = (a ^ *p) * 1099511628211ull;
		b = (b ^ *p) * 0x100000001b3ull;
		b ^= b >> 29;
	}
	snprintf(out, 33, "%016llx%016llx", (unsigned long long)a, (unsigned long long)b);
}

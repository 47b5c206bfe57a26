/* SARIF 2.1.0 for code-scanning dashboards (GitHub, GitLab, VS Code): one
 * rule per report kind, one result per distinct finding.
 *
 * A result's location is the first frame of its current stack with a
 * source line inside the source root (--source-root, default the current
 * directory), as a URI relative to it (uriBaseId %SRCROOT%, percent-encoded)
 * with region.startLine; the other stacks' sites are relatedLocations, the
 * whole stacks are result.stacks.  partialFingerprints carries the
 * finding's signature hash, which no address or run-dependent index enters.
 * A finding with no source line anywhere (no debug info) is placed on the
 * module file, so it is still a valid result. */
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

static char root[PATH_MAX]; /* absolute, no trailing slash */

/* RFC 3986: everything but unreserved characters and "/" is %XX. */
static char *percent_encode(const char *path)
{
	size_t n = strlen(path);
	char *out = malloc(3 * n + 1), *o = out;
	for (const unsigned char *p = (const unsigned char *)path; *p; p++) {
		if ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') ||
		    *p == '-' || *p == '.' || *p == '_' || *p == '~' || *p == '/')
			*o++ = (char)*p;
		else
			o += sprintf(o, "%%%02X", *p);
	}
	*o = 0;
	return out;
}

static void set_root(void)
{
	const char *want = cli_source_root ? cli_source_root : ".";
	if (!realpath(want, root))
		snprintf(root, sizeof root, "%s", want);
	size_t n = strlen(root);
	while (n > 1 && root[n - 1] == '/')
		root[--n] = 0;
}

/* The path relative to the source root, or NULL when outside it. */
static const char *in_root(const char *file)
{
	size_t n = strlen(root);
	if (!file || strncmp(file, root, n) || file[n] != '/')
		return NULL;
	return file + n + 1;
}

static cJSON *artifact(const char *path)
{
	cJSON *art = cJSON_CreateObject();
	const char *rel = in_root(path);
	char *enc = percent_encode(rel ? rel : path);
	if (rel) {
		cJSON_AddStringToObject(art, "uri", enc);
		cJSON_AddStringToObject(art, "uriBaseId", "%SRCROOT%");
	} else {
		char *uri;
		if (asprintf(&uri, "%s%s", path[0] == '/' ? "file://" : "", enc) >= 0) {
			cJSON_AddStringToObject(art, "uri", uri);
			free(uri);
		}
	}
	free(enc);
	return art;
}

static int line_of(const cJSON *frame)
{
	const cJSON *line = cJSON_GetObjectItem(frame, "line");
	return cJSON_IsNumber(line) && line->valueint > 0 ? line->valueint : 0;
}

/* A frame as a SARIF location: the source line when known, else the module. */
static cJSON *location(const cJSON *frame, const char *message)
{
	cJSON *loc = cJSON_CreateObject();
	const char *file = json_str(frame, "file"), *mod = json_str(frame, "module");
	const char *fn = json_str(frame, "function");
	if ((file && line_of(frame)) || mod) {
		cJSON *phys = cJSON_AddObjectToObject(loc, "physicalLocation");
		if (file && line_of(frame)) {
			cJSON_AddItemToObject(phys, "artifactLocation", artifact(file));
			cJSON *region = cJSON_AddObjectToObject(phys, "region");
			cJSON_AddNumberToObject(region, "startLine", line_of(frame));
			const cJSON *col = cJSON_GetObjectItem(frame, "column");
			if (cJSON_IsNumber(col) && col->valueint > 0)
				cJSON_AddNumberToObject(region, "startColumn", col->valueint);
		} else {
			cJSON_AddItemToObject(phys, "artifactLocation", artifact(mod));
		}
	}
	if (fn) {
		cJSON *l = cJSON_CreateObject();
		cJSON_AddStringToObject(l, "name", fn);
		cJSON_AddStringToObject(l, "kind", "function");
		cJSON_AddItemToArray(cJSON_AddArrayToObject(loc, "logicalLocations"), l);
	}
	if (message)
		cJSON_AddStringToObject(cJSON_AddObjectToObject(loc, "message"), "text", message);
	return loc;
}

/* The frame to point at: the first one with a line in the source root,
 * else the first user frame (not libc, not ours) with a line, else the
 * stack's top user frame. */
static const cJSON *primary_frame(const cJSON *stack)
{
	const cJSON *frames = cJSON_GetObjectItem(stack, "frames"), *fr, *any = NULL;
	cJSON_ArrayForEach(fr, frames)
	{
		if (line_of(fr) && in_root(json_str(fr, "file")))
			return fr;
		if (!any && line_of(fr) && !frame_is_library(fr))
			any = fr;
	}
	return any ? any : stack_top_frame(stack);
}

static const cJSON *current_stack_of(const cJSON *obj)
{
	const cJSON *s, *last = NULL;
	cJSON_ArrayForEach(s, cJSON_GetObjectItem(obj, "stacks"))
	{
		const char *label = json_str(s, "label");
		if (label && !strncmp(label, "current", 7))
			return s;
		last = s;
	}
	return last;
}

static cJSON *sarif_stack(const cJSON *stack)
{
	cJSON *st = cJSON_CreateObject();
	cJSON_AddStringToObject(cJSON_AddObjectToObject(st, "message"), "text",
				json_str(stack, "label") ? json_str(stack, "label") : "stack");
	cJSON *frames = cJSON_AddArrayToObject(st, "frames");
	const cJSON *fr;
	cJSON_ArrayForEach(fr, cJSON_GetObjectItem(stack, "frames"))
	{
		cJSON *f = cJSON_CreateObject();
		cJSON_AddItemToObject(f, "location", location(fr, NULL));
		const char *mod = json_str(fr, "module");
		if (mod)
			cJSON_AddStringToObject(f, "module", mod);
		cJSON_AddItemToArray(frames, f);
	}
	return st;
}

static cJSON *rule(const cli_kind *k)
{
	const char *full, *help_text;
	cli_kind_details(k->name, &full, &help_text);
	cJSON *r = cJSON_CreateObject();
	cJSON_AddStringToObject(r, "id", k->name);
	cJSON_AddStringToObject(r, "name", k->name);
	cJSON_AddStringToObject(cJSON_AddObjectToObject(r, "shortDescription"), "text", k->description);
	cJSON_AddStringToObject(cJSON_AddObjectToObject(r, "fullDescription"), "text", full ? full : k->description);
	cJSON *help = cJSON_AddObjectToObject(r, "help");
	cJSON_AddStringToObject(help, "text", help_text ? help_text : k->description);
	cJSON_AddStringToObject(cJSON_AddObjectToObject(r, "defaultConfiguration"), "level", "error");
	cJSON *props = cJSON_AddObjectToObject(r, "properties");
	cJSON *tags = cJSON_AddArrayToObject(props, "tags");
	cJSON_AddItemToArray(tags, cJSON_CreateString("concurrency"));
	cJSON_AddItemToArray(tags, cJSON_CreateString("reliability"));
	cJSON_AddStringToObject(props, "precision", "high");
	cJSON_AddStringToObject(props, "problem.severity", "error");
	return r;
}

/* Known kinds first, then any kind this version does not know. */
static int rule_index(cJSON *rules, const char *kind)
{
	int i = 0;
	const cJSON *r;
	cJSON_ArrayForEach(r, rules)
	{
		if (!strcmp(json_str(r, "id"), kind))
			return i;
		i++;
	}
	cli_kind unknown = {kind, "A lockcheck finding of a kind this version does not describe."};
	cJSON_AddItemToArray(rules, rule(&unknown));
	return i;
}

static cJSON *result(cJSON *rules, const cli_finding *f)
{
	cJSON *res = cJSON_CreateObject();
	cJSON_AddStringToObject(res, "ruleId", f->kind);
	cJSON_AddNumberToObject(res, "ruleIndex", rule_index(rules, f->kind));
	cJSON_AddStringToObject(res, "level", "error");
	cJSON_AddStringToObject(cJSON_AddObjectToObject(res, "message"), "text", f->message[0] ? f->message : f->kind);
	const cJSON *current = current_stack_of(f->obj), *stack;
	const cJSON *top = current ? primary_frame(current) : NULL;
	cJSON *locs = cJSON_AddArrayToObject(res, "locations");
	if (top)
		cJSON_AddItemToArray(locs, location(top, NULL));
	cJSON *related = cJSON_CreateArray(), *stacks = cJSON_CreateArray();
	int id = 1;
	cJSON_ArrayForEach(stack, cJSON_GetObjectItem(f->obj, "stacks"))
	{
		cJSON_AddItemToArray(stacks, sarif_stack(stack));
		const cJSON *fr = stack == current ? NULL : primary_frame(stack);
		if (!fr)
			continue;
		cJSON *loc = location(fr, json_str(stack, "label") ? json_str(stack, "label") : "stack");
		cJSON_AddNumberToObject(loc, "id", id++);
		cJSON_AddItemToArray(related, loc);
	}
	cJSON_AddItemToObject(res, cJSON_GetArraySize(related) ? "relatedLocations" : "unused", related);
	cJSON_DeleteItemFromObject(res, "unused");
	cJSON_AddItemToObject(res, "stacks", stacks);
	cJSON_AddStringToObject(cJSON_AddObjectToObject(res, "partialFingerprints"), "lockcheckSignature/v1",
				f->fingerprint);
	cJSON *props = cJSON_AddObjectToObject(res, "properties");
	cJSON_AddStringToObject(props, "signature", f->key);
	cJSON_AddNumberToObject(props, "reports", f->count);
	cJSON_AddNumberToObject(props, "occurrences", f->occurrences);
	cJSON_AddNumberToObject(props, "instances", f->instances);
	cJSON *locks = cJSON_AddArrayToObject(props, "locks");
	const cJSON *lock;
	char buf[512];
	cJSON_ArrayForEach(lock, cJSON_GetObjectItem(f->obj, "locks"))
		cJSON_AddItemToArray(locks, cJSON_CreateString(lock_label(lock, buf, sizeof buf)));
	return res;
}

void write_sarif(FILE *out, const cli_findings *set)
{
	set_root();
	cJSON *root_obj = cJSON_CreateObject();
	cJSON_AddStringToObject(root_obj, "$schema", "https://json.schemastore.org/sarif-2.1.0.json");
	cJSON_AddStringToObject(root_obj, "version", "2.1.0");
	cJSON *run = cJSON_CreateObject();
	cJSON_AddItemToArray(cJSON_AddArrayToObject(root_obj, "runs"), run);
	cJSON *driver = cJSON_AddObjectToObject(cJSON_AddObjectToObject(run, "tool"), "driver");
	cJSON_AddStringToObject(driver, "name", "lockcheck");
	cJSON_AddStringToObject(driver, "version", LOCKCHECK_VERSION);
	cJSON_AddStringToObject(driver, "semanticVersion", LOCKCHECK_VERSION);
	cJSON_AddStringToObject(driver, "informationUri", LOCKCHECK_INFORMATION_URI);
	cJSON *rules = cJSON_AddArrayToObject(driver, "rules");
	for (unsigned i = 0; i < cli_nkinds; i++)
		cJSON_AddItemToArray(rules, rule(&cli_kinds[i]));
	/* %SRCROOT% as a file URI ending in "/", as the spec wants of a base. */
	char *enc = percent_encode(root), *uri;
	if (asprintf(&uri, "file://%s/", strcmp(root, "/") ? enc : "") >= 0) {
		cJSON *base = cJSON_AddObjectToObject(cJSON_AddObjectToObject(run, "originalUriBaseIds"), "%SRCROOT%");
		cJSON_AddStringToObject(base, "uri", uri);
		free(uri);
	}
	free(enc);
	cJSON *results = cJSON_AddArrayToObject(run, "results");
	for (size_t i = 0; i < set->n; i++)
		cJSON_AddItemToArray(results, result(rules, set->list[i]));
	cJSON_AddStringToObject(run, "columnKind", "utf16CodeUnits");
	char *text = cJSON_Print(root_obj);
	fprintf(out, "%s\n", text);
	free(text);
	cJSON_Delete(root_obj);
}

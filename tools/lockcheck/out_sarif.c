/* SARIF 2.1.0 for code-scanning dashboards: one rule per report kind, one
 * result per distinct finding.  Without debug info there is no source line,
 * so a result's location is its top user frame: the module as the artifact,
 * the function as a logical location, the module offset as the address. */
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static char *file_uri(const char *path)
{
	size_t n = strlen(path);
	char *uri = malloc(n + 8);
	snprintf(uri, n + 8, "%s%s", path[0] == '/' ? "file://" : "", path);
	return uri;
}

static cJSON *location(const cJSON *frame)
{
	cJSON *loc = cJSON_CreateObject();
	const char *mod = json_str(frame, "module"), *fn = json_str(frame, "function");
	const char *off = json_str(frame, "offset");
	if (mod) {
		cJSON *phys = cJSON_AddObjectToObject(loc, "physicalLocation");
		cJSON *art = cJSON_AddObjectToObject(phys, "artifactLocation");
		char *uri = file_uri(mod);
		cJSON_AddStringToObject(art, "uri", uri);
		free(uri);
		if (off) {
			cJSON *addr = cJSON_AddObjectToObject(phys, "address");
			/* The artifact (the module) is the addressable region. */
			cJSON_AddNumberToObject(addr, "absoluteAddress", (double)strtoull(off, NULL, 16));
			cJSON_AddStringToObject(addr, "kind", "instruction");
		}
	}
	if (fn) {
		cJSON *logical = cJSON_AddArrayToObject(loc, "logicalLocations");
		cJSON *l = cJSON_CreateObject();
		cJSON_AddStringToObject(l, "name", fn);
		cJSON_AddStringToObject(l, "kind", "function");
		cJSON_AddItemToArray(logical, l);
	}
	return loc;
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
	cJSON *rule = cJSON_CreateObject();
	cJSON_AddStringToObject(rule, "id", kind);
	cJSON *d = cJSON_AddObjectToObject(rule, "shortDescription");
	cJSON_AddStringToObject(d, "text", kind);
	cJSON_AddItemToArray(rules, rule);
	return i;
}

void write_sarif(FILE *out, const cli_findings *set)
{
	cJSON *root = cJSON_CreateObject();
	cJSON_AddStringToObject(root, "$schema", "https://json.schemastore.org/sarif-2.1.0.json");
	cJSON_AddStringToObject(root, "version", "2.1.0");
	cJSON *run = cJSON_CreateObject();
	cJSON_AddItemToArray(cJSON_AddArrayToObject(root, "runs"), run);
	cJSON *driver = cJSON_AddObjectToObject(cJSON_AddObjectToObject(run, "tool"), "driver");
	cJSON_AddStringToObject(driver, "name", "lockcheck");
	cJSON *rules = cJSON_AddArrayToObject(driver, "rules");
	for (unsigned i = 0; i < cli_nkinds; i++) {
		cJSON *rule = cJSON_CreateObject();
		cJSON_AddStringToObject(rule, "id", cli_kinds[i].name);
		cJSON *d = cJSON_AddObjectToObject(rule, "shortDescription");
		cJSON_AddStringToObject(d, "text", cli_kinds[i].description);
		cJSON_AddItemToArray(rules, rule);
	}
	cJSON *results = cJSON_AddArrayToObject(run, "results");
	for (size_t i = 0; i < set->n; i++) {
		const cli_finding *f = set->list[i];
		cJSON *res = cJSON_CreateObject();
		cJSON_AddStringToObject(res, "ruleId", f->kind);
		cJSON_AddNumberToObject(res, "ruleIndex", rule_index(rules, f->kind));
		cJSON_AddStringToObject(res, "level", "error");
		cJSON_AddStringToObject(cJSON_AddObjectToObject(res, "message"), "text", f->message);
		const cJSON *top = finding_top_frame(f);
		cJSON *locs = cJSON_AddArrayToObject(res, "locations");
		if (top)
			cJSON_AddItemToArray(locs, location(top));
		cJSON_AddStringToObject(cJSON_AddObjectToObject(res, "partialFingerprints"),
					"lockcheckKey/v1", f->key);
		/* The whole finding, for tools that want locks and stacks. */
		cJSON *props = cJSON_AddObjectToObject(res, "properties");
		cJSON_AddNumberToObject(props, "count", f->count);
		cJSON_AddItemToObject(props, "finding", cJSON_Duplicate(f->obj, 1));
		cJSON_AddItemToArray(results, res);
	}
	char *text = cJSON_Print(root);
	fprintf(out, "%s\n", text);
	free(text);
	cJSON_Delete(root);
}

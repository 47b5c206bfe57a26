/* Suppressions for `lockcheck report`: the library's file format
 * (liblockcheck/report/suppress_format.h), matched against a finding read
 * back from JSON: frame functions, module paths and basenames, lock names. */
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "report/suppress_format.h"

typedef struct rule {
	char kind[LC_SUPP_KIND_MAX];
	char pattern[LC_SUPP_PATTERN_MAX];
} rule;

struct cli_suppressions {
	rule *rules;
	size_t n;
};

static bool known_kind(const char *k)
{
	if (!strcmp(k, "*"))
		return true;
	for (unsigned i = 0; i < cli_nkinds; i++)
		if (!strcmp(cli_kinds[i].name, k))
			return true;
	return false;
}

cli_suppressions *suppressions_load(const char *path)
{
	cli_suppressions *s = calloc(1, sizeof *s);
	if (!path)
		return s;
	FILE *f = fopen(path, "r");
	if (!f) {
		fprintf(stderr, "lockcheck: cannot read suppressions file %s\n", path);
		free(s);
		return NULL;
	}
	char *line = NULL;
	size_t cap = 0;
	ssize_t len;
	unsigned lineno = 0;
	bool ok = true;
	while ((len = getline(&line, &cap, f)) >= 0) {
		lineno++;
		rule r;
		switch (lc_supp_parse_line(line, (size_t)len, r.kind, r.pattern)) {
		case LC_SUPP_LINE_EMPTY:
			break;
		case LC_SUPP_LINE_MALFORMED:
			fprintf(stderr, "%s:%u: expected KIND:PATTERN\n", path, lineno);
			ok = false;
			break;
		case LC_SUPP_LINE_RULE:
			if (!known_kind(r.kind)) {
				fprintf(stderr, "%s:%u: unknown report kind '%s' (expected KIND:PATTERN)\n",
					path, lineno, r.kind);
				ok = false;
				break;
			}
			s->rules = realloc(s->rules, (s->n + 1) * sizeof *s->rules);
			s->rules[s->n++] = r;
			break;
		}
	}
	free(line);
	fclose(f);
	if (!ok) {
		suppressions_free(s);
		return NULL;
	}
	return s;
}

void suppressions_free(cli_suppressions *s)
{
	if (!s)
		return;
	free(s->rules);
	free(s);
}

static bool rule_matches(const rule *r, const cJSON *finding)
{
	const char *kind = json_str(finding, "kind");
	if (strcmp(r->kind, "*") && (!kind || strcmp(r->kind, kind)))
		return false;
	const cJSON *stack, *frame, *lock;
	cJSON_ArrayForEach(stack, cJSON_GetObjectItem(finding, "stacks"))
		cJSON_ArrayForEach(frame, cJSON_GetObjectItem(stack, "frames"))
		{
			const char *fn = json_str(frame, "function"), *mod = json_str(frame, "module");
			if ((fn && lc_supp_glob(r->pattern, fn)) ||
			    (mod && (lc_supp_glob(r->pattern, mod) ||
				     lc_supp_glob(r->pattern, lc_supp_basename(mod)))))
				return true;
		}
	/* A lock by its class name or, for a global nobody named, its variable. */
	cJSON_ArrayForEach(lock, cJSON_GetObjectItem(finding, "locks"))
	{
		const char *name = json_str(lock, "name"), *var = json_str(lock, "symbol");
		if ((name && lc_supp_glob(r->pattern, name)) || (var && lc_supp_glob(r->pattern, var)))
			return true;
	}
	return false;
}

bool suppressions_match(const cli_suppressions *s, const cJSON *finding)
{
	for (size_t i = 0; s && i < s->n; i++)
		if (rule_matches(&s->rules[i], finding))
			return true;
	return false;
}

/* The narrowest pattern that still survives a rebuild: a lock's name, else
 * the function of the top frame, else the module. */
void write_suppressions(FILE *out, const cli_findings *set)
{
	if (!set->n)
		return;
	fputs("# suppressions for these findings (lockcheck report --suppressions FILE):\n", out);
	for (size_t i = 0; i < set->n; i++) {
		const cli_finding *f = set->list[i];
		const cJSON *lock = cJSON_GetArrayItem(cJSON_GetObjectItem(f->obj, "locks"), 0);
		const cJSON *top = finding_top_frame(f);
		const char *pattern = lock ? json_str(lock, "name") : NULL;
		if (!pattern && lock)
			pattern = json_str(lock, "symbol");
		if (!pattern && top)
			pattern = json_str(top, "function");
		if (!pattern && top)
			pattern = lc_supp_basename(json_str(top, "module"));
		fprintf(out, "%s:%s\n", f->kind, pattern ? pattern : "*");
	}
}

/* Reading JSON Lines reports into distinct findings.
 *
 * Two lines are the same finding when they have the same kind, the same set
 * of locks (by name, or type@addr for an anonymous lock) and the same top
 * frames of the current stack (by function, or module+offset), which is how
 * the library deduplicates within a process; here it also merges what
 * several processes (report.jsonl.PID files) found. */
#include <stdlib.h>
#include <string.h>

#include "cli.h"

#define KEY_TOP_FRAMES 4

const char *json_str(const cJSON *obj, const char *key)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);
	return cJSON_IsString(v) ? v->valuestring : NULL;
}

void findings_init(cli_findings *set)
{
	memset(set, 0, sizeof *set);
}

void findings_free(cli_findings *set)
{
	for (size_t i = 0; i < set->n; i++) {
		cli_finding *f = set->list[i];
		HASH_DEL(set->by_key, f);
		cJSON_Delete(f->obj);
		free(f->key);
		free(f->file);
		free(f);
	}
	free(set->list);
	findings_init(set);
}

/* The stack that identifies a finding: labelled "current...", else the last. */
static const cJSON *current_stack(const cJSON *obj)
{
	const cJSON *stacks = cJSON_GetObjectItem(obj, "stacks"), *s, *last = NULL;
	cJSON_ArrayForEach(s, stacks)
	{
		const char *label = json_str(s, "label");
		if (label && !strncmp(label, "current", 7))
			return s;
		last = s;
	}
	return last;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void append(char **buf, size_t *len, const char *s)
{
	size_t n = strlen(s);
	*buf = realloc(*buf, *len + n + 2);
	memcpy(*buf + *len, s, n);
	(*buf)[*len + n] = '|';
	*len += n + 1;
	(*buf)[*len] = 0;
}

static char *make_key(const cJSON *obj)
{
	char *key = NULL, tmp[512];
	size_t len = 0;
	append(&key, &len, json_str(obj, "kind"));
	const cJSON *locks = cJSON_GetObjectItem(obj, "locks"), *l;
	int n = cJSON_GetArraySize(locks), i = 0;
	char **ids = calloc((size_t)n + 1, sizeof *ids);
	cJSON_ArrayForEach(l, locks)
	{
		const char *name = json_str(l, "name");
		if (!name) {
			snprintf(tmp, sizeof tmp, "%s@%s", json_str(l, "type") ? json_str(l, "type") : "lock",
				 json_str(l, "addr") ? json_str(l, "addr") : "?");
			name = tmp;
		}
		ids[i++] = strdup(name);
	}
	qsort(ids, (size_t)i, sizeof *ids, cmp_str); /* a set: order does not matter */
	for (int j = 0; j < i; j++) {
		append(&key, &len, ids[j]);
		free(ids[j]);
	}
	free(ids);
	const cJSON *frame;
	int depth = 0;
	cJSON_ArrayForEach(frame, cJSON_GetObjectItem(current_stack(obj), "frames"))
	{
		if (depth++ == KEY_TOP_FRAMES)
			break;
		const char *fn = json_str(frame, "function");
		snprintf(tmp, sizeof tmp, "%s+%s", fn ? fn : (json_str(frame, "module") ? json_str(frame, "module") : "?"),
			 json_str(frame, fn ? "function_offset" : "offset") ? json_str(frame, fn ? "function_offset" : "offset") : "?");
		append(&key, &len, tmp);
	}
	return key;
}

static void add(cli_findings *set, cJSON *obj, const char *path, unsigned line)
{
	char *key = make_key(obj);
	cli_finding *f;
	HASH_FIND_STR(set->by_key, key, f);
	if (f) {
		f->count++;
		free(key);
		cJSON_Delete(obj);
		return;
	}
	f = calloc(1, sizeof *f);
	f->obj = obj;
	f->kind = json_str(obj, "kind");
	f->message = json_str(obj, "message") ? json_str(obj, "message") : "";
	f->key = key;
	f->count = 1;
	f->file = strdup(path);
	f->line = line;
	HASH_ADD_KEYPTR(hh, set->by_key, f->key, strlen(f->key), f);
	if (set->n == set->cap) {
		set->cap = set->cap ? 2 * set->cap : 16;
		set->list = realloc(set->list, set->cap * sizeof *set->list);
	}
	set->list[set->n++] = f;
}

static bool blank(const char *s)
{
	for (; *s; s++)
		if (*s != ' ' && *s != '\t' && *s != '\r' && *s != '\n')
			return false;
	return true;
}

bool findings_read_file(cli_findings *set, const char *path, const cli_suppressions *supp,
			bool strict)
{
	bool is_stdin = !strcmp(path, "-");
	FILE *in = is_stdin ? stdin : fopen(path, "r");
	if (!in) {
		fprintf(stderr, "lockcheck: cannot read %s\n", path);
		return false;
	}
	char *line = NULL;
	size_t cap = 0;
	unsigned lineno = 0;
	bool ok = true;
	while (getline(&line, &cap, in) >= 0) {
		lineno++;
		if (blank(line))
			continue;
		cJSON *obj = cJSON_Parse(line);
		const char *what = NULL;
		if (!cJSON_IsObject(obj))
			what = "expected a JSON object";
		else if (!json_str(obj, "kind"))
			what = "expected a JSON object with a \"kind\" string";
		if (what) {
			fprintf(stderr, "%s:%u: %s%s\n", path, lineno, what, strict ? "" : " (line skipped)");
			cJSON_Delete(obj);
			if (strict) {
				ok = false;
				break;
			}
			continue;
		}
		set->lines++;
		if (suppressions_match(supp, obj)) {
			set->suppressed++;
			cJSON_Delete(obj);
			continue;
		}
		add(set, obj, path, lineno);
	}
	free(line);
	if (!is_stdin)
		fclose(in);
	return ok;
}

static bool library_module(const char *mod)
{
	static const char *const not_user[] = {"libc.so", "libc-", "libpthread", "ld-linux",
					       "liblockcheck", "libasan", "libubsan", "libtsan"};
	const char *base = mod ? strrchr(mod, '/') : NULL;
	base = base ? base + 1 : mod;
	for (unsigned i = 0; base && i < sizeof not_user / sizeof *not_user; i++)
		if (!strncmp(base, not_user[i], strlen(not_user[i])))
			return true;
	return false;
}

const cJSON *finding_top_frame(const cli_finding *f)
{
	const cJSON *frames = cJSON_GetObjectItem(current_stack(f->obj), "frames"), *fr;
	cJSON_ArrayForEach(fr, frames) if (!library_module(json_str(fr, "module"))) return fr;
	return cJSON_GetArrayItem(frames, 0);
}

const char *frame_place(const cJSON *frame, char *buf, size_t cap)
{
	const char *fn = json_str(frame, "function"), *mod = json_str(frame, "module");
	const char *base = mod ? strrchr(mod, '/') : NULL;
	snprintf(buf, cap, "%s (%s+%s)", fn ? fn : "??", base ? base + 1 : (mod ? mod : "<unknown module>"),
		 json_str(frame, "offset") ? json_str(frame, "offset") : "?");
	return buf;
}

const char *lock_label(const cJSON *lock, char *buf, size_t cap)
{
	const char *name = json_str(lock, "name"), *type = json_str(lock, "type");
	const char *mode = json_str(lock, "mode");
	if (name)
		snprintf(buf, cap, "%s (%s%s%s)", name, type ? type : "lock", mode ? ", " : "",
			 mode ? mode : "");
	else if (json_str(lock, "symbol"))
		snprintf(buf, cap, "%s %s@%s%s%s%s", type ? type : "lock", json_str(lock, "symbol"),
			 json_str(lock, "addr") ? json_str(lock, "addr") : "?", mode ? " (" : "",
			 mode ? mode : "", mode ? ")" : "");
	else
		snprintf(buf, cap, "anonymous %s@%s%s%s%s", type ? type : "lock",
			 json_str(lock, "addr") ? json_str(lock, "addr") : "?", mode ? " (" : "",
			 mode ? mode : "", mode ? ")" : "");
	return buf;
}

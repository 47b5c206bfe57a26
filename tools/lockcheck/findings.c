/* Reading JSON Lines reports into distinct findings.
 *
 * Every line is symbolized (frames.c), then keyed by its signature
 * (signature.c): two lines are the same finding when kind, lock names and
 * code sites agree, whichever process or run wrote them.  A "counts" line
 * (written by the library at exit) adds the repeats the process saw of a
 * finding it reported once, by the library's own signature. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli.h"

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
	for (size_t i = 0; i < set->nlib; i++)
		free(set->lib[i].sig);
	free(set->lib);
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

static unsigned number(const cJSON *obj, const char *key, unsigned dflt)
{
	const cJSON *v = cJSON_GetObjectItem(obj, key);
	return cJSON_IsNumber(v) && v->valuedouble >= 1 ? (unsigned)v->valuedouble : dflt;
}

/* The library signature of a finding this set holds (for "counts" lines). */
static void remember_lib(cli_findings *set, const char *sig, cli_finding *f)
{
	if (!sig)
		return;
	set->lib = realloc(set->lib, (set->nlib + 1) * sizeof *set->lib);
	set->lib[set->nlib].sig = strdup(sig);
	set->lib[set->nlib++].f = f;
}

static void add_counts(cli_findings *set, const cJSON *obj)
{
	const char *sig = json_str(obj, "counts");
	for (size_t i = set->nlib; i-- > 0;)
		if (!strcmp(set->lib[i].sig, sig)) {
			/* The finding's own line counted one of each already. */
			set->lib[i].f->occurrences += number(obj, "occurrences", 1) - 1;
			set->lib[i].f->instances += number(obj, "instances", 1) - 1;
			return;
		}
}

static void add(cli_findings *set, cJSON *obj, const char *path, unsigned line)
{
	char *key = finding_signature(obj);
	unsigned occ = number(obj, "occurrences", 1), inst = number(obj, "instances", 1);
	cli_finding *f;
	HASH_FIND_STR(set->by_key, key, f);
	if (f) {
		f->count++;
		f->occurrences += occ;
		f->instances += inst;
		remember_lib(set, json_str(obj, "signature"), f);
		free(key);
		cJSON_Delete(obj);
		return;
	}
	f = calloc(1, sizeof *f);
	f->obj = obj;
	f->kind = json_str(obj, "kind");
	f->message = json_str(obj, "message") ? json_str(obj, "message") : "";
	f->key = key;
	signature_hash(key, f->fingerprint);
	f->count = 1;
	f->occurrences = occ;
	f->instances = inst;
	f->file = strdup(path);
	f->line = line;
	HASH_ADD_KEYPTR(hh, set->by_key, f->key, strlen(f->key), f);
	if (set->n == set->cap) {
		set->cap = set->cap ? 2 * set->cap : 16;
		set->list = realloc(set->list, set->cap * sizeof *set->list);
	}
	set->list[set->n++] = f;
	remember_lib(set, json_str(obj, "signature"), f);
}

static bool blank(const char *s)
{
	for (; *s; s++)
		if (*s != ' ' && *s != '\t' && *s != '\r' && *s != '\n')
			return false;
	return true;
}

/* A device or a directory would never end (or never begin): refused.
 * Pipes are fine (`lockcheck report <(...)`); they end when the writer does. */
static bool readable_kind(FILE *in, const char *path)
{
	struct stat st;
	if (fstat(fileno(in), &st) != 0 || S_ISREG(st.st_mode) || S_ISFIFO(st.st_mode))
		return true;
	fprintf(stderr, "lockcheck: %s is %s, not a report file (not read)\n", path,
		S_ISDIR(st.st_mode) ? "a directory" : "a device");
	return false;
}

bool findings_read_file(cli_findings *set, const char *path, const cli_suppressions *supp,
			bool strict)
{
	bool is_stdin = !strcmp(path, "-");
	FILE *in = is_stdin ? stdin : fopen(path, "r");
	if (!in) {
		fprintf(stderr, "lockcheck: cannot read %s: %s\n", path, strerror(errno));
		return false;
	}
	if (!readable_kind(in, path)) {
		if (!is_stdin)
			fclose(in);
		return false;
	}
	char *line = NULL;
	size_t cap = 0;
	unsigned lineno = 0;
	bool ok = true;
	ssize_t len;
	while ((len = getline(&line, &cap, in)) >= 0) {
		lineno++;
		if (blank(line))
			continue;
		if ((size_t)len > CLI_MAX_LINE) {
			fprintf(stderr, "%s:%u: line longer than %u bytes: not a report line%s\n", path, lineno,
				CLI_MAX_LINE, strict ? "" : " (line skipped)");
			if (strict) {
				ok = false;
				break;
			}
			continue;
		}
		cJSON *obj = cJSON_Parse(line);
		const char *what = NULL;
		if (!cJSON_IsObject(obj))
			what = "expected a JSON object";
		else if (json_str(obj, "counts") || cJSON_GetObjectItem(obj, "graph_edge"))
			what = NULL; /* not findings: repeats, and the graph (lockcheck graph) */
		else if (!json_str(obj, "kind"))
			what = "expected a JSON object with a \"kind\" string";
		if (what && line[len - 1] != '\n' && (int)fgetc(in) == EOF) {
			/* The process died while writing its last line. */
			fprintf(stderr, "%s:%u: warning: last line is cut short (the process was killed while "
					"writing it?); read up to line %u\n", path, lineno, lineno - 1);
			cJSON_Delete(obj);
			break;
		}
		if (what) {
			fprintf(stderr, "%s:%u: %s%s\n", path, lineno, what, strict ? "" : " (line skipped)");
			cJSON_Delete(obj);
			if (strict) {
				ok = false;
				break;
			}
			continue;
		}
		if (json_str(obj, "counts") || cJSON_GetObjectItem(obj, "graph_edge")) {
			if (json_str(obj, "counts"))
				add_counts(set, obj);
			cJSON_Delete(obj);
			continue;
		}
		set->lines++;
		utf8_clean_json(obj->child);
		frames_symbolize_finding(obj);
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
	static const char *const not_user[] = {"libc.so", "libc-", "libpthread", "ld-linux", "libstdc++",
					       "liblockcheck", "libasan", "libubsan", "libtsan"};
	const char *base = mod ? strrchr(mod, '/') : NULL;
	base = base ? base + 1 : mod;
	for (unsigned i = 0; base && i < sizeof not_user / sizeof *not_user; i++)
		if (!strncmp(base, not_user[i], strlen(not_user[i])))
			return true;
	return false;
}

/* Code of a system header compiled into the program (std::mutex::lock,
 * __gthread_mutex_lock from <mutex>, inlined or instantiated): the place
 * is its caller. */
static bool system_header(const cJSON *frame)
{
	const char *file = json_str(frame, "file");
	return file && !strncmp(file, "/usr/include/", 13);
}

bool frame_is_library(const cJSON *frame)
{
	return library_module(json_str(frame, "module")) || system_header(frame);
}

/* The annotation API's inline wrappers (lockcheck_assert_held, ...) are
 * inlined into the caller: their frame is ours, not the place. */
static bool api_wrapper(const cJSON *frame)
{
	const char *fn = json_str(frame, "function");
	return cJSON_IsTrue(cJSON_GetObjectItem(frame, "inlined")) && fn && !strncmp(fn, "lockcheck_", 10);
}

const cJSON *stack_top_frame(const cJSON *stack)
{
	const cJSON *frames = cJSON_GetObjectItem(stack, "frames"), *fr;
	cJSON_ArrayForEach(fr, frames) if (!library_module(json_str(fr, "module")) && !api_wrapper(fr) &&
					   !system_header(fr)) return fr;
	return cJSON_GetArrayItem(frames, 0);
}

const cJSON *finding_top_frame(const cli_finding *f)
{
	return stack_top_frame(current_stack(f->obj));
}

const char *frame_place(const cJSON *frame, char *buf, size_t cap)
{
	const char *fn = json_str(frame, "function"), *mod = json_str(frame, "module");
	const char *file = json_str(frame, "file");
	const cJSON *line = cJSON_GetObjectItem(frame, "line");
	const char *base = mod ? strrchr(mod, '/') : NULL;
	if (file && cJSON_IsNumber(line))
		snprintf(buf, cap, "%s %s:%d", fn ? fn : "??", file, line->valueint);
	else
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
		snprintf(buf, cap, "anonymous %s@%s%s%s%s%s%s", type ? type : "lock",
			 json_str(lock, "addr") ? json_str(lock, "addr") : "?", mode ? " (" : "",
			 mode ? mode : "", mode ? ")" : "", json_str(lock, "origin") ? " made in " : "",
			 json_str(lock, "origin") ? json_str(lock, "origin") : "");
	return buf;
}

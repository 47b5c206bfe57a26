/* Spec loading: compile a document, or read and check a compiled spec. */
#include <stdlib.h>
#include <string.h>

#include "doc_model.h"
#include "spec_build.h"
#include "spec_json.h"
#include "spec_load.h"

cJSON *spec_compile_file(const char *path, const char *resolutions, FILE *diag,
			 char *err, size_t errlen)
{
	doc d;
	memset(&d, 0, sizeof d);
	if (doc_parse_file(path, resolutions, &d, err, errlen) != 0) {
		doc_free(&d);
		return NULL;
	}
	cJSON *spec = spec_build(&d, diag);
	doc_free(&d);
	if (!spec)
		snprintf(err, errlen, "%s: out of memory", path);
	return spec;
}

static char *slurp(const char *path, char *err, size_t errlen)
{
	FILE *f = fopen(path, "rb");
	if (!f) {
		snprintf(err, errlen, "%s: cannot open", path);
		return NULL;
	}
	size_t cap = 1 << 16, n = 0;
	char *buf = malloc(cap);
	while (buf) {
		size_t got = fread(buf + n, 1, cap - n - 1, f);
		n += got;
		if (n < cap - 1)
			break;
		if (cap > (64u << 20)) { /* a spec is ~100 KB; refuse what cannot be one */
			free(buf);
			buf = NULL;
			snprintf(err, errlen, "%s: too large for a spec", path);
			fclose(f);
			return NULL;
		}
		char *more = realloc(buf, cap * 2);
		if (!more) {
			free(buf);
			buf = NULL;
			break;
		}
		buf = more;
		cap *= 2;
	}
	fclose(f);
	if (!buf) {
		snprintf(err, errlen, "%s: out of memory", path);
		return NULL;
	}
	buf[n] = '\0';
	return buf;
}

static int line_of(const char *text, const char *at)
{
	int line = 1;
	for (const char *p = text; p < at && *p; p++)
		line += *p == '\n';
	return line;
}

cJSON *spec_read_json(const char *path, char *err, size_t errlen)
{
	char *text = slurp(path, err, errlen);
	if (!text)
		return NULL;
	const char *end = NULL;
	cJSON *spec = cJSON_ParseWithOpts(text, &end, 0);
	if (!spec) {
		snprintf(err, errlen, "%s:%d: not valid JSON here (expected a lockcheck-spec object)",
			 path, end ? line_of(text, end) : 1);
		free(text);
		return NULL;
	}
	free(text);
	const char *format = sj_str(spec, "format");
	const cJSON *version = cJSON_GetObjectItemCaseSensitive(spec, "version");
	if (!format || strcmp(format, SPEC_FORMAT) != 0) {
		snprintf(err, errlen, "%s:1: expected \"format\": \"%s\"", path, SPEC_FORMAT);
	} else if (!cJSON_IsNumber(version) || version->valueint != SPEC_VERSION) {
		snprintf(err, errlen, "%s:1: spec version %d, this tool reads version %d", path,
			 cJSON_IsNumber(version) ? version->valueint : -1, SPEC_VERSION);
	} else if (!cJSON_IsArray(cJSON_GetObjectItemCaseSensitive(spec, "interfaces"))) {
		snprintf(err, errlen, "%s:1: expected an \"interfaces\" array", path);
	} else {
		return spec;
	}
	cJSON_Delete(spec);
	return NULL;
}

static int looks_like_json(const char *path)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return 0;
	int c;
	while ((c = fgetc(f)) != EOF && (c == ' ' || c == '\t' || c == '\n' || c == '\r'))
		;
	fclose(f);
	return c == '{';
}

int spec_file_is_json(const char *path)
{
	return looks_like_json(path);
}

cJSON *spec_load_any(const char *path, const char *resolutions, FILE *diag,
		     char *err, size_t errlen)
{
	if (looks_like_json(path))
		return spec_read_json(path, err, errlen);
	return spec_compile_file(path, resolutions, diag, err, errlen);
}

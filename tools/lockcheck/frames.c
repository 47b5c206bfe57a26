/* Symbolizing a finding read back from JSON: every frame gets "file",
 * "line", "column" and "inlined" (frames inlined at the same address are
 * inserted before it, innermost first, as the sanitizers print them), and a
 * demangled "function".  A frame that already has "inlined" was done
 * before (a merged report read again) and is left as it is. */
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "symbolize.h"

static symbolizer *shared;
static bool disabled;

void frames_symbolize_disable(void)
{
	disabled = true;
}

symbolizer *frames_symbolizer(void)
{
	if (!shared && !disabled)
		shared = symbolizer_new();
	return shared;
}

void frames_symbolizer_free(void)
{
	symbolizer_free(shared);
	shared = NULL;
}

static void set_str(cJSON *obj, const char *key, const char *v)
{
	cJSON_DeleteItemFromObjectCaseSensitive(obj, key);
	if (v)
		cJSON_AddStringToObject(obj, key, v);
	else
		cJSON_AddNullToObject(obj, key);
}

static void set_num(cJSON *obj, const char *key, int v)
{
	cJSON_DeleteItemFromObjectCaseSensitive(obj, key);
	if (v > 0)
		cJSON_AddNumberToObject(obj, key, v);
	else
		cJSON_AddNullToObject(obj, key);
}

static void fill(cJSON *frame, const sym_frame *sf)
{
	if (sf->function)
		set_str(frame, "function", sf->function);
	set_str(frame, "file", sf->file);
	set_num(frame, "line", sf->file ? sf->line : 0);
	set_num(frame, "column", sf->file ? sf->column : 0);
	cJSON_DeleteItemFromObjectCaseSensitive(frame, "inlined");
	cJSON_AddBoolToObject(frame, "inlined", sf->inlined);
}

static void symbolize_frames(symbolizer *s, cJSON *frames)
{
	cJSON *out = cJSON_CreateArray(), *fr;
	while ((fr = cJSON_DetachItemFromArray(frames, 0))) {
		const char *off = json_str(fr, "offset");
		if (cJSON_GetObjectItem(fr, "inlined") || !off) {
			cJSON_AddItemToArray(out, fr);
			continue;
		}
		sym_frame sf[SYM_MAX_INLINE];
		int n = symbolize(s, json_str(fr, "module"), json_str(fr, "build_id"),
				  strtoull(off, NULL, 16), sf, NULL);
		if (!n) {
			cJSON_AddBoolToObject(fr, "inlined", false);
			cJSON_AddItemToArray(out, fr);
			continue;
		}
		for (int i = 0; i < n; i++) {
			cJSON *copy = i + 1 < n ? cJSON_Duplicate(fr, 1) : fr;
			fill(copy, &sf[i]);
			cJSON_AddItemToArray(out, copy);
		}
		sym_frames_free(sf, n);
	}
	/* frames is empty now: take out's items over. */
	while ((fr = cJSON_DetachItemFromArray(out, 0)))
		cJSON_AddItemToArray(frames, fr);
	cJSON_Delete(out);
}

void frames_symbolize_finding(cJSON *obj)
{
	symbolizer *s = frames_symbolizer();
	if (!s)
		return;
	const cJSON *stack;
	cJSON_ArrayForEach(stack, cJSON_GetObjectItem(obj, "stacks"))
	{
		cJSON *frames = cJSON_GetObjectItem(stack, "frames");
		if (cJSON_IsArray(frames))
			symbolize_frames(s, frames);
	}
}

static void say_problem(const char *module, const char *problem, void *arg)
{
	FILE *out = arg;
	if (!strcmp(problem, "no debug info"))
		fprintf(out, "lockcheck: no debug info for %s: its frames show function+offset, not file:line "
			     "(build it with -g, or install its debug symbols package)\n", module);
	else
		fprintf(out, "lockcheck: %s: %s: its frames show module+offset only\n", module, problem);
}

void frames_say_problems(FILE *out)
{
	if (shared)
		symbolizer_each_problem(shared, say_problem, out);
}

/* The one-screen summary for people (`lockcheck run`, `report --format text`):
 * per-kind counts, then each distinct finding in two lines: what and where. */
#include <string.h>

#include "cli.h"

/* "at FN FILE:LINE", and the function it was inlined into. */
static void print_site(FILE *out, const cJSON *stack)
{
	char buf[1024];
	const cJSON *top = stack_top_frame(stack);
	if (!top)
		return;
	fprintf(out, "        at %s", frame_place(top, buf, sizeof buf));
	for (const cJSON *fr = top; cJSON_IsTrue(cJSON_GetObjectItem(fr, "inlined")) && fr->next; fr = fr->next)
		fprintf(out, ", inlined in %s", frame_place(fr->next, buf, sizeof buf));
	fputc('\n', out);
}

static void print_finding(FILE *out, size_t index, const cli_finding *f)
{
	char buf[512];
	fprintf(out, "[%zu] %s: %s", index + 1, f->kind, f->message);
	if (f->count > 1)
		fprintf(out, " (x%u)", f->count);
	if (f->occurrences > f->count)
		fprintf(out, " (%u occurrences on %u lock instance%s)", f->occurrences, f->instances,
			f->instances == 1 ? "" : "s");
	fputc('\n', out);
	fputs("    ", out);
	const cJSON *lock;
	const char *sep = "locks: ";
	cJSON_ArrayForEach(lock, cJSON_GetObjectItem(f->obj, "locks"))
	{
		fprintf(out, "%s%s", sep, lock_label(lock, buf, sizeof buf));
		sep = ", ";
	}
	if (json_str(f->obj, "interface") && json_str(f->obj, "method"))
		fprintf(out, "%s%s.%s", *sep == ',' ? "; in " : "in ", json_str(f->obj, "interface"),
			json_str(f->obj, "method"));
	const cJSON *top = finding_top_frame(f);
	if (top)
		fprintf(out, "%sat %s", *sep == ',' || json_str(f->obj, "interface") ? "; " : "",
			frame_place(top, buf, sizeof buf));
	fputc('\n', out);
	/* Every stack's own place: both acquisitions of an inversion, say. */
	const cJSON *stack;
	cJSON_ArrayForEach(stack, cJSON_GetObjectItem(f->obj, "stacks"))
	{
		fprintf(out, "      %s:\n", json_str(stack, "label") ? json_str(stack, "label") : "stack");
		print_site(out, stack);
	}
}

void write_text(FILE *out, const cli_findings *set)
{
	unsigned repeats = 0;
	for (size_t i = 0; i < set->n; i++)
		repeats += set->list[i]->count - 1;
	char baseline[64] = "";
	if (set->in_baseline)
		snprintf(baseline, sizeof baseline, ", %u in the baseline", set->in_baseline);
	if (!set->n) {
		fprintf(out, "lockcheck: no findings (%u report lines read, %u suppressed%s)\n", set->lines,
			set->suppressed, baseline);
		return;
	}
	fprintf(out, "lockcheck: %zu distinct finding%s (%u repeats merged, %u suppressed%s)\n", set->n,
		set->n == 1 ? "" : "s", repeats, set->suppressed, baseline);
	/* Per-kind counts, in the order the kinds first appear. */
	for (size_t i = 0; i < set->n; i++) {
		bool seen = false;
		for (size_t j = 0; j < i && !seen; j++)
			seen = !strcmp(set->list[j]->kind, set->list[i]->kind);
		if (seen)
			continue;
		unsigned n = 0;
		for (size_t j = i; j < set->n; j++)
			n += !strcmp(set->list[j]->kind, set->list[i]->kind);
		fprintf(out, "  %-26s %u\n", set->list[i]->kind, n);
	}
	for (size_t i = 0; i < set->n; i++)
		print_finding(out, i, set->list[i]);
}

/* JUnit XML for CI systems that show test results: one failing testcase per
 * distinct finding, valid against the Jenkins JUnit schema (which has no
 * file or line attribute on a testcase: the place goes into the name and
 * the failure text).  The name is stable across runs: kind, code site and
 * the first 8 digits of the signature hash, never an index or an address.
 * A clean run is one passing testcase, so the suite is never empty (some CI
 * systems treat an empty suite as an error). */
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static void xml_text(FILE *out, const char *s)
{
	for (; s && *s; s++) {
		unsigned char c = (unsigned char)*s;
		switch (c) {
		case '&': fputs("&amp;", out); break;
		case '<': fputs("&lt;", out); break;
		case '>': fputs("&gt;", out); break;
		case '"': fputs("&quot;", out); break;
		case '\n': fputs("&#10;", out); break;
		default:
			if (c < 0x20 && c != '\t')
				fputc('?', out); /* not allowed in XML 1.0 */
			else
				fputc(c, out);
		}
	}
}

static void details(FILE *out, const cli_finding *f)
{
	char buf[512];
	const cJSON *lock, *stack, *frame;
	cJSON_ArrayForEach(lock, cJSON_GetObjectItem(f->obj, "locks"))
	{
		xml_text(out, "lock: ");
		xml_text(out, lock_label(lock, buf, sizeof buf));
		fputs("&#10;", out);
	}
	cJSON_ArrayForEach(stack, cJSON_GetObjectItem(f->obj, "stacks"))
	{
		xml_text(out, "stack ");
		xml_text(out, json_str(stack, "label"));
		fputs(":&#10;", out);
		int n = 0;
		cJSON_ArrayForEach(frame, cJSON_GetObjectItem(stack, "frames"))
		{
			snprintf(buf, sizeof buf, "  #%d ", n++);
			xml_text(out, buf);
			xml_text(out, frame_place(frame, buf, sizeof buf));
			fputs("&#10;", out);
		}
	}
	snprintf(buf, sizeof buf, "first seen: %s:%u, reported %u time%s, %u occurrence%s on %u lock instance%s",
		 f->file, f->line, f->count, f->count == 1 ? "" : "s", f->occurrences, f->occurrences == 1 ? "" : "s",
		 f->instances, f->instances == 1 ? "" : "s");
	xml_text(out, buf);
	xml_text(out, "\nsignature: ");
	xml_text(out, f->fingerprint);
}

void write_junit(FILE *out, const cli_findings *set)
{
	size_t tests = set->n ? set->n : 1;
	fprintf(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
	fprintf(out, "<testsuites name=\"lockcheck\" tests=\"%zu\" failures=\"%zu\" errors=\"0\">\n", tests,
		set->n);
	fprintf(out, "  <testsuite name=\"lockcheck\" tests=\"%zu\" failures=\"%zu\" errors=\"0\" skipped=\"0\">\n",
		tests, set->n);
	if (!set->n)
		fprintf(out, "    <testcase classname=\"lockcheck\" name=\"no lock-rule findings\"/>\n");
	for (size_t i = 0; i < set->n; i++) {
		const cli_finding *f = set->list[i];
		const cJSON *top = finding_top_frame(f);
		fputs("    <testcase classname=\"lockcheck.", out);
		xml_text(out, f->kind);
		fputs("\" name=\"", out);
		xml_text(out, f->kind);
		char *site = top ? frame_site(top) : NULL;
		if (site) {
			xml_text(out, " at ");
			xml_text(out, site);
			free(site);
		}
		fprintf(out, " [%.8s]", f->fingerprint);
		fputs("\">\n      <failure type=\"", out);
		xml_text(out, f->kind);
		fputs("\" message=\"", out);
		xml_text(out, f->message);
		fputs("\">", out);
		details(out, f);
		fputs("</failure>\n    </testcase>\n", out);
	}
	fputs("  </testsuite>\n</testsuites>\n", out);
}

/* The report for people, in the style of the sanitizers:
 *
 *   ==PID==ERROR: lockcheck: KIND (thread TID)
 *     MESSAGE
 *     lock 0: NAME (TYPE, MODE) of OBJECT_TYPE 0xOBJECT
 *     FIELD: VALUE
 *     stack "LABEL":
 *       #0 0xPC in FUNCTION+0xOFF (MODULE+0xOFF)
 *     suppression: KIND:PATTERN                 (gen_suppressions=1)
 *   SUMMARY: lockcheck: KIND in FUNCTION (MODULE+0xOFF)
 */
#include <string.h>

#include "report/report_internal.h"
#include "report/suppress_format.h"

/* gen_suppressions=1: a line to paste into a suppressions file, as
 * `lockcheck report --gen-suppressions` writes it: the first lock's name or
 * variable, else the top function, else the module. */
static void suppression_line(lc_buf *b, const lc_resolved *r, const char *kind, const lc_frame_info *top)
{
	const lc_finding *f = r->f;
	const char *pattern = NULL;
	if (f->nlocks && f->locks)
		pattern = f->locks[0].name ? f->locks[0].name : lc_names_symbol(r, 0);
	if (!pattern && top && top->function[0])
		pattern = top->function;
	if (!pattern && top && top->module[0])
		pattern = lc_supp_basename(top->module);
	lc_buf_str(b, "  suppression: ");
	lc_buf_str(b, kind ? kind : "*");
	lc_buf_char(b, ':');
	lc_buf_str(b, pattern ? pattern : "*");
	lc_buf_char(b, '\n');
}

static void lock_line(lc_buf *b, unsigned i, const lc_finding_lock *l, const char *sym)
{
	lc_buf_str(b, "  lock ");
	lc_buf_udec(b, i);
	lc_buf_str(b, ": ");
	if (l->name) {
		lc_buf_str(b, l->name);
		lc_buf_str(b, " (");
		lc_buf_str(b, l->type ? l->type : "lock");
		if (l->mode) {
			lc_buf_str(b, ", ");
			lc_buf_str(b, l->mode);
		}
		lc_buf_str(b, ") at ");
		lc_buf_hex(b, (uintptr_t)l->addr);
	} else {
		/* Nobody named it: a global says who it is by its variable. */
		bool global = sym != NULL;
		lc_buf_str(b, global ? "" : "anonymous ");
		lc_buf_str(b, l->type ? l->type : "lock");
		lc_buf_char(b, global ? ' ' : '@');
		if (global) {
			lc_buf_str(b, sym);
			lc_buf_char(b, '@');
		}
		lc_buf_hex(b, (uintptr_t)l->addr);
		if (l->mode) {
			lc_buf_str(b, " (");
			lc_buf_str(b, l->mode);
			lc_buf_char(b, ')');
		}
	}
	if (l->object || l->object_type) {
		lc_buf_str(b, " of ");
		lc_buf_str(b, l->object_type ? l->object_type : "object");
		lc_buf_char(b, ' ');
		lc_buf_hex(b, (uintptr_t)l->object);
	}
	lc_buf_char(b, '\n');
}

/* "function+0xOFF (module+0xOFF)", shared by frames and the summary. */
static void frame_place(lc_buf *b, const lc_frame_info *fr)
{
	if (fr->function[0]) {
		lc_buf_str(b, fr->function);
		lc_buf_char(b, '+');
		lc_buf_hex(b, fr->function_offset);
	} else {
		lc_buf_str(b, "??");
	}
	lc_buf_str(b, " (");
	if (fr->module[0]) {
		lc_buf_str(b, fr->module);
		lc_buf_char(b, '+');
		lc_buf_hex(b, fr->module_offset);
	} else {
		lc_buf_str(b, "<unknown module>");
	}
	lc_buf_char(b, ')');
}

static void frame_head(lc_buf *b, unsigned *n, const lc_frame_info *fr)
{
	lc_buf_str(b, "    #");
	lc_buf_udec(b, (*n)++);
	lc_buf_char(b, ' ');
	lc_buf_hex(b, fr->pc);
	lc_buf_str(b, " in ");
}

/* symbolize=1: the helper's "FUNCTION<TAB>FILE:LINE" lines for one pc,
 * inlined frames first, as numbered frames of their own; the module goes
 * on the last.  False (nothing written) when it knew no line. */
static bool source_lines(lc_buf *b, unsigned *n, const lc_frame_info *fr, const char *answer)
{
	if (!answer[0] || strstr(answer, "\t??:0\n") == answer + strcspn(answer, "\t"))
		return false;
	for (const char *line = answer; *line && *line != '\n';) {
		const char *tab = strchr(line, '\t'), *end = strchr(line, '\n');
		if (!tab || !end || tab > end)
			break;
		frame_head(b, n, fr);
		bool known = !(tab - line == 2 && !strncmp(line, "??", 2));
		if (known)
			lc_buf_mem(b, line, (size_t)(tab - line));
		else
			lc_buf_str(b, fr->function[0] ? fr->function : "??");
		lc_buf_char(b, ' ');
		lc_buf_mem(b, tab + 1, (size_t)(end - tab - 1));
		line = end + 1;
		if (*line == '\n' || !*line) {
			lc_buf_str(b, " (");
			lc_buf_str(b, fr->module);
			lc_buf_char(b, '+');
			lc_buf_hex(b, fr->module_offset);
			lc_buf_char(b, ')');
		}
		lc_buf_char(b, '\n');
	}
	return true;
}

void lc_format_text(const lc_resolved *r, lc_buf *b)
{
	const lc_finding *f = r->f;
	const char *kind = lc_kind_name(f->kind);
	lc_buf_str(b, "==");
	lc_buf_dec(b, r->pid);
	lc_buf_str(b, "==ERROR: lockcheck: ");
	lc_buf_str(b, kind ? kind : "unknown");
	lc_buf_str(b, " (thread ");
	lc_buf_dec(b, f->thread);
	lc_buf_str(b, ")\n  ");
	const char *message = r->message ? r->message : f->message;
	lc_buf_str(b, message ? message : "(no message)");
	lc_buf_char(b, '\n');
	for (unsigned i = 0; i < f->nlocks && f->locks; i++)
		lock_line(b, i, &f->locks[i], lc_names_symbol(r, i));
	for (unsigned i = 0; i < f->nfields && f->fields; i++) {
		if (!f->fields[i].key)
			continue;
		lc_buf_str(b, "  ");
		lc_buf_str(b, f->fields[i].key);
		lc_buf_str(b, ": ");
		lc_buf_str(b, f->fields[i].value ? f->fields[i].value : "");
		lc_buf_char(b, '\n');
	}
	/* The summary names where it happened now: the current stack's top. */
	const lc_frame_info *top = NULL;
	unsigned current = f->nstacks ? f->nstacks - 1 : 0;
	for (unsigned s = 0; s < f->nstacks && f->stacks; s++)
		if (f->stacks[s].label && !strncmp(f->stacks[s].label, "current", 7)) {
			current = s;
			break;
		}
	if (r->depth && f->nstacks && r->depth[current])
		top = &r->frames[r->first[current]];
	for (unsigned s = 0; s < f->nstacks && f->stacks; s++) {
		lc_buf_str(b, "  stack \"");
		lc_buf_str(b, lc_names_label(r, s) ? lc_names_label(r, s) : "");
		lc_buf_str(b, "\":\n");
		if (!r->depth || !r->depth[s])
			lc_buf_str(b, "    (no frames)\n");
		unsigned n = 0;
		for (unsigned j = 0; r->depth && j < r->depth[s]; j++) {
			unsigned idx = r->first[s] + j;
			const lc_frame_info *fr = &r->frames[idx];
			if (r->src && source_lines(b, &n, fr, r->src + (size_t)idx * LC_SRC_LEN))
				continue;
			frame_head(b, &n, fr);
			frame_place(b, fr);
			lc_buf_char(b, '\n');
		}
	}
	if (lc_opt.gen_suppressions)
		suppression_line(b, r, kind, top);
	lc_buf_str(b, "SUMMARY: lockcheck: ");
	lc_buf_str(b, kind ? kind : "unknown");
	if (top) {
		lc_buf_str(b, " in ");
		frame_place(b, top);
	}
	lc_buf_char(b, '\n');
}

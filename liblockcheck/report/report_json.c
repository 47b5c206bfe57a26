/* The report for machines: one JSON object on one line (JSON Lines).
 * Addresses are hex strings ("0x7f..."), because JSON numbers lose 64-bit
 * precision in most readers; what is unknown (a lock's name, a frame's
 * module or function and its offset) is null.  Extra fields of the finding
 * become string members; one that would clash with a fixed member is
 * written as "field_KEY". */
#include <string.h>

#include "report/report_internal.h"

static const char *const fixed_members[] = {"kind", "message", "pid", "thread", "signature", "locks", "stacks"};

static bool is_fixed(const char *key)
{
	for (unsigned i = 0; i < sizeof fixed_members / sizeof *fixed_members; i++)
		if (!strcmp(key, fixed_members[i]))
			return true;
	return false;
}

static void json_lock(lc_buf *b, const lc_finding_lock *l, const char *sym, const char *origin)
{
	lc_buf_str(b, "{\"addr\":");
	lc_buf_json_hex(b, (uintptr_t)l->addr);
	lc_buf_str(b, ",\"name\":");
	lc_buf_json_str(b, l->name);
	lc_buf_str(b, ",\"symbol\":");
	lc_buf_json_str(b, sym);
	lc_buf_str(b, ",\"origin\":");
	lc_buf_json_str(b, origin);
	lc_buf_str(b, ",\"type\":");
	lc_buf_json_str(b, l->type);
	lc_buf_str(b, ",\"mode\":");
	lc_buf_json_str(b, l->mode);
	lc_buf_str(b, ",\"object_type\":");
	lc_buf_json_str(b, l->object_type);
	lc_buf_str(b, ",\"object\":");
	if (l->object)
		lc_buf_json_hex(b, (uintptr_t)l->object);
	else
		lc_buf_str(b, "null");
	lc_buf_char(b, '}');
}

static void json_frame(lc_buf *b, const lc_frame_info *fr)
{
	lc_buf_str(b, "{\"pc\":");
	lc_buf_json_hex(b, fr->pc);
	lc_buf_str(b, ",\"module\":");
	lc_buf_json_str(b, fr->module[0] ? fr->module : NULL);
	lc_buf_str(b, ",\"build_id\":");
	lc_buf_json_str(b, fr->build_id[0] ? fr->build_id : NULL);
	lc_buf_str(b, ",\"offset\":");
	lc_buf_json_hex(b, fr->module_offset);
	lc_buf_str(b, ",\"function\":");
	lc_buf_json_str(b, fr->function[0] ? fr->function : NULL);
	lc_buf_str(b, ",\"function_offset\":");
	if (fr->function[0])
		lc_buf_json_hex(b, fr->function_offset);
	else
		lc_buf_str(b, "null");
	lc_buf_char(b, '}');
}

void lc_format_json(const lc_resolved *r, lc_buf *b)
{
	const lc_finding *f = r->f;
	lc_buf_str(b, "{\"kind\":");
	lc_buf_json_str(b, lc_kind_name(f->kind) ? lc_kind_name(f->kind) : "unknown");
	lc_buf_str(b, ",\"message\":");
	const char *message = r->message ? r->message : f->message;
	lc_buf_json_str(b, message ? message : "");
	lc_buf_str(b, ",\"pid\":");
	lc_buf_dec(b, r->pid);
	lc_buf_str(b, ",\"thread\":");
	lc_buf_dec(b, f->thread);
	lc_buf_str(b, ",\"signature\":");
	lc_buf_json_sig(b, r->signature);
	lc_buf_str(b, ",\"locks\":[");
	for (unsigned i = 0; i < f->nlocks && f->locks; i++) {
		if (i)
			lc_buf_char(b, ',');
		json_lock(b, &f->locks[i], lc_names_symbol(r, i), lc_names_origin(r, i));
	}
	lc_buf_str(b, "],\"stacks\":[");
	for (unsigned s = 0; s < f->nstacks && f->stacks; s++) {
		if (s)
			lc_buf_char(b, ',');
		lc_buf_str(b, "{\"label\":");
		lc_buf_json_str(b, lc_names_label(r, s) ? lc_names_label(r, s) : "");
		lc_buf_str(b, ",\"frames\":[");
		for (unsigned j = 0; r->depth && j < r->depth[s]; j++) {
			if (j)
				lc_buf_char(b, ',');
			json_frame(b, &r->frames[r->first[s] + j]);
		}
		lc_buf_str(b, "]}");
	}
	lc_buf_char(b, ']');
	for (unsigned i = 0; i < f->nfields && f->fields; i++) {
		const char *key = f->fields[i].key;
		if (!key)
			continue;
		lc_buf_char(b, ',');
		if (is_fixed(key)) {
			lc_buf_char(b, '"');
			lc_buf_str(b, "field_");
			lc_buf_str(b, key);
			lc_buf_char(b, '"');
		} else {
			lc_buf_json_str(b, key);
		}
		lc_buf_char(b, ':');
		lc_buf_json_str(b, f->fields[i].value ? f->fields[i].value : "");
	}
	lc_buf_str(b, "}\n");
}

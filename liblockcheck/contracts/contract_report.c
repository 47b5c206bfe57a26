/* Contract facts -> lc_finding.  Every contract finding carries the same
 * fields, so tools can read them without knowing the kind:
 *   interface, method   the callback
 *   lock                the spec's name for the lock ("" for blocking facts)
 *   object              role and address of the object checked ("dir 0x...")
 *   rule_cell           the document's cell, quoted
 *   rule                what the document requires, in words
 *   doc                 spec name and era; doc_line: the line of the cell */
#include <stdio.h>
#include <string.h>

#include "contracts/contract_state.h"
#include "lc_runtime.h"

const char *lc_rule_words(const lc_spec_rule *r, char *buf, unsigned len)
{
	const char *on = r->object[0] ? r->object : "object";
	switch (r->entry) {
	case LC_ENTRY_NONE:
		snprintf(buf, len, lc_contract_spin_kind(r->kind) ? "%s must not be held when called"
								 : "%s not held by the caller", r->lock);
		break;
	case LC_ENTRY_HELD:
		snprintf(buf, len, "%s held (either mode) on the %s when called", r->lock, on);
		break;
	case LC_ENTRY_SHARED:
		snprintf(buf, len, "%s held shared (for reading) on the %s when called", r->lock, on);
		break;
	case LC_ENTRY_EXCLUSIVE:
		snprintf(buf, len, "%s held exclusive (for writing) on the %s when called", r->lock, on);
		break;
	default:
		snprintf(buf, len, "%s may or may not be held when called", r->lock);
		break;
	}
	size_t used = strlen(buf);
	if (r->has_alt && used < len)
		snprintf(buf + used, len - used, ", or %s", lc_spec_entry_name(r->alt_entry));
	used = strlen(buf);
	const char *exit = NULL;
	switch (r->exit) {
	case LC_EXIT_RELEASED: exit = "; the method unlocks it (before returning or from I/O completion)"; break;
	case LC_EXIT_ACQUIRED: exit = "; the method returns with it held"; break;
	case LC_EXIT_MAY_HOLD: exit = "; the method may return with it held"; break;
	default: break;
	}
	if (exit && used < len)
		snprintf(buf + used, len - used, "%s", exit);
	return buf;
}

static const char *mode_name(lc_mode mode) { return mode == LC_MODE_READ ? "read" : "write"; }

void lc_contract_report(const lc_contract_fact *fact)
{
	if ((unsigned)fact->kind >= LC_KIND_COUNT || !lc_opt.detect[fact->kind])
		return;
	const lc_cb_frame *fr = fact->frame;
	const char *lock = fact->rule ? fact->rule->lock
			   : fact->held && fact->held->class_name ? fact->held->class_name
			   : fact->kind == LC_KIND_CONTRACT_LOCK_MISSING ? "rcu" : "";
	char object[96] = "";
	if (fact->role && fact->object)
		snprintf(object, sizeof object, "%s %p", fact->role, fact->object);
	else if (fact->held && fact->held->object)
		snprintf(object, sizeof object, "%s %p",
			 fact->held->object_type ? fact->held->object_type : "object", fact->held->object);
	else if (!fact->rule && fr->nobjects && fr->objects[0].role && fr->objects[0].object)
		/* blocking and context facts: the callback's first object */
		snprintf(object, sizeof object, "%s %p", fr->objects[0].role, fr->objects[0].object);
	char cell[256], line[16], doc[300], message[1024];
	snprintf(cell, sizeof cell, "\"%s\"", fact->cell ? fact->cell : "");
	snprintf(line, sizeof line, "%d", fact->line);
	snprintf(doc, sizeof doc, "%s (era %s)", lc_spec_name(fr->spec), lc_spec_era(fr->spec));
	/* Rules from prose have no cell: say what it requires instead. */
	bool has_cell = fact->cell && fact->cell[0];
	snprintf(message, sizeof message, "%s.%s: %s; the Locking document (%s, line %d) says %s%s%s",
		 fr->interface, fr->method, fact->what, lc_spec_name(fr->spec), fact->line,
		 has_cell ? cell : "", has_cell ? ": " : "", fact->requires ? fact->requires : "");
	if (!has_cell)
		cell[0] = '\0';

	lc_finding_field fields[] = {
		{"interface", fr->interface},
		{"method", fr->method},
		{"lock", lock},
		{"object", object},
		{"rule_cell", cell},
		{"rule", fact->requires ? fact->requires : ""},
		{"doc", doc},
		{"doc_line", line},
	};
	lc_finding_lock fl = {0};
	unsigned nlocks = 0;
	if (fact->held) {
		fl.addr = fact->held->lock;
		fl.name = fact->held->class_name;
		fl.type = lc_lock_type_name(fact->held->type);
		fl.mode = mode_name(fact->held->mode);
		fl.object_type = fact->held->object_type;
		fl.object = fact->held->object;
		nlocks = 1;
	} /* not held: no lock to show; the fields name the one expected */
	lc_stack st;
	lc_stack_capture(&st, 2);
	lc_finding_stack stacks[] = {{"current", &st}};
	lc_finding f = {
		.kind = fact->kind,
		.message = message,
		.thread = lc_gettid(),
		.nlocks = nlocks,
		.locks = nlocks ? &fl : NULL,
		.nstacks = 1,
		.stacks = stacks,
		.nfields = sizeof fields / sizeof fields[0],
		.fields = fields,
	};
	lc_report(&f);
}

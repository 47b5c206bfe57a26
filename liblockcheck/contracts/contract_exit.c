/* Checks at callback exit: the thread's locks are as the caller left them,
 * except for what the method's row says changes:
 *   exit "released"  the method unlocks it (read_folio, writepage, write_end).
 *                    It may hand the unlock to I/O completion on another
 *                    thread, before or after returning: so a lock still held
 *                    at exit is not wrong yet.  It is remembered, and reported
 *                    only if this thread still holds it when it next enters a
 *                    callback or exits (the VFS waits for that unlock before
 *                    going on, so by then someone must have done it).
 *   exit "acquired"  the method returns with it held (write_begin).
 *   exit "may-hold"  either (fault, page_mkwrite).
 * Anything else must balance: nothing taken and left held, nothing of the
 * caller's dropped, no mode changed. */
#include <stdio.h>
#include <string.h>

#include "contracts/contract_state.h"

static bool target_fits(const lc_spec_method *m, const lc_spec_rule *r, const lc_cb_frame *f,
			const void *object)
{
	lc_role_target t[LC_MAX_ROLES];
	unsigned n = lc_rule_targets(m, r, f, t);
	for (unsigned i = 0; i < n; i++)
		if (!t[i].object || !object || t[i].object == object)
			return true;
	return false;
}

/* The rule of this row that speaks of this lock with one of the given exits. */
static const lc_spec_rule *rule_for(const lc_cb_frame *f, const lc_held_info *info, unsigned exits)
{
	for (unsigned i = 0; i < f->m->nrules; i++) {
		const lc_spec_rule *r = &f->m->rules[i];
		if ((exits & (1u << r->exit)) && lc_spec_rule_matches(r, info->class_name, info->type) &&
		    target_fits(f->m, r, f, info->object))
			return r;
	}
	return NULL;
}

#define EXITS(a) (1u << (a))

static void report_state(lc_cb_frame *f, const lc_held_info *info, const lc_spec_rule *r,
			 const char *what)
{
	char words[256];
	const lc_spec_rule *about = r ? r : rule_for(f, info, ~0u);
	lc_contract_fact fact = {
		.kind = LC_KIND_CONTRACT_EXIT_STATE, .frame = f, .m = f->m, .rule = about,
		.held = info, .what = what,
		.requires = about ? lc_rule_words(about, words, sizeof words)
				  : "the method returns with the caller's locks as they were",
		.cell = about ? about->cell : "", .line = about ? about->line : f->m->line,
	};
	lc_contract_report(&fact);
}

static int snap_index(const lc_cb_frame *f, const void *lock)
{
	for (unsigned i = 0; i < f->nsnap; i++)
		if (f->snap[i].lock == lock)
			return (int)i;
	return -1;
}

static bool held_now(const void *lock, lc_held_info *out)
{
	unsigned count = lc_query_held_count();
	for (unsigned k = 0; k < count; k++)
		if (lc_query_held_at(k, out) && out->lock == lock)
			return true;
	return false;
}

static void add_pending(lc_cb_thread *t, const lc_cb_frame *f, const lc_spec_rule *r,
			const lc_held_info *info)
{
	for (unsigned i = 0; i < t->npending; i++)
		if (t->pending[i].lock == info->lock)
			return;
	if (t->npending == LC_CB_PENDING)
		return; /* too many unlocks in flight: stop watching, never misreport */
	t->pending[t->npending++] = (lc_pending_release){
		.lock = info->lock, .spec = f->spec, .m = f->m, .rule = r,
		.role = NULL, .object = info->object,
	};
}

/* Locks a "released" rule wanted unlocked that this thread still holds. */
void lc_contract_settle_pending(lc_cb_thread *t)
{
	for (unsigned i = 0; i < t->npending; i++) {
		lc_pending_release *p = &t->pending[i];
		lc_held_info info;
		if (!held_now(p->lock, &info))
			continue;
		/* The spec's names: the caller's strings may be gone by now. */
		lc_cb_frame f = {.interface = p->m->interface, .method = p->m->name, .m = p->m, .spec = p->spec};
		char what[256], words[256];
		snprintf(what, sizeof what,
			 "returned with %s still held, and no one had unlocked it by this thread's next callback",
			 p->rule->lock);
		lc_contract_fact fact = {
			.kind = LC_KIND_CONTRACT_EXIT_STATE, .frame = &f, .m = p->m, .rule = p->rule,
			.held = &info, .what = what, .requires = lc_rule_words(p->rule, words, sizeof words),
			.cell = p->rule->cell, .line = p->rule->line,
		};
		lc_contract_report(&fact);
	}
	t->npending = 0;
}

static void check_acquired(lc_cb_frame *f)
{
	for (unsigned i = 0; i < f->m->nrules; i++) {
		const lc_spec_rule *r = &f->m->rules[i];
		if (r->exit != LC_EXIT_ACQUIRED)
			continue;
		lc_role_target t[LC_MAX_ROLES];
		unsigned n = lc_rule_targets(f->m, r, f, t);
		for (unsigned k = 0; k < n; k++) {
			lc_held_info info;
			if (lc_find_held(r, t[k].object, &info) >= 0)
				continue;
			char what[256], words[256];
			snprintf(what, sizeof what, "returned without %s held%s%s", r->lock,
				 t[k].role ? " on its " : "", t[k].role ? t[k].role : "");
			lc_contract_fact fact = {
				.kind = LC_KIND_CONTRACT_EXIT_STATE, .frame = f, .m = f->m, .rule = r,
				.role = t[k].role, .object = t[k].object, .what = what,
				.requires = lc_rule_words(r, words, sizeof words),
				.cell = r->cell, .line = r->line,
			};
			lc_contract_report(&fact);
		}
	}
}

void lc_contract_check_exit(lc_cb_thread *t, lc_cb_frame *f)
{
	check_acquired(f);
	unsigned count = lc_query_held_count();
	/* Locks older than the snapshot are assumed untouched. */
	unsigned base = f->held_at_entry - f->nsnap;
	bool present[LC_CB_SNAPSHOT] = {false};
	char what[256];
	for (unsigned k = base; k < count; k++) {
		lc_held_info info;
		if (!lc_query_held_at(k, &info))
			continue;
		int s = snap_index(f, info.lock);
		if (s >= 0) {
			present[s] = true;
			const lc_spec_rule *rel = rule_for(f, &info, EXITS(LC_EXIT_RELEASED));
			if (rel) {
				add_pending(t, f, rel, &info);
			} else if (info.mode != f->snap[s].mode &&
				   !rule_for(f, &info, EXITS(LC_EXIT_MAY_HOLD))) {
				snprintf(what, sizeof what, "returned with %s held %s; the caller held it %s",
					 info.class_name ? info.class_name : "a lock",
					 info.mode == LC_MODE_READ ? "shared" : "exclusive",
					 f->snap[s].mode == LC_MODE_READ ? "shared" : "exclusive");
				report_state(f, &info, NULL, what);
			}
			continue;
		}
		if (rule_for(f, &info, EXITS(LC_EXIT_ACQUIRED) | EXITS(LC_EXIT_MAY_HOLD)))
			continue;
		snprintf(what, sizeof what, "returned holding %s, which it took and did not release",
			 info.class_name ? info.class_name : "a lock");
		report_state(f, &info, NULL, what);
	}
	for (unsigned s = 0; s < f->nsnap; s++) {
		lc_held_info info;
		if (present[s] || !lc_query_lock_info(f->snap[s].lock, &info))
			continue;
		if (rule_for(f, &info, EXITS(LC_EXIT_RELEASED) | EXITS(LC_EXIT_MAY_HOLD)))
			continue;
		info.mode = f->snap[s].mode;
		snprintf(what, sizeof what, "returned without %s, which the caller held %s at entry",
			 info.class_name ? info.class_name : "a lock",
			 f->snap[s].mode == LC_MODE_READ ? "shared" : "exclusive");
		report_state(f, &info, NULL, what);
	}
}

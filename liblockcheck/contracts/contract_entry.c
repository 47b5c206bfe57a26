/* Checks at callback entry: the locks the method's row says are held are
 * held by this thread, in the documented mode, on the documented object; the
 * locks it says are not held are not; and the calling context fits.
 *
 * What "no" forbids: a "no" cell says the caller does not take the lock.  For
 * sleeping locks (i_rwsem, s_umount, mmap_lock, ...) that is a fact about the
 * VFS, not a prohibition (a filesystem's own caller may hold its inode), so
 * only spinning locks (spinlock, rwlock, seqlock columns: d_lock, i_lock,
 * rename_lock, flc_lock, blocked_lock_lock) are reported as forbidden: the
 * document's "no" there is what lets the method block.
 * Seqlock "yes" (rename_lock on d_compare) means inside a read section, which
 * is not a held lock: not checked. */
#include <stdio.h>
#include <string.h>

#include "contracts/contract_state.h"

bool lc_contract_spin_kind(lc_spec_kind kind)
{
	return kind == LC_SKIND_SPINLOCK || kind == LC_SKIND_RWLOCK || kind == LC_SKIND_SEQLOCK;
}

static bool entry_ok(lc_spec_entry e, bool held, lc_mode mode, bool spin)
{
	switch (e) {
	case LC_ENTRY_NONE: return !held || !spin;
	case LC_ENTRY_HELD: return held;
	case LC_ENTRY_SHARED: return held && mode == LC_MODE_READ;
	case LC_ENTRY_EXCLUSIVE: return held && mode == LC_MODE_WRITE;
	default: return true;
	}
}

static const void *role_object(const lc_cb_frame *f, const char *role)
{
	for (unsigned i = 0; i < f->nobjects; i++)
		if (f->objects[i].role && !strcmp(f->objects[i].role, role))
			return f->objects[i].object;
	return NULL;
}

/* Conditions we can evaluate; a rule under any other condition is skipped. */
static bool condition_applies(const char *cond, const lc_cb_frame *f)
{
	if (!cond)
		return true;
	bool in_walk = lc_query_context_depth(LC_CTX_RCU_WALK) > 0;
	if (strstr(cond, "rcu-walk"))
		return in_walk;
	if (strstr(cond, "ref-walk"))
		return !in_walk;
	if (strstr(cond, "cross-dir")) {
		const void *a = role_object(f, "dir"), *b = role_object(f, "new_dir");
		return a && b && a != b;
	}
	return false;
}

static void check_rule(lc_cb_frame *f, const lc_spec_rule *r)
{
	if (r->kind == LC_SKIND_SEQLOCK && r->entry != LC_ENTRY_NONE)
		return;
	if (!condition_applies(r->condition, f))
		return;
	bool spin = lc_contract_spin_kind(r->kind);
	lc_role_target targets[LC_MAX_ROLES];
	unsigned n = lc_rule_targets(f->m, r, f, targets);
	for (unsigned i = 0; i < n; i++) {
		lc_held_info info;
		bool held = lc_find_held(r, targets[i].object, &info) >= 0;
		lc_mode mode = held ? info.mode : LC_MODE_WRITE;
		if (entry_ok(r->entry, held, mode, spin) ||
		    (r->has_alt && r->alt_entry != LC_ENTRY_MAYBE && entry_ok(r->alt_entry, held, mode, spin)))
			continue;
		char what[256], words[256];
		const char *on = targets[i].role ? targets[i].role : "";
		lc_kind kind;
		if (r->entry == LC_ENTRY_NONE) {
			kind = LC_KIND_CONTRACT_LOCK_FORBIDDEN;
			snprintf(what, sizeof what, "called with %s held%s%s", r->lock, *on ? " on its " : "", on);
		} else if (!held) {
			kind = LC_KIND_CONTRACT_LOCK_MISSING;
			snprintf(what, sizeof what, "called without %s held%s%s", r->lock, *on ? " on its " : "", on);
		} else {
			kind = LC_KIND_CONTRACT_LOCK_MODE;
			snprintf(what, sizeof what, "called with %s held %s%s%s, not %s", r->lock,
				 mode == LC_MODE_READ ? "shared" : "exclusive", *on ? " on its " : "", on,
				 lc_spec_entry_name(r->entry));
		}
		lc_contract_fact fact = {
			.kind = kind, .frame = f, .m = f->m, .rule = r,
			.role = targets[i].role, .object = targets[i].object,
			.held = held ? &info : NULL, .what = what,
			.requires = lc_rule_words(r, words, sizeof words),
			.cell = r->cell, .line = r->line,
		};
		lc_contract_report(&fact);
	}
}

/* A method the row makes hold a spinlock is, by the row, called atomic. */
static bool row_holds_spinlock(const lc_spec_method *m)
{
	for (unsigned i = 0; i < m->nrules; i++)
		if (lc_contract_spin_kind(m->rules[i].kind) && m->rules[i].kind != LC_SKIND_SEQLOCK &&
		    (m->rules[i].entry == LC_ENTRY_HELD || m->rules[i].entry == LC_ENTRY_EXCLUSIVE ||
		     m->rules[i].entry == LC_ENTRY_SHARED))
			return true;
	return false;
}

static void check_context(lc_cb_frame *f)
{
	const lc_spec_method *m = f->m;
	bool in_walk = lc_query_context_depth(LC_CTX_RCU_WALK) > 0;
	if (in_walk && m->rcu_walk == LC_TRI_NO) {
		lc_contract_fact fact = {
			.kind = LC_KIND_CONTRACT_RCU_WALK, .frame = f, .m = m,
			.what = "called in rcu-walk mode",
			.requires = "not called in rcu-walk mode (the row's rcu-walk column is \"no\")",
			.cell = "no", .line = m->rcu_walk_line,
		};
		lc_contract_report(&fact);
	}
	/* "called with the RCU lock held" (map_pages) */
	if ((m->contexts & LC_SPEC_CTX_RCU_READ) && !lc_query_context_depth(LC_CTX_RCU_READ)) {
		lc_contract_fact fact = {
			.kind = LC_KIND_CONTRACT_LOCK_MISSING, .frame = f, .m = m,
			.what = "called outside an RCU read-side section (rcu_read_lock not held)",
			.requires = "called with the RCU read lock held",
			.cell = "", .line = m->contexts_line,
		};
		lc_contract_report(&fact);
	}
	bool may_block = m->blocking == LC_BLOCK_YES || (m->blocking == LC_BLOCK_REF_WALK_ONLY && !in_walk);
	if (may_block && !row_holds_spinlock(m) && lc_query_in_atomic()) {
		lc_contract_fact fact = {
			.kind = LC_KIND_CONTRACT_BLOCKING, .frame = f, .m = m,
			.what = "may block but was called in atomic context (a spinlock held or an atomic section)",
			.requires = "the method may block, so its caller must be able to sleep",
			.cell = m->blocking == LC_BLOCK_YES ? "yes" : "yes (ref-walk)",
			.line = m->blocking_line,
		};
		lc_contract_report(&fact);
	}
}

void lc_contract_check_entry(lc_cb_frame *f)
{
	for (unsigned i = 0; i < f->m->nrules; i++)
		check_rule(f, &f->m->rules[i]);
	check_context(f);
}

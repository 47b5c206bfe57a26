/* The contract checker's entry points (lc_detectors.h): a per-thread stack of
 * the callbacks in progress, checked against the compiled Locking spec at
 * entry, on blocking, and at exit.  Nothing here allocates or takes a lock
 * after the spec is loaded: the stack is thread-local, methods are found in
 * the spec's hash. */
#include <stdio.h>
#include <string.h>

#include "contracts/contract_state.h"
#include "lc_runtime.h"

static __thread lc_cb_thread cb_thread __attribute__((tls_model("initial-exec")));

lc_cb_thread *lc_cb_self(void) { return &cb_thread; }

/* Lock events reach the checker only while a callback is in progress on
 * the thread: outside one there is nothing to check. */
static void set_depth(lc_cb_thread *t, unsigned depth)
{
	t->depth = depth;
	lc_detectors_listen(LC_SLOT_CONTRACTS, depth != 0);
}

static void snapshot(lc_cb_frame *f)
{
	unsigned count = lc_query_held_count();
	unsigned first = count > LC_CB_SNAPSHOT ? count - LC_CB_SNAPSHOT : 0;
	f->held_at_entry = count;
	f->nsnap = 0;
	for (unsigned k = first; k < count; k++) {
		lc_held_info info;
		if (!lc_query_held_at(k, &info))
			continue;
		f->snap[f->nsnap].lock = info.lock;
		f->snap[f->nsnap].mode = info.mode;
		f->nsnap++;
	}
	f->held_at_entry = first + f->nsnap;
}

void lc_contracts_callback_enter(const char *interface, const char *method,
				 const lc_callback_object *objects, unsigned nobjects)
{
	if (!lc_opt.detect_contracts)
		return;
	lc_cb_thread *t = &cb_thread;
	if (t->npending)
		lc_contract_settle_pending(t);
	if (t->depth == LC_CB_MAX_DEPTH) {
		t->overflow++;
		return;
	}
	const lc_spec *spec = lc_spec_active();
	lc_cb_frame *f = &t->frames[t->depth];
	set_depth(t, t->depth + 1);
	f->interface = interface;
	f->method = method;
	f->spec = spec;
	f->m = spec ? lc_spec_find(spec, interface, method) : NULL;
	f->blocking_reported = false;
	f->nobjects = 0;
	for (unsigned i = 0; objects && i < nobjects && i < LC_CB_MAX_OBJECTS; i++)
		f->objects[f->nobjects++] = objects[i];
	if (!f->m)
		return;
	snapshot(f);
	lc_contract_check_entry(f);
}

void lc_contracts_callback_exit(const char *interface, const char *method)
{
	lc_cb_thread *t = &cb_thread;
	if (t->overflow) {
		t->overflow--;
		return;
	}
	if (!t->depth)
		return; /* exit without entry (checker switched on midway): ignore */
	lc_cb_frame *f = &t->frames[t->depth - 1];
	(void)interface;
	(void)method;
	if (f->m)
		lc_contract_check_exit(t, f);
	set_depth(t, t->depth - 1);
}

/* Which frame, innermost first, forbids sleeping here. */
void lc_contracts_blocking(const char *call)
{
	lc_cb_thread *t = &cb_thread;
	if (!t->depth)
		return;
	bool in_walk = lc_query_context_depth(LC_CTX_RCU_WALK) > 0;
	bool in_rcu_cb = lc_query_context_depth(LC_CTX_RCU_CALLBACK) > 0;
	bool in_irq = lc_query_context_depth(LC_CTX_IRQ) > 0;
	for (unsigned d = t->depth; d-- > 0;) {
		lc_cb_frame *f = &t->frames[d];
		const lc_spec_method *m = f->m;
		if (!m || f->blocking_reported)
			continue;
		lc_kind kind;
		const char *requires, *cell;
		int line = m->blocking_line;
		if (m->blocking == LC_BLOCK_NO) {
			kind = LC_KIND_CONTRACT_BLOCKING;
			requires = "the method must not block";
			cell = "no";
		} else if (m->blocking == LC_BLOCK_REF_WALK_ONLY && in_walk) {
			kind = LC_KIND_CONTRACT_RCU_WALK;
			requires = "the method may block only in ref-walk mode, never in rcu-walk";
			cell = "yes (ref-walk)";
		} else if ((m->contexts & LC_SPEC_CTX_RCU_CALLBACK) && in_rcu_cb) {
			kind = LC_KIND_CONTRACT_BLOCKING;
			requires = "called from an RCU callback: must not block";
			cell = "called from RCU callback";
			line = m->contexts_line;
		} else if ((m->contexts & LC_SPEC_CTX_INTERRUPT) && in_irq) {
			kind = LC_KIND_CONTRACT_BLOCKING;
			requires = "called from interrupts: must not block";
			cell = "called from interrupts";
			line = m->contexts_line;
		} else {
			continue;
		}
		char what[200];
		const char *fmt = kind == LC_KIND_CONTRACT_RCU_WALK ? "blocked (%s) in rcu-walk mode"
								     : "blocked (%s)";
		snprintf(what, sizeof what, fmt, call ? call : "a blocking call");
		lc_contract_fact fact = {
			.kind = kind, .frame = f, .m = m, .what = what,
			.requires = requires, .cell = cell, .line = line,
		};
		f->blocking_reported = true;
		lc_contract_report(&fact);
		return;
	}
}

void lc_contracts_thread_exit(void)
{
	lc_cb_thread *t = &cb_thread;
	if (t->npending)
		lc_contract_settle_pending(t);
	set_depth(t, 0);
	t->overflow = 0;
}

void lc_contracts_fork_child(void)
{
	lc_spec_fork_child();
}

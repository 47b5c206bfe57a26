/* signal-unsafe-lock: a lock taken inside the handler of a signal and also
 * taken where that signal can be delivered (a handler is installed and the
 * thread does not block it).  If the signal arrives while the thread holds
 * the lock, the handler waits for a lock its own thread holds: a
 * self-deadlock no lock order shows.  Recorded per lock class, with the
 * first stack of each usage, on the slow path only. */
#include <stdio.h>
#include <string.h>

#include "engine/class_records.h"
#include "engine/engine_internal.h"
#include "engine/irq_usage.h"
#include "engine/lc_uthash.h"
#include "engine/signal_usage.h"


typedef struct sig_class {
	uint64_t key;
	uint16_t seen; /* low byte: deliverable, high byte: in handler */
	lc_finding_lock lock;
	uint32_t stack[16]; /* depot ids, 0: none */
	UT_hash_handle hh;
} sig_class;

static sig_class *classes;
static lc_spin class_lock = LC_SPIN_INIT;

static sig_class *get_class(const lc_lockrec *rec, const void *lock)
{
	return LC_CLASS_RECORD_GET(classes, rec->class_key, rec, lock);
}

static void signal_name(char *buf, size_t len, unsigned idx)
{
	int sig = lc_sig_number[idx];
	const char *abbrev = sigabbrev_np(sig);
	if (abbrev)
		snprintf(buf, len, "SIG%s", abbrev);
	else
		snprintf(buf, len, "signal %d", sig);
}

typedef struct sig_report {
	char message[600];
	char labels[2][240];
	lc_stack st[2];
	lc_finding_stack stacks[2];
	lc_finding_lock lock;
} sig_report;

/* earlier: the stored stack of the other usage; now_in_handler: which
 * usage the current acquisition is. */
static sig_report *build(const sig_class *c, unsigned idx, bool now_in_handler, lc_mode mode,
			const void *pc)
{
	sig_report *r = lc_alloc(sizeof *r);
	if (!r)
		return NULL;
	char sig[32], name[160];
	signal_name(sig, sizeof sig, idx);
	if (c->lock.name)
		snprintf(name, sizeof name, "%s", c->lock.name);
	else
		snprintf(name, sizeof name, "%s %p", c->lock.type, c->lock.addr);
	snprintf(r->message, sizeof r->message,
		 "Signal-unsafe lock: %s is taken in the %s handler and also where %s can be delivered (not blocked); if %s arrives while the thread holds it, the handler waits for a lock its own thread holds.",
		 name, sig, sig, sig);
	r->lock = c->lock;
	r->lock.mode = lc_mode_name(mode);
	unsigned handler_bit = 8 + idx, deliv_bit = idx;
	unsigned stored = now_in_handler ? deliv_bit : handler_bit;
	snprintf(r->labels[0], sizeof r->labels[0], now_in_handler ? "%s first taken with %s deliverable" : "%s first taken in the %s handler", name, sig);
	snprintf(r->labels[1], sizeof r->labels[1], now_in_handler ? "current: taken in the %s handler" : "current: taken with %s deliverable", sig);
	const uintptr_t *frames;
	unsigned depth = c->stack[stored] ? lc_depot_get(c->stack[stored], &frames) : 0;
	if (depth > LC_MAX_FRAMES)
		depth = LC_MAX_FRAMES;
	if (depth)
		memcpy(r->st[0].pc, frames, depth * sizeof(uintptr_t));
	r->st[0].depth = depth;
	lc_capture_stack(&r->st[1], pc);
	for (unsigned i = 0; i < 2; i++) {
		r->stacks[i].label = r->labels[i];
		r->stacks[i].stack = &r->st[i];
	}
	return r;
}

void lc_sig_acquire_slow(lc_thread *t, lc_lockrec *rec, const void *lock, lc_mode mode,
			 const void *pc)
{
	uint16_t want = __atomic_load_n(&t->sig_want, __ATOMIC_RELAXED);
	sig_report *r = NULL;
	lc_spin_lock(&class_lock);
	sig_class *c = get_class(rec, lock);
	if (c) {
		uint16_t fresh = want & (uint16_t)~c->seen;
		uint16_t all = c->seen | want;
		/* Signals this acquisition newly puts on both sides. */
		uint8_t both = (uint8_t)(all >> 8) & (uint8_t)all;
		uint8_t before = (uint8_t)(c->seen >> 8) & (uint8_t)c->seen;
		uint8_t conflict = both & (uint8_t)~before;
		if (fresh) {
			lc_stack st;
			lc_capture_stack(&st, pc);
			for (unsigned b = 0; b < 16; b++)
				if (fresh >> b & 1)
					c->stack[b] = lc_depot_put(st.pc, st.depth);
		}
		if (conflict) {
			unsigned idx = (unsigned)__builtin_ctz(conflict);
			bool now_in_handler = (fresh >> (8 + idx)) & 1;
			r = build(c, idx, now_in_handler, mode, pc);
		}
		c->seen = all;
	}
	lc_spin_unlock(&class_lock);
	lc_usage_remember(t, lock, rec, (uint32_t)want << 8);
	if (!r)
		return;
	if (lc_opt.detect[LC_KIND_SIGNAL_UNSAFE_LOCK]) {
		lc_finding f = {
			.kind = LC_KIND_SIGNAL_UNSAFE_LOCK,
			.message = r->message,
			.thread = lc_gettid(),
			.nlocks = 1,
			.locks = &r->lock,
			.nstacks = 2,
			.stacks = r->stacks,
		};
		lc_report(&f);
	}
	lc_free(r, sizeof *r);
}

void lc_sig_forget(uint64_t class_key)
{
	lc_spin_lock(&class_lock);
	sig_class *c;
	HASH_FIND(hh, classes, &class_key, sizeof class_key, c);
	if (c) {
		HASH_DEL(classes, c);
		lc_free(c, sizeof *c);
	}
	lc_spin_unlock(&class_lock);
}

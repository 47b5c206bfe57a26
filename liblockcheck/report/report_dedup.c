/* Duplicate findings: the same kind, the same set of locks (by class name,
 * or by address for an anonymous lock) and the same top frames of the
 * current stack are reported once.  A lock-order inversion is one bug
 * whichever code path closes the cycle, and a contract violation is one
 * broken rule (interface.method, lock, document line) wherever it is hit:
 * for those the stack is left out of the key.  A fixed lock-free table of key hashes:
 * no allocation, safe from signal handlers and across threads.  When the
 * table is full, findings are reported rather than lost. */
#include <stdatomic.h>
#include <string.h>

#include "report/report_internal.h"

#define DEDUP_SLOTS 4096 /* power of two */
#define DEDUP_TOP_FRAMES 1 /* the place: deeper callers are the same bug by other paths */

static _Atomic uint64_t slots[DEDUP_SLOTS];
static _Atomic unsigned long repeats;

static uint64_t mix(uint64_t h, uint64_t v)
{
	h ^= v + 0x9e3779b97f4a7c15ull + (h << 6) + (h >> 2);
	h *= 0xff51afd7ed558ccdull;
	return h ^ (h >> 33);
}

static uint64_t hash_str(const char *s)
{
	uint64_t h = 1469598103934665603ull;
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ull;
	return h;
}

/* The stack whose top frames identify the finding: the one labelled
 * "current...", else the last one. */
static const lc_stack *current_stack(const lc_finding *f)
{
	if (!f->nstacks || !f->stacks)
		return NULL;
	for (unsigned i = 0; i < f->nstacks; i++)
		if (f->stacks[i].label && !strncmp(f->stacks[i].label, "current", 7))
			return f->stacks[i].stack;
	return f->stacks[f->nstacks - 1].stack;
}

static uint64_t finding_key(const lc_finding *f)
{
	uint64_t h = mix(0x6c6f636b636865ull, (uint64_t)f->kind);
	/* A set: summing per-lock hashes makes the order irrelevant. */
	uint64_t set = 0;
	for (unsigned i = 0; i < f->nlocks && f->locks; i++) {
		const lc_finding_lock *l = &f->locks[i];
		set += mix(7, l->name ? hash_str(l->name) : (uint64_t)(uintptr_t)l->addr);
	}
	h = mix(h, set);
	if (f->kind == LC_KIND_LOCK_ORDER_INVERSION)
		return h ? h : 1;
	if (f->kind >= LC_KIND_CONTRACT_LOCK_MISSING && f->kind <= LC_KIND_CONTRACT_EXIT_STATE) {
		for (unsigned i = 0; i < f->nfields && f->fields; i++)
			if (f->fields[i].key && f->fields[i].value &&
			    (!strcmp(f->fields[i].key, "interface") || !strcmp(f->fields[i].key, "method") ||
			     !strcmp(f->fields[i].key, "lock") || !strcmp(f->fields[i].key, "doc_line")))
				h = mix(h, hash_str(f->fields[i].value));
		return h ? h : 1;
	}
	const lc_stack *st = current_stack(f);
	if (st)
		for (unsigned i = 0; i < st->depth && i < DEDUP_TOP_FRAMES; i++)
			h = mix(h, st->pc[i]);
	return h ? h : 1; /* 0 marks an empty slot */
}

bool lc_dedup_first(const lc_finding *f)
{
	uint64_t key = finding_key(f);
	for (unsigned n = 0, i = (unsigned)key & (DEDUP_SLOTS - 1); n < DEDUP_SLOTS;
	     n++, i = (i + 1) & (DEDUP_SLOTS - 1)) {
		uint64_t cur = atomic_load(&slots[i]);
		if (cur == key) {
			atomic_fetch_add(&repeats, 1);
			return false;
		}
		if (cur == 0) {
			uint64_t expected = 0;
			if (atomic_compare_exchange_strong(&slots[i], &expected, key))
				return true;
			if (expected == key) {
				atomic_fetch_add(&repeats, 1);
				return false;
			}
		}
	}
	return true;
}

unsigned long lc_dedup_repeats(void)
{
	return atomic_load(&repeats);
}

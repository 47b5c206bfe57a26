/* Where each lock was created: the pc of its init call, or of its first
 * use for a lock never announced (PTHREAD_MUTEX_INITIALIZER).  Written
 * only when a lock record is made (a slow path), read only for reports.
 * A fixed open-addressed table keyed by address, filled with atomics: a
 * lock re-created at the same address overwrites its entry; when the table
 * is full, locks made after that have no known origin. */
#include <stdatomic.h>

#include "engine/engine_internal.h"
#include "lc_graph_dump.h"

#define ORIGIN_SLOTS (1u << 16) /* power of two; 1 MiB, touched as used */
#define ORIGIN_PROBES 32
#define FIRST_USE ((uintptr_t)1 << (sizeof(uintptr_t) * 8 - 1))

typedef struct origin {
	_Atomic uintptr_t addr;
	_Atomic uintptr_t pc; /* top bit (never set in a user-space pc): first use, not init */
} origin;

static origin *_Atomic table;

static origin *get_table(bool create)
{
	origin *t = atomic_load(&table);
	if (t || !create)
		return t;
	origin *fresh = lc_alloc(ORIGIN_SLOTS * sizeof *fresh);
	if (!fresh)
		return NULL;
	origin *expected = NULL;
	if (!atomic_compare_exchange_strong(&table, &expected, fresh)) {
		lc_free(fresh, ORIGIN_SLOTS * sizeof *fresh);
		return expected;
	}
	return fresh;
}

void lc_origin_note(const void *lock, const void *pc, bool first_use)
{
	origin *t = get_table(true);
	if (!t || !lock || !pc)
		return;
	uintptr_t a = (uintptr_t)lock, v = (uintptr_t)pc | (first_use ? FIRST_USE : 0);
	size_t i = (size_t)lc_mix_fast(a) & (ORIGIN_SLOTS - 1);
	for (unsigned n = 0; n < ORIGIN_PROBES; n++, i = (i + 1) & (ORIGIN_SLOTS - 1)) {
		uintptr_t cur = atomic_load(&t[i].addr);
		if (cur == 0) {
			uintptr_t expected = 0;
			if (!atomic_compare_exchange_strong(&t[i].addr, &expected, a) && expected != a)
				continue;
			cur = a;
		}
		if (cur == a) {
			atomic_store(&t[i].pc, v);
			return;
		}
	}
}

bool lc_origin_get(const void *lock, const void **pc, bool *first_use)
{
	origin *t = get_table(false);
	if (!t || !lock)
		return false;
	uintptr_t a = (uintptr_t)lock;
	size_t i = (size_t)lc_mix_fast(a) & (ORIGIN_SLOTS - 1);
	for (unsigned n = 0; n < ORIGIN_PROBES; n++, i = (i + 1) & (ORIGIN_SLOTS - 1)) {
		uintptr_t cur = atomic_load(&t[i].addr);
		if (cur == 0)
			return false;
		if (cur == a) {
			uintptr_t v = atomic_load(&t[i].pc);
			*pc = (const void *)(v & ~FIRST_USE);
			*first_use = (v & FIRST_USE) != 0;
			return v != 0;
		}
	}
	return false;
}

const void *lc_lock_origin(const void *lock)
{
	const void *pc;
	bool first_use;
	return lc_origin_get(lock, &pc, &first_use) ? pc : NULL;
}

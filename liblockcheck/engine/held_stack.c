/* Operations on a thread's held-lock stack beyond push and LIFO pop. */
#include "engine/engine_internal.h"

int lc_held_find(const lc_thread *t, const void *addr)
{
	for (unsigned i = t->nheld; i-- > 0;)
		if (t->held[i].addr == addr)
			return (int)i;
	return -1;
}

/* Entry j is the first of an interrupt context: its chain key starts at
 * that context's seed, whatever is below it. */
static bool starts_context(const lc_thread *t, unsigned j, uint64_t *seed)
{
	if (j == t->ctx_base && j) {
		*seed = t->ctx_seed;
		return true;
	}
	/* saved_ctx[k + 1].base is where the context saved in k + 1 starts;
	 * its seed is the one saved when the next handler came in. */
	unsigned n = t->nsaved < 4 ? t->nsaved : 4;
	for (unsigned k = 1; k < n; k++)
		if (t->saved_ctx[k].base == j && j) {
			*seed = t->saved_ctx[k].seed;
			return true;
		}
	*seed = 0;
	return j == 0;
}

/* Context bases above a removed entry move down with the stack. */
static void bases_down(lc_thread *t, unsigned i)
{
	if (t->ctx_base > i)
		t->ctx_base--;
	unsigned n = t->nsaved < 4 ? t->nsaved : 4;
	for (unsigned k = 0; k < n; k++)
		if (t->saved_ctx[k].base > i)
			t->saved_ctx[k].base--;
}

void lc_held_remove(lc_thread *t, unsigned i)
{
	t->mutating = 1;
	__atomic_signal_fence(__ATOMIC_SEQ_CST);
	uint64_t below;
	if (!starts_context(t, i, &below))
		below = t->held[i - 1].chain_key;
	for (unsigned j = i + 1; j < t->nheld; j++) {
		lc_held *h = &t->held[j];
		uint64_t seed;
		if (!starts_context(t, j, &seed))
			h->chain_key = lc_chain_next(below, h->class_key, h->mode, h->subclass, h->try_acq);
		below = h->chain_key;
		t->held[j - 1] = *h;
	}
	bases_down(t, i);
	t->nheld--;
	__atomic_signal_fence(__ATOMIC_SEQ_CST);
	t->mutating = 0;
}

void lc_held_prune_remote(lc_thread *t)
{
	for (unsigned i = t->nheld; i-- > 0;) {
		lc_held *h = &t->held[i];
		if (!lc_type_released_elsewhere((lc_lock_type)h->type))
			continue;
		if (__atomic_load_n(&h->rec->release_gen, __ATOMIC_ACQUIRE) != h->release_gen ||
		    __atomic_load_n(&h->rec->addr, __ATOMIC_RELAXED) != h->addr) {
			if (t->nremote)
				t->nremote--;
			lc_held_remove(t, i);
		}
	}
}

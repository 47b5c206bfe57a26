/* Operations on a thread's held-lock stack beyond push and LIFO pop. */
#include "engine/engine_internal.h"

int lc_held_find(const lc_thread *t, const void *addr)
{
	for (unsigned i = t->nheld; i-- > 0;)
		if (t->held[i].addr == addr)
			return (int)i;
	return -1;
}

void lc_held_remove(lc_thread *t, unsigned i)
{
	t->mutating = 1;
	__atomic_signal_fence(__ATOMIC_SEQ_CST);
	uint64_t below = i ? t->held[i - 1].chain_key : 0;
	for (unsigned j = i + 1; j < t->nheld; j++) {
		lc_held *h = &t->held[j];
		h->chain_key = lc_chain_next(below, h->class_key, h->mode, h->subclass, h->try_acq);
		below = h->chain_key;
		t->held[j - 1] = *h;
	}
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

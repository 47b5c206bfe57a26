/* Open addressing with linear probing; see ptr_table.h. */
#include "engine/ptr_table.h"
#include "lc_runtime.h"

#define TOMB ((void *)1)
#define MIN_SLOTS 64

void *lc_ptr_find(const lc_ptr_table *t, uint64_t hash, const void *key,
		  bool (*eq)(const void *entry, const void *key))
{
	if (!t->mask)
		return NULL;
	for (size_t i = hash & t->mask;; i = (i + 1) & t->mask) {
		void *e = t->slots[i];
		if (!e)
			return NULL;
		if (e != TOMB && eq(e, key))
			return e;
	}
}

static void place(void **slots, size_t mask, void *e, uint64_t hash)
{
	size_t i = hash & mask;
	while (slots[i])
		i = (i + 1) & mask;
	slots[i] = e;
}

static bool rebuild(lc_ptr_table *t, size_t nslots)
{
	void **s = lc_alloc(nslots * sizeof *s);
	if (!s)
		return false;
	for (size_t i = 0; t->mask && i <= t->mask; i++) {
		void *e = t->slots[i];
		if (e && e != TOMB)
			place(s, nslots - 1, e, t->hash_of(e));
	}
	if (t->mask)
		lc_free(t->slots, (t->mask + 1) * sizeof *t->slots);
	t->slots = s;
	t->mask = nslots - 1;
	t->used = t->live;
	return true;
}

bool lc_ptr_insert(lc_ptr_table *t, void *entry)
{
	if (!t->mask || (t->used + 1) * 2 > t->mask + 1) {
		size_t n = MIN_SLOTS;
		while (n < (t->live + 1) * 4)
			n <<= 1;
		if (!rebuild(t, n))
			return false;
	}
	uint64_t h = t->hash_of(entry);
	size_t i = h & t->mask;
	while (t->slots[i] && t->slots[i] != TOMB)
		i = (i + 1) & t->mask;
	if (!t->slots[i])
		t->used++;
	t->slots[i] = entry;
	t->live++;
	return true;
}

void lc_ptr_remove(lc_ptr_table *t, void *entry)
{
	if (!t->mask)
		return;
	for (size_t i = t->hash_of(entry) & t->mask;; i = (i + 1) & t->mask) {
		void *e = t->slots[i];
		if (!e)
			return;
		if (e == entry) {
			t->slots[i] = TOMB;
			t->live--;
			return;
		}
	}
}

size_t lc_ptr_table_bytes(const lc_ptr_table *t)
{
	return t->mask ? (t->mask + 1) * sizeof *t->slots : 0;
}

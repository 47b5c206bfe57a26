/* Which memory holds tracked locks, so that free(), realloc() and munmap()
 * of a range can end the locks in it (lc_on_memory_freed).
 *
 * Every free() of the program asks, so the answer must be cheap and
 * lock-free: a radix tree over 64-byte granules of the address space whose
 * leaves count the lock records starting in each granule.  A range with no
 * leaf, or only zero counts, holds no lock; that is three dependent loads
 * for a small block.  Leaves are made on demand and never unmapped (a
 * reader may be in one); they cost 1/64 of the address span that holds
 * locks now: one whose locks are all gone gives its pages back.  Counts
 * change under the lock table's lock (lc_lock_memory_add and _remove are
 * called from lock_table.c), and readers only ever see a count
 * that is stale by one event, which is as good as racing with the free. */
#include <sys/mman.h>

#include "engine/engine_internal.h"

#define GRANULE_SHIFT 6
#define LEAF_BITS 16
#define MID_BITS 12
#define ROOT_BITS 13 /* 6 + 16 + 12 + 13 = 47 bits: the user address space */
#define LEAF_SIZE ((size_t)1 << LEAF_BITS)
#define MID_SIZE ((size_t)1 << MID_BITS)
#define ROOT_SIZE ((size_t)1 << ROOT_BITS)
#define ADDR_LIMIT ((uintptr_t)1 << (GRANULE_SHIFT + LEAF_BITS + MID_BITS + ROOT_BITS))
#define LEAF_SPAN ((uintptr_t)LEAF_SIZE << GRANULE_SHIFT) /* bytes one leaf covers */

typedef struct leaf {
	uint8_t count[LEAF_SIZE]; /* locks starting in each granule: at most 64 */
} leaf;
typedef struct mid {
	leaf *leaves[MID_SIZE];
	uint32_t live[MID_SIZE]; /* records counted in each leaf */
	uint8_t queued[MID_SIZE]; /* in empty_leaves */
} mid;

static mid *root[ROOT_SIZE];
static unsigned long indexed; /* records counted; 0: every free() says no at once */

static inline leaf *leaf_of(uintptr_t addr)
{
	uintptr_t g = addr >> GRANULE_SHIFT;
	mid *m = __atomic_load_n(&root[g >> (LEAF_BITS + MID_BITS)], __ATOMIC_ACQUIRE);
	if (!m)
		return NULL;
	return __atomic_load_n(&m->leaves[(g >> LEAF_BITS) & (MID_SIZE - 1)], __ATOMIC_ACQUIRE);
}

static inline size_t slot_of(uintptr_t addr)
{
	return (addr >> GRANULE_SHIFT) & (LEAF_SIZE - 1);
}

#define PAGE ((uintptr_t)4096)

/* The live count of addr's leaf, which exists (under the table lock). */
static uint32_t *live_of(uintptr_t addr)
{
	uintptr_t g = addr >> GRANULE_SHIFT;
	return &root[g >> (LEAF_BITS + MID_BITS)]->live[(g >> LEAF_BITS) & (MID_SIZE - 1)];
}

/* Under the table lock. */
static leaf *leaf_make(uintptr_t addr)
{
	uintptr_t g = addr >> GRANULE_SHIFT;
	mid **mp = &root[g >> (LEAF_BITS + MID_BITS)];
	if (!*mp) {
		mid *m = lc_alloc(sizeof *m);
		if (!m)
			return NULL;
		__atomic_store_n(mp, m, __ATOMIC_RELEASE);
	}
	leaf **lp = &(*mp)->leaves[(g >> LEAF_BITS) & (MID_SIZE - 1)];
	if (!*lp) {
		leaf *l = lc_alloc(sizeof *l);
		if (!l)
			return NULL;
		__atomic_store_n(lp, l, __ATOMIC_RELEASE);
	}
	return *lp;
}

void lc_lock_memory_add(const void *lock)
{
	uintptr_t a = (uintptr_t)lock;
	leaf *l = a < ADDR_LIMIT ? leaf_make(a) : NULL;
	/* Out of memory (lc_alloc said so) or an address beyond 47 bits: this
	 * lock's memory is not watched; a reused lock word is still noticed
	 * on use. */
	if (!l)
		return;
	uint8_t *c = &l->count[slot_of(a)];
	__atomic_store_n(c, (uint8_t)(*c + 1), __ATOMIC_RELEASE);
	__atomic_add_fetch(&indexed, 1, __ATOMIC_RELEASE);
	live_of(a)[0]++;
}

/* A leaf that counts no lock any more is all zeros: its pages can go back
 * to the system (MADV_DONTNEED reads back as zeros, so a reader in it sees
 * the same), under the table lock like every count change.  Only the pages
 * wholly inside the leaf: it is carved from an arena shared with others.
 * Leaves that went empty are queued and given back EMPTY_BATCH at a time,
 * those still empty then: a lock made and destroyed over and over in one
 * leaf costs no system call. */
#define EMPTY_BATCH 64
static uintptr_t empty_leaves[EMPTY_BATCH]; /* an address in each */
static unsigned nempty;

static void leaf_release(leaf *l)
{
	uintptr_t lo = ((uintptr_t)l + PAGE - 1) & ~(PAGE - 1);
	uintptr_t hi = ((uintptr_t)l + sizeof *l) & ~(PAGE - 1);
	if (hi > lo)
		madvise((void *)lo, hi - lo, MADV_DONTNEED);
}

static void leaf_went_empty(uintptr_t a)
{
	uintptr_t g = a >> GRANULE_SHIFT;
	mid *m = root[g >> (LEAF_BITS + MID_BITS)];
	size_t k = (g >> LEAF_BITS) & (MID_SIZE - 1);
	if (m->queued[k])
		return;
	m->queued[k] = 1;
	empty_leaves[nempty++] = a;
	if (nempty < EMPTY_BATCH)
		return;
	for (unsigned i = 0; i < nempty; i++) {
		uintptr_t e = empty_leaves[i] >> GRANULE_SHIFT;
		mid *em = root[e >> (LEAF_BITS + MID_BITS)];
		size_t ek = (e >> LEAF_BITS) & (MID_SIZE - 1);
		em->queued[ek] = 0;
		if (!em->live[ek])
			leaf_release(em->leaves[ek]);
	}
	nempty = 0;
}

void lc_lock_memory_remove(const void *lock)
{
	uintptr_t a = (uintptr_t)lock;
	leaf *l = a < ADDR_LIMIT ? leaf_of(a) : NULL;
	if (!l)
		return;
	uint8_t *c = &l->count[slot_of(a)];
	if (*c) {
		__atomic_store_n(c, (uint8_t)(*c - 1), __ATOMIC_RELEASE);
		__atomic_sub_fetch(&indexed, 1, __ATOMIC_RELEASE);
		uint32_t *n = live_of(a);
		if (*n && --*n == 0)
			leaf_went_empty(a);
	}
}


/* The first granule at or after *from, below end, holding a lock: its
 * start, or 0.  Leaves that do not exist are skipped whole. */
static uintptr_t next_granule(uintptr_t from, uintptr_t end)
{
	uintptr_t a = from & ~(((uintptr_t)1 << GRANULE_SHIFT) - 1);
	while (a < end) {
		leaf *l = leaf_of(a);
		uintptr_t leaf_end = (a & ~(LEAF_SPAN - 1)) + LEAF_SPAN;
		if (!l) {
			a = leaf_end;
			continue;
		}
		uintptr_t stop = end < leaf_end ? end : leaf_end;
		for (; a < stop; a += (uintptr_t)1 << GRANULE_SHIFT)
			if (__atomic_load_n(&l->count[slot_of(a)], __ATOMIC_ACQUIRE))
				return a;
	}
	return 0;
}

/* [start, end) clipped to what the index covers; false if empty. */
static bool clip(const void *start, size_t size, uintptr_t *s, uintptr_t *e)
{
	*s = (uintptr_t)start;
	if (size == 0 || *s >= ADDR_LIMIT)
		return false;
	*e = size > ADDR_LIMIT - *s ? ADDR_LIMIT : *s + size;
	return true;
}

bool lc_engine_memory_holds_locks(const void *start, size_t size)
{
	if (LC_LIKELY(!__atomic_load_n(&indexed, __ATOMIC_RELAXED)))
		return false;
	uintptr_t s, e;
	if (!start)
		return true;
	return clip(start, size, &s, &e) && next_granule(s, e) != 0;
}

void lc_engine_memory_freed(const void *start, size_t size, const void *pc)
{
	uintptr_t s, e;
	if (!clip(start, size, &s, &e))
		return;
	for (uintptr_t g = next_granule(s, e); g; g = next_granule(g + (1u << GRANULE_SHIFT), e)) {
		uintptr_t from = g > s ? g : s;
		uintptr_t to = g + (1u << GRANULE_SHIFT);
		if (to > e)
			to = e;
		/* Which addresses of the granule are locks: the table knows. */
		for (uintptr_t a = from; a < to; a++)
			if (lc_table_lookup((const void *)a))
				lc_engine_lock_end((const void *)a, start, size, pc);
	}
}

/* Lock table: lock address -> lock record.
 *
 * Open addressing with linear probing over 4-byte record ids.  Lookups take
 * no lock: they read a slot's id, then its record, and compare the record's
 * address (records are recycled, never unmapped, so a stale id still names
 * readable memory).  Inserts and deletes are serialised by
 * table_lock, which makes reusing tombstones safe.  When live entries plus
 * tombstones pass half the slots the table is rebuilt at a size fitting the
 * live count and published; the old one stays mapped for readers still
 * probing it (a miss there just sends them to the locked slow path).
 * Replaced tables are not kept for ever (table_retire). */
#include <stddef.h>
#include <string.h>
#include <sys/mman.h>

#include "engine/engine_internal.h"
#include "engine/site_classes.h"

#define MIN_BITS 12
#define RECS_PER_SLAB 4096u
/* The record region: the first of these sizes the system lets us reserve
 * (64 Mi records, 8 Mi, 1 Mi, 128 Ki). */
static const size_t region_recs[] = {(size_t)1 << 26, (size_t)1 << 23, (size_t)1 << 20,
				     (size_t)1 << 17};

_Static_assert(sizeof(lc_lockrec) == 64, "a lock record is one cache line");
_Static_assert(offsetof(lc_lockrec, site) == 56, "the site is one aligned 8-byte store");

typedef lc_table table;

lc_table *lc_table_current;
lc_lockrec *lc_rec_base;
static size_t region_cap, region_used; /* in records */
#define current lc_table_current
static lc_spin table_lock = LC_SPIN_INIT;
static unsigned long live;
static lc_lockrec *free_recs;

static inline size_t hash_addr(uintptr_t a)
{
	return (size_t)lc_mix_fast(a); /* the same as lc_table_lookup */
}

static table *table_new(size_t nslots)
{
	table *t = lc_alloc(sizeof *t);
	if (!t)
		return NULL;
	t->slots = lc_alloc(nslots * sizeof *t->slots);
	if (!t->slots) {
		lc_free(t, sizeof *t);
		return NULL;
	}
	t->mask = nslots - 1;
	return t;
}

/* Under table_lock.  Returns the slot of addr, or of the place to insert it
 * (first tombstone on the way, else the empty slot ending the probe). */
static uint32_t *find_slot(table *t, const void *addr, bool *found)
{
	size_t i = hash_addr((uintptr_t)addr) & t->mask;
	uint32_t *tomb = NULL;
	for (;;) {
		uint32_t *s = &t->slots[i];
		if (*s >= LC_REC_ID_BASE && lc_rec_of(*s)->addr == addr) {
			*found = true;
			return s;
		}
		if (*s == LC_SLOT_TOMB && !tomb)
			tomb = s;
		if (*s == LC_SLOT_EMPTY) {
			*found = false;
			return tomb ? tomb : s;
		}
		i = (i + 1) & t->mask;
	}
}

/* Replaced tables, under table_lock.  A lock-free reader may still be
 * probing one, so its slots are never handed to lc_free (another use could
 * fill them with ids naming no record).  A table mapped on its own (big:
 * rebuilt only when the live count doubles) is made empty (MADV_DONTNEED:
 * still readable, all slots free) at the rebuild after the one that replaced
 * it; an arena-sized one is reused as a later table of its size after GRACE
 * rebuilds.  Without this, churn (tombstones force a rebuild
 * every few thousand creations) leaked a table each time. */
#define GRACE 64
#define SMALL_SIZES 3 /* 2^12..2^14 slots: up to 64 KiB, carved from arenas */
static struct {
	table *t;
	unsigned age;
} retired[GRACE];
static unsigned nretired;
static table *spare[SMALL_SIZES];

static int small_index(size_t nslots)
{
	int k = __builtin_ctzl(nslots) - MIN_BITS;
	return k >= 0 && k < SMALL_SIZES && nslots * sizeof(uint32_t) <= ((size_t)1 << 16) ? k : -1;
}

static table *table_get(size_t nslots)
{
	int k = small_index(nslots);
	if (k >= 0 && spare[k]) {
		table *t = spare[k];
		spare[k] = NULL;
		memset(t->slots, 0, nslots * sizeof *t->slots);
		t->used = 0;
		return t;
	}
	return table_new(nslots);
}

static void table_retire(table *old)
{
	unsigned keep = 0;
	for (unsigned i = 0; i < nretired; i++) {
		table *t = retired[i].t;
		size_t n = t->mask + 1;
		unsigned age = ++retired[i].age;
		int k = small_index(n);
		if (k < 0 && age == 1)
			madvise(t->slots, n * sizeof *t->slots, MADV_DONTNEED);
		if (age < GRACE || (k >= 0 && spare[k])) {
			retired[keep++] = retired[i];
			continue;
		}
		if (k >= 0)
			spare[k] = t;
		/* else: emptied long ago; its few bytes of header stay */
	}
	nretired = keep;
	if (nretired < GRACE)
		retired[nretired++].t = old, retired[nretired - 1].age = 0;
}

/* Under table_lock: make room for one more insertion.  The new table is
 * sized for a load of a third: 4-byte slots, about 12 bytes per lock. */
static bool ensure_room(void)
{
	table *t = current;
	if (t && (t->used + 1) * 2 <= t->mask + 1)
		return true;
	size_t want = (size_t)1 << MIN_BITS;
	while (want < (live + 1) * 3)
		want <<= 1;
	table *n = table_get(want);
	if (!n)
		return false;
	if (t) {
		for (size_t i = 0; i <= t->mask; i++) {
			uint32_t id = t->slots[i];
			if (id >= LC_REC_ID_BASE) {
				bool found;
				uint32_t *d = find_slot(n, lc_rec_of(id)->addr, &found);
				*d = id;
				n->used++;
			}
		}
	}
	/* The old table stays readable: lock-free readers may still be in it. */
	__atomic_store_n(&current, n, __ATOMIC_RELEASE);
	if (t)
		table_retire(t);
	return true;
}

/* Virtual space only: pages are backed when records are first written. */
static bool reserve_region(void)
{
	for (unsigned i = 0; i < sizeof region_recs / sizeof *region_recs; i++) {
		size_t bytes = region_recs[i] * sizeof(lc_lockrec);
		void *p = mmap(NULL, bytes, PROT_READ | PROT_WRITE,
			       MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
		if (p != MAP_FAILED) {
			region_cap = region_recs[i];
			__atomic_store_n(&lc_rec_base, (lc_lockrec *)p, __ATOMIC_RELEASE);
			return true;
		}
	}
	lc_out_of_memory();
	return false;
}

static lc_lockrec *rec_alloc(void)
{
	if (!free_recs) {
		if (!lc_rec_base && !reserve_region())
			return NULL;
		if (region_used + RECS_PER_SLAB > region_cap) {
			lc_out_of_memory();
			return NULL;
		}
		lc_lockrec *slab = lc_rec_base + region_used;
		for (unsigned i = RECS_PER_SLAB; i-- > 0;) {
			slab[i].next_free = free_recs;
			free_recs = &slab[i];
		}
		region_used += RECS_PER_SLAB;
	}
	lc_lockrec *r = free_recs;
	free_recs = r->next_free;
	return r;
}

static void rec_init(lc_lockrec *r, const void *addr, const lc_lock_attr *attr, uint64_t key)
{
	r->type = attr->type < LC_LOCK_TYPE_COUNT ? attr->type : LC_LOCK_MUTEX;
	r->flags = attr->flags;
	r->class_name = attr->class_name;
	r->object = attr->object;
	r->object_type = attr->object_type;
	r->class_key = key; /* overwrites next_free */
	__atomic_store_n(&r->owner, 0, __ATOMIC_RELAXED);
	__atomic_store_n(&r->owner_depth, 0, __ATOMIC_RELAXED);
	__atomic_store_n(&r->readers, 0, __ATOMIC_RELAXED);
	lc_rec_set_site(r, NULL);
	__atomic_store_n(&r->addr, addr, __ATOMIC_RELEASE);
}

/* Out of memory (lc_alloc has said so): the lock is not tracked; its
 * unlock must then stay quiet. */
static void note_drop(void)
{
	__atomic_fetch_add(&lc_counters.table_full_drops, 1, __ATOMIC_RELAXED);
}

static lc_lockrec *insert_locked(const void *addr, const lc_lock_attr *attr, uint64_t key,
				 bool reinit)
{
	if (!ensure_room()) {
		note_drop();
		return NULL;
	}
	bool found;
	uint32_t *s = find_slot(current, addr, &found);
	if (found) {
		lc_lockrec *r = lc_rec_of(*s);
		if (reinit)
			rec_init(r, addr, attr, key);
		return r;
	}
	lc_lockrec *r = rec_alloc();
	if (!r) {
		note_drop();
		return NULL;
	}
	rec_init(r, addr, attr, key);
	if (*s == LC_SLOT_EMPTY)
		current->used++;
	__atomic_store_n(s, lc_rec_id(r), __ATOMIC_RELEASE);
	live++;
	lc_counters.locks_seen++;
	lc_lock_memory_add(addr);
	return r;
}

lc_lockrec *lc_table_create(const void *addr, const lc_lock_attr *attr, uint64_t class_key)
{
	lc_spin_lock(&table_lock);
	lc_lockrec *r = insert_locked(addr, attr, class_key, true);
	lc_spin_unlock(&table_lock);
	return r;
}

lc_lockrec *lc_table_get_slow(const void *addr, int type, unsigned lock_flags, lc_mode mode,
			      const void *pc)
{
	lc_lockrec *r;
	/* Only the interceptors say what a lock is: a raw one. */
	unsigned raw = type >= 0 && type < LC_LOCK_TYPE_COUNT ? LC_LOCK_RAW : 0;
	/* Never announced: a statically initialised lock seen first on use. */
	if (!raw)
		type = mode == LC_MODE_READ ? LC_LOCK_RWLOCK : LC_LOCK_MUTEX;
	lc_lock_attr attr = {
		.type = (lc_lock_type)type,
		.flags = lock_flags | LC_LOCK_STATIC_INIT | raw,
	};
	const void *origin = pc;
	uint64_t key = lc_site_classes_for(&attr) ? lc_site_class_first_use(&attr, addr, pc, &origin) : 0;
	if (!key)
		key = lc_class_key_anonymous();
	lc_spin_lock(&table_lock);
	r = insert_locked(addr, &attr, key, false);
	lc_spin_unlock(&table_lock);
	if (r)
		lc_origin_note(addr, origin, true);
	return r;
}

void lc_table_destroy(const void *addr)
{
	lc_spin_lock(&table_lock);
	table *t = current;
	if (t) {
		bool found;
		uint32_t *s = find_slot(t, addr, &found);
		if (found) {
			lc_lockrec *r = lc_rec_of(*s);
			__atomic_store_n(s, LC_SLOT_TOMB, __ATOMIC_RELEASE);
			__atomic_store_n(&r->addr, NULL, __ATOMIC_RELEASE);
			r->next_free = free_recs;
			free_recs = r;
			live--;
			lc_lock_memory_remove(addr);
		}
	}
	lc_spin_unlock(&table_lock);
}

unsigned long lc_table_live(void)
{
	return __atomic_load_n(&live, __ATOMIC_RELAXED);
}

void lc_table_fork_prepare(void)
{
	lc_spin_lock(&table_lock);
}

void lc_table_fork_parent(void)
{
	lc_spin_unlock(&table_lock);
}

void lc_table_fork_child(void)
{
	lc_spin_unlock(&table_lock);
}

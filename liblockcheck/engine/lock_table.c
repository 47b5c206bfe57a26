/* Lock table: lock address -> lock record.
 *
 * Open addressing with linear probing.  Lookups take no lock: they read a
 * slot's key, then its record, and re-check the record's address (records
 * are recycled, never unmapped).  Inserts and deletes are serialised by
 * table_lock, which makes reusing tombstones safe.  When live entries plus
 * tombstones pass half the slots the table is rebuilt at a size fitting the
 * live count and published; the old one stays mapped for readers still
 * probing it (a miss there just sends them to the locked slow path). */
#include <string.h>

#include "engine/engine_internal.h"

#define TOMBSTONE ((uintptr_t)1)
#define MIN_BITS 16
#define RECS_PER_SLAB 4096

_Static_assert(sizeof(lc_lockrec) == 64, "a lock record is one cache line");

typedef lc_table_slot slot;
typedef lc_table table;

lc_table *lc_table_current;
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
	t->slots = lc_alloc(nslots * sizeof(slot));
	if (!t->slots) {
		lc_free(t, sizeof *t);
		return NULL;
	}
	t->mask = nslots - 1;
	return t;
}

/* Under table_lock.  Returns the slot of addr, or of the place to insert it
 * (first tombstone on the way, else the empty slot ending the probe). */
static slot *find_slot(table *t, uintptr_t addr, bool *found)
{
	size_t i = hash_addr(addr) & t->mask;
	slot *tomb = NULL;
	for (;;) {
		slot *s = &t->slots[i];
		if (s->key == addr) {
			*found = true;
			return s;
		}
		if (s->key == TOMBSTONE && !tomb)
			tomb = s;
		if (s->key == 0) {
			*found = false;
			return tomb ? tomb : s;
		}
		i = (i + 1) & t->mask;
	}
}

/* Under table_lock: make room for one more insertion. */
static bool ensure_room(void)
{
	table *t = current;
	if (t && (t->used + 1) * 2 <= t->mask + 1)
		return true;
	size_t want = (size_t)1 << MIN_BITS;
	while (want < (live + 1) * 4)
		want <<= 1;
	table *n = table_new(want);
	if (!n)
		return false;
	if (t) {
		for (size_t i = 0; i <= t->mask; i++) {
			slot *s = &t->slots[i];
			if (s->key > TOMBSTONE && s->rec) {
				bool found;
				slot *d = find_slot(n, s->key, &found);
				d->key = s->key;
				d->rec = s->rec;
				n->used++;
			}
		}
	}
	/* The old table is left mapped: lock-free readers may still be in it. */
	__atomic_store_n(&current, n, __ATOMIC_RELEASE);
	return true;
}

static lc_lockrec *rec_alloc(void)
{
	if (!free_recs) {
		lc_lockrec *slab = lc_alloc(RECS_PER_SLAB * sizeof(lc_lockrec));
		if (!slab)
			return NULL;
		for (unsigned i = 0; i < RECS_PER_SLAB; i++) {
			slab[i].next_free = free_recs;
			free_recs = &slab[i];
		}
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
	slot *s = find_slot(current, (uintptr_t)addr, &found);
	if (found) {
		if (reinit)
			rec_init(s->rec, addr, attr, key);
		return s->rec;
	}
	lc_lockrec *r = rec_alloc();
	if (!r) {
		note_drop();
		return NULL;
	}
	rec_init(r, addr, attr, key);
	if (s->key == 0)
		current->used++;
	__atomic_store_n(&s->rec, r, __ATOMIC_RELEASE);
	__atomic_store_n(&s->key, (uintptr_t)addr, __ATOMIC_RELEASE);
	live++;
	lc_counters.locks_seen++;
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
	/* Never announced: a statically initialised lock seen first on use. */
	if (type < 0 || type >= LC_LOCK_TYPE_COUNT)
		type = mode == LC_MODE_READ ? LC_LOCK_RWLOCK : LC_LOCK_MUTEX;
	lc_lock_attr attr = {
		.type = (lc_lock_type)type,
		.flags = lock_flags | LC_LOCK_STATIC_INIT,
	};
	uint64_t key = lc_class_key_anonymous();
	lc_spin_lock(&table_lock);
	r = insert_locked(addr, &attr, key, false);
	lc_spin_unlock(&table_lock);
	if (r)
		lc_origin_note(addr, pc, true);
	return r;
}

void lc_table_destroy(const void *addr)
{
	lc_spin_lock(&table_lock);
	table *t = current;
	if (t) {
		bool found;
		slot *s = find_slot(t, (uintptr_t)addr, &found);
		if (found) {
			lc_lockrec *r = s->rec;
			__atomic_store_n(&s->key, TOMBSTONE, __ATOMIC_RELEASE);
			__atomic_store_n(&r->addr, NULL, __ATOMIC_RELEASE);
			r->next_free = free_recs;
			free_recs = r;
			live--;
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

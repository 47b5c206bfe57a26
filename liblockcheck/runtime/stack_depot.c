/* The stack depot: each distinct stack stored once, named by a 32-bit id.
 *
 * Order edges and lock records keep an id (4 bytes) instead of a stack:
 * thousands of edges taken at the same call site share one copy.  Frames
 * are opaque words (return addresses today); the depot neither reads nor
 * interprets them.  Entries are never freed, so an id stays valid for the
 * process's life and lc_depot_get needs no lock; lc_depot_put takes the
 * depot's spin lock with trylock, so a signal handler interrupting a put on
 * its own thread gets id 0 (no stack) instead of a deadlock.  Memory comes
 * from lc_alloc: mmap'd, never malloc. */
#include <string.h>

#include "lc_runtime.h"

#define CHUNK_BITS 16
#define CHUNK_IDS (1u << CHUNK_BITS)
#define MAX_CHUNKS (1u << 15) /* ids up to 2^31 */
#define ARENA_BYTES (1u << 20)

typedef struct entry {
	uint32_t hash;
	uint32_t depth;
	uintptr_t frames[];
} entry;

static lc_spin depot_lock = LC_SPIN_INIT;
/* id -> entry, two levels so readers never see a moving array. */
static entry **chunks[MAX_CHUNKS];
static uint32_t next_id = 1; /* 0 means "no stack" */
/* Dedup: open addressing over ids, rebuilt bigger when half full. */
static uint32_t *slots;
static size_t nslots, used;
static char *arena_cur, *arena_end;

static uint32_t hash_frames(const uintptr_t *f, unsigned depth)
{
	uint64_t h = 0x9e3779b97f4a7c15ULL ^ depth;
	for (unsigned i = 0; i < depth; i++) {
		h ^= f[i];
		h *= 0xff51afd7ed558ccdULL;
		h ^= h >> 29;
	}
	uint32_t r = (uint32_t)(h ^ (h >> 32));
	return r ? r : 1;
}

static entry *lookup(uint32_t id)
{
	entry **c = __atomic_load_n(&chunks[id >> CHUNK_BITS], __ATOMIC_ACQUIRE);
	return c ? __atomic_load_n(&c[id & (CHUNK_IDS - 1)], __ATOMIC_ACQUIRE) : NULL;
}

unsigned lc_depot_get(uint32_t id, const uintptr_t **frames)
{
	entry *e = id && (id >> CHUNK_BITS) < MAX_CHUNKS ? lookup(id) : NULL;
	if (!e) {
		*frames = NULL;
		return 0;
	}
	*frames = e->frames;
	return e->depth;
}

/* Under depot_lock. */
static bool grow_slots(void)
{
	size_t n = nslots ? nslots * 2 : 4096;
	uint32_t *s = lc_alloc(n * sizeof *s);
	if (!s)
		return false;
	for (size_t i = 0; i < nslots; i++) {
		uint32_t id = slots[i];
		if (!id)
			continue;
		size_t j = lookup(id)->hash & (n - 1);
		while (s[j])
			j = (j + 1) & (n - 1);
		s[j] = id;
	}
	lc_free(slots, nslots * sizeof *slots);
	slots = s;
	nslots = n;
	return true;
}

static entry *new_entry(uint32_t hash, const uintptr_t *f, unsigned depth)
{
	size_t bytes = (sizeof(entry) + depth * sizeof(uintptr_t) + 7) & ~(size_t)7;
	if ((size_t)(arena_end - arena_cur) < bytes) {
		char *a = lc_alloc(ARENA_BYTES);
		if (!a)
			return NULL;
		arena_cur = a; /* the old arena's tail is abandoned */
		arena_end = a + ARENA_BYTES;
	}
	entry *e = (entry *)arena_cur;
	arena_cur += bytes;
	e->hash = hash;
	e->depth = depth;
	memcpy(e->frames, f, depth * sizeof(uintptr_t));
	return e;
}

static uint32_t publish(entry *e)
{
	uint32_t id = next_id;
	uint32_t c = id >> CHUNK_BITS;
	if (c >= MAX_CHUNKS)
		return 0;
	if (!chunks[c]) {
		entry **chunk = lc_alloc(CHUNK_IDS * sizeof *chunk);
		if (!chunk)
			return 0;
		__atomic_store_n(&chunks[c], chunk, __ATOMIC_RELEASE);
	}
	__atomic_store_n(&chunks[c][id & (CHUNK_IDS - 1)], e, __ATOMIC_RELEASE);
	next_id++;
	return id;
}

uint32_t lc_depot_put(const uintptr_t *frames, unsigned depth)
{
	if (depth == 0 || (depth > 0 && !frames))
		return 0;
	uint32_t hash = hash_frames(frames, depth);
	if (!lc_spin_trylock(&depot_lock))
		return 0;
	uint32_t id = 0;
	if ((used + 1) * 2 > nslots && !grow_slots())
		goto out;
	size_t i = hash & (nslots - 1);
	for (; slots[i]; i = (i + 1) & (nslots - 1)) {
		entry *e = lookup(slots[i]);
		if (e->hash == hash && e->depth == depth &&
		    !memcmp(e->frames, frames, depth * sizeof(uintptr_t))) {
			id = slots[i];
			goto out;
		}
	}
	entry *e = new_entry(hash, frames, depth);
	if (e && (id = publish(e))) {
		slots[i] = id;
		used++;
	}
out:
	lc_spin_unlock(&depot_lock);
	return id;
}

unsigned long lc_depot_count(void)
{
	return __atomic_load_n(&next_id, __ATOMIC_RELAXED) - 1;
}

void lc_depot_fork_prepare(void) { lc_spin_lock(&depot_lock); }
void lc_depot_fork_parent(void) { lc_spin_unlock(&depot_lock); }
void lc_depot_fork_child(void) { lc_spin_unlock(&depot_lock); }

/* Which lock addresses the engine has been told about.
 *
 * A lock set up with PTHREAD_MUTEX_INITIALIZER (or zeroed memory) never goes
 * through pthread_*_init, so the wrappers introduce it to the engine on first
 * use.  This set answers "seen before?" lock-free, without allocating, so it
 * works on every lock call and in signal handlers. */
#ifndef LC_INTERCEPT_LOCK_REGISTRY_H
#define LC_INTERCEPT_LOCK_REGISTRY_H

#include <stdbool.h>
#include <stdint.h>

#include "real.h"

/* Marks lock as known; true if it was not known before. */
LC_HIDDEN bool lc_registry_add(const void *lock);
LC_HIDDEN void lc_registry_remove(const void *lock);

/* The table, exposed only so the lookup below inlines into every wrapper:
 * it runs on every lock call. */
#define LC_REGISTRY_BITS 20
#define LC_REGISTRY_SLOTS (1u << LC_REGISTRY_BITS)
#define LC_REGISTRY_PROBE 128
#define LC_REGISTRY_EMPTY ((uintptr_t)0)
#define LC_REGISTRY_TOMBSTONE ((uintptr_t)1) /* lock addresses are aligned, never 1 */
extern LC_HIDDEN uintptr_t lc_registry_slots[LC_REGISTRY_SLOTS];

static inline unsigned lc_registry_home(uintptr_t key)
{
	return (unsigned)(((key >> 3) * 0x9E3779B97F4A7C15ull) >> (64 - LC_REGISTRY_BITS));
}

static inline uintptr_t lc_registry_load(unsigned i)
{
	return __atomic_load_n(&lc_registry_slots[i & (LC_REGISTRY_SLOTS - 1)], __ATOMIC_ACQUIRE);
}

/* If a probe run is full the lock counts as known: the engine then meets it
 * on acquire without its type, a smaller harm than blocking or forgetting. */
static inline bool lc_registry_contains(const void *lock)
{
	uintptr_t key = (uintptr_t)lock;
	unsigned h = lc_registry_home(key);
	for (unsigned i = 0; i < LC_REGISTRY_PROBE; i++) {
		uintptr_t v = lc_registry_load(h + i);
		if (__builtin_expect(v == key, 1))
			return true;
		if (v == LC_REGISTRY_EMPTY)
			return false;
	}
	return true;
}

#endif

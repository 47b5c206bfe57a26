/* Open-addressing set of lock addresses, linear probing, CAS inserts.
 *
 * A fixed static table: zero pages cost nothing until touched, and there is
 * nothing to allocate or grow (growing would need a lock).  The lookup is
 * inline, in lock_registry.h. */
#include "lock_registry.h"

#define SLOTS LC_REGISTRY_SLOTS
#define MAX_PROBE LC_REGISTRY_PROBE
#define EMPTY LC_REGISTRY_EMPTY
#define TOMBSTONE LC_REGISTRY_TOMBSTONE

uintptr_t lc_registry_slots[SLOTS];
#define slots lc_registry_slots
#define home lc_registry_home
#define load lc_registry_load

bool lc_registry_add(const void *lock)
{
	uintptr_t key = (uintptr_t)lock;
	unsigned h = home(key);
	for (;;) {
		unsigned free_slot = MAX_PROBE;
		unsigned i = 0;
		for (; i < MAX_PROBE; i++) {
			uintptr_t v = load(h + i);
			if (v == key)
				return false;
			if (v == TOMBSTONE && free_slot == MAX_PROBE)
				free_slot = i;
			if (v == EMPTY) {
				if (free_slot == MAX_PROBE)
					free_slot = i;
				break;
			}
		}
		if (free_slot == MAX_PROBE)
			return false;
		uintptr_t expected = load(h + free_slot);
		if (expected != EMPTY && expected != TOMBSTONE)
			continue; /* taken meanwhile: look again, it may be ours */
		/* Two first users of one lock race for the same first free slot;
		 * the loser sees the key on its next look and does not create. */
		if (__atomic_compare_exchange_n(&slots[(h + free_slot) & (SLOTS - 1)], &expected, key,
						false, __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE))
			return true;
	}
}

void lc_registry_remove(const void *lock)
{
	uintptr_t key = (uintptr_t)lock;
	unsigned h = home(key);
	for (unsigned i = 0; i < MAX_PROBE; i++) {
		uintptr_t expected = key;
		if (__atomic_compare_exchange_n(&slots[(h + i) & (SLOTS - 1)], &expected, TOMBSTONE,
						false, __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE))
			continue; /* keep going: a rare race may have stored it twice */
		if (expected == EMPTY)
			return;
	}
}

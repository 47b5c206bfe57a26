/* Private to spec/: the loaded spec's storage and hash table. */
#ifndef LC_SPEC_INTERNAL_H
#define LC_SPEC_INTERNAL_H

#include "spec/lc_spec.h"

/* All of a spec's strings and arrays live in one arena, freed at once. */
typedef struct lc_arena_chunk {
	struct lc_arena_chunk *next;
	size_t used, size;
	unsigned char data[];
} lc_arena_chunk;

typedef struct lc_spec_slot {
	const char *interface;
	const char *name;          /* method name or alias */
	const lc_spec_method *method;
} lc_spec_slot;

struct lc_spec {
	char name[256];
	char era[32];
	lc_arena_chunk *arena;
	lc_spec_method *methods;
	unsigned nmethods;
	lc_spec_slot *slots;       /* open addressing, nslots a power of two */
	unsigned nslots;
};

void *lc_arena_alloc(lc_spec *spec, size_t size);
const char *lc_arena_strdup(lc_spec *spec, const char *s);

/* spec_table.c: builds the method hash (names and aliases); false if out of memory. */
bool lc_spec_index(lc_spec *spec, const char *const *const *method_aliases);

#endif

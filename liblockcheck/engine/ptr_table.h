/* A small open-addressing hash set of pointers for the graph's nodes and
 * edges (slow path only, under lc_graph_lock): no per-entry overhead beyond
 * one slot, deletion by tombstone, rebuilt when half full.  The caller
 * gives each entry's hash and the equality test. */
#ifndef LC_PTR_TABLE_H
#define LC_PTR_TABLE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#pragma GCC visibility push(hidden)

typedef struct lc_ptr_table {
	void **slots;
	size_t mask;    /* slots - 1; 0 while empty */
	size_t used;    /* live + tombstones */
	size_t live;
	uint64_t (*hash_of)(const void *entry);
} lc_ptr_table;

/* The entry equal to key under eq, or NULL. */
void *lc_ptr_find(const lc_ptr_table *t, uint64_t hash, const void *key,
		  bool (*eq)(const void *entry, const void *key));
/* false when out of memory (the entry is then not in the table). */
bool lc_ptr_insert(lc_ptr_table *t, void *entry);
void lc_ptr_remove(lc_ptr_table *t, void *entry);
/* Bytes the slots take (for the memory figures). */
size_t lc_ptr_table_bytes(const lc_ptr_table *t);

#pragma GCC visibility pop

#endif

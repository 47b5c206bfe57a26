/* Storage for a loaded spec: one arena, so freeing a spec is one walk. */
#include <stdlib.h>
#include <string.h>

#include "spec/spec_internal.h"

void *lc_arena_alloc(lc_spec *spec, size_t size)
{
	size = (size + 15) & ~(size_t)15;
	lc_arena_chunk *c = spec->arena;
	if (!c || c->size - c->used < size) {
		size_t chunk = size > 60000 ? size : 60000;
		c = malloc(sizeof *c + chunk);
		if (!c)
			return NULL;
		c->next = spec->arena;
		c->used = 0;
		c->size = chunk;
		spec->arena = c;
	}
	void *p = c->data + c->used;
	c->used += size;
	memset(p, 0, size);
	return p;
}

const char *lc_arena_strdup(lc_spec *spec, const char *s)
{
	if (!s)
		return NULL;
	size_t n = strlen(s) + 1;
	char *p = lc_arena_alloc(spec, n);
	if (p)
		memcpy(p, s, n);
	return p;
}

void lc_spec_free(lc_spec *spec)
{
	if (!spec)
		return;
	lc_arena_chunk *c = spec->arena;
	while (c) {
		lc_arena_chunk *next = c->next;
		free(c);
		c = next;
	}
	free(spec->slots);
	free(spec);
}

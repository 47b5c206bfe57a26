/* The method index: "interface.method" -> method, an open-addressing hash
 * built once at load, so callback entry and exit look up without allocating
 * or locking.  Aliases (the spec's own, and method renames across kernel
 * eras) point at the same method, so code written for read_folio is checked
 * against an old spec's readpage and the other way round. */
#include <stdlib.h>
#include <string.h>

#include "spec/spec_internal.h"

/* Same method, different era: {old, new}. */
static const char *const method_renames[][2] = {
	{"readpage", "read_folio"},
	{"set_page_dirty", "dirty_folio"},
	{"invalidatepage", "invalidate_folio"},
	{"releasepage", "release_folio"},
	{"freepage", "free_folio"},
	{"migratepage", "migrate_folio"},
	{"launder_page", "launder_folio"},
	{"error_remove_page", "error_remove_folio"},
	{"follow_link", "get_link"},
	{"rename2", "rename"},
};

static uint32_t hash_key(const char *iface, const char *name)
{
	uint32_t h = 2166136261u;
	for (const char *p = iface; *p; p++)
		h = (h ^ (unsigned char)*p) * 16777619u;
	h = (h ^ '.') * 16777619u;
	for (const char *p = name; *p; p++)
		h = (h ^ (unsigned char)*p) * 16777619u;
	return h;
}

static lc_spec_slot *slot_for(const lc_spec *spec, const char *iface, const char *name)
{
	uint32_t mask = spec->nslots - 1;
	for (uint32_t i = hash_key(iface, name) & mask;; i = (i + 1) & mask) {
		lc_spec_slot *s = &spec->slots[i];
		if (!s->method || (!strcmp(s->name, name) && !strcmp(s->interface, iface)))
			return s;
	}
}

/* First name wins: a method's own name beats another method's alias. */
static void insert(lc_spec *spec, const char *iface, const char *name, const lc_spec_method *m)
{
	lc_spec_slot *s = slot_for(spec, iface, name);
	if (s->method)
		return;
	s->interface = iface;
	s->name = name;
	s->method = m;
}

bool lc_spec_index(lc_spec *spec, const char *const *const *method_aliases)
{
	unsigned want = 4 * (spec->nmethods + 1) * 2;
	unsigned n = 16;
	while (n < want)
		n <<= 1;
	spec->slots = calloc(n, sizeof *spec->slots);
	if (!spec->slots)
		return false;
	spec->nslots = n;
	/* Own names first, then aliases, then era renames. */
	for (unsigned i = 0; i < spec->nmethods; i++)
		insert(spec, spec->methods[i].interface, spec->methods[i].name, &spec->methods[i]);
	for (unsigned i = 0; i < spec->nmethods; i++)
		for (const char *const *a = method_aliases[i]; a && *a; a++)
			insert(spec, spec->methods[i].interface, *a, &spec->methods[i]);
	for (unsigned i = 0; i < spec->nmethods; i++) {
		const lc_spec_method *m = &spec->methods[i];
		for (size_t r = 0; r < sizeof method_renames / sizeof method_renames[0]; r++) {
			if (!strcmp(m->name, method_renames[r][0]))
				insert(spec, m->interface, method_renames[r][1], m);
			else if (!strcmp(m->name, method_renames[r][1]))
				insert(spec, m->interface, method_renames[r][0], m);
		}
	}
	return true;
}

const lc_spec_method *lc_spec_find(const lc_spec *spec, const char *interface, const char *method)
{
	if (!spec || !spec->nslots || !interface || !method)
		return NULL;
	return slot_for(spec, interface, method)->method;
}

/* Names of report kinds and lock types, and the facts about lock types,
 * from their single lists (lc_kinds.def, lc_lock_types.def). */
#include <string.h>

#include "lc_detectors.h"
#include "lc_finding.h"

static const char *const kind_names[LC_KIND_COUNT] = {
#define LC_KIND(e, name, summary) [LC_KIND_##e] = name,
#include "lc_kinds.def"
#undef LC_KIND
};

static const char *const kind_summaries[LC_KIND_COUNT] = {
#define LC_KIND(e, name, summary) [LC_KIND_##e] = summary,
#include "lc_kinds.def"
#undef LC_KIND
};

typedef struct type_facts {
	const char *name, *wait;
	bool sleeps;
} type_facts;

static const type_facts types[LC_LOCK_TYPE_COUNT] = {
#define LC_LOCK_TYPE(e, name, wait, sleeps, spins, remote) [LC_LOCK_##e] = {name, wait, sleeps},
#include "lc_lock_types.def"
#undef LC_LOCK_TYPE
};

const char *lc_kind_name(lc_kind kind)
{
	return (unsigned)kind < LC_KIND_COUNT ? kind_names[kind] : NULL;
}

const char *lc_kind_summary(lc_kind kind)
{
	return (unsigned)kind < LC_KIND_COUNT ? kind_summaries[kind] : NULL;
}

int lc_kind_from_name(const char *name)
{
	for (int i = 0; name && i < LC_KIND_COUNT; i++)
		if (!strcmp(kind_names[i], name))
			return i;
	return -1;
}

const char *lc_lock_type_name(int type)
{
	return type >= 0 && type < LC_LOCK_TYPE_COUNT ? types[type].name : "lock";
}

const char *lc_lock_type_wait_name(lc_lock_type type)
{
	return (unsigned)type < LC_LOCK_TYPE_COUNT ? types[type].wait : "lock wait";
}

bool lc_lock_type_sleeps(lc_lock_type type)
{
	return (unsigned)type < LC_LOCK_TYPE_COUNT && types[type].sleeps;
}

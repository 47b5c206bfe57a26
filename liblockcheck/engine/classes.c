/* Class keys.  An anonymous lock is its own class: it gets a fresh key that
 * is never reused, so nothing cached about a destroyed lock can match a new
 * one at the same address.  Named classes (lockdep style) share one key per
 * name, whatever the string's address (and under lock_classes=site a raw
 * pthread lock's class is its site: site_classes.c).  The low bits of a key are left for
 * the subclass in graph nodes. */
#include <string.h>

#include "engine/engine_internal.h"
#include "engine/lc_uthash.h"
#include "engine/site_classes.h"

typedef struct named_class {
	char *name;
	uint64_t key;
	UT_hash_handle hh;
} named_class;

static lc_spin class_lock = LC_SPIN_INIT;
static named_class *by_name;
static uint64_t next_key = 1;

uint64_t lc_class_key_anonymous(void)
{
	return __atomic_fetch_add(&next_key, 1, __ATOMIC_RELAXED) << 3;
}

uint64_t lc_class_key_for(const char *class_name, const char **interned)
{
	*interned = NULL;
	if (!class_name)
		return lc_class_key_anonymous();
	lc_spin_lock(&class_lock);
	named_class *c;
	HASH_FIND_STR(by_name, class_name, c);
	if (!c) {
		size_t len = strlen(class_name);
		c = lc_alloc(sizeof *c);
		char *name = lc_alloc(len + 1);
		if (!c || !name) { /* out of memory: an anonymous class is still a class */
			lc_free(c, sizeof *c);
			lc_free(name, len + 1);
			lc_spin_unlock(&class_lock);
			return lc_class_key_anonymous();
		}
		memcpy(name, class_name, len + 1);
		c->name = name;
		c->key = lc_class_key_anonymous();
		HASH_ADD_KEYPTR(hh, by_name, c->name, len, c);
		if (!LC_HASH_ADDED(c)) {
			uint64_t key = c->key; /* still a class, only not shared by name */
			lc_free(c, sizeof *c);
			lc_free(name, len + 1);
			lc_spin_unlock(&class_lock);
			return key;
		}
	}
	uint64_t key = c->key;
	*interned = c->name; /* ours: the caller's string may not live as long */
	lc_spin_unlock(&class_lock);
	return key;
}

void lc_classes_fork_prepare(void)
{
	lc_spin_lock(&class_lock);
	lc_site_classes_fork_prepare();
}

void lc_classes_fork_parent(void)
{
	lc_site_classes_fork_release();
	lc_spin_unlock(&class_lock);
}

void lc_classes_fork_child(void)
{
	lc_site_classes_fork_release();
	lc_spin_unlock(&class_lock);
}

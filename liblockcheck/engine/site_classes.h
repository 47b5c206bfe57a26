/* lock_classes=site (site_classes.c): classes of raw pthread locks by the
 * code site, or the variable, that made them.  Slow paths only: called when
 * a lock record is made. */
#ifndef LC_ENGINE_SITE_CLASSES_H
#define LC_ENGINE_SITE_CLASSES_H

#include "engine/engine_internal.h"

#pragma GCC visibility push(hidden)

/* Whether a new record of a lock with these attributes is classed by site. */
static inline bool lc_site_classes_for(const lc_lock_attr *a)
{
	return LC_UNLIKELY(lc_opt.lock_classes[0] == 's') && !a->class_name &&
	       (a->flags & LC_LOCK_RAW);
}

/* The class key for a lock initialised at pc, with a->class_name set to
 * the class's name and *site to the placed init site; 0 (nothing set) when
 * no class could be made: the lock is then its own class. */
uint64_t lc_site_class_init(lc_lock_attr *a, const void *pc, const void **site);
/* The same for a lock first met on use at pc; *site is then the use. */
uint64_t lc_site_class_first_use(lc_lock_attr *a, const void *lock, const void *pc,
				 const void **site);
/* Whether a class name is a site class's (by its address: they live in one
 * array), and the code site that class stands for (NULL for a variable). */
bool lc_site_class_name(const char *name);
const void *lc_site_class_site(const char *name);
/* A second lock of a site class taken while h, of the same class, is
 * held (site_nesting.c). */
void lc_report_site_nesting(lc_lockrec *rec, const void *lock, lc_mode mode, const lc_held *h,
			    const void *pc);
void lc_site_classes_fork_prepare(void);
void lc_site_classes_fork_release(void);

#pragma GCC visibility pop

#endif

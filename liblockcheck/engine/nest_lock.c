/* Nest locks: the acquisition under way names the lock that serialises its
 * class (a thread-local note, alive only during its checks); a nest lock
 * the thread does not hold is reported as lockdep does. */
#include <stdio.h>

#include "engine/nest_lock.h"

static LC_TLS struct {
	const void *lock; /* the acquisition under way */
	const void *nest; /* its nest lock, held */
} pending;

static __attribute__((noinline, cold)) void report_not_held(const void *lock, const void *nest,
							     lc_mode mode, const void *pc)
{
	if (!lc_opt.detect[LC_KIND_NEST_LOCK_NOT_HELD])
		return;
	lc_lockrec *rec = lc_table_lookup(lock), *nrec = lc_table_lookup(nest);
	char name[160], nname[160], msg[480];
	lc_lock_display(name, sizeof name, rec ? rec->class_name : NULL,
			rec ? (lc_lock_type)rec->type : LC_LOCK_MUTEX, lock);
	lc_lock_display(nname, sizeof nname, nrec ? nrec->class_name : NULL,
			nrec ? (lc_lock_type)nrec->type : LC_LOCK_MUTEX, nest);
	snprintf(msg, sizeof msg,
		 "Nest lock not held: %s is acquired under nest lock %s, which this thread does not hold; "
		 "nothing serialises the locks of its class.",
		 name, nname);
	lc_finding_lock l[2];
	lc_finding_lock_from_rec(&l[0], rec, lock, mode);
	lc_finding_lock_from_rec(&l[1], nrec, nest, -1);
	lc_report_simple(LC_KIND_NEST_LOCK_NOT_HELD, msg, l, 2, pc);
}

int lc_engine_before_acquire_nest(const void *lock, int type, lc_mode mode, unsigned flags,
				  unsigned subclass, const void *nest, const void *pc)
{
	lc_thread *t = lc_thread_get();
	if (LC_UNLIKELY(!t))
		return -1;
	bool held = lc_held_find(t, nest) >= 0;
	if (!held)
		report_not_held(lock, nest, mode, pc);
	pending.lock = held ? lock : NULL;
	pending.nest = nest;
	int known = lc_engine_before_acquire(lock, type, mode, flags, subclass, pc);
	pending.lock = NULL;
	return known;
}

bool lc_nest_serializes(const lc_thread *t, const lc_lockrec *rec, const void *lock,
			unsigned subclass)
{
	if (!pending.lock || pending.lock != lock)
		return false;
	/* lockdep walks the stack from the bottom: the nest lock must come
	 * before the first lock of the class. */
	for (unsigned i = 0; i < t->nheld; i++) {
		const lc_held *h = &t->held[i];
		if (h->addr == pending.nest)
			return true;
		if (h->class_key == rec->class_key && h->subclass == subclass && h->addr != lock)
			return false;
	}
	return false;
}

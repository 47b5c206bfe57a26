/* SITE_CLASS_NESTING: under lock_classes=site, a second lock of one site
 * class taken while the first is held (a hand-over-hand walk down a list of
 * nodes made by one node_new).  There is no self edge in the graph, so no
 * inversion can come of it; what the user must know is that the order
 * between two such locks is not checked in this mode, and that
 * lock_classes=instance checks it.  Lockdep calls this recursive locking
 * and wants a subclass; a pthread program has no subclass to give, so it
 * is its own kind, reported once per place a class nests (the signature). */
#include <stdio.h>

#include "engine/site_classes.h"

void lc_report_site_nesting(lc_lockrec *rec, const void *lock, lc_mode mode, const lc_held *h,
			    const void *pc)
{
	if (!lc_opt.detect[LC_KIND_SITE_CLASS_NESTING])
		return;
	char msg[512], made[200];
	snprintf(msg, sizeof msg,
		 "Site class nesting: %s %p is acquired while %p, made at the same site, is held. "
		 "Under lock_classes=site they are one class, so their order with each other is not checked "
		 "(hand-over-hand down a list is fine); lock_classes=instance checks it.",
		 rec->class_name, lock, h->addr);
	lc_finding_lock l[2];
	lc_finding_lock_from_rec(&l[0], h->rec, h->addr, h->mode);
	lc_finding_lock_from_rec(&l[1], rec, lock, mode);
	/* The held lock's acquisition is left out: one finding per place a
	 * class nests, not one per pair of places. */
	lc_stack site;
	lc_stack_of_pc(&site, lc_site_class_site(rec->class_name));
	snprintf(made, sizeof made, "class %s: made here", rec->class_name);
	lc_finding_stack extra = {.label = made, .stack = &site};
	lc_report_with(LC_KIND_SITE_CLASS_NESTING, msg, l, 2, pc, &extra, 1);
}

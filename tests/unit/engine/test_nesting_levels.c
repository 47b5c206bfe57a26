/* Nesting levels (lockdep subclasses) of any value are distinct graph
 * nodes: none is folded into another, so deep same-class nesting in a
 * consistent order is quiet, and a real inversion at a high level is found. */
#include "engine_test.h"
#include "engine/lc_engine_stats.h"

TestSuite(nesting_levels, .init = engine_test_setup);

static char P1, P2, P3, Q, L, X;

static void p_q_p(unsigned outer, unsigned inner)
{
	lock_sub(&P1, outer);
	lock_w(&Q);
	lock_sub(&P2, inner);
	unlock(&P2);
	unlock(&Q);
	unlock(&P1);
}

Test(nesting_levels, consistent_order_above_level_seven_is_quiet)
{
	make_lock(&P1, LC_LOCK_MUTEX, "node");
	make_lock(&P2, LC_LOCK_MUTEX, "node");
	make_lock(&Q, LC_LOCK_MUTEX, "q");
	p_q_p(8, 9); /* node/8 -> q -> node/9: no cycle */
	p_q_p(8, 9);
	p_q_p(6, 15);
	p_q_p(10, 11);
	cr_assert_eq(nseen, 0, "%s", nseen ? seen[0].message : "");
}

Test(nesting_levels, levels_beyond_seven_are_not_folded_together)
{
	make_lock(&P1, LC_LOCK_MUTEX, "node");
	make_lock(&P2, LC_LOCK_MUTEX, "node");
	make_lock(&P3, LC_LOCK_MUTEX, "node");
	/* A chain down a tree: each level a subclass, always in depth order. */
	for (unsigned depth = 0; depth < 40; depth += 2) {
		lock_sub(&P1, depth);
		lock_sub(&P2, depth + 1);
		lock_sub(&P3, depth + 2);
		unlock(&P3);
		unlock(&P2);
		unlock(&P1);
	}
	cr_assert_eq(nseen, 0, "%s", nseen ? seen[0].message : "");
}

Test(nesting_levels, inversion_at_a_high_level_is_found)
{
	make_lock(&P1, LC_LOCK_MUTEX, "node");
	make_lock(&Q, LC_LOCK_MUTEX, "q");
	lock_sub(&P1, 12);
	lock_w(&Q);
	unlock(&Q);
	unlock(&P1);
	lock_w(&Q);
	lock_sub(&P1, 12);
	unlock(&P1);
	unlock(&Q);
	cr_assert_eq(count_kind(LC_KIND_LOCK_ORDER_INVERSION), 1);
	cr_assert(finding_names_lock(first_of(LC_KIND_LOCK_ORDER_INVERSION), &Q));
}

Test(nesting_levels, same_class_at_the_same_high_level_is_recursive_locking)
{
	make_lock(&P1, LC_LOCK_MUTEX, "node");
	make_lock(&P2, LC_LOCK_MUTEX, "node");
	lock_sub(&P1, 9);
	lock_sub(&P2, 9);
	unlock(&P2);
	unlock(&P1);
	cr_assert_eq(count_kind(LC_KIND_RECURSIVE_LOCKING), 1, "%s", nseen ? seen[0].message : "");
}

Test(nesting_levels, destroying_a_lock_removes_its_high_level_edges)
{
	make_lock(&L, LC_LOCK_MUTEX, NULL);
	make_lock(&X, LC_LOCK_MUTEX, NULL);
	lc_engine_stats before, after;
	lc_engine_get_stats(&before);
	lock_sub(&L, 3);
	lock_w(&X);
	unlock(&X);
	unlock(&L);
	lock_sub(&L, 200);
	lock_w(&X);
	unlock(&X);
	unlock(&L);
	lc_on_lock_destroy(&L);
	lc_engine_get_stats(&after);
	cr_assert_eq(after.edges, before.edges, "edges of every level of L are gone: %lu left",
		     after.edges - before.edges);
	cr_assert_eq(nseen, 0);
}

/* Lock-order inversions: found, and not found where there is no deadlock. */
#include "engine_test.h"
#include "engine/lc_engine_stats.h"

TestSuite(order, .init = engine_test_setup);

static char A, B, C;

Test(order, abba_inversion_is_reported_before_blocking)
{
	make_lock(&A, LC_LOCK_MUTEX, NULL);
	make_lock(&B, LC_LOCK_MUTEX, NULL);
	lock_w(&A);
	lock_w(&B);
	unlock(&B);
	unlock(&A);
	cr_assert_eq(nseen, 0, "a consistent order is clean");
	lock_w(&B);
	lc_on_acquire(&A, LC_MODE_WRITE, 0, 0); /* reported here, before blocking */
	cr_assert_eq(count_kind(LC_KIND_LOCK_ORDER_INVERSION), 1);
	const seen_finding *f = first_of(LC_KIND_LOCK_ORDER_INVERSION);
	cr_assert_eq(f->nlocks, 2);
	cr_assert_eq(f->locks[0].addr, &B, "held lock first");
	cr_assert_eq(f->locks[1].addr, &A, "then the lock being acquired");
	/* The old edge and the current acquisition; where each held lock had
	 * been acquired; where each lock was created. */
	cr_assert_eq(f->nstacks, 6, "edge, current, two held sites, two creations");
	cr_assert(strstr(f->labels[0], "first seen"), "%s", f->labels[0]);
	cr_assert(strncmp(f->labels[1], "current", 7) == 0, "%s", f->labels[1]);
	cr_assert(strstr(f->labels[2], "edge 1: ") && strstr(f->labels[2], "acquired before"), "%s", f->labels[2]);
	cr_assert(strstr(f->labels[3], "acquired (held now)"), "%s", f->labels[3]);
	lc_on_acquired(&A, LC_MODE_WRITE, 0, 0, true);
	unlock(&A);
	unlock(&B);
}

Test(order, consistent_order_is_silent)
{
	make_lock(&A, LC_LOCK_MUTEX, NULL);
	make_lock(&B, LC_LOCK_MUTEX, NULL);
	make_lock(&C, LC_LOCK_MUTEX, NULL);
	for (int i = 0; i < 3; i++) {
		lock_w(&A);
		lock_w(&B);
		lock_w(&C);
		unlock(&C);
		unlock(&B);
		unlock(&A);
		lock_w(&A);
		lock_w(&C);
		unlock(&C);
		unlock(&A);
	}
	cr_assert_eq(nseen, 0);
}

Test(order, cycle_of_three)
{
	make_lock(&A, LC_LOCK_MUTEX, NULL);
	make_lock(&B, LC_LOCK_MUTEX, NULL);
	make_lock(&C, LC_LOCK_MUTEX, NULL);
	lock_w(&A); lock_w(&B); unlock(&B); unlock(&A);
	lock_w(&B); lock_w(&C); unlock(&C); unlock(&B);
	cr_assert_eq(nseen, 0);
	lock_w(&C); lock_w(&A); unlock(&A); unlock(&C);
	cr_assert_eq(count_kind(LC_KIND_LOCK_ORDER_INVERSION), 1);
	const seen_finding *f = first_of(LC_KIND_LOCK_ORDER_INVERSION);
	cr_assert_eq(f->nlocks, 3);
	cr_assert_eq(f->locks[0].addr, &C);
	cr_assert_eq(f->locks[1].addr, &A);
	cr_assert_eq(f->locks[2].addr, &B);
	cr_assert_eq(f->nstacks, 3 * 3, "two edges and current; three held sites; three creations");
}

Test(order, long_cycle_of_forty)
{
	enum { N = 40 };
	static char l[N];
	for (int i = 0; i < N; i++)
		make_lock(&l[i], LC_LOCK_MUTEX, NULL);
	for (int i = 0; i + 1 < N; i++) {
		lock_w(&l[i]);
		lock_w(&l[i + 1]);
		unlock(&l[i + 1]);
		unlock(&l[i]);
	}
	cr_assert_eq(nseen, 0);
	lock_w(&l[N - 1]);
	lock_w(&l[0]);
	unlock(&l[0]);
	unlock(&l[N - 1]);
	cr_assert_eq(count_kind(LC_KIND_LOCK_ORDER_INVERSION), 1);
	const seen_finding *f = first_of(LC_KIND_LOCK_ORDER_INVERSION);
	cr_assert_eq(f->nlocks, N, "whole cycle listed, got %u", f->nlocks);
	for (int i = 0; i < N; i++)
		cr_assert(finding_names_lock(f, &l[i]), "lock %d missing", i);
	cr_assert_eq(f->nstacks, 3 * N, "N-1 edges and current, N held sites, N creations");
}

Test(order, named_classes_invert_across_instances)
{
	static char inode1, inode2, page1, page2;
	make_lock(&inode1, LC_LOCK_MUTEX, "i_rwsem");
	make_lock(&inode2, LC_LOCK_MUTEX, "i_rwsem");
	make_lock(&page1, LC_LOCK_MUTEX, "mmap_lock");
	make_lock(&page2, LC_LOCK_MUTEX, "mmap_lock");
	lock_w(&inode1); lock_w(&page1); unlock(&page1); unlock(&inode1);
	cr_assert_eq(nseen, 0);
	lock_w(&page2); lock_w(&inode2); unlock(&inode2); unlock(&page2);
	cr_assert_eq(count_kind(LC_KIND_LOCK_ORDER_INVERSION), 1);
	const seen_finding *f = first_of(LC_KIND_LOCK_ORDER_INVERSION);
	cr_assert_str_eq(f->locks[0].name, "mmap_lock");
	cr_assert_str_eq(f->locks[1].name, "i_rwsem");
}

Test(order, anonymous_locks_do_not_share_a_class)
{
	static char a1, a2, b1, b2;
	make_lock(&a1, LC_LOCK_MUTEX, NULL);
	make_lock(&a2, LC_LOCK_MUTEX, NULL);
	make_lock(&b1, LC_LOCK_MUTEX, NULL);
	make_lock(&b2, LC_LOCK_MUTEX, NULL);
	lock_w(&a1); lock_w(&b1); unlock(&b1); unlock(&a1);
	lock_w(&b2); lock_w(&a2); unlock(&a2); unlock(&b2);
	cr_assert_eq(nseen, 0);
}

Test(order, trylock_in_the_opposite_order_is_silent)
{
	make_lock(&A, LC_LOCK_MUTEX, NULL);
	make_lock(&B, LC_LOCK_MUTEX, NULL);
	lock_w(&A); lock_w(&B); unlock(&B); unlock(&A);
	lock_w(&B);
	try_w(&A, true);
	unlock(&A);
	try_w(&A, false);
	unlock(&B);
	cr_assert_eq(nseen, 0);
}

Test(order, trylocked_lock_orders_later_acquisitions)
{
	make_lock(&A, LC_LOCK_MUTEX, NULL);
	make_lock(&B, LC_LOCK_MUTEX, NULL);
	try_w(&A, true);
	lock_w(&B); /* edge A -> B */
	unlock(&B);
	unlock(&A);
	lock_w(&B);
	lock_w(&A);
	unlock(&A);
	unlock(&B);
	cr_assert_eq(count_kind(LC_KIND_LOCK_ORDER_INVERSION), 1);
}

Test(order, hand_over_hand_is_silent)
{
	enum { N = 50 };
	static char m[N];
	for (int i = 0; i < N; i++)
		make_lock(&m[i], LC_LOCK_MUTEX, NULL);
	for (int round = 0; round < 2; round++) {
		lock_w(&m[0]);
		for (int i = 1; i < N; i++) {
			lock_w(&m[i]);
			unlock(&m[i - 1]);
		}
		unlock(&m[N - 1]);
	}
	cr_assert_eq(nseen, 0, "%s", nseen ? seen[0].message : "");
}

Test(order, recreated_lock_starts_clean)
{
	make_lock(&A, LC_LOCK_MUTEX, NULL);
	make_lock(&B, LC_LOCK_MUTEX, NULL);
	lock_w(&A); lock_w(&B); unlock(&B); unlock(&A);
	lc_on_lock_destroy(&A);
	make_lock(&A, LC_LOCK_MUTEX, NULL); /* a new lock at the same address */
	lock_w(&B); lock_w(&A); unlock(&A); unlock(&B);
	cr_assert_eq(nseen, 0);
	/* Re-initialising without destroy also starts clean. */
	make_lock(&B, LC_LOCK_MUTEX, NULL);
	lock_w(&A); lock_w(&B); unlock(&B); unlock(&A);
	cr_assert_eq(nseen, 0);
}

Test(order, destroying_one_named_instance_keeps_the_class)
{
	static char x1, x2, y;
	make_lock(&x1, LC_LOCK_MUTEX, "xclass");
	make_lock(&y, LC_LOCK_MUTEX, "yclass");
	lock_w(&x1); lock_w(&y); unlock(&y); unlock(&x1);
	lc_on_lock_destroy(&x1);
	make_lock(&x2, LC_LOCK_MUTEX, "xclass");
	lock_w(&y); lock_w(&x2); unlock(&x2); unlock(&y);
	cr_assert_eq(count_kind(LC_KIND_LOCK_ORDER_INVERSION), 1);
}

Test(order, unannounced_lock_is_tracked_as_static)
{
	static char s1, s2;
	lock_w(&s1); lock_w(&s2); unlock(&s2); unlock(&s1);
	lock_w(&s2); lock_w(&s1); unlock(&s1); unlock(&s2);
	cr_assert_eq(count_kind(LC_KIND_LOCK_ORDER_INVERSION), 1);
}

/* A chain is cached once a validation finds nothing new: the second time
 * it is seen.  A chain seen only once (a lock created, taken, destroyed)
 * never fills the cache. */
Test(order, chain_cache_skips_graph_work_from_the_third_time)
{
	make_lock(&A, LC_LOCK_MUTEX, NULL);
	make_lock(&B, LC_LOCK_MUTEX, NULL);
	lc_engine_stats s0, s1, s2;
	lc_engine_get_stats(&s0);
	lock_w(&A); lock_w(&B); unlock(&B); unlock(&A);
	lock_w(&A); lock_w(&B); unlock(&B); unlock(&A);
	lc_engine_get_stats(&s1);
	cr_assert_eq(s1.graph_validations, s0.graph_validations + 2);
	for (int i = 0; i < 100; i++) {
		lock_w(&A); lock_w(&B); unlock(&B); unlock(&A);
	}
	lc_engine_get_stats(&s2);
	cr_assert_eq(s2.graph_validations, s1.graph_validations, "cached chains do no graph work");
	cr_assert_eq(s2.edges, s1.edges);
	/* A new chain is validated again. */
	lock_w(&B); lock_w(&A); unlock(&A); unlock(&B);
	lc_engine_stats s3;
	lc_engine_get_stats(&s3);
	cr_assert_eq(s3.graph_validations, s2.graph_validations + 1);
}

Test(order, out_of_order_release_keeps_chains_right)
{
	make_lock(&A, LC_LOCK_MUTEX, NULL);
	make_lock(&B, LC_LOCK_MUTEX, NULL);
	make_lock(&C, LC_LOCK_MUTEX, NULL);
	for (int round = 0; round < 2; round++) { /* the second round caches it */
		lock_w(&A); lock_w(&B);
		unlock(&A); /* B stays held alone: its chain key must become B's alone */
		lock_w(&C);
		unlock(&C); unlock(&B);
	}
	lc_engine_stats s0, s1;
	lc_engine_get_stats(&s0);
	lock_w(&B); lock_w(&C); unlock(&C); unlock(&B); /* the same chain [B, C] */
	lc_engine_get_stats(&s1);
	cr_assert_eq(s1.graph_validations, s0.graph_validations, "chain [B, C] was cached");
	cr_assert_eq(nseen, 0);
	lock_w(&C); lock_w(&B); unlock(&B); unlock(&C); /* closes B -> C -> B */
	cr_assert_eq(count_kind(LC_KIND_LOCK_ORDER_INVERSION), 1);
}

Test(order, stacks_start_in_the_code_that_called_the_library)
{
	make_lock(&A, LC_LOCK_MUTEX, NULL);
	make_lock(&B, LC_LOCK_MUTEX, NULL);
	lock_w(&A); lock_w(&B); unlock(&B); unlock(&A);
	lock_w(&B); lock_w(&A); unlock(&A); unlock(&B);
	const seen_finding *f = first_of(LC_KIND_LOCK_ORDER_INVERSION);
	cr_assert(f);
	/* Both acquisitions' stacks start in the caller of the library; the held
	 * locks' sites are that call too (or its caller, when the call is a
	 * tail call, as lock_w's last one is). */
	for (unsigned i = 0; i < f->nstacks && i < 4; i++) {
		cr_assert_neq(f->top_pc[i], 0, "stack %u is empty", i);
		lc_frame_info fi;
		lc_stack_symbolize(f->top_pc[i], &fi);
		if (i < 2)
			cr_assert_str_eq(fi.function, "lock_w", "stack %u starts in %s", i, fi.function);
		else
			cr_assert(!strcmp(fi.function, "lock_w") || strstr(fi.function, "stacks_start_in_the_code"),
				  "site %u is in %s", i, fi.function);
	}
}

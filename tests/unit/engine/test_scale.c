/* Scale: deep nesting, the held-lock limit, a million live locks. */
#include <stdlib.h>

#include "engine_test.h"
#include "engine/lc_engine_stats.h"
#include "lc_detectors.h"

TestSuite(scale, .init = engine_test_setup, .timeout = 120);

Test(scale, nesting_1500_locks)
{
	enum { N = 1500 };
	static char l[N];
	for (int i = 0; i < N; i++)
		make_lock(&l[i], LC_LOCK_MUTEX, NULL);
	for (int i = 0; i < N; i++)
		lock_w(&l[i]);
	cr_assert_eq(lc_query_held_count(), N);
	for (int i = N; i-- > 0;)
		unlock(&l[i]);
	cr_assert_eq(lc_query_held_count(), 0);
	cr_assert_eq(nseen, 0);
	/* The deepest lock taken first now closes a cycle with the first one. */
	lock_w(&l[N - 1]);
	lock_w(&l[0]);
	cr_assert_eq(count_kind(LC_KIND_LOCK_ORDER_INVERSION), 1);
}

Test(scale, held_limit_is_reported_once_and_tracking_goes_on)
{
	lc_opt.max_held = 8;
	enum { N = 12 };
	static char l[N];
	for (int i = 0; i < N; i++)
		make_lock(&l[i], LC_LOCK_MUTEX, NULL);
	for (int i = 0; i < N; i++)
		lock_w(&l[i]);
	cr_assert_eq(count_kind(LC_KIND_HELD_LIMIT), 1);
	cr_assert_eq(lc_query_held_count(), 8);
	for (int i = N; i-- > 0;)
		unlock(&l[i]);
	cr_assert_eq(lc_query_held_count(), 0);
	cr_assert_eq(nseen, 1, "no unlock-not-held for untracked locks: %s", seen[nseen - 1].message);
	static char a, b;
	lock_w(&a); lock_w(&b); unlock(&b); unlock(&a);
	lock_w(&b); lock_w(&a); unlock(&a); unlock(&b);
	cr_assert_eq(count_kind(LC_KIND_LOCK_ORDER_INVERSION), 1, "still detecting");
}

Test(scale, held_limit_quiet_below_the_limit)
{
	lc_opt.max_held = 8;
	static char l[8];
	for (int i = 0; i < 8; i++)
		lock_w(&l[i]);
	for (int i = 8; i-- > 0;)
		unlock(&l[i]);
	cr_assert_eq(nseen, 0);
}

Test(scale, a_million_live_locks)
{
	enum { N = 1000000 };
	char *locks = malloc(N);
	cr_assert(locks);
	for (int i = 0; i < N; i++)
		make_lock(&locks[i], LC_LOCK_MUTEX, NULL);
	lc_engine_stats st;
	lc_engine_get_stats(&st);
	cr_assert_geq(st.live_locks, N);
	cr_assert_eq(st.table_full_drops, 0);
	static char outer;
	make_lock(&outer, LC_LOCK_MUTEX, NULL);
	for (int i = 0; i < N; i++) {
		lock_w(&locks[i]);
		unlock(&locks[i]);
	}
	lock_w(&outer);
	for (int i = 0; i < N; i += 97) {
		lock_w(&locks[i]);
		unlock(&locks[i]);
	}
	unlock(&outer);
	for (int i = 0; i < N; i++)
		lc_on_lock_destroy(&locks[i]);
	lc_engine_get_stats(&st);
	cr_assert_lt(st.live_locks, 16);
	cr_assert_eq(nseen, 0);
	/* Reuse the addresses: clean classes, the old edges are gone. */
	for (int i = 0; i < N; i += 97) {
		make_lock(&locks[i], LC_LOCK_MUTEX, NULL);
		lock_w(&locks[i]);
		lock_w(&outer);
		unlock(&outer);
		unlock(&locks[i]);
	}
	cr_assert_eq(nseen, 0, "%s", nseen ? seen[0].message : "");
	free(locks);
}

/* Every subset of 20 locks, taken in ascending order, is a distinct chain:
 * about a million of them, more than the chain cache holds. */
enum { SUBSET_LOCKS = 20 };
static char subset_locks[SUBSET_LOCKS];

static void every_subset_from(int first)
{
	for (int i = first; i < SUBSET_LOCKS; i++) {
		lock_w(&subset_locks[i]);
		every_subset_from(i + 1);
		unlock(&subset_locks[i]);
	}
}

Test(scale, a_million_chains_overflow_the_cache_safely)
{
	for (int i = 0; i < SUBSET_LOCKS; i++)
		make_lock(&subset_locks[i], LC_LOCK_MUTEX, NULL);
	every_subset_from(0);
	lc_engine_stats st;
	lc_engine_get_stats(&st);
	cr_assert_geq(st.chain_cache_wipes, 1);
	cr_assert_eq(st.edges, SUBSET_LOCKS * (SUBSET_LOCKS - 1) / 2);
	cr_assert_eq(nseen, 0);
	/* Still validating after the wipe: the reverse order is caught. */
	lock_w(&subset_locks[SUBSET_LOCKS - 1]);
	lock_w(&subset_locks[0]);
	cr_assert_eq(count_kind(LC_KIND_LOCK_ORDER_INVERSION), 1);
}

/* One lock held while 100,000 others are taken under it: edge lookups and
 * removals must not be linear in the number of edges a lock has. */
Test(scale, one_outer_lock_over_many_inner_locks)
{
	enum { N = 100000 };
	char *inner = malloc(N);
	static char outer;
	make_lock(&outer, LC_LOCK_MUTEX, NULL);
	for (int round = 0; round < 2; round++) {
		for (int i = 0; i < N; i++)
			make_lock(&inner[i], LC_LOCK_MUTEX, NULL);
		lock_w(&outer);
		for (int i = 0; i < N; i++) {
			lock_w(&inner[i]);
			unlock(&inner[i]);
		}
		unlock(&outer);
		lc_engine_stats st;
		lc_engine_get_stats(&st);
		cr_assert_eq(st.edges, N);
		/* Another inner lock each round: the same finding twice is a duplicate. */
		lock_w(&inner[N / 2 + round]);
		lock_w(&outer);
		unlock(&outer);
		unlock(&inner[N / 2 + round]);
		cr_assert_eq(count_kind(LC_KIND_LOCK_ORDER_INVERSION), (unsigned)round + 1);
		for (int i = 0; i < N; i++)
			lc_on_lock_destroy(&inner[i]);
		lc_engine_get_stats(&st);
		cr_assert_eq(st.edges, 0, "destroyed locks take their edges along");
	}
	free(inner);
}

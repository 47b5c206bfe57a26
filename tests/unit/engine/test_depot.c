/* The stack depot: identical stacks share one id, ids give back the frames
 * as they were, and running out of memory gives id 0 (no stack), not a
 * crash. */
#include "engine_test.h"

#include <criterion/redirect.h>

Test(depot, identical_stacks_share_one_id)
{
	uintptr_t a[3] = {0x1000, 0x2000, 0x3000}, b[3] = {0x1000, 0x2000, 0x3001};
	uint32_t ia = lc_depot_put(a, 3), ib = lc_depot_put(b, 3), ia2 = lc_depot_put(a, 3);
	cr_assert_neq(ia, 0);
	cr_assert_neq(ib, 0);
	cr_assert_neq(ia, ib, "different frames, different ids");
	cr_assert_eq(ia, ia2, "the same frames, the same id");
	cr_assert_eq(lc_depot_put(a, 2) == ia, 0, "a shorter stack is another stack");
	const uintptr_t *f;
	cr_assert_eq(lc_depot_get(ia, &f), 3);
	cr_assert_eq(f[0], 0x1000);
	cr_assert_eq(f[2], 0x3000);
	cr_assert_eq(lc_depot_get(0, &f), 0);
	cr_assert_null(f);
	cr_assert_eq(lc_depot_get(0x7fffffff, &f), 0, "an id never given is unknown");
}

Test(depot, many_stacks_keep_their_frames)
{
	static uint32_t ids[20000];
	for (uintptr_t i = 0; i < 20000; i++) {
		uintptr_t fr[4] = {i, i * 3, i * 7, 42};
		ids[i] = lc_depot_put(fr, 4);
		cr_assert_neq(ids[i], 0);
	}
	for (uintptr_t i = 0; i < 20000; i += 997) {
		const uintptr_t *f;
		cr_assert_eq(lc_depot_get(ids[i], &f), 4);
		cr_assert_eq(f[1], i * 3);
	}
}

Test(depot, out_of_memory_gives_no_stack, .init = cr_redirect_stderr)
{
	uintptr_t fr[2] = {0xabc, 0xdef};
	lc_alloc_inject_failure(0);
	cr_assert_eq(lc_depot_put(fr, 2), 0);
	lc_alloc_inject_failure(-1);
	uint32_t id = lc_depot_put(fr, 2);
	cr_assert_neq(id, 0, "memory is back");
	cr_assert_geq(lc_out_of_memory_count(), 1);
}

/* fs_reclaim: an allocation that may enter filesystem reclaim, made while
 * reclaim runs, and the gfp masks and memalloc scopes that do not
 * (lockdep's fs_reclaim tests). */
#include "irq_test.h"

TestSuite(fs_reclaim, .init = irq_test_setup);

static DEFINE_MUTEX(fs_lock);

Test(fs_reclaim, gfp_kernel_inside_reclaim_is_reported)
{
	fs_reclaim_acquire(GFP_KERNEL);
	might_alloc(GFP_KERNEL);
	fs_reclaim_release(GFP_KERNEL);
	cr_assert_eq(irq_count(LC_KIND_SELF_DEADLOCK), 1, "%s", irq_nfindings ? irq_findings[0].message : "");
	cr_assert(strstr(irq_findings[0].message, "fs_reclaim"), "%s", irq_findings[0].message);
}

Test(fs_reclaim, nofs_and_scopes_are_quiet)
{
	fs_reclaim_acquire(GFP_KERNEL);
	might_alloc(GFP_NOFS);
	might_alloc(GFP_NOIO);
	might_alloc(GFP_ATOMIC);
	unsigned flags = memalloc_nofs_save();
	might_alloc(GFP_KERNEL);
	unsigned inner = memalloc_nofs_save();
	memalloc_nofs_restore(inner);
	might_alloc(GFP_KERNEL);
	memalloc_nofs_restore(flags);
	flags = memalloc_noio_save();
	might_alloc(GFP_KERNEL);
	memalloc_noio_restore(flags);
	fs_reclaim_release(GFP_KERNEL);
	cr_assert_eq(irq_nfindings, 0, "%s", irq_nfindings ? irq_findings[0].message : "");
	/* The scope ended: GFP_KERNEL recurses again. */
	fs_reclaim_acquire(GFP_KERNEL);
	might_alloc(GFP_KERNEL);
	cr_assert_eq(irq_nfindings, 1);
}

/* A lock taken in reclaim and held around a GFP_KERNEL allocation. */
Test(fs_reclaim, lock_held_around_allocation_and_taken_in_reclaim)
{
	fs_reclaim_acquire(GFP_KERNEL);
	mutex_lock(&fs_lock);
	mutex_unlock(&fs_lock);
	fs_reclaim_release(GFP_KERNEL);
	cr_assert_eq(irq_nfindings, 0);
	mutex_lock(&fs_lock);
	might_alloc(GFP_KERNEL);
	mutex_unlock(&fs_lock);
	cr_assert_eq(irq_count(LC_KIND_LOCK_ORDER_INVERSION), 1);
}

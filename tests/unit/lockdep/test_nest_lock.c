/* nest-lock-not-held, and what a held nest lock allows: locks of one class
 * taken under it are neither recursive locking nor ordered (lockdep's
 * nest_lock), through kernel.h and the plain annotation API. */
#include "irq_test.h"

TestSuite(nest_lock, .init = irq_test_setup);

static struct mutex parent, child1, child2;
static DEFINE_SPINLOCK(other);

/* Both children share one class, as objects of one type do. */
static void init_children(void)
{
	mutex_init_class(&parent, "parent", 0, 0);
	mutex_init_class(&child1, "child", 0, 0);
	mutex_init_class(&child2, "child", 0, 0);
}

Test(nest_lock, many_of_a_class_under_the_nest_lock_are_quiet)
{
	init_children();
	mutex_lock(&parent);
	mutex_lock_nest_lock(&child1, &parent);
	mutex_lock_nest_lock(&child2, &parent);
	mutex_unlock(&child2);
	mutex_unlock(&child1);
	mutex_unlock(&parent);
	cr_assert_eq(irq_nfindings, 0, "%s", irq_nfindings ? irq_findings[0].message : "");
}

Test(nest_lock, same_class_without_it_is_recursive_locking)
{
	init_children();
	mutex_lock(&parent);
	mutex_lock(&child1);
	mutex_lock(&child2);
	cr_assert_eq(irq_count(LC_KIND_RECURSIVE_LOCKING), 1);
}

Test(nest_lock, nest_lock_not_held_is_reported)
{
	init_children();
	mutex_lock_nest_lock(&child1, &parent);
	cr_assert_eq(irq_nfindings, 1, "%s", irq_nfindings > 1 ? irq_findings[1].message : "");
	const irq_seen *f = irq_first(LC_KIND_NEST_LOCK_NOT_HELD);
	cr_assert_not_null(f);
	cr_assert_eq(f->locks[0], &child1);
	cr_assert_eq(f->locks[1], &parent);
	cr_assert(strstr(f->message, "child is acquired under nest lock parent, which this thread does not hold"),
		  "%s", f->message);
}

/* lockdep's spinlock nest test: no order between the children through a
 * lock taken between them. */
Test(nest_lock, no_order_between_children_through_another_lock)
{
	spinlock_t s1, s2;
	spin_lock_init_class(&s1, "slot", 0, 0);
	spin_lock_init_class(&s2, "slot", 0, 0);
	spinlock_t top;
	spin_lock_init_class(&top, "table", 0, 0);
	spin_lock(&top);
	spin_lock_nest_lock(&s1, &top);
	spin_lock(&other);
	spin_lock_nest_lock(&s2, &top);
	spin_unlock(&other);
	spin_unlock(&s2);
	spin_unlock(&s1);
	spin_unlock(&top);
	/* The other order, other -> slot: no inversion with slot -> other. */
	spin_lock(&other);
	spin_lock(&s1);
	spin_unlock(&s1);
	spin_unlock(&other);
	cr_assert_eq(irq_nfindings, 1, "%s", irq_nfindings ? irq_findings[0].message : "");
	/* slot -> other was recorded by the first child, so the reverse order is one. */
	cr_assert_eq(irq_count(LC_KIND_LOCK_ORDER_INVERSION), 1);
}

/* The nest lock must be taken before the first lock of the class, as lockdep
 * walks the held stack from the bottom. */
Test(nest_lock, nest_lock_taken_after_the_first_child_does_not_serialise)
{
	init_children();
	mutex_lock(&child1);
	mutex_lock(&parent);
	mutex_lock_nest_lock(&child2, &parent);
	cr_assert_eq(irq_count(LC_KIND_RECURSIVE_LOCKING), 1);
}

/* Raw lockdep annotations: lock_acquire's nest_lock argument. */
Test(nest_lock, raw_annotation_nest_argument)
{
	static struct lockdep_map a = STATIC_LOCKDEP_MAP_INIT("a", 0), b = STATIC_LOCKDEP_MAP_INIT("b", 0);
	init_children();
	lockdep_init_map(&a, "item", 0, 0);
	lockdep_init_map(&b, "item", 0, 0);
	mutex_lock(&parent);
	mutex_acquire_nest(&a, 0, 0, &parent.dep_map, 0);
	mutex_acquire_nest(&b, 0, 0, &parent.dep_map, 0);
	mutex_release(&b, 0);
	mutex_release(&a, 0);
	mutex_unlock(&parent);
	cr_assert_eq(irq_nfindings, 0, "%s", irq_nfindings ? irq_findings[0].message : "");
	mutex_acquire_nest(&a, 0, 0, &parent.dep_map, 0);
	cr_assert_eq(irq_count(LC_KIND_NEST_LOCK_NOT_HELD), 1);
}

/* The plain annotation API, as pthread code would use it. */
Test(nest_lock, annotation_api)
{
	static int table, row1, row2;
	lockcheck_lock_init(&table, "table", LOCKCHECK_MUTEX, 0, 0);
	lockcheck_lock_init(&row1, "row", LOCKCHECK_MUTEX, 0, 0);
	lockcheck_lock_init(&row2, "row", LOCKCHECK_MUTEX, 0, 0);
	lockcheck_acquire(&table, LOCKCHECK_WRITE, 0, 0);
	lockcheck_acquired(&table, LOCKCHECK_WRITE, 0, 0, 1);
	lockcheck_acquire_nest(&row1, LOCKCHECK_WRITE, 0, 0, &table);
	lockcheck_acquired(&row1, LOCKCHECK_WRITE, 0, 0, 1);
	lockcheck_acquire_nest(&row2, LOCKCHECK_WRITE, 0, 0, &table);
	lockcheck_acquired(&row2, LOCKCHECK_WRITE, 0, 0, 1);
	lockcheck_release(&row2);
	lockcheck_release(&row1);
	lockcheck_release(&table);
	cr_assert_eq(irq_nfindings, 0, "%s", irq_nfindings ? irq_findings[0].message : "");
	lockcheck_acquire_nest(&row1, LOCKCHECK_WRITE, 0, 0, &table);
	lockcheck_acquired(&row1, LOCKCHECK_WRITE, 0, 0, 1);
	cr_assert_eq(irq_count(LC_KIND_NEST_LOCK_NOT_HELD), 1);
	cr_assert_eq(irq_first(LC_KIND_NEST_LOCK_NOT_HELD)->locks[1], &table);
}

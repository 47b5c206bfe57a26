/* init-held: initialising a lock that is held. */
#include "irq_test.h"

TestSuite(init_held, .init = irq_test_setup);

static DEFINE_SPINLOCK(held_spin);
static DEFINE_RWLOCK(held_rw);

Test(init_held, spin_lock_init_while_held)
{
	spin_lock(&held_spin);
	spin_lock_init(&held_spin);
	cr_assert_eq(irq_count(LC_KIND_INIT_HELD), 1);
	cr_assert_eq(irq_first(LC_KIND_INIT_HELD)->locks[0], &held_spin);
}

Test(init_held, rwlock_init_while_read_held)
{
	read_lock(&held_rw);
	rwlock_init(&held_rw);
	cr_assert_eq(irq_count(LC_KIND_INIT_HELD), 1);
}

Test(init_held, init_after_unlock_is_quiet)
{
	spin_lock(&held_spin);
	spin_unlock(&held_spin);
	spin_lock_init(&held_spin);
	spin_lock(&held_spin);
	spin_unlock(&held_spin);
	cr_assert_eq(irq_nfindings, 0, "%s", irq_nfindings ? irq_findings[0].message : "");
}

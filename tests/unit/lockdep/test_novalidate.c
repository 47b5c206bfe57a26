/* lockdep_set_novalidate_class / LOCKCHECK_INIT_NO_VALIDATE: left out of
 * order checking, still checked for misuse. */
#include "irq_test.h"

TestSuite(novalidate, .init = irq_test_setup);

static DEFINE_MUTEX(dev_mutex);
static DEFINE_MUTEX(other);

static void abba(void)
{
	mutex_lock(&dev_mutex);
	mutex_lock(&other);
	mutex_unlock(&other);
	mutex_unlock(&dev_mutex);
	mutex_lock(&other);
	mutex_lock(&dev_mutex);
	mutex_unlock(&dev_mutex);
	mutex_unlock(&other);
}

Test(novalidate, inversion_is_reported_without_it)
{
	mutex_init(&dev_mutex);
	abba();
	cr_assert_eq(irq_count(LC_KIND_LOCK_ORDER_INVERSION), 1);
}

Test(novalidate, no_order_checking_with_it)
{
	mutex_init(&dev_mutex);
	lockdep_set_novalidate_class(&dev_mutex);
	abba();
	cr_assert_eq(irq_nfindings, 0, "%s", irq_nfindings ? irq_findings[0].message : "");
}

Test(novalidate, misuse_still_checked)
{
	mutex_init(&dev_mutex);
	lockdep_set_novalidate_class(&dev_mutex);
	mutex_unlock(&dev_mutex);
	cr_assert_eq(irq_count(LC_KIND_UNLOCK_NOT_HELD), 1);
}

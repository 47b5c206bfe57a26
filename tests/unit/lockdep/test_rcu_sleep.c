/* Sleeping inside rcu_read_lock(): a mutex or might_sleep() there is
 * blocking in atomic context; a spinlock is fine. */
#include "irq_test.h"

TestSuite(rcu_sleep, .init = irq_test_setup);

static DEFINE_MUTEX(cfg_mutex);
static DEFINE_SPINLOCK(cfg_spin);

Test(rcu_sleep, mutex_in_rcu_read_section)
{
	rcu_read_lock();
	mutex_lock(&cfg_mutex);
	mutex_unlock(&cfg_mutex);
	rcu_read_unlock();
	cr_assert_eq(irq_count(LC_KIND_BLOCKING_IN_ATOMIC), 1);
	cr_assert(strstr(irq_first(LC_KIND_BLOCKING_IN_ATOMIC)->message, "RCU read-side"), "%s",
		  irq_first(LC_KIND_BLOCKING_IN_ATOMIC)->message);
}

Test(rcu_sleep, might_sleep_in_rcu_read_section)
{
	rcu_read_lock();
	might_sleep();
	rcu_read_unlock();
	cr_assert_eq(irq_count(LC_KIND_BLOCKING_IN_ATOMIC), 1);
}

Test(rcu_sleep, spinlock_in_rcu_and_mutex_after_are_quiet)
{
	rcu_read_lock();
	spin_lock(&cfg_spin);
	spin_unlock(&cfg_spin);
	rcu_read_unlock();
	mutex_lock(&cfg_mutex);
	mutex_unlock(&cfg_mutex);
	cr_assert_eq(irq_nfindings, 0, "%s", irq_nfindings ? irq_findings[0].message : "");
}

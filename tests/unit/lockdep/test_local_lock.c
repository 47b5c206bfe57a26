/* local_lock_t: atomic context while held, a lock of its own otherwise,
 * and never part of an irq-safe -> irq-unsafe inversion (lockdep's
 * local_lock tests). */
#include "irq_test.h"

TestSuite(local_lock, .init = irq_test_setup);

static local_lock_t pcp = INIT_LOCAL_LOCK(pcp);
static DEFINE_SPINLOCK(irq_lock);
static DEFINE_SPINLOCK(plain_lock);
static DEFINE_MUTEX(sleeper);

static void take_irq_lock(void)
{
	spin_lock(&irq_lock);
	spin_unlock(&irq_lock);
}

Test(local_lock, not_part_of_an_irq_inversion)
{
	local_lock(&pcp); /* taken with interrupts on */
	spin_lock(&plain_lock);
	spin_unlock(&plain_lock);
	local_unlock(&pcp);
	as_hardirq(take_irq_lock);
	local_irq_disable();
	spin_lock(&irq_lock);
	local_lock(&pcp); /* irq-safe -> local_lock: no inversion, not a sleep */
	local_unlock(&pcp);
	spin_unlock(&irq_lock);
	local_irq_enable();
	cr_assert_eq(irq_nfindings, 0, "%s", irq_nfindings ? irq_findings[0].message : "");
	/* A spinlock in its place is one. */
	local_irq_disable();
	spin_lock(&irq_lock);
	spin_lock(&plain_lock);
	spin_unlock(&plain_lock);
	spin_unlock(&irq_lock);
	local_irq_enable();
	cr_assert_eq(irq_count(LC_KIND_IRQ_UNSAFE_DEPENDENCY), 1);
}

Test(local_lock, sleeping_inside_is_blocking_in_atomic)
{
	local_lock(&pcp);
	mutex_lock(&sleeper);
	cr_assert_eq(irq_count(LC_KIND_BLOCKING_IN_ATOMIC), 1);
	mutex_unlock(&sleeper);
	local_unlock(&pcp);
}

Test(local_lock, irqsave_forms_and_order)
{
	unsigned long flags;
	local_lock_irqsave(&pcp, flags);
	cr_assert(irqs_disabled());
	local_unlock_irqrestore(&pcp, flags);
	cr_assert(!irqs_disabled());
	local_lock_irq(&pcp);
	local_unlock_irq(&pcp);
	mutex_lock(&sleeper);
	local_lock(&pcp);
	local_unlock(&pcp);
	mutex_unlock(&sleeper);
	cr_assert_eq(irq_nfindings, 0, "%s", irq_nfindings ? irq_findings[0].message : "");
	/* Still ordered against other locks. */
	local_lock(&pcp);
	spin_lock(&plain_lock);
	spin_unlock(&plain_lock);
	local_unlock(&pcp);
	spin_lock(&plain_lock);
	local_lock(&pcp);
	local_unlock(&pcp);
	spin_unlock(&plain_lock);
	cr_assert_eq(irq_count(LC_KIND_LOCK_ORDER_INVERSION), 1);
}

/* inconsistent-irq-state: one lock used inside an interrupt handler and
 * with that interrupt enabled. */
#include "irq_test.h"

TestSuite(inconsistent, .init = irq_test_setup);

static DEFINE_SPINLOCK(dev_lock);
static DEFINE_RWLOCK(table_lock);

static void take_dev_lock(void)
{
	spin_lock(&dev_lock);
	spin_unlock(&dev_lock);
}

static void read_table(void)
{
	read_lock(&table_lock);
	read_unlock(&table_lock);
}

Test(inconsistent, hardirq_then_irqs_on)
{
	as_hardirq(take_dev_lock);
	cr_assert_eq(irq_nfindings, 0);
	spin_lock(&dev_lock);
	spin_unlock(&dev_lock);
	cr_assert_eq(irq_count(LC_KIND_INCONSISTENT_IRQ_STATE), 1);
	const irq_seen *f = irq_first(LC_KIND_INCONSISTENT_IRQ_STATE);
	cr_assert_eq(f->locks[0], &dev_lock);
	cr_assert(strstr(f->message, "{IN-HARDIRQ-W}") && strstr(f->message, "{HARDIRQ-ON-W}"),
		  "%s", f->message);
	cr_assert(strstr(f->message, "dev_lock"), "%s", f->message);
	/* Both usages come with where they were established. */
	cr_assert_eq(f->nstacks, 2);
	cr_assert(strstr(f->labels[0], "in hardirq context"), "%s", f->labels[0]);
	cr_assert(strstr(f->labels[1], "with hardirqs enabled"), "%s", f->labels[1]);
	cr_assert(f->depth[0] > 0 && f->depth[1] > 0);
}

Test(inconsistent, irqs_on_then_hardirq)
{
	spin_lock(&dev_lock);
	spin_unlock(&dev_lock);
	as_hardirq(take_dev_lock);
	cr_assert_eq(irq_count(LC_KIND_INCONSISTENT_IRQ_STATE), 1);
	const irq_seen *f = irq_first(LC_KIND_INCONSISTENT_IRQ_STATE);
	cr_assert(strstr(f->message, "{HARDIRQ-ON-W}") && strstr(f->message, "{IN-HARDIRQ-W}"),
		  "%s", f->message);
}

Test(inconsistent, softirq_then_bh_enabled)
{
	as_softirq(take_dev_lock);
	take_dev_lock();
	cr_assert_eq(irq_count(LC_KIND_INCONSISTENT_IRQ_STATE), 1);
	cr_assert(strstr(irq_first(LC_KIND_INCONSISTENT_IRQ_STATE)->message, "{IN-SOFTIRQ-W}"));
}

/* Interrupts enabled while the lock is held count as taken with them on. */
Test(inconsistent, irqs_enabled_over_held_lock)
{
	as_hardirq(take_dev_lock);
	local_irq_disable();
	spin_lock(&dev_lock);
	local_irq_enable();
	spin_unlock(&dev_lock);
	cr_assert_eq(irq_count(LC_KIND_INCONSISTENT_IRQ_STATE), 1);
}

/* The twin: the same lock, always taken with interrupts off outside. */
Test(inconsistent, irqsave_everywhere_is_quiet)
{
	as_hardirq(take_dev_lock);
	unsigned long flags;
	spin_lock_irqsave(&dev_lock, flags);
	spin_unlock_irqrestore(&dev_lock, flags);
	spin_lock_irq(&dev_lock);
	spin_unlock_irq(&dev_lock);
	as_hardirq(take_dev_lock);
	cr_assert_eq(irq_nfindings, 0, "%s", irq_nfindings ? irq_findings[0].message : "");
	cr_assert(!irqs_disabled());
}

Test(inconsistent, softirq_lock_with_bh_disabled_is_quiet)
{
	as_softirq(take_dev_lock);
	spin_lock_bh(&dev_lock);
	spin_unlock_bh(&dev_lock);
	cr_assert_eq(irq_nfindings, 0, "%s", irq_nfindings ? irq_findings[0].message : "");
}

/* Readers in a handler and readers with interrupts on share the lock. */
Test(inconsistent, read_in_irq_and_read_with_irqs_on_is_quiet)
{
	as_hardirq(read_table);
	read_table();
	cr_assert_eq(irq_nfindings, 0, "%s", irq_nfindings ? irq_findings[0].message : "");
}

Test(inconsistent, read_in_irq_and_write_with_irqs_on)
{
	as_hardirq(read_table);
	write_lock(&table_lock);
	write_unlock(&table_lock);
	cr_assert_eq(irq_count(LC_KIND_INCONSISTENT_IRQ_STATE), 1);
	cr_assert(strstr(irq_first(LC_KIND_INCONSISTENT_IRQ_STATE)->message, "{IN-HARDIRQ-R}"));
}

/* local_irq_save nests: restore puts back what was saved. */
Test(inconsistent, irq_save_restore_nests)
{
	unsigned long outer, inner;
	local_irq_save(outer);
	local_irq_save(inner);
	cr_assert(irqs_disabled());
	local_irq_restore(inner);
	cr_assert(irqs_disabled());
	local_irq_restore(outer);
	cr_assert(!irqs_disabled());
}

/* A trylock in a handler cannot spin, so it does not make the lock irq-safe. */
Test(inconsistent, trylock_in_irq_is_quiet)
{
	local_irq_disable();
	irq_enter();
	if (spin_trylock(&dev_lock))
		spin_unlock(&dev_lock);
	irq_exit();
	local_irq_enable();
	take_dev_lock();
	cr_assert_eq(irq_nfindings, 0, "%s", irq_nfindings ? irq_findings[0].message : "");
}

/* local_bh_enable() over a held softirq-safe lock: softirqs come back on. */
Test(inconsistent, bh_enabled_over_held_softirq_safe_lock)
{
	as_softirq(take_dev_lock);
	local_bh_disable();
	spin_lock(&dev_lock);
	local_bh_enable();
	spin_unlock(&dev_lock);
	cr_assert_eq(irq_count(LC_KIND_INCONSISTENT_IRQ_STATE), 1);
}

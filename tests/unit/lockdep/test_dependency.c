/* irq-unsafe-dependency: an irq-safe lock held while an irq-unsafe one is
 * taken, in any order of discovery. */
#include "irq_test.h"

TestSuite(dependency, .init = irq_test_setup);

static DEFINE_SPINLOCK(safe_lock);
static DEFINE_SPINLOCK(unsafe_lock);
static DEFINE_SPINLOCK(middle_lock);

static void take_safe(void)
{
	spin_lock(&safe_lock);
	spin_unlock(&safe_lock);
}

static void nest_safe_unsafe_irqs_off(void)
{
	unsigned long flags;
	spin_lock_irqsave(&safe_lock, flags);
	spin_lock(&unsafe_lock);
	spin_unlock(&unsafe_lock);
	spin_unlock_irqrestore(&safe_lock, flags);
}

static void take_unsafe(void)
{
	spin_lock(&unsafe_lock); /* interrupts on */
	spin_unlock(&unsafe_lock);
}

static void check_report(void)
{
	cr_assert_eq(irq_count(LC_KIND_IRQ_UNSAFE_DEPENDENCY), 1, "%u findings, first: %s",
		     irq_nfindings, irq_nfindings ? irq_findings[0].message : "");
	const irq_seen *f = irq_first(LC_KIND_IRQ_UNSAFE_DEPENDENCY);
	cr_assert_eq(f->locks[0], &safe_lock);
	cr_assert_eq(f->locks[f->nlocks - 1], &unsafe_lock);
	cr_assert(strstr(f->message, "hardirq-safe") && strstr(f->message, "hardirq-unsafe"),
		  "%s", f->message);
	cr_assert_eq(f->nstacks, 3);
	cr_assert(strstr(f->labels[0], "safe_lock first acquired in hardirq context"), "%s", f->labels[0]);
	cr_assert(strstr(f->labels[1], "unsafe_lock first acquired with hardirqs enabled"), "%s", f->labels[1]);
	cr_assert(f->depth[0] > 0 && f->depth[1] > 0);
}

/* The three events of lockdep's irqsafe3 family, in three orders. */
Test(dependency, edge_last)
{
	as_hardirq(take_safe);
	take_unsafe();
	nest_safe_unsafe_irqs_off();
	check_report();
}

Test(dependency, safe_last)
{
	take_unsafe();
	nest_safe_unsafe_irqs_off();
	cr_assert_eq(irq_nfindings, 0);
	as_hardirq(take_safe);
	check_report();
}

Test(dependency, unsafe_last)
{
	as_hardirq(take_safe);
	nest_safe_unsafe_irqs_off();
	cr_assert_eq(irq_nfindings, 0);
	take_unsafe();
	check_report();
}

/* Through a middle lock: safe -> middle -> unsafe. */
Test(dependency, through_a_path)
{
	as_hardirq(take_safe);
	local_irq_disable();
	spin_lock(&safe_lock);
	spin_lock(&middle_lock);
	spin_unlock(&middle_lock);
	spin_unlock(&safe_lock);
	spin_lock(&middle_lock);
	spin_lock(&unsafe_lock);
	spin_unlock(&unsafe_lock);
	spin_unlock(&middle_lock);
	local_irq_enable();
	take_unsafe();
	check_report();
}

/* The twin: the inner lock is never taken with interrupts on. */
Test(dependency, inner_lock_always_irqs_off_is_quiet)
{
	as_hardirq(take_safe);
	nest_safe_unsafe_irqs_off();
	unsigned long flags;
	spin_lock_irqsave(&unsafe_lock, flags);
	spin_unlock_irqrestore(&unsafe_lock, flags);
	cr_assert_eq(irq_nfindings, 0, "%s", irq_nfindings ? irq_findings[0].message : "");
}

/* A handler's locks do not order after the locks of the context it
 * interrupted: no edge, no report. */
Test(dependency, handler_locks_start_their_own_chain)
{
	spin_lock(&unsafe_lock);
	as_hardirq(take_safe);
	spin_unlock(&unsafe_lock);
	/* had the handler made unsafe -> safe, safe -> unsafe would close a cycle */
	nest_safe_unsafe_irqs_off();
	cr_assert_eq(irq_count(LC_KIND_LOCK_ORDER_INVERSION), 0);
}

/* Sleeping with interrupts off or inside a handler is blocking in atomic context. */
Test(dependency, sleeping_with_irqs_off_is_blocking_in_atomic)
{
	local_irq_disable();
	might_sleep();
	local_irq_enable();
	cr_assert_eq(irq_count(LC_KIND_BLOCKING_IN_ATOMIC), 1);
	local_bh_disable();
	might_sleep();
	local_bh_enable();
	cr_assert_eq(irq_count(LC_KIND_BLOCKING_IN_ATOMIC), 2);
	might_sleep();
	cr_assert_eq(irq_count(LC_KIND_BLOCKING_IN_ATOMIC), 2);
}

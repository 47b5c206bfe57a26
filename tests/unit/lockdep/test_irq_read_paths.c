/* irq-safe -> irq-unsafe dependencies through read locks: only strong paths
 * count (lockdep's rule: no -(*R)-> followed by -(S*)->), with the edge the
 * interrupt itself makes as part of the cycle.  rwlock_t readers are
 * recursive in interrupt context only (queued rwlock), so the same code can
 * be safe or not depending on where a read happens.  Each case fires or
 * stays quiet in each order of discovery. */
#include "irq_test.h"

TestSuite(irq_read_paths, .init = irq_test_setup);

static DEFINE_RWLOCK(rw_a);
static DEFINE_RWLOCK(rw_b);
static DEFINE_SPINLOCK(sp_b);

static void read_a(void)
{
	read_lock(&rw_a);
	read_unlock(&rw_a);
}

static void write_a(void)
{
	write_lock(&rw_a);
	write_unlock(&rw_a);
}

static void spin_b(void)
{
	spin_lock(&sp_b);
	spin_unlock(&sp_b);
}

static void read_b_irqs_on(void)
{
	read_lock(&rw_b);
	read_unlock(&rw_b);
}

static void expect_dependency(const void *safe, const void *unsafe)
{
	cr_assert_eq(irq_count(LC_KIND_IRQ_UNSAFE_DEPENDENCY), 1, "%u findings, first: %s",
		     irq_nfindings, irq_nfindings ? irq_findings[0].message : "");
	const irq_seen *f = irq_first(LC_KIND_IRQ_UNSAFE_DEPENDENCY);
	cr_assert_eq(f->locks[0], safe);
	cr_assert_eq(f->locks[f->nlocks - 1], unsafe);
}

static void expect_quiet(void)
{
	cr_assert_eq(irq_nfindings, 0, "%s", irq_nfindings ? irq_findings[0].message : "");
}

/* read A, read B with interrupts off (so A is not irq-unsafe itself):
 * A(S) -> B(N). */
static void read_a_read_b(void)
{
	local_irq_disable();
	read_lock(&rw_a);
	read_lock(&rw_b);
	read_unlock(&rw_b);
	read_unlock(&rw_a);
	local_irq_enable();
}

/* A handler that only reads A cannot wait for a process-context reader of
 * A, so the cycle B -> A -> B is broken at A (lockdep's irqsafe3, rlock). */
Test(irq_read_paths, handler_reader_of_a_read_held_lock_is_quiet)
{
	read_a_read_b();
	read_b_irqs_on();
	as_hardirq(read_a);
	expect_quiet();
}

Test(irq_read_paths, handler_reader_with_the_edge_last_is_quiet)
{
	as_hardirq(read_a);
	read_b_irqs_on();
	read_a_read_b();
	expect_quiet();
}

/* The twin: a handler that writes A waits for the reader. */
Test(irq_read_paths, handler_writer_of_a_read_held_lock_is_reported)
{
	read_a_read_b();
	read_b_irqs_on();
	as_hardirq(write_a);
	expect_dependency(&rw_a, &rw_b);
	const irq_seen *f = irq_first(LC_KIND_IRQ_UNSAFE_DEPENDENCY);
	cr_assert(strstr(f->labels[0], "rw_a first acquired in hardirq context"), "%s", f->labels[0]);
	cr_assert(strstr(f->labels[1], "rw_b first read-acquired with hardirqs enabled"), "%s",
		  f->labels[1]);
}

Test(irq_read_paths, handler_writer_with_the_edge_last_is_reported)
{
	as_hardirq(write_a);
	read_b_irqs_on();
	read_a_read_b();
	expect_dependency(&rw_a, &rw_b);
}

/* write A, read B with interrupts off (lockdep's irq lock-inversion).  In
 * process context the read of B queues behind a writer: A(E) -> B(N), and a
 * handler reading A waits for the writer of A.  Reported. */
static void write_a_read_b_irqs_off(void)
{
	local_irq_disable();
	write_lock(&rw_a);
	read_lock(&rw_b);
	read_unlock(&rw_b);
	write_unlock(&rw_a);
	local_irq_enable();
}

Test(irq_read_paths, queued_read_of_the_unsafe_lock_is_reported)
{
	write_a_read_b_irqs_off();
	read_b_irqs_on();
	as_hardirq(read_a);
	expect_dependency(&rw_a, &rw_b);
}

/* The twin: with bottom halves off the read of B is recursive, A(E) ->
 * B(R), and B is unsafe only as a reader: a reader of B cannot wait for the
 * reader that the interrupt caught.  Quiet. */
Test(irq_read_paths, recursive_read_of_the_unsafe_lock_is_quiet)
{
	local_bh_disable();
	write_a_read_b_irqs_off();
	local_bh_enable();
	read_b_irqs_on();
	as_hardirq(read_a);
	expect_quiet();
}

/* Backwards, found when the unsafe usage comes last (lockdep's irq
 * read-recursion #2): B -> A with interrupts off, B taken in a handler,
 * then A read with interrupts on. */
static void spin_b_read_a_irqs_off(void)
{
	local_irq_disable();
	spin_lock(&sp_b);
	read_lock(&rw_a);
	read_unlock(&rw_a);
	spin_unlock(&sp_b);
	local_irq_enable();
}

Test(irq_read_paths, unsafe_reader_after_a_queued_read_is_reported)
{
	spin_b_read_a_irqs_off();
	as_hardirq(spin_b);
	read_a();
	expect_dependency(&sp_b, &rw_a);
}

Test(irq_read_paths, unsafe_reader_after_a_recursive_read_is_quiet)
{
	local_bh_disable();
	spin_b_read_a_irqs_off();
	local_bh_enable();
	as_hardirq(spin_b);
	read_a();
	expect_quiet();
}

/* Three locks: the path must be strong all along.  A(S) -> B(N) -> C: a
 * handler that reads A reaches C only through an S* edge out of A. */
static DEFINE_SPINLOCK(sp_c);

static void read_a_read_b_lock_c_irqs_off(void)
{
	local_irq_disable();
	read_lock(&rw_a);
	read_lock(&rw_b);
	spin_lock(&sp_c);
	spin_unlock(&sp_c);
	read_unlock(&rw_b);
	read_unlock(&rw_a);
	local_irq_enable();
}

static void spin_c(void)
{
	spin_lock(&sp_c);
	spin_unlock(&sp_c);
}

Test(irq_read_paths, path_leaving_a_recursive_reader_by_a_read_edge_is_quiet)
{
	read_a_read_b_lock_c_irqs_off();
	spin_c(); /* C unsafe */
	as_hardirq(read_a);
	expect_quiet();
}

Test(irq_read_paths, path_from_a_handler_writer_is_reported)
{
	read_a_read_b_lock_c_irqs_off();
	spin_c();
	as_hardirq(write_a);
	expect_dependency(&rw_a, &sp_c);
	const irq_seen *f = irq_first(LC_KIND_IRQ_UNSAFE_DEPENDENCY);
	cr_assert_eq(f->nlocks, 2, "%s", f->message); /* A -> C, the edge that is in the graph */
}

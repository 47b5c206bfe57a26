/* KSHIM_RWLOCK_INIT_FLAGS: code whose rwlock_t readers never wait for a
 * writer (lockdep's selftest forces the same) says so before including
 * kernel.h; then read chains follow the recursive-read rule everywhere,
 * process context included (the rlock W1R2/... family of the selftest). */
#define KSHIM_RWLOCK_INIT_FLAGS LOCKCHECK_INIT_RECURSIVE_READ
#include "irq_test.h"

TestSuite(rwlock_recursive_flag, .init = irq_test_setup);

static DEFINE_RWLOCK(x);
static DEFINE_RWLOCK(y);
static DEFINE_RWLOCK(z);

static void pair(rwlock_t *a, int a_write, rwlock_t *b, int b_write)
{
	if (a_write)
		write_lock(a);
	else
		read_lock(a);
	if (b_write)
		write_lock(b);
	else
		read_lock(b);
	if (b_write)
		write_unlock(b);
	else
		read_unlock(b);
	if (a_write)
		write_unlock(a);
	else
		read_unlock(a);
}

Test(rwlock_recursive_flag, read_twice_in_process_context_is_quiet)
{
	read_lock(&x);
	read_lock(&x);
	read_unlock(&x);
	read_unlock(&x);
	cr_assert_eq(irq_nfindings, 0, "%s", irq_nfindings ? irq_findings[0].message : "");
}

/* W1R2 / R2R3 / W3W1: y is read on both sides of the cycle, broken there. */
Test(rwlock_recursive_flag, chain_read_on_both_sides_of_a_lock_is_quiet)
{
	pair(&x, 1, &y, 0);
	pair(&y, 0, &z, 0);
	pair(&z, 1, &x, 1);
	cr_assert_eq(irq_nfindings, 0, "%s", irq_nfindings ? irq_findings[0].message : "");
}

/* W1W2 / R2R3 / R3W1, found as the cycle closes on an edge out of a read. */
Test(rwlock_recursive_flag, chain_closed_by_a_read_held_lock_is_quiet)
{
	pair(&x, 1, &y, 1);
	pair(&y, 0, &z, 0);
	pair(&z, 0, &x, 1);
	cr_assert_eq(irq_nfindings, 0, "%s", irq_nfindings ? irq_findings[0].message : "");
}

/* W1R2 / W2R3 / W3R1: every lock is written on one side: a deadlock. */
Test(rwlock_recursive_flag, chain_written_at_every_lock_is_reported)
{
	pair(&x, 1, &y, 0);
	pair(&y, 1, &z, 0);
	pair(&z, 1, &x, 0);
	cr_assert_eq(irq_count(LC_KIND_LOCK_ORDER_INVERSION), 1, "%u findings", irq_nfindings);
	const irq_seen *f = irq_first(LC_KIND_LOCK_ORDER_INVERSION);
	cr_assert_eq(f->nlocks, 3);
	/* The closing acquisition first: z held for write, x wanted for read. */
	cr_assert_eq(f->locks[0], &z);
	cr_assert_str_eq(f->modes[0], "write");
	cr_assert_eq(f->locks[1], &x);
	cr_assert_str_eq(f->modes[1], "read");
	/* Each earlier edge says how it held and took its locks. */
	cr_assert(strstr(f->labels[0], "edge 1: x (write) -> y (read) first seen"), "%s", f->labels[0]);
	cr_assert(strstr(f->labels[1], "edge 2: y (write) -> z (read) first seen"), "%s", f->labels[1]);
}

/* W1W2 / R2R3 / W3R1: z -> x acquires x as a reader, but z was written. */
Test(rwlock_recursive_flag, chain_with_one_read_edge_into_a_written_lock_is_reported)
{
	pair(&x, 1, &y, 1);
	pair(&y, 0, &z, 0);
	pair(&z, 1, &x, 0);
	cr_assert_eq(irq_count(LC_KIND_LOCK_ORDER_INVERSION), 1, "%u findings", irq_nfindings);
}

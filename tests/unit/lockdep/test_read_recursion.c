/* Read recursion as lockdep has it: rwlock_t is the kernel's queued rwlock,
 * whose readers are recursive (read inside read never waits) only in
 * interrupt context; in process context they queue behind a writer, as
 * rw_semaphore readers always do.  An init flag says a lock's readers are
 * always recursive, and naming a pthread rwlock keeps what the interceptor
 * knew. */
#include "irq_test.h"
#include "lc_events.h"

TestSuite(read_recursion, .init = irq_test_setup);

static DEFINE_RWLOCK(rw_a);
static DEFINE_RWLOCK(rw_b);
static DECLARE_RWSEM(sem_a);
static DECLARE_RWSEM(sem_b);

static void read_a_twice(void)
{
	read_lock(&rw_a);
	read_lock(&rw_a);
	read_unlock(&rw_a);
	read_unlock(&rw_a);
}

/* A writer queued between the two reads makes the second one wait. */
Test(read_recursion, rwlock_read_twice_in_process_context_is_a_self_deadlock)
{
	read_a_twice();
	cr_assert_eq(irq_count(LC_KIND_SELF_DEADLOCK), 1, "%u findings", irq_nfindings);
	const irq_seen *f = irq_first(LC_KIND_SELF_DEADLOCK);
	cr_assert_eq(f->locks[0], &rw_a);
}

Test(read_recursion, rwlock_read_twice_in_a_handler_is_quiet)
{
	as_hardirq(read_a_twice);
	as_softirq(read_a_twice);
	cr_assert_eq(irq_nfindings, 0, "%s", irq_nfindings ? irq_findings[0].message : "");
}

/* Bottom halves off count as interrupt context (the kernel's in_interrupt()). */
Test(read_recursion, rwlock_read_twice_with_bh_off_is_quiet)
{
	local_bh_disable();
	read_a_twice();
	local_bh_enable();
	cr_assert_eq(irq_nfindings, 0, "%s", irq_nfindings ? irq_findings[0].message : "");
}

Test(read_recursion, rwsem_read_twice_is_a_self_deadlock)
{
	down_read(&sem_a);
	down_read(&sem_a);
	up_read(&sem_a);
	up_read(&sem_a);
	cr_assert_eq(irq_count(LC_KIND_SELF_DEADLOCK), 1);
}

static void read_a_then_b(void)
{
	read_lock(&rw_a);
	read_lock(&rw_b);
	read_unlock(&rw_b);
	read_unlock(&rw_a);
}

static void read_b_then_a(void)
{
	read_lock(&rw_b);
	read_lock(&rw_a);
	read_unlock(&rw_a);
	read_unlock(&rw_b);
}

Test(read_recursion, rwlock_read_read_abba_in_handlers_is_quiet)
{
	as_hardirq(read_a_then_b);
	as_hardirq(read_b_then_a);
	cr_assert_eq(irq_nfindings, 0, "%s", irq_nfindings ? irq_findings[0].message : "");
}

/* In process context both readers queue behind writers of the other lock. */
Test(read_recursion, rwlock_read_read_abba_in_process_context_is_reported)
{
	read_a_then_b();
	read_b_then_a();
	cr_assert_eq(irq_count(LC_KIND_LOCK_ORDER_INVERSION), 1, "%u findings", irq_nfindings);
}

/* lockdep's queued_read_lock_hardirq_ER_rE: B -> A taken in a handler (A a
 * recursive read there), A -> B in process context (A held for read): the
 * handler's read of A cannot wait for the process reader, no deadlock. */
static void spin_b_read_a(void);
static DEFINE_SPINLOCK(sp_b);
static void spin_b_read_a(void)
{
	spin_lock(&sp_b);
	read_lock(&rw_a);
	read_unlock(&rw_a);
	spin_unlock(&sp_b);
}

Test(read_recursion, handler_read_breaks_the_cycle_at_a_read_held_lock)
{
	as_hardirq(spin_b_read_a);
	local_irq_disable();
	read_lock(&rw_a);
	spin_lock(&sp_b);
	spin_unlock(&sp_b);
	read_unlock(&rw_a);
	local_irq_enable();
	cr_assert_eq(irq_nfindings, 0, "%s", irq_nfindings ? irq_findings[0].message : "");
}

/* The twin (queued_read_lock_hardirq_RE_Er): A -> B in the handler, B -> A
 * in process context, where reading A queues behind a writer. */
Test(read_recursion, process_read_closes_the_cycle)
{
	local_irq_disable();
	irq_enter();
	read_lock(&rw_a);
	spin_lock(&sp_b);
	spin_unlock(&sp_b);
	read_unlock(&rw_a);
	irq_exit();
	spin_b_read_a();
	local_irq_enable();
	cr_assert_eq(irq_count(LC_KIND_LOCK_ORDER_INVERSION), 1, "%u findings, first: %s",
		     irq_nfindings, irq_nfindings ? irq_findings[0].message : "");
}

Test(read_recursion, rwsem_read_read_abba_is_reported)
{
	down_read(&sem_a);
	down_read(&sem_b);
	up_read(&sem_b);
	up_read(&sem_a);
	down_read(&sem_b);
	down_read(&sem_a);
	up_read(&sem_a);
	up_read(&sem_b);
	cr_assert_eq(irq_count(LC_KIND_LOCK_ORDER_INVERSION), 1);
}

/* The report names both acquisitions of the closing edge with their modes. */
Test(read_recursion, rwlock_write_read_abba_is_reported)
{
	write_lock(&rw_a);
	read_lock(&rw_b);
	read_unlock(&rw_b);
	write_unlock(&rw_a);
	write_lock(&rw_b);
	read_lock(&rw_a);
	read_unlock(&rw_a);
	write_unlock(&rw_b);
	cr_assert_eq(irq_count(LC_KIND_LOCK_ORDER_INVERSION), 1);
	const irq_seen *f = irq_first(LC_KIND_LOCK_ORDER_INVERSION);
	cr_assert_geq(f->nlocks, 2);
	cr_assert_eq(f->locks[0], &rw_b);
	cr_assert_str_eq(f->modes[0], "write");
	cr_assert_eq(f->locks[1], &rw_a);
	cr_assert_str_eq(f->modes[1], "read");
	cr_assert(strstr(f->message, "rw_a") && strstr(f->message, "rw_b"), "%s", f->message);
}

/* An annotated lock of the program's own: the init flag makes its readers
 * recursive. */
Test(read_recursion, init_flag_makes_readers_recursive)
{
	static char mine, plain;
	lockcheck_lock_init_flags(&mine, "mine", LOCKCHECK_RWLOCK, LOCKCHECK_INIT_RECURSIVE_READ, 0, 0);
	lockcheck_lock_init(&plain, "plain", LOCKCHECK_RWLOCK, 0, 0);
	for (int i = 0; i < 2; i++) {
		lockcheck_acquire(&mine, LOCKCHECK_READ, 0, 0);
		lockcheck_acquired(&mine, LOCKCHECK_READ, 0, 0, 1);
	}
	lockcheck_release(&mine);
	lockcheck_release(&mine);
	cr_assert_eq(irq_nfindings, 0, "%s", irq_nfindings ? irq_findings[0].message : "");
	for (int i = 0; i < 2; i++) {
		lockcheck_acquire(&plain, LOCKCHECK_READ, 0, 0);
		lockcheck_acquired(&plain, LOCKCHECK_READ, 0, 0, 1);
	}
	cr_assert_eq(irq_count(LC_KIND_SELF_DEADLOCK), 1);
}

/* The interceptor saw a reader-preferring pthread rwlock; the program then
 * names it: it stays reader-preferring. */
Test(read_recursion, naming_a_pthread_rwlock_keeps_reader_preferring)
{
	static char rw;
	lc_lock_attr seen = {.type = LC_LOCK_RWLOCK, .flags = LC_LOCK_READER_PREFERRING};
	lc_on_lock_create(&rw, &seen);
	lockcheck_lock_init(&rw, "zfs_rwlock", LOCKCHECK_RWLOCK, 0, 0);
	for (int i = 0; i < 2; i++) {
		lockcheck_acquire(&rw, LOCKCHECK_READ, 0, 0);
		lockcheck_acquired(&rw, LOCKCHECK_READ, 0, 0, 1);
	}
	cr_assert_eq(irq_nfindings, 0, "%s", irq_nfindings ? irq_findings[0].message : "");
}

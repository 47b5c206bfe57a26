/* Read recursion as lockdep has it: rwlock_t readers are recursive (read
 * inside read never waits), rw_semaphore readers are not; an init flag says
 * so for annotated locks, and naming a pthread rwlock keeps what the
 * interceptor knew. */
#include "irq_test.h"
#include "lc_events.h"

TestSuite(read_recursion, .init = irq_test_setup);

static DEFINE_RWLOCK(rw_a);
static DEFINE_RWLOCK(rw_b);
static DECLARE_RWSEM(sem_a);
static DECLARE_RWSEM(sem_b);

Test(read_recursion, rwlock_read_twice_is_quiet)
{
	read_lock(&rw_a);
	read_lock(&rw_a);
	read_unlock(&rw_a);
	read_unlock(&rw_a);
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

Test(read_recursion, rwlock_read_read_abba_is_quiet)
{
	read_lock(&rw_a);
	read_lock(&rw_b);
	read_unlock(&rw_b);
	read_unlock(&rw_a);
	read_lock(&rw_b);
	read_lock(&rw_a);
	read_unlock(&rw_a);
	read_unlock(&rw_b);
	cr_assert_eq(irq_nfindings, 0, "%s", irq_nfindings ? irq_findings[0].message : "");
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

/* Read/write awareness: the recursive-read rule (see engine/graph.c). */
#include <pthread.h>

#include "engine_test.h"
#include "engine/lc_engine_stats.h"

TestSuite(rw, .init = engine_test_setup);

static char A, B;

static void two_rwlocks(lc_lock_type type, unsigned flags)
{
	make_lock_flags(&A, type, flags, NULL);
	make_lock_flags(&B, type, flags, NULL);
}

Test(rw, read_read_cycle_on_reader_preferring_locks_is_silent)
{
	two_rwlocks(LC_LOCK_RWLOCK, LC_LOCK_READER_PREFERRING);
	lock_r(&A); lock_r(&B); unlock(&B); unlock(&A);
	lock_r(&B); lock_r(&A); unlock(&A); unlock(&B);
	cr_assert_eq(nseen, 0, "%s", nseen ? seen[0].message : "");
}

Test(rw, read_read_cycle_on_rwsems_is_reported)
{
	/* A writer queued on either rwsem makes the second reader wait. */
	two_rwlocks(LC_LOCK_RWSEM, 0);
	lock_r(&A); lock_r(&B); unlock(&B); unlock(&A);
	lock_r(&B); lock_r(&A); unlock(&A); unlock(&B);
	cr_assert_eq(count_kind(LC_KIND_LOCK_ORDER_INVERSION), 1);
	const seen_finding *f = first_of(LC_KIND_LOCK_ORDER_INVERSION);
	cr_assert_str_eq(f->locks[0].mode, "read");
	cr_assert_str_eq(f->locks[1].mode, "read");
}

Test(rw, rwsem_reader_behind_writer_is_reported)
{
	two_rwlocks(LC_LOCK_RWSEM, 0);
	lock_w(&A); lock_r(&B); unlock(&B); unlock(&A);
	lock_w(&B); lock_r(&A); unlock(&A); unlock(&B);
	cr_assert_eq(count_kind(LC_KIND_LOCK_ORDER_INVERSION), 1);
}

Test(rw, writers_on_reader_preferring_locks_still_deadlock)
{
	/* T1 write A, read B; T2 write B, read A: each reader waits for a writer. */
	two_rwlocks(LC_LOCK_RWLOCK, LC_LOCK_READER_PREFERRING);
	lock_w(&A); lock_r(&B); unlock(&B); unlock(&A);
	lock_w(&B); lock_r(&A); unlock(&A); unlock(&B);
	cr_assert_eq(count_kind(LC_KIND_LOCK_ORDER_INVERSION), 1);
}

Test(rw, reader_held_on_one_side_breaks_the_cycle)
{
	/* T1 write A, read B; T2 read B, read A: B is only read by both, so
	 * T1 never waits for B; no deadlock. */
	two_rwlocks(LC_LOCK_RWLOCK, LC_LOCK_READER_PREFERRING);
	lock_w(&A); lock_r(&B); unlock(&B); unlock(&A);
	lock_r(&B); lock_r(&A); unlock(&A); unlock(&B);
	cr_assert_eq(nseen, 0, "%s", nseen ? seen[0].message : "");
}

Test(rw, write_write_on_reader_preferring_locks_is_reported)
{
	two_rwlocks(LC_LOCK_RWLOCK, LC_LOCK_READER_PREFERRING);
	lock_r(&A); lock_w(&B); unlock(&B); unlock(&A);
	lock_r(&B); lock_w(&A); unlock(&A); unlock(&B);
	/* T1 holds A for read, waits B for write; T2 holds B for read, waits A
	 * for write: both writers wait for readers. */
	cr_assert_eq(count_kind(LC_KIND_LOCK_ORDER_INVERSION), 1);
}

Test(rw, write_after_read_on_same_lock_is_self_deadlock)
{
	make_lock_flags(&A, LC_LOCK_RWLOCK, LC_LOCK_READER_PREFERRING, NULL);
	lock_r(&A);
	lc_on_acquire(&A, LC_MODE_WRITE, 0, 0);
	cr_assert_eq(count_kind(LC_KIND_SELF_DEADLOCK), 1);
	cr_assert_eq(first_of(LC_KIND_SELF_DEADLOCK)->locks[0].addr, &A);
}

Test(rw, recursive_read_on_reader_preferring_lock_is_silent)
{
	make_lock_flags(&A, LC_LOCK_RWLOCK, LC_LOCK_READER_PREFERRING, NULL);
	lock_r(&A);
	lock_r(&A);
	unlock(&A);
	unlock(&A);
	cr_assert_eq(nseen, 0);
}

Test(rw, recursive_read_on_rwsem_is_self_deadlock)
{
	make_lock(&A, LC_LOCK_RWSEM, NULL);
	lock_r(&A);
	lc_on_acquire(&A, LC_MODE_READ, 0, 0);
	cr_assert_eq(count_kind(LC_KIND_SELF_DEADLOCK), 1);
}

Test(rw, readers_of_other_threads_do_not_make_self_deadlock)
{
	make_lock(&A, LC_LOCK_RWSEM, NULL);
	lock_r(&A);
	/* Pretend another thread also reads A: readers > 0 without us twice. */
	unlock(&A);
	lock_w(&A);
	unlock(&A);
	cr_assert_eq(nseen, 0);
}

static pthread_barrier_t reading, done_reading;

static void *read_a_for_a_while(void *arg)
{
	(void)arg;
	lock_r(&A);
	pthread_barrier_wait(&reading);
	pthread_barrier_wait(&done_reading);
	unlock(&A);
	lc_on_thread_exit();
	return NULL;
}

Test(rw, writer_behind_other_readers_reuses_the_chain_cache)
{
	two_rwlocks(LC_LOCK_RWLOCK, LC_LOCK_READER_PREFERRING);
	lock_w(&B); lock_w(&A); unlock(&A); unlock(&B);
	lock_w(&B); lock_w(&A); unlock(&A); unlock(&B); /* nothing new: now cached */
	lc_engine_stats s0, s1;
	lc_engine_get_stats(&s0);
	pthread_barrier_init(&reading, NULL, 2);
	pthread_barrier_init(&done_reading, NULL, 2);
	pthread_t t;
	pthread_create(&t, NULL, read_a_for_a_while, NULL);
	pthread_barrier_wait(&reading);
	/* Another thread reads A: our write acquisition is checked for a self
	 * deadlock, but the order part comes from the cache. */
	lock_w(&B);
	lc_on_acquire(&A, LC_MODE_WRITE, 0, 0);
	lc_engine_get_stats(&s1);
	pthread_barrier_wait(&done_reading);
	pthread_join(t, NULL);
	lc_on_acquired(&A, LC_MODE_WRITE, 0, 0, true);
	unlock(&A);
	unlock(&B);
	cr_assert_eq(s1.graph_validations, s0.graph_validations);
	cr_assert_eq(nseen, 0, "%s", nseen ? seen[0].message : "");
}

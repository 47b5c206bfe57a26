/* Lock memory freed (or its lock word reset) without a destroy: the old
 * record and its order edges go, a held lock freed is reported, and a new
 * lock at the same address starts clean. */
#include <pthread.h>
#include <stdlib.h>
#include <sys/mman.h>

#include "engine_test.h"
#include "engine/lc_engine_stats.h"
#include "lc_detectors.h"

TestSuite(freed_memory, .init = engine_test_setup, .timeout = 60);

static char B;

Test(freed_memory, freeing_a_held_lock_is_reported)
{
	char *block = calloc(1, 256);
	const void *m = block + 64;
	make_lock(m, LC_LOCK_MUTEX, NULL);
	lock_w(m);
	lc_on_memory_freed(block, 256);
	cr_assert_eq(count_kind(LC_KIND_HELD_LOCK_FREED), 1, "%s", nseen ? seen[0].message : "");
	const seen_finding *f = first_of(LC_KIND_HELD_LOCK_FREED);
	cr_assert(finding_names_lock(f, m));
	cr_assert_eq(lc_query_held_count(), 0, "the freed lock is no longer held");
	lc_on_process_exit();
	cr_assert_eq(nseen, 1, "no exit-holding for freed memory: %s", seen[nseen - 1].message);
	free(block);
}

Test(freed_memory, freeing_an_unheld_lock_is_quiet_and_forgets_its_order)
{
	char *block = calloc(1, 256);
	const void *m = block + 8;
	make_lock(m, LC_LOCK_MUTEX, NULL);
	make_lock(&B, LC_LOCK_MUTEX, NULL);
	lock_w(m);
	lock_w(&B);
	unlock(&B);
	unlock(m);
	lc_engine_stats st;
	lc_engine_get_stats(&st);
	unsigned long live = st.live_locks;
	lc_on_memory_freed(block, 256);
	lc_engine_get_stats(&st);
	cr_assert_eq(st.live_locks, live - 1, "the record went with the memory");
	/* The memory comes back as a new, statically initialised lock that is
	 * never announced: its order starts clean. */
	lock_w(&B);
	lock_w(m);
	unlock(m);
	unlock(&B);
	cr_assert_eq(nseen, 0, "%s", nseen ? seen[0].message : "");
	free(block);
}

Test(freed_memory, freeing_memory_without_locks_keeps_the_others)
{
	char *block = calloc(1, 4096 * 3);
	const void *in = block + 4096 + 100, *before = block + 10, *after = block + 3 * 4096 - 1;
	make_lock(in, LC_LOCK_MUTEX, NULL);
	make_lock(before, LC_LOCK_MUTEX, NULL);
	make_lock(after, LC_LOCK_MUTEX, NULL);
	lock_w(before);
	lock_w(after);
	lc_engine_stats st0, st1;
	lc_engine_get_stats(&st0);
	lc_on_memory_freed(block + 11, 3 * 4096 - 12); /* covers in only */
	lc_engine_get_stats(&st1);
	cr_assert_eq(st1.live_locks, st0.live_locks - 1);
	cr_assert_eq(lc_query_held_count(), 2);
	unlock(after);
	unlock(before);
	lc_on_memory_freed(block + 4096 * 2, 100); /* nothing there */
	cr_assert_eq(nseen, 0, "%s", nseen ? seen[0].message : "");
	free(block);
}

Test(freed_memory, a_big_range_with_many_locks)
{
	enum { N = 5000 };
	char *block = calloc(N, 64);
	for (int i = 0; i < N; i++)
		make_lock(block + 64 * i + (i % 7), LC_LOCK_MUTEX, NULL);
	lock_w(block + 64 * 17 + 3);
	lc_engine_stats st0, st1;
	lc_engine_get_stats(&st0);
	lc_on_memory_freed(block, (size_t)N * 64);
	lc_engine_get_stats(&st1);
	cr_assert_eq(st0.live_locks - st1.live_locks, N);
	cr_assert_eq(count_kind(LC_KIND_HELD_LOCK_FREED), 1);
	cr_assert_eq(nseen, 1);
	free(block);
}

/* The lock word says free though the record says held: the memory holds
 * a new lock (reused without destroy, Helgrind's tc04_free_lock). */
Test(freed_memory, uncontended_lock_on_a_reused_self_held_record_is_no_self_deadlock)
{
	static char stack_slot;
	lc_on_acquired(&stack_slot, LC_MODE_WRITE, LC_ACQ_UNCONTENDED, 0, true); /* bar(): locked, abandoned */
	cr_assert_eq(lc_query_held_count(), 1);
	lc_on_acquired(&stack_slot, LC_MODE_WRITE, LC_ACQ_UNCONTENDED, 0, true); /* bar() again, same address */
	cr_assert_eq(count_kind(LC_KIND_SELF_DEADLOCK), 0, "%s", nseen ? seen[0].message : "");
	cr_assert_eq(lc_query_held_count(), 1, "the abandoned hold is gone");
	unlock(&stack_slot);
	cr_assert_eq(lc_query_held_count(), 0);
	cr_assert_eq(nseen, 0, "%s", nseen ? seen[0].message : "");
}

Test(freed_memory, reinit_of_an_abandoned_held_lock_clears_the_old_hold)
{
	static char slot;
	make_lock(&slot, LC_LOCK_MUTEX, NULL);
	lock_w(&slot);
	make_lock(&slot, LC_LOCK_MUTEX, NULL); /* foo(): init over it */
	lock_w(&slot);
	cr_assert_eq(count_kind(LC_KIND_SELF_DEADLOCK), 0);
	cr_assert_eq(lc_query_held_count(), 1);
	unlock(&slot);
	lc_on_process_exit();
	cr_assert_eq(nseen, 0, "%s", nseen ? seen[0].message : "");
}

static char M, X;
static pthread_barrier_t held, done;

static void *hold_m_then_exit(void *arg)
{
	(void)arg;
	lock_w(&M);
	pthread_barrier_wait(&held);
	pthread_barrier_wait(&done);
	lc_on_thread_exit();
	return NULL;
}

Test(freed_memory, uncontended_lock_on_a_record_held_by_another_thread)
{
	make_lock(&M, LC_LOCK_MUTEX, NULL);
	make_lock(&X, LC_LOCK_MUTEX, NULL);
	pthread_barrier_init(&held, NULL, 2);
	pthread_barrier_init(&done, NULL, 2);
	pthread_t t;
	pthread_create(&t, NULL, hold_m_then_exit, NULL);
	pthread_barrier_wait(&held);
	/* Its trylock worked, so the lock word was reset behind the record. */
	lc_on_acquired(&M, LC_MODE_WRITE, LC_ACQ_UNCONTENDED, 0, true);
	unlock(&M);
	pthread_barrier_wait(&done);
	pthread_join(t, NULL);
	cr_assert_eq(nseen, 0, "the other thread no longer holds M: %s", nseen ? seen[0].message : "");
}

Test(freed_memory, trylock_that_works_on_a_record_held_by_another_thread)
{
	make_lock(&M, LC_LOCK_MUTEX, NULL);
	pthread_barrier_init(&held, NULL, 2);
	pthread_barrier_init(&done, NULL, 2);
	pthread_t t;
	pthread_create(&t, NULL, hold_m_then_exit, NULL);
	pthread_barrier_wait(&held);
	cr_assert(try_w(&M, true));
	unlock(&M);
	pthread_barrier_wait(&done);
	pthread_join(t, NULL);
	cr_assert_eq(nseen, 0, "the other thread no longer holds M: %s", nseen ? seen[0].message : "");
}

Test(freed_memory, recursive_and_counting_locks_are_not_mistaken_for_reuse)
{
	static char rec, sem;
	make_lock(&rec, LC_LOCK_MUTEX_RECURSIVE, NULL);
	make_lock(&sem, LC_LOCK_SEMAPHORE, "sem");
	lc_on_acquired(&rec, LC_MODE_WRITE, LC_ACQ_UNCONTENDED, 0, true);
	lc_on_acquired(&rec, LC_MODE_WRITE, LC_ACQ_UNCONTENDED, 0, true);
	lc_on_acquired(&sem, LC_MODE_WRITE, LC_ACQ_UNCONTENDED, 0, true);
	lc_on_acquired(&sem, LC_MODE_WRITE, LC_ACQ_UNCONTENDED, 0, true);
	cr_assert_eq(lc_query_held_count(), 4);
	unlock(&sem);
	unlock(&sem);
	unlock(&rec);
	unlock(&rec);
	cr_assert_eq(nseen, 0, "%s", nseen ? seen[0].message : "");
}

/* Leaves of the freed-memory index whose locks are all gone give their
 * pages back, in batches (lock_memory.c): locks in more leaves than a
 * batch, destroyed, then made again in the same leaves, are still known
 * to their memory. */
Test(freed_memory, emptied_index_leaves_given_back_still_work)
{
	enum { LEAVES = 80 };
	const size_t span = (size_t)4 << 20; /* one leaf's worth of address space */
	char *region = mmap(NULL, LEAVES * span, PROT_READ | PROT_WRITE,
			    MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	cr_assert(region != MAP_FAILED);
	for (int i = 0; i < LEAVES; i++)
		make_lock(region + i * span + 64, LC_LOCK_MUTEX, NULL);
	for (int i = 0; i < LEAVES; i++)
		cr_assert(lc_memory_holds_locks(region + i * span, 128));
	for (int i = 0; i < LEAVES; i++)
		lc_on_lock_destroy(region + i * span + 64);
	for (int i = 0; i < LEAVES; i++)
		cr_assert(!lc_memory_holds_locks(region + i * span, 128), "leaf %d", i);
	for (int i = 0; i < LEAVES; i++)
		make_lock(region + i * span + 64, LC_LOCK_MUTEX, NULL);
	for (int i = 0; i < LEAVES; i++)
		cr_assert(lc_memory_holds_locks(region + i * span, 128), "leaf %d again", i);
	lock_w(region + 64);
	lc_on_memory_freed(region, 128);
	cr_assert_eq(count_kind(LC_KIND_HELD_LOCK_FREED), 1);
	for (int i = 1; i < LEAVES; i++)
		lc_on_lock_destroy(region + i * span + 64);
	munmap(region, LEAVES * span);
}

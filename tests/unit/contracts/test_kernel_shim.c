/* lockcheck/kernel.h as a lock library: the locks exclude as the kernel's do,
 * trylocks and downgrade behave, a page lock can be released by another
 * thread, and lockdep assertions reach the checker. */
#include <pthread.h>

#include <criterion/criterion.h>

#include "fakefs.h"
#include "helpers.h"
#include "lc_detectors.h"

enum { THREADS = 4, ROUNDS = 20000 };

static struct mutex counter_lock;
static spinlock_t counter_spin;
static long counter;

static void *bump_mutex(void *arg)
{
	(void)arg;
	for (int i = 0; i < ROUNDS; i++) {
		mutex_lock(&counter_lock);
		counter++;
		mutex_unlock(&counter_lock);
	}
	return NULL;
}

static void *bump_spin(void *arg)
{
	(void)arg;
	for (int i = 0; i < ROUNDS; i++) {
		spin_lock(&counter_spin);
		counter++;
		spin_unlock(&counter_spin);
	}
	return NULL;
}

static void run_threads(void *(*fn)(void *))
{
	pthread_t t[THREADS];
	counter = 0;
	for (int i = 0; i < THREADS; i++)
		cr_assert_eq(pthread_create(&t[i], NULL, fn, NULL), 0);
	for (int i = 0; i < THREADS; i++)
		pthread_join(t[i], NULL);
	cr_assert_eq(counter, (long)THREADS * ROUNDS);
}

Test(kernel_shim, mutex_and_spinlock_exclude)
{
	use_fixture_spec("mini-6.8");
	mutex_init(&counter_lock);
	spin_lock_init(&counter_spin);
	run_threads(bump_mutex);
	run_threads(bump_spin);
	cr_assert_eq(count_kind(-1), 0, "%s", seen_summary());
}

Test(kernel_shim, trylocks_and_downgrade)
{
	use_fixture_spec("mini-6.8");
	struct rw_semaphore sem;
	init_rwsem(&sem);
	down_read(&sem);
	cr_assert(down_read_trylock(&sem), "readers share");
	cr_assert_not(down_write_trylock(&sem), "a writer waits for readers");
	up_read(&sem);
	up_read(&sem);
	down_write(&sem);
	cr_assert_not(down_read_trylock(&sem), "readers wait for the writer");
	downgrade_write(&sem);
	cr_assert(rwsem_is_locked(&sem));
	cr_assert(down_read_trylock(&sem), "after downgrade readers share");
	cr_assert_not(down_write_trylock(&sem));
	up_read(&sem);
	up_read(&sem);
	cr_assert_not(rwsem_is_locked(&sem));

	spinlock_t s;
	spin_lock_init(&s);
	spin_lock(&s);
	cr_assert_not(spin_trylock(&s));
	spin_unlock(&s);
	cr_assert(spin_trylock(&s));
	spin_unlock(&s);

	rwlock_t rw;
	rwlock_init(&rw);
	read_lock(&rw);
	cr_assert(read_trylock(&rw));
	cr_assert_not(write_trylock(&rw));
	read_unlock(&rw);
	read_unlock(&rw);
	write_lock(&rw);
	cr_assert_not(read_trylock(&rw));
	write_unlock(&rw);
	cr_assert_eq(count_kind(-1), 0, "%s", seen_summary());
}

static void *unlock_page(void *arg)
{
	page_unlock(arg);
	return NULL;
}

Test(kernel_shim, page_lock_released_by_another_thread)
{
	use_fixture_spec("mini-6.8");
	struct t_folio folio;
	t_folio_init(&folio);
	page_lock(&folio.lock);
	pthread_t t;
	cr_assert_eq(pthread_create(&t, NULL, unlock_page, &folio.lock), 0);
	page_wait_unlocked(&folio.lock);
	pthread_join(t, NULL);
	cr_assert_not(page_is_locked(&folio.lock));
	cr_assert(page_trylock(&folio.lock));
	page_unlock(&folio.lock);
	cr_assert_eq(count_kind(-1), 0, "%s", seen_summary());
}

Test(kernel_shim, lockdep_assertions_reach_the_checker)
{
	use_fixture_spec("mini-6.8");
	struct t_inode inode;
	t_inode_init(&inode);
	down_read(&inode.i_rwsem);
	lockdep_assert_held(&inode.i_rwsem);
	lockdep_assert_held_read(&inode.i_rwsem);
	lockdep_assert_not_held(&inode.i_lock);
	cr_assert_eq(count_kind(-1), 0, "%s", seen_summary());
	lockdep_assert_held_write(&inode.i_rwsem); /* held for reading only */
	up_read(&inode.i_rwsem);
	cr_assert_eq(count_kind(LC_KIND_ASSERT_FAILED), 1, "%s", seen_summary());
}

static DEFINE_MUTEX(static_mutex);

Test(kernel_shim, statically_initialised_locks_are_named_on_first_use)
{
	use_fixture_spec("mini-6.8");
	mutex_lock(&static_mutex);
	lc_held_info info;
	cr_assert(lc_query_lock_info(&static_mutex, &info));
	cr_assert_str_eq(info.class_name, "static_mutex");
	mutex_unlock(&static_mutex);
}

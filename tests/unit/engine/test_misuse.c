/* Misuse of single locks: self deadlock, recursive locking, unlock and
 * destroy mistakes, condition waits, assertions, exit holding. */
#include <pthread.h>

#include "engine_test.h"
#include "lc_detectors.h"

TestSuite(misuse, .init = engine_test_setup);

static char A, B;

Test(misuse, relock_of_mutex_is_self_deadlock)
{
	make_lock(&A, LC_LOCK_MUTEX, NULL);
	lock_w(&A);
	lc_on_acquire(&A, LC_MODE_WRITE, 0, 0);
	cr_assert_eq(count_kind(LC_KIND_SELF_DEADLOCK), 1);
	const seen_finding *f = first_of(LC_KIND_SELF_DEADLOCK);
	cr_assert_eq(f->nlocks, 1);
	cr_assert_eq(f->locks[0].addr, &A);
}

Test(misuse, recursive_mutex_is_silent)
{
	make_lock(&A, LC_LOCK_MUTEX_RECURSIVE, NULL);
	make_lock(&B, LC_LOCK_MUTEX, NULL);
	lock_w(&A);
	lock_w(&A);
	lock_w(&B);
	lock_w(&A);
	unlock(&A);
	unlock(&B);
	unlock(&A);
	unlock(&A);
	cr_assert_eq(nseen, 0, "%s", nseen ? seen[0].message : "");
	/* Still owned until the last release. */
	lock_w(&A);
	unlock(&A);
	unlock(&A);
	cr_assert_eq(count_kind(LC_KIND_UNLOCK_NOT_HELD), 1);
}

Test(misuse, trylock_of_held_mutex_is_silent)
{
	make_lock(&A, LC_LOCK_MUTEX, NULL);
	lock_w(&A);
	try_w(&A, false);
	unlock(&A);
	cr_assert_eq(nseen, 0);
}

Test(misuse, same_named_class_nested_is_recursive_locking)
{
	static char i1, i2;
	make_lock(&i1, LC_LOCK_RWSEM, "i_rwsem");
	make_lock(&i2, LC_LOCK_RWSEM, "i_rwsem");
	lock_w(&i1);
	lock_w(&i2);
	unlock(&i2);
	unlock(&i1);
	cr_assert_eq(count_kind(LC_KIND_RECURSIVE_LOCKING), 1);
	const seen_finding *f = first_of(LC_KIND_RECURSIVE_LOCKING);
	cr_assert(finding_names_lock(f, &i1) && finding_names_lock(f, &i2));
	cr_assert_str_eq(f->locks[0].name, "i_rwsem");
	cr_assert_eq(count_kind(LC_KIND_SELF_DEADLOCK), 0);
}

Test(misuse, same_named_class_nested_with_subclass_is_silent)
{
	static char parent, child;
	make_lock(&parent, LC_LOCK_RWSEM, "i_rwsem");
	make_lock(&child, LC_LOCK_RWSEM, "i_rwsem");
	for (int i = 0; i < 2; i++) {
		lock_sub(&parent, 1); /* I_MUTEX_PARENT */
		lock_sub(&child, 2);  /* I_MUTEX_CHILD */
		unlock(&child);
		unlock(&parent);
	}
	cr_assert_eq(nseen, 0, "%s", nseen ? seen[0].message : "");
	/* ... but the subclasses are ordered: child then parent inverts. */
	lock_sub(&child, 2);
	lock_sub(&parent, 1);
	cr_assert_eq(count_kind(LC_KIND_LOCK_ORDER_INVERSION), 1);
}

Test(misuse, same_named_instance_relocked_is_self_deadlock)
{
	static char i1;
	make_lock(&i1, LC_LOCK_MUTEX, "i_rwsem");
	lock_w(&i1);
	lc_on_acquire(&i1, LC_MODE_WRITE, 0, 1);
	cr_assert_eq(count_kind(LC_KIND_SELF_DEADLOCK), 1);
}

Test(misuse, unlock_of_free_lock)
{
	make_lock(&A, LC_LOCK_MUTEX, NULL);
	unlock(&A);
	cr_assert_eq(count_kind(LC_KIND_UNLOCK_NOT_HELD), 1);
	cr_assert_eq(first_of(LC_KIND_UNLOCK_NOT_HELD)->locks[0].addr, &A);
}

static void *hold_a(void *arg)
{
	(void)arg;
	lock_w(&A);
	return NULL; /* exits holding A, on purpose */
}

Test(misuse, unlock_of_lock_held_by_another_thread)
{
	make_lock(&A, LC_LOCK_MUTEX, NULL);
	pthread_t t;
	pthread_create(&t, NULL, hold_a, NULL);
	pthread_join(t, NULL);
	unlock(&A);
	cr_assert_eq(count_kind(LC_KIND_UNLOCK_NOT_HELD), 1);
	cr_assert(strstr(first_of(LC_KIND_UNLOCK_NOT_HELD)->message, "held by thread"), "%s",
		  first_of(LC_KIND_UNLOCK_NOT_HELD)->message);
}

Test(misuse, balanced_unlock_is_silent)
{
	make_lock(&A, LC_LOCK_MUTEX, NULL);
	lock_w(&A);
	unlock(&A);
	cr_assert_eq(nseen, 0);
}

static char page;

static void *complete_io(void *arg)
{
	(void)arg;
	unlock(&page); /* I/O completion unlocks the folio in another thread */
	lc_on_thread_exit();
	return NULL;
}

Test(misuse, page_lock_released_by_another_thread_is_silent)
{
	make_lock(&page, LC_LOCK_PAGE, "folio");
	lock_w(&page);
	pthread_t t;
	pthread_create(&t, NULL, complete_io, NULL);
	pthread_join(t, NULL);
	cr_assert_eq(lc_query_held_count(), 0, "the submitter no longer holds it");
	lc_on_process_exit();
	cr_assert_eq(nseen, 0, "%s", nseen ? seen[0].message : "");
	lock_w(&page); /* and it can be locked again without a self deadlock */
	unlock(&page);
	cr_assert_eq(nseen, 0, "%s", nseen ? seen[0].message : "");
}

Test(misuse, destroy_of_held_lock)
{
	make_lock(&A, LC_LOCK_MUTEX, NULL);
	lock_w(&A);
	lc_on_lock_destroy(&A);
	cr_assert_eq(count_kind(LC_KIND_DESTROY_HELD), 1);
	cr_assert_eq(first_of(LC_KIND_DESTROY_HELD)->locks[0].addr, &A);
}

Test(misuse, destroy_of_lock_held_by_another_thread)
{
	make_lock(&A, LC_LOCK_MUTEX, NULL);
	pthread_t t;
	pthread_create(&t, NULL, hold_a, NULL);
	pthread_join(t, NULL);
	lc_on_lock_destroy(&A);
	cr_assert_eq(count_kind(LC_KIND_DESTROY_HELD), 1);
}

Test(misuse, destroy_of_free_lock_is_silent)
{
	make_lock(&A, LC_LOCK_MUTEX, NULL);
	lock_w(&A);
	unlock(&A);
	lc_on_lock_destroy(&A);
	cr_assert_eq(nseen, 0);
}

Test(misuse, cond_wait_without_mutex)
{
	static char cond;
	make_lock(&A, LC_LOCK_MUTEX, NULL);
	lc_on_cond_wait(&cond, &A);
	cr_assert_eq(count_kind(LC_KIND_COND_WAIT_UNHELD), 1);
	cr_assert_eq(first_of(LC_KIND_COND_WAIT_UNHELD)->locks[0].addr, &A);
}

Test(misuse, cond_wait_with_mutex_is_silent)
{
	static char cond;
	make_lock(&A, LC_LOCK_MUTEX, NULL);
	lock_w(&A);
	lc_on_cond_wait(&cond, &A);
	unlock(&A);
	cr_assert_eq(nseen, 0);
}

Test(misuse, assert_held)
{
	make_lock(&A, LC_LOCK_RWLOCK, NULL);
	lc_on_assert_held(&A, true, -1);
	cr_assert_eq(count_kind(LC_KIND_ASSERT_FAILED), 1);
	lock_r(&A);
	lc_on_assert_held(&A, true, -1);
	lc_on_assert_held(&A, true, LC_MODE_READ);
	cr_assert_eq(count_kind(LC_KIND_ASSERT_FAILED), 1, "held: quiet");
	lc_on_assert_held(&A, true, LC_MODE_WRITE);
	cr_assert_eq(count_kind(LC_KIND_ASSERT_FAILED), 2, "wrong mode");
	lc_on_assert_held(&A, false, -1);
	cr_assert_eq(count_kind(LC_KIND_ASSERT_FAILED), 3, "assert not held, but held");
	unlock(&A);
	lc_on_assert_held(&A, false, -1);
	cr_assert_eq(count_kind(LC_KIND_ASSERT_FAILED), 3);
}

static void *exit_holding(void *arg)
{
	(void)arg;
	lc_on_thread_start();
	lock_w(&A);
	lock_w(&B);
	lc_on_thread_exit();
	return NULL;
}

static void *exit_clean(void *arg)
{
	(void)arg;
	lc_on_thread_start();
	lock_w(&A);
	unlock(&A);
	lc_on_thread_exit();
	return NULL;
}

Test(misuse, thread_exit_holding_locks)
{
	make_lock(&A, LC_LOCK_MUTEX, NULL);
	make_lock(&B, LC_LOCK_MUTEX, "bclass");
	pthread_t t;
	pthread_create(&t, NULL, exit_holding, NULL);
	pthread_join(t, NULL);
	cr_assert_eq(count_kind(LC_KIND_EXIT_HOLDING), 1);
	const seen_finding *f = first_of(LC_KIND_EXIT_HOLDING);
	cr_assert_eq(f->nlocks, 2);
	cr_assert_eq(f->locks[0].addr, &A);
	cr_assert_str_eq(f->locks[1].name, "bclass");
}

Test(misuse, thread_exit_clean_is_silent)
{
	make_lock(&A, LC_LOCK_MUTEX, NULL);
	pthread_t t;
	pthread_create(&t, NULL, exit_clean, NULL);
	pthread_join(t, NULL);
	lc_on_process_exit();
	cr_assert_eq(nseen, 0);
}

Test(misuse, exit_holding_a_page_lock_is_silent)
{
	static char folio;
	make_lock(&folio, LC_LOCK_PAGE, "folio");
	lock_w(&folio); /* I/O in flight: completion will unlock it */
	lc_on_process_exit();
	cr_assert_eq(nseen, 0);
}

Test(misuse, process_exit_holding_locks)
{
	make_lock(&A, LC_LOCK_MUTEX, NULL);
	lock_w(&A);
	lc_on_process_exit();
	cr_assert_eq(count_kind(LC_KIND_EXIT_HOLDING), 1);
}

Test(misuse, detect_switch_silences_a_kind)
{
	lc_opt.detect[LC_KIND_UNLOCK_NOT_HELD] = false;
	make_lock(&A, LC_LOCK_MUTEX, NULL);
	unlock(&A);
	cr_assert_eq(nseen, 0);
}

/* A lock taken by one thread and released by another (a buffer handed
 * off between threads): the release is reported, and afterwards nobody
 * holds the lock, so the first thread's exit and later locks stay quiet. */
#include <pthread.h>

#include "engine_test.h"

TestSuite(cross_release, .init = engine_test_setup, .timeout = 60);

static char M, X, SEM, PAGE;
static pthread_barrier_t taken, released, done;

/* Thread A: take lock, let main release it, then (optionally) take X. */
static void *take_and_wait(void *arg)
{
	const void *lock = arg;
	lock_w(lock);
	pthread_barrier_wait(&taken);
	pthread_barrier_wait(&released);
	lock_w(&X);
	unlock(&X);
	pthread_barrier_wait(&done);
	lc_on_thread_exit();
	return NULL;
}

static void hand_off(const void *lock)
{
	pthread_barrier_init(&taken, NULL, 2);
	pthread_barrier_init(&released, NULL, 2);
	pthread_barrier_init(&done, NULL, 2);
	pthread_t a;
	pthread_create(&a, NULL, take_and_wait, (void *)lock);
	pthread_barrier_wait(&taken);
	unlock(lock);
	pthread_barrier_wait(&released);
	pthread_barrier_wait(&done);
	pthread_join(a, NULL);
}

Test(cross_release, released_mutex_is_held_by_nobody)
{
	make_lock(&M, LC_LOCK_MUTEX, NULL);
	make_lock(&X, LC_LOCK_MUTEX, NULL);
	hand_off(&M);
	cr_assert_eq(count_kind(LC_KIND_UNLOCK_NOT_HELD), 1, "the hand-off itself is reported");
	cr_assert(finding_names_lock(first_of(LC_KIND_UNLOCK_NOT_HELD), &M));
	cr_assert_eq(count_kind(LC_KIND_EXIT_HOLDING), 0, "A no longer holds M when it exits: %s",
		     nseen > 1 ? seen[1].message : "");
	/* A took X with M released: no M -> X edge, so X then M is no inversion. */
	lock_w(&X);
	lock_w(&M);
	unlock(&M);
	unlock(&X);
	cr_assert_eq(count_kind(LC_KIND_LOCK_ORDER_INVERSION), 0, "%s",
		     nseen > 1 ? seen[1].message : "");
	cr_assert_eq(nseen, 1);
}

Test(cross_release, released_mutex_can_be_taken_again_by_its_first_owner)
{
	make_lock(&M, LC_LOCK_MUTEX, NULL);
	make_lock(&X, LC_LOCK_MUTEX, NULL);
	hand_off(&M);
	cr_assert_eq(nseen, 1);
	/* The releasing thread may now take and drop M itself, silently. */
	lock_w(&M);
	unlock(&M);
	cr_assert_eq(nseen, 1, "%s", nseen > 1 ? seen[1].message : "");
}

/* An error-checking, recursive or robust mutex refuses an unlock from a
 * thread that does not own it: the first thread still holds it, and its
 * own unlock is fine. */
static void *take_wait_release(void *arg)
{
	const void *lock = arg;
	lock_w(lock);
	pthread_barrier_wait(&taken);
	pthread_barrier_wait(&released);
	unlock(lock);
	lc_on_thread_exit();
	return NULL;
}

Test(cross_release, owner_checked_mutex_keeps_its_owner)
{
	make_lock_flags(&M, LC_LOCK_MUTEX, LC_LOCK_OWNER_CHECKED, NULL);
	pthread_barrier_init(&taken, NULL, 2);
	pthread_barrier_init(&released, NULL, 2);
	pthread_t a;
	pthread_create(&a, NULL, take_wait_release, &M);
	pthread_barrier_wait(&taken);
	unlock(&M); /* refused by the implementation */
	pthread_barrier_wait(&released);
	pthread_join(a, NULL);
	cr_assert_eq(count_kind(LC_KIND_UNLOCK_NOT_HELD), 1);
	cr_assert_eq(nseen, 1, "the owner's own unlock is fine: %s", nseen > 1 ? seen[1].message : "");
}

Test(cross_release, recursive_mutex_keeps_its_owner)
{
	make_lock(&M, LC_LOCK_MUTEX_RECURSIVE, NULL);
	pthread_barrier_init(&taken, NULL, 2);
	pthread_barrier_init(&released, NULL, 2);
	pthread_t a;
	pthread_create(&a, NULL, take_wait_release, &M);
	pthread_barrier_wait(&taken);
	unlock(&M);
	pthread_barrier_wait(&released);
	pthread_join(a, NULL);
	cr_assert_eq(count_kind(LC_KIND_UNLOCK_NOT_HELD), 1);
	cr_assert_eq(nseen, 1, "%s", nseen > 1 ? seen[1].message : "");
}

Test(cross_release, semaphore_and_page_lock_hand_offs_are_quiet)
{
	make_lock(&SEM, LC_LOCK_SEMAPHORE, "sem");
	make_lock(&PAGE, LC_LOCK_PAGE, "folio");
	make_lock(&X, LC_LOCK_MUTEX, NULL);
	hand_off(&SEM);
	hand_off(&PAGE);
	lock_w(&X);
	lock_w(&SEM);
	lock_w(&PAGE);
	unlock(&PAGE);
	unlock(&SEM);
	unlock(&X);
	cr_assert_eq(nseen, 0, "%s", nseen ? seen[0].message : "");
}

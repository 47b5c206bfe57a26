/* ww_mutex (lockcheck/kernel/ww_mutex.h): wait-die and wound-wait between
 * real threads, and each of lockdep's ww rules (ww-mutex-misuse) firing on
 * its misuse and quiet on the correct twin. */
#include <pthread.h>
#include <sched.h>

#include "irq_test.h"

TestSuite(ww_mutex, .init = irq_test_setup);

static DEFINE_WD_CLASS(wd_class);
static DEFINE_WW_CLASS(ww_class);
static DEFINE_WW_CLASS(other_class);

#define QUIET() cr_assert_eq(irq_nfindings, 0, "%s", irq_nfindings ? irq_findings[0].message : "")

static void expect_misuse(const char *text)
{
	cr_assert_eq(irq_nfindings, 1, "%u findings: %s", irq_nfindings,
		     irq_nfindings ? irq_findings[irq_nfindings - 1].message : "");
	cr_assert_eq(irq_findings[0].kind, LC_KIND_WW_MUTEX_MISUSE, "%s", irq_findings[0].message);
	cr_assert(strstr(irq_findings[0].message, text), "%s", irq_findings[0].message);
}

/* ---- a holder in another thread, under an older context ---- */
static struct ww_mutex *held_by_other;
static struct ww_class *other_ctx_class;
static int other_state; /* 1: holds it, 2: may release, 3: done */

static void *holder(void *arg)
{
	struct ww_acquire_ctx *ctx = arg;
	ww_acquire_init(ctx, other_ctx_class); /* a context belongs to one thread */
	cr_assert_eq(ww_mutex_lock(held_by_other, ctx), 0);
	__atomic_store_n(&other_state, 1, __ATOMIC_RELEASE);
	while (__atomic_load_n(&other_state, __ATOMIC_ACQUIRE) != 2)
		sched_yield();
	ww_mutex_unlock(held_by_other);
	ww_acquire_fini(ctx);
	__atomic_store_n(&other_state, 3, __ATOMIC_RELEASE);
	return NULL;
}

/* Another thread holds m under a context older than any made after. */
static pthread_t hold_elsewhere(struct ww_mutex *m, struct ww_class *c, struct ww_acquire_ctx *ctx)
{
	held_by_other = m;
	other_ctx_class = c;
	other_state = 0;
	pthread_t t;
	cr_assert_eq(pthread_create(&t, NULL, holder, ctx), 0);
	while (__atomic_load_n(&other_state, __ATOMIC_ACQUIRE) != 1)
		sched_yield();
	return t;
}

static void release_elsewhere(pthread_t t)
{
	__atomic_store_n(&other_state, 2, __ATOMIC_RELEASE);
	pthread_join(t, NULL);
}

static struct ww_mutex a, b, c;
static struct ww_acquire_ctx old_ctx, ctx;

static void init_all(struct ww_class *k)
{
	ww_mutex_init(&a, k);
	ww_mutex_init(&b, k);
	ww_mutex_init(&c, k);
}

/* The documented pattern: lock all, -EDEADLK: unlock all, lock_slow the
 * contended one, go on. */
Test(ww_mutex, wait_die_younger_backs_off_and_completes)
{
	init_all(&wd_class);
	pthread_t t = hold_elsewhere(&b, &wd_class, &old_ctx);
	ww_acquire_init(&ctx, &wd_class);
	cr_assert_eq(ww_mutex_lock(&a, &ctx), 0);
	cr_assert_eq(ww_mutex_lock(&b, &ctx), -EDEADLK, "younger dies on the older's lock");
	ww_mutex_unlock(&a);
	release_elsewhere(t);
	ww_mutex_lock_slow(&b, &ctx);
	cr_assert_eq(ww_mutex_lock(&a, &ctx), 0);
	cr_assert_eq(ww_mutex_lock(&a, &ctx), -EALREADY);
	ww_acquire_done(&ctx);
	ww_mutex_unlock(&a);
	ww_mutex_unlock(&b);
	ww_acquire_fini(&ctx);
	QUIET();
}

Test(ww_mutex, a_context_holding_nothing_waits_instead)
{
	init_all(&wd_class);
	pthread_t t = hold_elsewhere(&b, &wd_class, &old_ctx);
	ww_acquire_init(&ctx, &wd_class);
	/* Releases b soon: the lock below waits for it, no -EDEADLK. */
	__atomic_store_n(&other_state, 2, __ATOMIC_RELEASE);
	cr_assert_eq(ww_mutex_lock(&b, &ctx), 0);
	pthread_join(t, NULL);
	ww_mutex_unlock(&b);
	ww_acquire_fini(&ctx);
	QUIET();
}

/* Wound-wait: the younger holder is wounded by an older waiter and backs
 * off at its next contended lock. */
static struct ww_acquire_ctx young;
static int young_state;
static void *young_thread(void *arg)
{
	(void)arg;
	ww_acquire_init(&young, &ww_class);
	cr_assert_eq(ww_mutex_lock(&b, &young), 0);
	__atomic_store_n(&young_state, 1, __ATOMIC_RELEASE);
	while (!__atomic_load_n(&young.wounded, __ATOMIC_ACQUIRE))
		sched_yield();
	/* a is held by the older context: wounded, we must die on it. */
	int r = ww_mutex_lock(&a, &young);
	ww_mutex_unlock(&b);
	if (r == -EDEADLK) {
		ww_mutex_lock_slow(&a, &young);
		ww_mutex_unlock(&a);
	}
	ww_acquire_fini(&young);
	return (void *)(long)r;
}

Test(ww_mutex, wound_wait_older_wounds_the_younger_holder)
{
	init_all(&ww_class);
	ww_acquire_init(&ctx, &ww_class); /* older */
	cr_assert_eq(ww_mutex_lock(&a, &ctx), 0);
	young_state = 0;
	pthread_t t;
	cr_assert_eq(pthread_create(&t, NULL, young_thread, NULL), 0);
	while (!__atomic_load_n(&young_state, __ATOMIC_ACQUIRE))
		sched_yield();
	cr_assert_eq(ww_mutex_lock(&b, &ctx), 0, "the older waits, wounding the holder");
	ww_mutex_unlock(&b);
	ww_mutex_unlock(&a);
	void *r;
	pthread_join(t, &r);
	cr_assert_eq((long)r, -EDEADLK);
	ww_acquire_fini(&ctx);
	QUIET();
}

Test(ww_mutex, ctx_is_the_nest_lock_of_its_mutexes)
{
	init_all(&ww_class);
	ww_acquire_init(&ctx, &ww_class);
	cr_assert_eq(ww_mutex_lock(&a, &ctx), 0);
	cr_assert_eq(ww_mutex_lock(&b, &ctx), 0);
	cr_assert(ww_mutex_trylock(&c, &ctx));
	ww_mutex_unlock(&c);
	ww_mutex_unlock(&b);
	ww_mutex_unlock(&a);
	ww_acquire_fini(&ctx);
	QUIET();
	/* Without a context, two of one class are recursive locking. */
	ww_mutex_lock(&a, NULL);
	ww_mutex_lock(&b, NULL);
	cr_assert_eq(irq_count(LC_KIND_RECURSIVE_LOCKING), 1);
}

Test(ww_mutex, two_contexts_of_one_class_are_recursive_locking)
{
	ww_acquire_init(&ctx, &ww_class);
	ww_acquire_init(&old_ctx, &ww_class);
	cr_assert_eq(irq_count(LC_KIND_RECURSIVE_LOCKING), 1);
	cr_assert(strstr(irq_first(LC_KIND_RECURSIVE_LOCKING)->message, "ww_class_acquire"));
}

Test(ww_mutex, done_twice)
{
	ww_acquire_init(&ctx, &ww_class);
	ww_acquire_done(&ctx);
	QUIET();
	ww_acquire_done(&ctx);
	expect_misuse("ww_acquire_done() is called twice on acquire context ww_class_acquire");
	cr_assert_eq(irq_findings[0].locks[0], &ctx.dep_map);
}

Test(ww_mutex, fini_with_mutexes_locked)
{
	init_all(&ww_class);
	ww_acquire_init(&ctx, &ww_class);
	ww_mutex_lock(&a, &ctx);
	ww_mutex_unlock(&a);
	ww_acquire_fini(&ctx);
	QUIET();
	ww_acquire_init(&ctx, &ww_class);
	ww_mutex_lock(&a, &ctx);
	ww_acquire_fini(&ctx);
	expect_misuse("ww_acquire_fini() on acquire context ww_class_acquire");
}

Test(ww_mutex, lock_after_done)
{
	init_all(&ww_class);
	ww_acquire_init(&ctx, &ww_class);
	ww_acquire_done(&ctx);
	ww_mutex_lock(&a, &ctx);
	expect_misuse("after ww_acquire_done()");
	cr_assert_eq(irq_findings[0].locks[0], &a.base);
	cr_assert_eq(irq_findings[0].locks[1], &ctx.dep_map);
}

Test(ww_mutex, lock_slow_without_edeadlk)
{
	init_all(&ww_class);
	ww_acquire_init(&ctx, &ww_class);
	ww_mutex_lock_slow(&a, &ctx);
	expect_misuse("ww_mutex_lock_slow() on ww_class_mutex");
}

/* -EDEADLK from b, then: */
static pthread_t edeadlk_on_b(void)
{
	init_all(&wd_class);
	pthread_t t = hold_elsewhere(&b, &wd_class, &old_ctx);
	ww_acquire_init(&ctx, &wd_class);
	cr_assert_eq(ww_mutex_lock(&a, &ctx), 0);
	cr_assert_eq(ww_mutex_lock(&b, &ctx), -EDEADLK);
	QUIET();
	return t;
}

Test(ww_mutex, relock_without_backing_off)
{
	pthread_t t = edeadlk_on_b();
	release_elsewhere(t);
	ww_mutex_lock_slow(&b, &ctx); /* a is still held */
	expect_misuse("after -EDEADLK without backing off");
}

Test(ww_mutex, another_mutex_first_after_edeadlk)
{
	pthread_t t = edeadlk_on_b();
	ww_mutex_unlock(&a);
	ww_mutex_lock(&c, &ctx);
	expect_misuse("after -EDEADLK on another ww_mutex");
	release_elsewhere(t);
}

Test(ww_mutex, edeadlk_again_before_backing_off)
{
	init_all(&wd_class);
	pthread_t t = hold_elsewhere(&b, &wd_class, &old_ctx);
	ww_acquire_init(&ctx, &wd_class);
	ww_mutex_lock(&a, &ctx);
	cr_assert_eq(ww_mutex_lock(&b, &ctx), -EDEADLK);
	cr_assert_eq(ww_mutex_lock(&b, &ctx), -EDEADLK);
	expect_misuse("gives -EDEADLK to acquire context wd_class_acquire");
	release_elsewhere(t);
}

Test(ww_mutex, mutex_of_another_class)
{
	ww_mutex_init(&a, &other_class);
	ww_mutex_init(&b, &ww_class);
	ww_acquire_init(&ctx, &ww_class);
	ww_mutex_lock(&b, &ctx);
	QUIET();
	ww_mutex_lock(&a, &ctx);
	expect_misuse("of another ww_class");
}

Test(ww_mutex, released_with_mutex_unlock)
{
	init_all(&ww_class);
	ww_acquire_init(&ctx, &ww_class);
	ww_mutex_lock(&a, &ctx);
	mutex_unlock(&a.base); /* should be ww_mutex_unlock */
	ww_acquire_init(&old_ctx, &other_class);
	ww_mutex_lock(&a, &old_ctx);
	expect_misuse("still recorded under a context");
}

Test(ww_mutex, unlock_with_the_count_out_of_step)
{
	init_all(&ww_class);
	ww_acquire_init(&ctx, &ww_class);
	ww_mutex_lock(&a, &ctx);
	ctx.acquired = 0;
	ww_mutex_unlock(&a);
	expect_misuse("records no ww_mutex taken under it");
}

Test(ww_mutex, unlock_twice_is_unlock_not_held)
{
	init_all(&ww_class);
	ww_mutex_lock(&a, NULL);
	ww_mutex_unlock(&a);
	QUIET();
	ww_mutex_unlock(&a);
	cr_assert_eq(irq_count(LC_KIND_UNLOCK_NOT_HELD), 1);
}

/* Blocking in atomic context: under a spinlock, inside atomic/irq sections. */
#include "engine_test.h"
#include "lc_detectors.h"

TestSuite(atomic, .init = engine_test_setup);

static char spin, mtx, rwspin;

Test(atomic, blocking_call_under_spinlock)
{
	make_lock(&spin, LC_LOCK_SPINLOCK, "inode->i_lock");
	lock_w(&spin);
	cr_assert(lc_query_in_atomic());
	lc_on_blocking("nanosleep");
	cr_assert_eq(count_kind(LC_KIND_BLOCKING_IN_ATOMIC), 1);
	const seen_finding *f = first_of(LC_KIND_BLOCKING_IN_ATOMIC);
	cr_assert(strstr(f->message, "nanosleep"), "%s", f->message);
	cr_assert(strstr(f->message, "inode->i_lock"), "%s", f->message);
	cr_assert_eq(f->locks[0].addr, &spin);
	unlock(&spin);
	cr_assert(!lc_query_in_atomic());
}

Test(atomic, blocking_call_without_spinlock_is_silent)
{
	make_lock(&spin, LC_LOCK_SPINLOCK, NULL);
	make_lock(&mtx, LC_LOCK_MUTEX, NULL);
	lock_w(&mtx);
	lc_on_blocking("nanosleep");
	unlock(&mtx);
	lock_w(&spin);
	unlock(&spin);
	lc_on_blocking("read");
	cr_assert_eq(nseen, 0);
}

Test(atomic, sleeping_lock_under_spinning_rwlock)
{
	make_lock(&rwspin, LC_LOCK_RWLOCK_SPIN, NULL);
	make_lock(&mtx, LC_LOCK_MUTEX, "i_mutex");
	lock_r(&rwspin);
	lock_w(&mtx);
	cr_assert_eq(count_kind(LC_KIND_BLOCKING_IN_ATOMIC), 1);
	const seen_finding *f = first_of(LC_KIND_BLOCKING_IN_ATOMIC);
	cr_assert(finding_names_lock(f, &rwspin) && finding_names_lock(f, &mtx));
}

Test(atomic, spinlock_under_spinlock_and_trylock_are_silent)
{
	static char spin2;
	make_lock(&spin, LC_LOCK_SPINLOCK, NULL);
	make_lock(&spin2, LC_LOCK_SPINLOCK, NULL);
	make_lock(&mtx, LC_LOCK_MUTEX, NULL);
	lock_w(&spin);
	lock_w(&spin2);
	try_w(&mtx, true); /* mutex_trylock never sleeps */
	unlock(&mtx);
	unlock(&spin2);
	unlock(&spin);
	cr_assert_eq(nseen, 0);
}

Test(atomic, contexts)
{
	make_lock(&mtx, LC_LOCK_MUTEX, NULL);
	lc_on_context_enter(LC_CTX_IRQ);
	cr_assert_eq(lc_query_context_depth(LC_CTX_IRQ), 1);
	lock_w(&mtx);
	cr_assert_eq(count_kind(LC_KIND_BLOCKING_IN_ATOMIC), 1);
	cr_assert(strstr(first_of(LC_KIND_BLOCKING_IN_ATOMIC)->message, "interrupt"), "%s",
		  first_of(LC_KIND_BLOCKING_IN_ATOMIC)->message);
	unlock(&mtx);
	lc_on_context_exit(LC_CTX_IRQ);
	lc_on_context_enter(LC_CTX_RCU_READ); /* an RCU read-side section must not sleep */
	lc_on_blocking("write");
	lc_on_context_exit(LC_CTX_RCU_READ);
	cr_assert_eq(count_kind(LC_KIND_BLOCKING_IN_ATOMIC), 2);
	cr_assert(strstr(seen[nseen - 1].message, "RCU read-side"), "%s", seen[nseen - 1].message);
	lc_on_blocking("write"); /* out of it again */
	cr_assert_eq(count_kind(LC_KIND_BLOCKING_IN_ATOMIC), 2);
	lc_on_context_enter(LC_CTX_ATOMIC);
	lc_on_blocking("read");
	lc_on_context_exit(LC_CTX_ATOMIC);
	cr_assert_eq(count_kind(LC_KIND_BLOCKING_IN_ATOMIC), 3);
	cr_assert(!lc_query_in_atomic());
}

Test(atomic, cond_wait_under_spinlock)
{
	static char cond;
	make_lock(&spin, LC_LOCK_SPINLOCK, NULL);
	make_lock(&mtx, LC_LOCK_MUTEX, NULL);
	lock_w(&mtx);
	lock_w(&spin);
	lc_on_cond_wait(&cond, &mtx);
	cr_assert_eq(count_kind(LC_KIND_BLOCKING_IN_ATOMIC), 1);
}

Test(atomic, queries_describe_held_locks)
{
	static char obj;
	lc_lock_attr a = {.type = LC_LOCK_RWSEM, .class_name = "i_rwsem", .object = &obj,
			  .object_type = "inode"};
	lc_on_lock_create(&mtx, &a);
	lc_on_acquire(&mtx, LC_MODE_READ, 0, 1);
	lc_on_acquired(&mtx, LC_MODE_READ, 0, 1, true);
	cr_assert_eq(lc_query_held_count(), 1);
	lc_held_info hi;
	cr_assert(lc_query_held_at(0, &hi));
	cr_assert_eq(hi.lock, &mtx);
	cr_assert_str_eq(hi.class_name, "i_rwsem");
	cr_assert_eq(hi.type, LC_LOCK_RWSEM);
	cr_assert_eq(hi.mode, LC_MODE_READ);
	cr_assert_eq(hi.subclass, 1);
	cr_assert_eq(hi.object, &obj);
	cr_assert_str_eq(hi.object_type, "inode");
	cr_assert(!lc_query_held_at(1, &hi));
	cr_assert(lc_query_lock_info(&mtx, &hi));
	cr_assert(!lc_query_lock_info(&spin, &hi));
	cr_assert(lc_lock_type_sleeps(LC_LOCK_MUTEX) && lc_lock_type_sleeps(LC_LOCK_PAGE));
	cr_assert(!lc_lock_type_sleeps(LC_LOCK_SPINLOCK) && !lc_lock_type_sleeps(LC_LOCK_RCU));
	unlock(&mtx);
	cr_assert_eq(lc_query_held_count(), 0);
}

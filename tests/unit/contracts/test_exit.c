/* Blocking, rcu-walk and exit-state contracts. */
#include <pthread.h>
#include <sched.h>
#include <string.h>

#include <criterion/criterion.h>

#include "fakefs.h"
#include "helpers.h"
#include "spec/lc_spec.h"

#define DOPS "dentry_operations"
#define AOPS "address_space_operations"
#define IOPS "inode_operations"

static void expect_one(lc_kind kind, const char *method, const char *line)
{
	cr_assert_eq(count_kind(kind), 1, "want one %s, got: %s", lc_kind_name(kind), seen_summary());
	const seen_finding *f = first_kind(kind);
	cr_assert_str_eq(f->method, method);
	cr_assert_str_eq(f->doc_line, line);
}

static unsigned contract_findings(void)
{
	unsigned n = 0;
	for (int k = LC_KIND_CONTRACT_LOCK_MISSING; k <= LC_KIND_CONTRACT_EXIT_STATE; k++)
		n += count_kind(k);
	return n;
}

static void d_delete_call(bool sleeps)
{
	struct t_dentry d;
	t_dentry_init(&d);
	spin_lock(&d.d_lock);
	ENTER(DOPS, "d_delete", OBJ("dentry", &d));
	if (sleeps)
		might_sleep();
	EXIT(DOPS, "d_delete");
	spin_unlock(&d.d_lock);
}

Test(contracts_blocking, sleeping_in_d_delete_is_contract_blocking)
{
	use_fixture_spec("mini-6.8");
	d_delete_call(true);
	expect_one(LC_KIND_CONTRACT_BLOCKING, "d_delete", "83");
	cr_assert_str_eq(first_kind(LC_KIND_CONTRACT_BLOCKING)->rule_cell, "\"no\"");
	/* the engine also says it slept under a spinlock; nothing else */
	cr_assert_eq(contract_findings(), 1, "%s", seen_summary());
}

Test(contracts_blocking, d_delete_under_d_lock_not_sleeping_is_quiet)
{
	use_fixture_spec("mini-6.8");
	d_delete_call(false);
	cr_assert_eq(count_kind(-1), 0, "%s", seen_summary());
}

Test(contracts_blocking, method_that_may_block_entered_under_a_spinlock)
{
	use_fixture_spec("mini-6.8");
	struct t_dentry d, other;
	t_dentry_init(&d);
	t_dentry_init(&other);
	spin_lock(&other.d_lock);
	ENTER(DOPS, "d_release", OBJ("dentry", &d));
	EXIT(DOPS, "d_release");
	spin_unlock(&other.d_lock);
	expect_one(LC_KIND_CONTRACT_BLOCKING, "d_release", "103");
}

Test(contracts_blocking, free_inode_sleeping_in_rcu_callback_is_contract_blocking)
{
	use_fixture_spec("mini-6.8");
	lockcheck_context_enter(LOCKCHECK_CTX_RCU_CALLBACK);
	ENTER("super_operations", "free_inode", OBJ("inode", &seen));
	might_sleep();
	EXIT("super_operations", "free_inode");
	lockcheck_context_exit(LOCKCHECK_CTX_RCU_CALLBACK);
	expect_one(LC_KIND_CONTRACT_BLOCKING, "free_inode", "376");
}

Test(contracts_blocking, free_inode_sleeping_outside_rcu_callback_is_quiet)
{
	use_fixture_spec("mini-6.8");
	ENTER("super_operations", "free_inode", OBJ("inode", &seen));
	might_sleep();
	EXIT("super_operations", "free_inode");
	cr_assert_eq(count_kind(-1), 0, "%s", seen_summary());
}

static void d_revalidate_sleeping(bool rcu_walk)
{
	struct t_dentry d;
	t_dentry_init(&d);
	if (rcu_walk) {
		rcu_read_lock();
		lockcheck_context_enter(LOCKCHECK_CTX_RCU_WALK);
	}
	ENTER(DOPS, "d_revalidate", OBJ("dentry", &d));
	might_sleep();
	EXIT(DOPS, "d_revalidate");
	if (rcu_walk) {
		lockcheck_context_exit(LOCKCHECK_CTX_RCU_WALK);
		rcu_read_unlock();
	}
}

Test(contracts_rcu_walk, d_revalidate_sleeping_in_rcu_walk_is_contract_rcu_walk)
{
	use_fixture_spec("mini-6.8");
	d_revalidate_sleeping(true);
	expect_one(LC_KIND_CONTRACT_RCU_WALK, "d_revalidate", "43");
	cr_assert_str_eq(first_kind(LC_KIND_CONTRACT_RCU_WALK)->rule_cell, "\"yes (ref-walk)\"");
}

Test(contracts_rcu_walk, d_revalidate_sleeping_in_ref_walk_is_quiet)
{
	use_fixture_spec("mini-6.8");
	d_revalidate_sleeping(false);
	cr_assert_eq(count_kind(-1), 0, "%s", seen_summary());
}

Test(contracts_rcu_walk, d_delete_called_in_rcu_walk_is_contract_rcu_walk)
{
	use_fixture_spec("mini-6.8");
	struct t_dentry d;
	t_dentry_init(&d);
	lockcheck_context_enter(LOCKCHECK_CTX_RCU_WALK);
	spin_lock(&d.d_lock);
	ENTER(DOPS, "d_delete", OBJ("dentry", &d));
	EXIT(DOPS, "d_delete");
	spin_unlock(&d.d_lock);
	lockcheck_context_exit(LOCKCHECK_CTX_RCU_WALK);
	expect_one(LC_KIND_CONTRACT_RCU_WALK, "d_delete", "85");
}

/* ---- exit state ---- */

static void write_begin_call(bool returns_locked)
{
	struct t_inode inode;
	struct t_folio folio;
	t_inode_init(&inode);
	t_folio_init(&folio);
	down_write(&inode.i_rwsem);
	ENTER(AOPS, "write_begin", OBJ("inode", &inode));
	page_lock(&folio.lock);
	if (!returns_locked)
		page_unlock(&folio.lock);
	EXIT(AOPS, "write_begin");
	if (returns_locked)
		page_unlock(&folio.lock);
	up_write(&inode.i_rwsem);
}

Test(contracts_exit, write_begin_returning_the_folio_unlocked_is_exit_state)
{
	use_fixture_spec("mini-6.8");
	write_begin_call(false);
	expect_one(LC_KIND_CONTRACT_EXIT_STATE, "write_begin", "532");
	cr_assert_str_eq(first_kind(LC_KIND_CONTRACT_EXIT_STATE)->rule_cell, "\"locks the page\"");
	cr_assert_str_eq(first_kind(LC_KIND_CONTRACT_EXIT_STATE)->lock, "folio_lock");
}

Test(contracts_exit, write_begin_returning_the_folio_locked_is_quiet)
{
	use_fixture_spec("mini-6.8");
	write_begin_call(true);
	cr_assert_eq(count_kind(-1), 0, "%s", seen_summary());
}

Test(contracts_exit, lookup_dropping_the_parents_lock_is_exit_state)
{
	use_fixture_spec("mini-6.8");
	struct t_inode dir;
	t_inode_init(&dir);
	down_read(&dir.i_rwsem);
	ENTER(IOPS, "lookup", OBJ("dir", &dir));
	up_read(&dir.i_rwsem);
	EXIT(IOPS, "lookup");
	expect_one(LC_KIND_CONTRACT_EXIT_STATE, "lookup", "211");
	cr_assert_str_eq(first_kind(LC_KIND_CONTRACT_EXIT_STATE)->lock, "i_rwsem");
}

Test(contracts_exit, lookup_returning_with_a_lock_it_took_is_exit_state)
{
	use_fixture_spec("mini-6.8");
	struct t_inode dir;
	t_inode_init(&dir);
	down_read(&dir.i_rwsem);
	ENTER(IOPS, "lookup", OBJ("dir", &dir));
	spin_lock(&dir.i_lock);
	EXIT(IOPS, "lookup");
	spin_unlock(&dir.i_lock);
	up_read(&dir.i_rwsem);
	cr_assert_eq(count_kind(LC_KIND_CONTRACT_EXIT_STATE), 1, "%s", seen_summary());
	cr_assert_str_eq(first_kind(LC_KIND_CONTRACT_EXIT_STATE)->lock, "i_lock");
}

Test(contracts_exit, lookup_taking_and_releasing_its_own_locks_is_quiet)
{
	use_fixture_spec("mini-6.8");
	struct t_inode dir;
	t_inode_init(&dir);
	down_read(&dir.i_rwsem);
	ENTER(IOPS, "lookup", OBJ("dir", &dir));
	spin_lock(&dir.i_lock);
	spin_unlock(&dir.i_lock);
	EXIT(IOPS, "lookup");
	up_read(&dir.i_rwsem);
	cr_assert_eq(count_kind(-1), 0, "%s", seen_summary());
}

Test(contracts_exit, iterate_shared_trading_shared_for_exclusive_is_exit_state)
{
	use_fixture_spec("mini-6.8");
	struct t_inode dir;
	t_inode_init(&dir);
	down_read(&dir.i_rwsem);
	ENTER("file_operations", "iterate_shared", OBJ("inode", &dir));
	up_read(&dir.i_rwsem);
	down_write(&dir.i_rwsem);
	EXIT("file_operations", "iterate_shared");
	up_write(&dir.i_rwsem);
	expect_one(LC_KIND_CONTRACT_EXIT_STATE, "iterate_shared", "848");
}

/* ---- read_folio: the unlock may come from I/O completion on another thread ---- */

struct io { struct t_folio *folio; int go; };

static void *io_thread(void *arg)
{
	struct io *io = arg;
	while (!__atomic_load_n(&io->go, __ATOMIC_ACQUIRE))
		sched_yield();
	page_unlock(&io->folio->lock);
	return NULL;
}

static void read_folio_call(struct t_inode *inode, struct t_folio *folio)
{
	down_read(&inode->invalidate_lock);
	page_lock(&folio->lock);
	ENTER(AOPS, "read_folio", OBJ("inode", inode), OBJ("mapping", inode), OBJ("folio", folio));
}

Test(contracts_exit, read_folio_unlocked_by_io_completion_after_return_is_quiet)
{
	use_fixture_spec("mini-6.8");
	struct t_inode inode;
	struct t_folio folio;
	t_inode_init(&inode);
	t_folio_init(&folio);
	struct io io = {&folio, 0};
	pthread_t t;
	read_folio_call(&inode, &folio);
	cr_assert_eq(pthread_create(&t, NULL, io_thread, &io), 0);
	EXIT(AOPS, "read_folio");
	up_read(&inode.invalidate_lock);
	__atomic_store_n(&io.go, 1, __ATOMIC_RELEASE); /* completion after the return */
	pthread_join(t, NULL);
	/* the next callback settles what read_folio left to I/O */
	down_write(&inode.i_rwsem);
	ENTER(IOPS, "setattr", OBJ("inode", &inode));
	EXIT(IOPS, "setattr");
	up_write(&inode.i_rwsem);
	cr_assert_eq(count_kind(-1), 0, "%s", seen_summary());
}

Test(contracts_exit, read_folio_unlocked_synchronously_is_quiet)
{
	use_fixture_spec("mini-6.8");
	struct t_inode inode;
	struct t_folio folio;
	t_inode_init(&inode);
	t_folio_init(&folio);
	read_folio_call(&inode, &folio);
	page_unlock(&folio.lock);
	EXIT(AOPS, "read_folio");
	up_read(&inode.invalidate_lock);
	cr_assert_eq(count_kind(-1), 0, "%s", seen_summary());
}

Test(contracts_exit, read_folio_never_unlocked_is_exit_state_by_the_next_callback)
{
	use_fixture_spec("mini-6.8");
	struct t_inode inode;
	struct t_folio folio;
	t_inode_init(&inode);
	t_folio_init(&folio);
	read_folio_call(&inode, &folio);
	EXIT(AOPS, "read_folio");
	up_read(&inode.invalidate_lock);
	cr_assert_eq(count_kind(-1), 0, "too early: %s", seen_summary());
	down_write(&inode.i_rwsem);
	ENTER(IOPS, "setattr", OBJ("inode", &inode));
	EXIT(IOPS, "setattr");
	up_write(&inode.i_rwsem);
	page_unlock(&folio.lock);
	expect_one(LC_KIND_CONTRACT_EXIT_STATE, "read_folio", "514");
}

/* ---- threads: the spec is loaded once by whichever thread comes first ---- */

static void *setattr_right(void *arg)
{
	struct t_inode *inode = arg;
	for (int i = 0; i < 200; i++) {
		down_write(&inode->i_rwsem);
		ENTER(IOPS, "setattr", OBJ("inode", inode));
		EXIT(IOPS, "setattr");
		up_write(&inode->i_rwsem);
	}
	return NULL;
}

Test(contracts_threads, concurrent_first_callbacks_load_the_spec_once_and_stay_quiet)
{
	use_fixture_spec("mini-6.8");
	lc_spec_reset_active(); /* the threads race to load it */
	enum { N = 8 };
	pthread_t t[N];
	struct t_inode inodes[N];
	for (int i = 0; i < N; i++) {
		t_inode_init(&inodes[i]);
		cr_assert_eq(pthread_create(&t[i], NULL, setattr_right, &inodes[i]), 0);
	}
	for (int i = 0; i < N; i++)
		pthread_join(t[i], NULL);
	cr_assert_eq(count_kind(-1), 0, "%s", seen_summary());
	/* and it is enforcing */
	ENTER(IOPS, "setattr", OBJ("inode", &inodes[0]));
	EXIT(IOPS, "setattr");
	cr_assert_eq(count_kind(LC_KIND_CONTRACT_LOCK_MISSING), 1, "%s", seen_summary());
}

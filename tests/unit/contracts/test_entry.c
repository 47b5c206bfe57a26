/* Entry contracts: lock-missing, lock-mode, lock-forbidden, checked against
 * the hand-made fixture specs (same schema as the compiled rules, lines from the
 * real documents). */
#define LOCKCHECK_LINKED /* the test links liblockcheck.a: pull the API in */
#include <string.h>

#include <criterion/criterion.h>

#include "fakefs.h"
#include "helpers.h"

#define IOPS "inode_operations"
#define DOPS "dentry_operations"

static void expect_one(lc_kind kind, const char *method, const char *lock, const char *line)
{
	cr_assert_eq(count_kind(kind), 1, "want one %s, got: %s", lc_kind_name(kind), seen_summary());
	const seen_finding *f = first_kind(kind);
	cr_assert_str_eq(f->method, method);
	cr_assert_str_eq(f->lock, lock);
	cr_assert_str_eq(f->doc_line, line);
}

Test(contracts_entry, annotation_api_found_in_static_archive)
{
	cr_assert(lockcheck_active(), "lockcheck.h did not find the linked-in library");
}

Test(contracts_entry, setattr_without_i_rwsem_is_lock_missing)
{
	use_fixture_spec("mini-6.8");
	struct t_inode inode;
	t_inode_init(&inode);
	ENTER(IOPS, "setattr", OBJ("inode", &inode));
	EXIT(IOPS, "setattr");
	expect_one(LC_KIND_CONTRACT_LOCK_MISSING, "setattr", "i_rwsem", "255");
	const seen_finding *f = first_kind(LC_KIND_CONTRACT_LOCK_MISSING);
	cr_assert_str_eq(f->interface, IOPS);
	cr_assert_str_eq(f->rule_cell, "\"exclusive\"");
	cr_assert(!strncmp(f->object, "inode 0x", 8), "object %s", f->object);
	cr_assert_eq(count_kind(-1), 1, "%s", seen_summary());
}

Test(contracts_entry, setattr_with_i_rwsem_exclusive_is_quiet)
{
	use_fixture_spec("mini-6.8");
	struct t_inode inode;
	t_inode_init(&inode);
	down_write(&inode.i_rwsem);
	ENTER(IOPS, "setattr", OBJ("inode", &inode));
	EXIT(IOPS, "setattr");
	up_write(&inode.i_rwsem);
	cr_assert_eq(count_kind(-1), 0, "%s", seen_summary());
}

Test(contracts_entry, setattr_holding_another_inodes_lock_is_lock_missing)
{
	use_fixture_spec("mini-6.8");
	struct t_inode a, b;
	t_inode_init(&a);
	t_inode_init(&b);
	down_write(&b.i_rwsem);
	ENTER(IOPS, "setattr", OBJ("inode", &a));
	EXIT(IOPS, "setattr");
	up_write(&b.i_rwsem);
	expect_one(LC_KIND_CONTRACT_LOCK_MISSING, "setattr", "i_rwsem", "255");
}

Test(contracts_entry, lookup_with_exclusive_i_rwsem_is_lock_mode_in_6_8)
{
	use_fixture_spec("mini-6.8");
	struct t_inode dir;
	struct t_dentry d;
	t_inode_init(&dir);
	t_dentry_init(&d);
	down_write(&dir.i_rwsem);
	ENTER(IOPS, "lookup", OBJ("dir", &dir), OBJ("dentry", &d));
	EXIT(IOPS, "lookup");
	up_write(&dir.i_rwsem);
	expect_one(LC_KIND_CONTRACT_LOCK_MODE, "lookup", "i_rwsem", "211");
	cr_assert_str_eq(first_kind(LC_KIND_CONTRACT_LOCK_MODE)->rule_cell, "\"shared\"");
}

Test(contracts_entry, lookup_with_shared_i_rwsem_is_quiet)
{
	use_fixture_spec("mini-6.8");
	struct t_inode dir;
	struct t_dentry d;
	t_inode_init(&dir);
	t_dentry_init(&d);
	down_read(&dir.i_rwsem);
	ENTER(IOPS, "lookup", OBJ("dir", &dir), OBJ("dentry", &d));
	EXIT(IOPS, "lookup");
	up_read(&dir.i_rwsem);
	cr_assert_eq(count_kind(-1), 0, "%s", seen_summary());
}

/* 4.x: "i_mutex: yes" on lookup; an exclusive i_rwsem (alias i_mutex) satisfies it. */
Test(contracts_entry, lookup_with_exclusive_i_rwsem_is_quiet_in_4_x)
{
	use_fixture_spec("mini-4.x");
	struct t_inode dir;
	t_inode_init(&dir);
	down_write(&dir.i_rwsem);
	ENTER(IOPS, "lookup", OBJ("dir", &dir));
	EXIT(IOPS, "lookup");
	up_write(&dir.i_rwsem);
	cr_assert_eq(count_kind(-1), 0, "%s", seen_summary());
}

Test(contracts_entry, lookup_unlocked_is_lock_missing_in_4_x_with_its_line)
{
	use_fixture_spec("mini-4.x");
	struct t_inode dir;
	t_inode_init(&dir);
	ENTER(IOPS, "lookup", OBJ("dir", &dir));
	EXIT(IOPS, "lookup");
	expect_one(LC_KIND_CONTRACT_LOCK_MISSING, "lookup", "i_mutex", "90");
}

Test(contracts_entry, atomic_open_exclusive_is_the_documented_alternative)
{
	use_fixture_spec("mini-6.8");
	struct t_inode dir;
	t_inode_init(&dir);
	down_write(&dir.i_rwsem);
	ENTER(IOPS, "atomic_open", OBJ("dir", &dir));
	EXIT(IOPS, "atomic_open");
	up_write(&dir.i_rwsem);
	cr_assert_eq(count_kind(-1), 0, "%s", seen_summary());
}

Test(contracts_entry, d_revalidate_under_d_lock_is_lock_forbidden)
{
	use_fixture_spec("mini-6.8");
	struct t_dentry d;
	t_dentry_init(&d);
	spin_lock(&d.d_lock);
	ENTER(DOPS, "d_revalidate", OBJ("dentry", &d));
	EXIT(DOPS, "d_revalidate");
	spin_unlock(&d.d_lock);
	expect_one(LC_KIND_CONTRACT_LOCK_FORBIDDEN, "d_revalidate", "d_lock", "41");
	cr_assert_str_eq(first_kind(LC_KIND_CONTRACT_LOCK_FORBIDDEN)->rule_cell, "\"no\"");
}

Test(contracts_entry, d_revalidate_without_d_lock_is_quiet)
{
	use_fixture_spec("mini-6.8");
	struct t_dentry d;
	t_dentry_init(&d);
	ENTER(DOPS, "d_revalidate", OBJ("dentry", &d));
	EXIT(DOPS, "d_revalidate");
	cr_assert_eq(count_kind(-1), 0, "%s", seen_summary());
}

/* "no" in a sleeping lock's column says the VFS doesn't take it: not a prohibition. */
Test(contracts_entry, permission_with_i_rwsem_held_is_quiet)
{
	use_fixture_spec("mini-6.8");
	struct t_inode inode;
	t_inode_init(&inode);
	down_write(&inode.i_rwsem);
	ENTER(IOPS, "permission", OBJ("inode", &inode));
	EXIT(IOPS, "permission");
	up_write(&inode.i_rwsem);
	cr_assert_eq(count_kind(-1), 0, "%s", seen_summary());
}

static void rename_call(bool cross, bool rename_sem, bool lock_victim)
{
	struct t_sb sb;
	struct t_inode d1, d2, victim;
	t_sb_init(&sb);
	t_inode_init(&d1);
	t_inode_init(&d2);
	t_inode_init(&victim);
	struct t_inode *nd = cross ? &d2 : &d1;
	if (rename_sem)
		mutex_lock(&sb.s_vfs_rename_mutex);
	down_write_nested(&d1.i_rwsem, I_MUTEX_PARENT);
	if (cross)
		down_write_nested(&d2.i_rwsem, I_MUTEX_PARENT2);
	if (lock_victim)
		down_write_nested(&victim.i_rwsem, I_MUTEX_NONDIR2);
	ENTER(IOPS, "rename", OBJ("dir", &d1), OBJ("new_dir", nd), OBJ("victim", &victim), OBJ("sb", &sb));
	EXIT(IOPS, "rename");
	if (lock_victim)
		up_write(&victim.i_rwsem);
	if (cross)
		up_write(&d2.i_rwsem);
	up_write(&d1.i_rwsem);
	if (rename_sem)
		mutex_unlock(&sb.s_vfs_rename_mutex);
}

Test(contracts_entry, cross_directory_rename_without_rename_lock_is_lock_missing)
{
	use_fixture_spec("mini-6.8");
	rename_call(true, false, true);
	expect_one(LC_KIND_CONTRACT_LOCK_MISSING, "rename", "s_vfs_rename_sem", "305");
}

Test(contracts_entry, rename_done_right_is_quiet_across_and_within_a_directory)
{
	use_fixture_spec("mini-6.8");
	rename_call(true, true, true);
	rename_call(false, false, true);
	cr_assert_eq(count_kind(-1), 0, "%s", seen_summary());
}

Test(contracts_entry, rename_with_victim_unlocked_is_lock_missing_on_victim)
{
	use_fixture_spec("mini-6.8");
	rename_call(false, false, false);
	expect_one(LC_KIND_CONTRACT_LOCK_MISSING, "rename", "i_rwsem", "305");
	cr_assert(!strncmp(first_kind(LC_KIND_CONTRACT_LOCK_MISSING)->object, "victim ", 7));
}

Test(contracts_entry, unknown_methods_and_interfaces_are_not_checked)
{
	use_fixture_spec("mini-6.8");
	struct t_inode inode;
	t_inode_init(&inode);
	ENTER(IOPS, "no_such_method", OBJ("inode", &inode));
	EXIT(IOPS, "no_such_method");
	ENTER("no_such_operations", "lookup", OBJ("dir", &inode));
	EXIT("no_such_operations", "lookup");
	cr_assert_eq(count_kind(-1), 0, "%s", seen_summary());
}

/* Named after init, lockdep style: the plain init names the class after the
 * expression; lockdep_set_class_and_name gives the document's name. */
Test(contracts_entry, lock_renamed_with_lockdep_set_class_and_name_is_matched)
{
	use_fixture_spec("mini-6.8");
	struct t_inode inode;
	init_rwsem(&inode.i_rwsem);
	static int key;
	lockdep_set_class_and_name(&inode.i_rwsem, &key, "i_rwsem");
	down_write(&inode.i_rwsem);
	ENTER(IOPS, "setattr", OBJ("inode", &inode));
	EXIT(IOPS, "setattr");
	up_write(&inode.i_rwsem);
	cr_assert_eq(count_kind(-1), 0, "%s", seen_summary());
}

/* The plain init's expression name ("&inode.i_rwsem") matches by member name. */
Test(contracts_entry, plain_init_names_match_by_member_name)
{
	use_fixture_spec("mini-6.8");
	struct t_inode inode;
	init_rwsem(&inode.i_rwsem);
	down_read(&inode.i_rwsem);
	ENTER(IOPS, "setattr", OBJ("inode", &inode));
	EXIT(IOPS, "setattr");
	up_read(&inode.i_rwsem);
	cr_assert_eq(count_kind(LC_KIND_CONTRACT_LOCK_MODE), 1, "%s", seen_summary());
}

/* ->map_pages() "is called with the RCU lock held" (prose, line 975). */
Test(contracts_entry, map_pages_outside_rcu_read_lock_is_lock_missing)
{
	use_fixture_spec("mini-6.8");
	ENTER("vm_operations_struct", "map_pages", OBJ("mm", &seen));
	EXIT("vm_operations_struct", "map_pages");
	expect_one(LC_KIND_CONTRACT_LOCK_MISSING, "map_pages", "rcu", "975");
}

Test(contracts_entry, map_pages_under_rcu_read_lock_is_quiet)
{
	use_fixture_spec("mini-6.8");
	rcu_read_lock();
	ENTER("vm_operations_struct", "map_pages", OBJ("mm", &seen));
	EXIT("vm_operations_struct", "map_pages");
	rcu_read_unlock();
	cr_assert_eq(count_kind(-1), 0, "%s", seen_summary());
}

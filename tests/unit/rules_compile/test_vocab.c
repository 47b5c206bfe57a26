/* Cell vocabulary: each cell form of the four documents, read in its column.
 * Runs without the documents. */
#include <criterion/criterion.h>
#include <string.h>

#include "../../../tools/rules/spec_locks.h"
#include "../../../tools/rules/spec_vocab.h"

static cell_meaning lock_cell(const char *text)
{
	cell_meaning m;
	vocab_cell(COL_LOCK, text, &m);
	return m;
}

#define expect_str(actual, expected) cr_expect_str_eq((actual) ? (actual) : "(null)", (expected))

Test(vocab, column_headers)
{
	cr_expect_eq(vocab_column_kind("may block"), COL_BLOCKING);
	cr_expect_eq(vocab_column_kind("rcu-walk"), COL_RCU_WALK);
	cr_expect_eq(vocab_column_kind("note"), COL_NOTE);
	cr_expect_eq(vocab_column_kind("Held locks when called"), COL_HELD_LOCKS);
	cr_expect_eq(vocab_column_kind("FS recursion"), COL_OTHER);
	cr_expect_eq(vocab_column_kind("folio locked"), COL_LOCK);
	cr_expect_eq(vocab_column_kind("->d_lock"), COL_LOCK);
	cr_expect_eq(vocab_column_kind("i_mutex(inode)"), COL_LOCK);
}

Test(vocab, lock_names_across_eras)
{
	static const struct { const char *doc, *name, *kind, *object; } cases[] = {
		{"->d_lock", "d_lock", "spinlock", "dentry"},
		{"rename_lock", "rename_lock", "seqlock", "global"},
		{"i_mutex(inode)", "i_rwsem", "rw_semaphore", "inode"},
		{"i_rwsem(inode)", "i_rwsem", "rw_semaphore", "inode"},
		{"->i_mutex", "i_rwsem", "rw_semaphore", "inode"},
		{"PageLocked(page)", "folio_lock", "folio_lock", "folio"},
		{"folio locked", "folio_lock", "folio_lock", "folio"},
		{"page locked", "folio_lock", "folio_lock", "folio"},
		{"mmap_sem", "mmap_lock", "rw_semaphore", "mm"},
		{"bd_mutex", "open_mutex", "mutex", "block_device"},
		{"inode->i_lock", "i_lock", "spinlock", "inode"},
		{"invalidate_lock", "invalidate_lock", "rw_semaphore", "mapping"},
		{"s_umount", "s_umount", "rw_semaphore", "superblock"},
		{"flc_lock", "flc_lock", "spinlock", "file_lock"},
		{"blocked_lock_lock", "blocked_lock_lock", "spinlock", "global"},
		{"dqonoff_mutex", "dqonoff_sem", "mutex", "superblock"},
		{"BKL", "BKL", "bkl", "global"},
		{"namespace_sem", "namespace_sem", "rw_semaphore", "global"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		const lock_def *d = locks_lookup(cases[i].doc);
		cr_assert_not_null(d, "%s not in the lock table", cases[i].doc);
		cr_expect_str_eq(d->name, cases[i].name, "%s", cases[i].doc);
		cr_expect_str_eq(d->kind, cases[i].kind, "%s", cases[i].doc);
		cr_expect_str_eq(d->object, cases[i].object, "%s", cases[i].doc);
	}
	cr_expect_null(locks_lookup("frobnicate_lock"));
}

Test(vocab, entry_modes)
{
	expect_str(lock_cell("yes").entry, "held");
	expect_str(lock_cell("no").entry, "none");
	expect_str(lock_cell("shared").entry, "shared");
	expect_str(lock_cell("read").entry, "shared");
	expect_str(lock_cell("exclusive").entry, "exclusive");
	expect_str(lock_cell("write").entry, "exclusive");
	expect_str(lock_cell("maybe").entry, "maybe");
	expect_str(lock_cell("maybe(read)").entry, "maybe-shared");
	expect_str(lock_cell("maybe-read").entry, "maybe-shared");
	expect_str(lock_cell("read/write").entry, "held");
	cr_expect_null(lock_cell(NULL).entry);
	cr_expect(lock_cell(NULL).understood);
}

Test(vocab, exit_states)
{
	cell_meaning m = lock_cell("yes, unlocks");
	expect_str(m.entry, "held");
	expect_str(m.exit, "released");
	m = lock_cell("locks the page");
	expect_str(m.entry, "none");
	expect_str(m.exit, "acquired");
	m = lock_cell("can return with page locked");
	expect_str(m.exit, "may-hold");
	m = lock_cell("shared");
	expect_str(m.exit, "unchanged");
}

Test(vocab, scope_and_notes)
{
	cell_meaning m = lock_cell("exclusive (both)(see below)");
	expect_str(m.entry, "exclusive");
	expect_str(m.scope, "both");
	cr_assert_eq(m.nnotes, 1);
	cr_expect_str_eq(m.notes[0], "(see below)");
	m = lock_cell("yes (all) (see below)");
	expect_str(m.entry, "held");
	expect_str(m.scope, "all");
	m = lock_cell("exclusive (both parents, some children) (see below)");
	expect_str(m.scope, "both");
	cr_expect_str_eq(m.notes[0], "(both parents, some children)");
}

Test(vocab, conditions_and_alternatives)
{
	cell_meaning m = lock_cell("shared (exclusive if O_CREAT is set in open flags)");
	expect_str(m.entry, "shared");
	expect_str(m.alt_entry, "exclusive");
	expect_str(m.alt_condition, "O_CREAT in open flags");
	m = lock_cell("no or exclusive");
	expect_str(m.entry, "none");
	expect_str(m.alt_entry, "exclusive");
	cr_expect_str_eq(m.alt_condition, "", "the document does not say when");
}

Test(vocab, blocking_in_lock_and_blocking_columns)
{
	cell_meaning m = lock_cell("no (may not block if called in rcu-walk mode)");
	expect_str(m.entry, "none");
	expect_str(m.blocking, "ref-walk-only");
	expect_str(m.rcu_walk, "maybe");
	vocab_cell(COL_BLOCKING, "yes (ref-walk)", &m);
	expect_str(m.blocking, "ref-walk-only");
	vocab_cell(COL_BLOCKING, "no", &m);
	expect_str(m.blocking, "no");
	vocab_cell(COL_BLOCKING, "maybe[1]_", &m);
	expect_str(m.blocking, "maybe");
	cr_assert_eq(m.nnotes, 1);
	cr_expect_str_eq(m.notes[0], "footnote [1]");
	vocab_cell(COL_RCU_WALK, "maybe", &m);
	expect_str(m.rcu_walk, "maybe");
}

Test(vocab, locks_named_in_cells)
{
	cell_meaning m = lock_cell("!!!inode->i_lock!!!");
	cr_expect_null(m.entry);
	cr_assert_eq(m.nheld, 1);
	cr_expect_str_eq(m.held[0], "inode->i_lock");
	cr_expect_str_eq(m.notes[0], "!!!inode->i_lock!!!");
	m = lock_cell("no (namespace_sem)");
	expect_str(m.entry, "none");
	cr_assert_eq(m.nheld, 1);
	cr_expect_str_eq(m.held[0], "namespace_sem");
	vocab_cell(COL_HELD_LOCKS, "dqonoff_sem or dqptr_sem", &m);
	cr_assert_eq(m.nheld, 2);
	cr_expect(m.one_of);
	vocab_cell(COL_HELD_LOCKS, "-", &m);
	cr_expect_eq(m.nheld, 0);
	cr_expect(m.understood);
}

Test(vocab, contexts)
{
	cell_meaning m;
	vocab_cell(COL_NOTE, "called from RCU callback", &m);
	expect_str(m.context, "rcu-callback");
	vocab_cell(COL_NOTE, "!!!inode->i_lock!!!", &m);
	cr_expect_eq(m.nheld, 1);
}

Test(vocab, unknown_words_are_reported_not_guessed)
{
	cell_meaning m = lock_cell("sometimes, on Tuesdays");
	cr_expect_not(m.understood);
	cr_expect(strstr(m.problem, "Tuesdays") != NULL, "problem: %s", m.problem);
	m = lock_cell("yes (frobnicated)");
	cr_expect_not(m.understood);
	vocab_cell(COL_BLOCKING, "perhaps", &m);
	cr_expect_not(m.understood);
}

Test(vocab, odd_text_is_reported_never_a_crash)
{
	static char long_cell[1000];
	memset(long_cell, 'y', sizeof long_cell - 1);
	const char *odd[] = {"(((", ")", "!!!", "!!!x", "!!!!!!", "[", "[1", "[]", "maybe(", "(exclusive if)",
			     "", " ", "yes, unlocks (", "(see below", "or", " or ", "no or", "-", long_cell};
	for (size_t i = 0; i < sizeof odd / sizeof odd[0]; i++)
		for (int k = COL_LOCK; k <= COL_OTHER; k++) {
			cell_meaning m;
			vocab_cell((column_kind)k, odd[i], &m);
			cr_expect(m.understood || m.problem[0], "a cell not understood says why");
		}
	cell_meaning m = lock_cell(long_cell);
	cr_expect_not(m.understood);
	cr_expect(strstr(m.problem, "too long") != NULL, "%s", m.problem);
}

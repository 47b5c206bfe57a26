/* Lock table.  The spellings list every way the four reference documents
 * (and their neighbours in kernel history) write a lock, after
 * locks_bare_name() has dropped "->", an owner such as "inode->" and an
 * object suffix such as "(inode)". */
#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "spec_locks.h"

typedef struct lock_row {
	lock_def def;
	const char *spellings[6];
} lock_row;

static const lock_row lock_rows[] = {
	{{"rename_lock", "seqlock", "global"}, {"rename_lock"}},
	{{"d_lock", "spinlock", "dentry"}, {"d_lock"}},
	{{"i_rwsem", "rw_semaphore", "inode"}, {"i_rwsem", "i_mutex", "i_sem"}},
	{{"i_lock", "spinlock", "inode"}, {"i_lock"}},
	/* The page lock became the folio lock; the documents write it as a
	 * macro or as a phrase. */
	{{"folio_lock", "folio_lock", "folio"},
	 {"PageLocked", "page locked", "folio locked", "page lock", "folio lock", "folio_lock"}},
	{{"invalidate_lock", "rw_semaphore", "mapping"}, {"invalidate_lock"}},
	{{"s_umount", "rw_semaphore", "superblock"}, {"s_umount"}},
	{{"s_vfs_rename_sem", "mutex", "superblock"}, {"s_vfs_rename_sem", "s_vfs_rename_mutex"}},
	{{"mmap_lock", "rw_semaphore", "mm"}, {"mmap_lock", "mmap_sem"}},
	{{"open_mutex", "mutex", "block_device"}, {"open_mutex", "bd_mutex"}},
	{{"flc_lock", "spinlock", "file_lock"}, {"flc_lock"}},
	{{"blocked_lock_lock", "spinlock", "global"}, {"blocked_lock_lock"}},
	{{"dqio_sem", "semaphore", "superblock"}, {"dqio_sem", "dqio_mutex"}},
	{{"dqonoff_sem", "mutex", "superblock"}, {"dqonoff_sem", "dqonoff_mutex"}},
	{{"dqptr_sem", "rw_semaphore", "superblock"}, {"dqptr_sem"}},
	{{"namespace_sem", "rw_semaphore", "global"}, {"namespace_sem"}},
	{{"swap_lock", "spinlock", "global"}, {"swap_lock"}},
	{{"f_pos_lock", "mutex", "file"}, {"f_pos_lock"}},
	{{"BKL", "bkl", "global"}, {"BKL", "big kernel lock", "lock_kernel"}},
};

void locks_bare_name(const char *doc_name, char *out, size_t outlen)
{
	const char *s = doc_name;
	while (isspace((unsigned char)*s))
		s++;
	/* "inode->i_lock", "->d_lock", "mapping->invalidate_lock": keep the member */
	const char *arrow = strstr(s, "->");
	if (arrow)
		s = arrow + 2;
	snprintf(out, outlen, "%s", s);
	size_t n = strlen(out);
	while (n && (isspace((unsigned char)out[n - 1]) || out[n - 1] == ':' || out[n - 1] == '.'))
		out[--n] = '\0';
	/* "i_rwsem(inode)", "PageLocked(page)": the object is known from the table */
	char *paren = strchr(out, '(');
	if (paren && paren > out && out[n - 1] == ')') {
		*paren = '\0';
		n = strlen(out);
		while (n && isspace((unsigned char)out[n - 1]))
			out[--n] = '\0';
	}
}

const lock_def *locks_lookup(const char *doc_name)
{
	char bare[128];
	locks_bare_name(doc_name, bare, sizeof bare);
	for (size_t i = 0; i < sizeof lock_rows / sizeof lock_rows[0]; i++)
		for (size_t j = 0; j < 6 && lock_rows[i].spellings[j]; j++)
			if (strcasecmp(bare, lock_rows[i].spellings[j]) == 0)
				return &lock_rows[i].def;
	return NULL;
}

/* The bugs memfs can be told to have (--bug=NAME), each a real mistake a
 * filesystem or its caller makes against the Locking document. */
#include <stdio.h>
#include <string.h>

#include "bugs.h"

const struct memfs_bug_info memfs_bugs[] = {
	{"setattr-unlocked", "the truncate path calls ->setattr without the inode's i_rwsem",
	 "contract-lock-missing on inode_operations.setattr"},
	{"d_delete-sleeps", "->d_delete takes a mutex (sleeps) although it runs under d_lock",
	 "contract-blocking on dentry_operations.d_delete"},
	{"write_begin-unlocked", "->write_begin returns the folio unlocked",
	 "contract-exit-state on address_space_operations.write_begin"},
	{"iterate-write", "->iterate_shared trades the caller's shared i_rwsem for an exclusive one",
	 "contract-exit-state on file_operations.iterate_shared"},
	{"lookup-drops", "->lookup drops the parent's i_rwsem that the VFS holds",
	 "contract-exit-state on inode_operations.lookup"},
	{NULL, NULL, NULL},
};

static const char *selected;

bool memfs_select_bug(const char *name)
{
	for (const struct memfs_bug_info *b = memfs_bugs; b->name; b++)
		if (!strcmp(b->name, name)) {
			selected = b->name;
			return true;
		}
	return false;
}

bool memfs_bug(const char *name) { return selected && !strcmp(selected, name); }

void memfs_list_bugs(FILE *out)
{
	for (const struct memfs_bug_info *b = memfs_bugs; b->name; b++)
		fprintf(out, "%-22s %s\n%-22s -> %s\n", b->name, b->what, "", b->finding);
}

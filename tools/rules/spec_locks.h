/* The lock table: every lock name the Locking documents use, in any era's
 * spelling, mapped to one canonical name with its kind and the object it
 * lives in (values of docs/spec-format.md). */
#ifndef SPEC_LOCKS_H
#define SPEC_LOCKS_H

#include <stddef.h>

typedef struct lock_def {
	const char *name;    /* canonical: the newest document's spelling */
	const char *kind;    /* spinlock, mutex, rw_semaphore, ... */
	const char *object;  /* inode, dentry, superblock, ... */
} lock_def;

/* The lock a column header or cell names ("->d_lock", "i_mutex(inode)",
 * "PageLocked(page)", "folio locked", "inode->i_lock"), or NULL. */
const lock_def *locks_lookup(const char *doc_name);

/* Writes the bare name of doc_name (no "->", owner prefix or "(inode)")
 * into out: what an unknown lock is called. */
void locks_bare_name(const char *doc_name, char *out, size_t outlen);

#endif

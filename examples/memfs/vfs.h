/* A miniature VFS: just enough of the kernel's structures, operation tables
 * and locks for memfs to be written the way a kernel filesystem is, and for
 * vfs.c to call it the way fs/namei.c, fs/readdir.c and mm/filemap.c do.
 * Every lock is a kernel.h lock named like the kernel's, tied to its object. */
#ifndef MEMFS_VFS_H
#define MEMFS_VFS_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "lockcheck/kernel.h"

#define MEMFS_PAGE_SIZE 256
#define MEMFS_MAX_PAGES 16
#define MEMFS_NAME_MAX 32
#define LOOKUP_RCU 0x40 /* d_revalidate flag: called in rcu-walk mode */
#define ECHILD_RETRY (-10) /* -ECHILD: "try again in ref-walk" */

struct inode;
struct dentry;
struct folio;
struct file;
struct super_block;
struct address_space;
struct dir_context;

struct dentry_operations {
	int (*d_revalidate)(struct dentry *, unsigned int flags);
	int (*d_delete)(const struct dentry *);
	void (*d_release)(struct dentry *);
};

struct iattr {
	loff_t ia_size;
};

struct inode_operations {
	struct dentry *(*lookup)(struct inode *dir, struct dentry *dentry, unsigned int flags);
	int (*create)(struct inode *dir, struct dentry *dentry, unsigned mode, bool excl);
	int (*mkdir)(struct inode *dir, struct dentry *dentry, unsigned mode);
	int (*unlink)(struct inode *dir, struct dentry *dentry);
	int (*rename)(struct inode *old_dir, struct dentry *old_dentry, struct inode *new_dir,
		      struct dentry *new_dentry, unsigned int flags);
	int (*setattr)(struct dentry *dentry, struct iattr *attr);
};

struct dir_context {
	bool (*actor)(struct dir_context *, const char *name, unsigned long ino);
	loff_t pos;
	unsigned count;
};

struct file_operations {
	int (*iterate_shared)(struct file *, struct dir_context *);
};

struct address_space_operations {
	int (*read_folio)(struct file *, struct folio *);
	int (*write_begin)(struct file *, struct address_space *mapping, loff_t pos, unsigned len,
			   struct folio **foliop, void **fsdata);
	int (*write_end)(struct file *, struct address_space *mapping, loff_t pos, unsigned len,
			 unsigned copied, struct folio *folio, void *fsdata);
	bool (*dirty_folio)(struct address_space *, struct folio *);
};

struct super_operations {
	struct inode *(*alloc_inode)(struct super_block *sb);
	void (*destroy_inode)(struct inode *);
	void (*put_super)(struct super_block *);
};

struct super_block {
	struct rw_semaphore s_umount;
	struct mutex s_vfs_rename_mutex;   /* the document's s_vfs_rename_sem */
	const struct super_operations *s_op;
	struct dentry *s_root;
	unsigned long next_ino;
	struct inode *s_inodes;            /* every inode, for unmount */
};

struct folio {
	page_lock_t lock;                  /* first: the folio lock is the folio */
	struct address_space *mapping;
	unsigned long index;
	bool uptodate, dirty;
	char data[MEMFS_PAGE_SIZE];
};

struct address_space {
	struct inode *host;
	struct rw_semaphore invalidate_lock;
	const struct address_space_operations *a_ops;
	struct folio *pages[MEMFS_MAX_PAGES];
};

struct inode {
	struct rw_semaphore i_rwsem;
	spinlock_t i_lock;
	struct super_block *i_sb;
	struct address_space i_data;
	unsigned long i_ino;
	bool is_dir;
	loff_t i_size;
	unsigned i_nlink;
	const struct inode_operations *i_op;
	const struct file_operations *i_fop;
	struct inode *i_sb_next;
	char backing[MEMFS_MAX_PAGES * MEMFS_PAGE_SIZE]; /* the "disk" */
};

struct dentry {
	spinlock_t d_lock;
	char d_name[MEMFS_NAME_MAX];
	struct inode *d_inode;             /* NULL: negative dentry */
	struct dentry *d_parent;
	struct dentry *d_child_next;       /* sibling list, under the parent's d_lock */
	struct dentry *d_subdirs;
	const struct dentry_operations *d_op;
	int d_count;
	bool d_unhashed;
};

struct file {
	struct mutex f_pos_lock;
	struct inode *f_inode;
	struct dentry *f_dentry;
	loff_t f_pos;
};

/* Objects of the VFS core (vfs.c). */
struct inode *new_inode(struct super_block *sb, bool is_dir);
void d_instantiate(struct dentry *dentry, struct inode *inode);
struct dentry *d_alloc(struct dentry *parent, const char *name);
struct folio *folio_alloc(struct address_space *mapping, unsigned long index);
void folio_lock(struct folio *folio);
void folio_unlock(struct folio *folio);
bool folio_test_locked(struct folio *folio);

static inline void inode_lock(struct inode *i) { down_write(&i->i_rwsem); }
static inline void inode_unlock(struct inode *i) { up_write(&i->i_rwsem); }
static inline void inode_lock_shared(struct inode *i) { down_read(&i->i_rwsem); }
static inline void inode_unlock_shared(struct inode *i) { up_read(&i->i_rwsem); }
static inline void inode_lock_nested(struct inode *i, unsigned sub) { down_write_nested(&i->i_rwsem, sub); }

/* The VFS entry points the workload drives (vfs.c). */
struct super_block *vfs_mount(void);
void vfs_umount(struct super_block *sb);
struct dentry *vfs_path_walk(struct super_block *sb, const char *path);
int vfs_create(struct dentry *parent, const char *name);
int vfs_mkdir(struct dentry *parent, const char *name);
int vfs_unlink(struct dentry *parent, const char *name);
int vfs_rename(struct dentry *old_parent, const char *old_name, struct dentry *new_parent,
	       const char *new_name);
int vfs_truncate(struct dentry *dentry, loff_t size);
int vfs_write(struct dentry *dentry, loff_t pos, const char *buf, size_t len);
ssize_t vfs_read(struct dentry *dentry, loff_t pos, char *buf, size_t len);
int vfs_readdir(struct dentry *dir, unsigned *count);
void invalidate_mapping_pages(struct inode *inode);
void dput(struct dentry *dentry);

/* memfs itself (memfs.c). */
int memfs_fill_super(struct super_block *sb);

/* Seeded bugs (bugs.c). */
bool memfs_bug(const char *name);

#endif

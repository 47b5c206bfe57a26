/* Objects with kernel-style locks, named as the VFS names them, for tests
 * that play the VFS and the filesystem in one function. */
#ifndef CONTRACT_TEST_FAKEFS_H
#define CONTRACT_TEST_FAKEFS_H

#include "lockcheck/kernel.h"

struct t_inode { struct rw_semaphore i_rwsem; spinlock_t i_lock; struct rw_semaphore invalidate_lock; };
struct t_dentry { spinlock_t d_lock; };
struct t_folio { page_lock_t lock; };
struct t_sb { struct mutex s_vfs_rename_mutex; struct rw_semaphore s_umount; };

static inline void t_inode_init(struct t_inode *i)
{
	init_rwsem_class(&i->i_rwsem, "i_rwsem", i, "inode");
	spin_lock_init_class(&i->i_lock, "i_lock", i, "inode");
	init_rwsem_class(&i->invalidate_lock, "invalidate_lock", i, "mapping");
}
static inline void t_dentry_init(struct t_dentry *d) { spin_lock_init_class(&d->d_lock, "d_lock", d, "dentry"); }
static inline void t_folio_init(struct t_folio *f) { page_lock_init_class(&f->lock, "folio_lock", f, "folio"); }
static inline void t_sb_init(struct t_sb *s)
{
	mutex_init_class(&s->s_vfs_rename_mutex, "s_vfs_rename_sem", s, "superblock");
	init_rwsem_class(&s->s_umount, "s_umount", s, "superblock");
}

#define ENTER(iface, method, ...)                                                          \
	do {                                                                               \
		const struct lockcheck_object objs_[] = {__VA_ARGS__};                     \
		lockcheck_callback_enter(iface, method, objs_, sizeof objs_ / sizeof objs_[0]); \
	} while (0)
#define EXIT(iface, method) lockcheck_callback_exit(iface, method)
#define OBJ(role, p) LOCKCHECK_OBJ(role, p)

#endif

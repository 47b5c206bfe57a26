/* memfs: a tiny in-memory filesystem written the way a kernel filesystem is,
 * against the kernel lock API of lockcheck/kernel.h.  Files live in the page
 * cache over a per-inode "disk" array; directories live in the dcache (like
 * ramfs).  Odd pages are read through a simulated I/O completion thread that
 * unlocks the folio, as block-device filesystems do. */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "vfs.h"

static const struct inode_operations memfs_dir_iops, memfs_file_iops;
static const struct file_operations memfs_dir_fops;
static const struct address_space_operations memfs_aops;
static DEFINE_MUTEX(memfs_stats_lock);
static unsigned long memfs_deletes;

/* ---- dentry_operations ------------------------------------------------------------ */

static int memfs_d_revalidate(struct dentry *dentry, unsigned int flags)
{
	if (flags & LOOKUP_RCU)
		return ECHILD_RETRY; /* may need to sleep: ask for ref-walk */
	might_sleep();
	return dentry->d_inode ? 1 : 0;
}

/* Called under d_lock: must not sleep. */
static int memfs_d_delete(const struct dentry *dentry)
{
	if (memfs_bug("d_delete-sleeps")) {
		mutex_lock(&memfs_stats_lock); /* BUG: a sleeping lock under d_lock */
		memfs_deletes++;
		mutex_unlock(&memfs_stats_lock);
	}
	return dentry->d_inode == NULL; /* don't cache negative dentries */
}

static void memfs_d_release(struct dentry *dentry) { (void)dentry; }

static const struct dentry_operations memfs_dops = {
	.d_revalidate = memfs_d_revalidate,
	.d_delete = memfs_d_delete,
	.d_release = memfs_d_release,
};

/* ---- inode_operations ------------------------------------------------------------- */

static struct inode *memfs_get_inode(struct super_block *sb, bool is_dir)
{
	struct inode *inode = new_inode(sb, is_dir);
	if (!inode)
		return NULL;
	inode->i_op = is_dir ? &memfs_dir_iops : &memfs_file_iops;
	inode->i_fop = is_dir ? &memfs_dir_fops : NULL;
	inode->i_data.a_ops = &memfs_aops;
	return inode;
}

/* Everything is in the dcache: a name not there does not exist. */
static struct dentry *memfs_lookup(struct inode *dir, struct dentry *dentry, unsigned int flags)
{
	(void)flags;
	if (memfs_bug("lookup-drops"))
		inode_unlock_shared(dir); /* BUG: drops the caller's lock on the parent */
	(void)dentry;
	return NULL;
}

static int memfs_mknod(struct inode *dir, struct dentry *dentry, bool is_dir)
{
	struct inode *inode = memfs_get_inode(dir->i_sb, is_dir);
	if (!inode)
		return -12;
	d_instantiate(dentry, inode);
	return 0;
}

static int memfs_create(struct inode *dir, struct dentry *dentry, unsigned mode, bool excl)
{
	(void)mode;
	(void)excl;
	return memfs_mknod(dir, dentry, false);
}

static int memfs_mkdir(struct inode *dir, struct dentry *dentry, unsigned mode)
{
	(void)mode;
	return memfs_mknod(dir, dentry, true);
}

static void drop_nlink(struct inode *inode)
{
	spin_lock(&inode->i_lock);
	inode->i_nlink--;
	spin_unlock(&inode->i_lock);
}

static int memfs_unlink(struct inode *dir, struct dentry *dentry)
{
	(void)dir;
	drop_nlink(dentry->d_inode);
	return 0;
}

static int memfs_rename(struct inode *old_dir, struct dentry *old_dentry, struct inode *new_dir,
			struct dentry *new_dentry, unsigned int flags)
{
	(void)old_dir;
	(void)new_dir;
	(void)flags;
	if (new_dentry->d_inode)
		drop_nlink(new_dentry->d_inode);
	struct inode *moved = old_dentry->d_inode;
	d_instantiate(new_dentry, moved);
	d_instantiate(old_dentry, NULL);
	return 0;
}

/* Truncate: cached pages past the end go, under the invalidate_lock. */
static int memfs_setattr(struct dentry *dentry, struct iattr *attr)
{
	struct inode *inode = dentry->d_inode;
	struct address_space *mapping = &inode->i_data;
	down_write(&mapping->invalidate_lock);
	for (unsigned long i = 0; i < MEMFS_MAX_PAGES; i++) {
		struct folio *f = mapping->pages[i];
		if (f && (loff_t)(i * MEMFS_PAGE_SIZE) >= attr->ia_size) {
			folio_lock(f);
			mapping->pages[i] = NULL;
			folio_unlock(f);
			lockcheck_lock_destroy(&f->lock);
			free(f);
		}
	}
	spin_lock(&inode->i_lock);
	inode->i_size = attr->ia_size;
	spin_unlock(&inode->i_lock);
	up_write(&mapping->invalidate_lock);
	return 0;
}

static const struct inode_operations memfs_dir_iops = {
	.lookup = memfs_lookup,
	.create = memfs_create,
	.mkdir = memfs_mkdir,
	.unlink = memfs_unlink,
	.rename = memfs_rename,
	.setattr = memfs_setattr,
};

static const struct inode_operations memfs_file_iops = {
	.setattr = memfs_setattr,
};

/* ---- file_operations -------------------------------------------------------------- */

/* Called with i_rwsem shared: only reads the directory. */
static int memfs_iterate_shared(struct file *file, struct dir_context *ctx)
{
	struct inode *inode = file->f_inode;
	struct dentry *dir = file->f_dentry;
	if (memfs_bug("iterate-write")) {
		/* BUG: wants the directory to itself, as the old ->iterate had it,
		 * and trades the caller's shared lock for an exclusive one. */
		up_read(&inode->i_rwsem);
		down_write(&inode->i_rwsem);
	}
	spin_lock(&dir->d_lock);
	for (struct dentry *d = dir->d_subdirs; d; d = d->d_child_next)
		if (d->d_inode && !d->d_unhashed && !ctx->actor(ctx, d->d_name, d->d_inode->i_ino))
			break;
	spin_unlock(&dir->d_lock);
	return 0;
}

static const struct file_operations memfs_dir_fops = {
	.iterate_shared = memfs_iterate_shared,
};

/* ---- address_space_operations ----------------------------------------------------- */

#define MEMFS_MAX_IO 64
static pthread_t io_threads[MEMFS_MAX_IO];
static unsigned n_io_threads;

static void *io_complete(void *arg)
{
	folio_unlock(arg); /* I/O completion unlocks the folio */
	return NULL;
}

static int memfs_read_folio(struct file *file, struct folio *folio)
{
	(void)file;
	struct inode *inode = folio->mapping->host;
	memcpy(folio->data, inode->backing + folio->index * MEMFS_PAGE_SIZE, MEMFS_PAGE_SIZE);
	folio->uptodate = true;
	if (folio->index % 2 && n_io_threads < MEMFS_MAX_IO &&
	    pthread_create(&io_threads[n_io_threads], NULL, io_complete, folio) == 0) {
		n_io_threads++;
		return 0;
	}
	folio_unlock(folio);
	return 0;
}

/* VFS helper (folio_mark_dirty): calls ->dirty_folio, which may not block. */
static void folio_mark_dirty(struct folio *folio)
{
	struct address_space *mapping = folio->mapping;
	lockcheck_callback_enter("address_space_operations", "dirty_folio",
				 (struct lockcheck_object[]){LOCKCHECK_OBJ("mapping", mapping),
							     LOCKCHECK_OBJ("folio", folio)}, 2);
	mapping->a_ops->dirty_folio(mapping, folio);
	lockcheck_callback_exit("address_space_operations", "dirty_folio");
}

static bool memfs_dirty_folio(struct address_space *mapping, struct folio *folio)
{
	(void)mapping;
	bool was = folio->dirty;
	folio->dirty = true;
	return !was;
}

static int memfs_write_begin(struct file *file, struct address_space *mapping, loff_t pos,
			     unsigned len, struct folio **foliop, void **fsdata)
{
	(void)file;
	(void)len;
	(void)fsdata;
	unsigned long index = (unsigned long)(pos / MEMFS_PAGE_SIZE);
	if (index >= MEMFS_MAX_PAGES)
		return -27; /* EFBIG */
	struct folio *folio = mapping->pages[index];
	if (!folio && !(folio = mapping->pages[index] = folio_alloc(mapping, index)))
		return -12;
	folio_lock(folio);
	if (!folio->uptodate) {
		memcpy(folio->data, mapping->host->backing + index * MEMFS_PAGE_SIZE, MEMFS_PAGE_SIZE);
		folio->uptodate = true;
	}
	*foliop = folio;
	if (memfs_bug("write_begin-unlocked"))
		folio_unlock(folio); /* BUG: must return with the folio locked */
	return 0;
}

static int memfs_write_end(struct file *file, struct address_space *mapping, loff_t pos,
			   unsigned len, unsigned copied, struct folio *folio, void *fsdata)
{
	(void)file;
	(void)len;
	(void)fsdata;
	struct inode *inode = mapping->host;
	memcpy(inode->backing + folio->index * MEMFS_PAGE_SIZE, folio->data, MEMFS_PAGE_SIZE);
	folio_mark_dirty(folio);
	spin_lock(&inode->i_lock);
	if (pos + copied > inode->i_size)
		inode->i_size = pos + copied;
	spin_unlock(&inode->i_lock);
	folio_unlock(folio);
	return (int)copied;
}

static const struct address_space_operations memfs_aops = {
	.read_folio = memfs_read_folio,
	.write_begin = memfs_write_begin,
	.write_end = memfs_write_end,
	.dirty_folio = memfs_dirty_folio,
};

/* ---- super_operations ------------------------------------------------------------- */

static struct inode *memfs_alloc_inode(struct super_block *sb)
{
	(void)sb;
	return calloc(1, sizeof(struct inode));
}

static void memfs_destroy_inode(struct inode *inode) { free(inode); }

/* With s_umount held for writing: no I/O may still be in flight after this. */
static void memfs_put_super(struct super_block *sb)
{
	(void)sb;
	for (unsigned i = 0; i < n_io_threads; i++)
		pthread_join(io_threads[i], NULL);
	n_io_threads = 0;
}

static const struct super_operations memfs_sops = {
	.alloc_inode = memfs_alloc_inode,
	.destroy_inode = memfs_destroy_inode,
	.put_super = memfs_put_super,
};

int memfs_fill_super(struct super_block *sb)
{
	sb->s_op = &memfs_sops;
	struct inode *root = memfs_get_inode(sb, true);
	if (!root)
		return -12;
	struct dentry *d = d_alloc(NULL, "/");
	if (!d)
		return -12;
	d->d_op = &memfs_dops;
	d_instantiate(d, root);
	sb->s_root = d;
	return 0;
}

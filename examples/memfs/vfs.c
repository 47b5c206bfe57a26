/* The VFS side: calls memfs's operations with the locks the kernel holds
 * (fs/namei.c, fs/readdir.c, fs/attr.c, mm/filemap.c), each call announced to
 * liblockcheck with lockcheck_callback_enter/exit and its objects by role. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vfs.h"

/* Announce a callback with its objects: CB_ENTER("inode_operations", "lookup",
 * LOCKCHECK_OBJ("dir", dir), ...). */
#define CB_ENTER(iface, method, ...)                                                   \
	do {                                                                           \
		const struct lockcheck_object cb_objs_[] = {__VA_ARGS__};              \
		lockcheck_callback_enter(iface, method, cb_objs_,                      \
					 sizeof cb_objs_ / sizeof cb_objs_[0]);        \
	} while (0)
#define CB_EXIT(iface, method) lockcheck_callback_exit(iface, method)

/* ---- objects ---------------------------------------------------------------------- */

struct inode *new_inode(struct super_block *sb, bool is_dir)
{
	struct inode *inode = sb->s_op->alloc_inode(sb);
	if (!inode)
		return NULL;
	/* inode_init_always(): the VFS names the inode's locks. */
	init_rwsem_class(&inode->i_rwsem, "i_rwsem", inode, "inode");
	spin_lock_init_class(&inode->i_lock, "i_lock", inode, "inode");
	init_rwsem_class(&inode->i_data.invalidate_lock, "invalidate_lock", &inode->i_data, "mapping");
	inode->i_sb = sb;
	inode->i_data.host = inode;
	inode->i_ino = ++sb->next_ino;
	inode->is_dir = is_dir;
	inode->i_nlink = 1;
	inode->i_sb_next = sb->s_inodes;
	sb->s_inodes = inode;
	return inode;
}

struct dentry *d_alloc(struct dentry *parent, const char *name)
{
	struct dentry *d = calloc(1, sizeof *d);
	if (!d)
		return NULL;
	spin_lock_init_class(&d->d_lock, "d_lock", d, "dentry");
	snprintf(d->d_name, sizeof d->d_name, "%s", name);
	d->d_count = 1;
	d->d_parent = parent ? parent : d;
	if (parent) {
		d->d_op = parent->d_op;
		spin_lock(&parent->d_lock);
		d->d_child_next = parent->d_subdirs;
		parent->d_subdirs = d;
		spin_unlock(&parent->d_lock);
	}
	return d;
}

void d_instantiate(struct dentry *dentry, struct inode *inode)
{
	spin_lock(&dentry->d_lock);
	dentry->d_inode = inode;
	spin_unlock(&dentry->d_lock);
}

struct folio *folio_alloc(struct address_space *mapping, unsigned long index)
{
	struct folio *f = calloc(1, sizeof *f);
	if (!f)
		return NULL;
	page_lock_init_class(&f->lock, "folio_lock", f, "folio");
	f->mapping = mapping;
	f->index = index;
	return f;
}

void folio_lock(struct folio *folio) { page_lock(&folio->lock); }
void folio_unlock(struct folio *folio) { page_unlock(&folio->lock); }
bool folio_test_locked(struct folio *folio) { return page_is_locked(&folio->lock); }

/* ---- dcache ----------------------------------------------------------------------- */

/* Under the parent's d_lock (ref-walk), takes a reference. */
static struct dentry *d_lookup(struct dentry *parent, const char *name)
{
	struct dentry *found = NULL;
	spin_lock(&parent->d_lock);
	for (struct dentry *d = parent->d_subdirs; d; d = d->d_child_next)
		if (!d->d_unhashed && !strcmp(d->d_name, name)) {
			spin_lock_nested(&d->d_lock, SINGLE_DEPTH_NESTING);
			d->d_count++;
			spin_unlock(&d->d_lock);
			found = d;
			break;
		}
	spin_unlock(&parent->d_lock);
	return found;
}

/* rcu-walk: no locks, no references (the kernel checks sequence counts). */
static struct dentry *d_lookup_rcu(struct dentry *parent, const char *name)
{
	for (struct dentry *d = parent->d_subdirs; d; d = d->d_child_next)
		if (!d->d_unhashed && !strcmp(d->d_name, name))
			return d;
	return NULL;
}

static void d_free(struct dentry *d)
{
	if (d->d_op && d->d_op->d_release) {
		CB_ENTER("dentry_operations", "d_release", LOCKCHECK_OBJ("dentry", d));
		d->d_op->d_release(d);
		CB_EXIT("dentry_operations", "d_release");
	}
	lockcheck_lock_destroy(&d->d_lock);
	free(d);
}

static void d_unlink_child(struct dentry *d)
{
	struct dentry *parent = d->d_parent;
	spin_lock(&parent->d_lock);
	for (struct dentry **p = &parent->d_subdirs; *p; p = &(*p)->d_child_next)
		if (*p == d) {
			*p = d->d_child_next;
			break;
		}
	spin_unlock(&parent->d_lock);
}

/* The last reference: ask ->d_delete (under d_lock) whether to keep it cached. */
void dput(struct dentry *d)
{
	if (!d)
		return;
	bool kill = false;
	spin_lock(&d->d_lock);
	if (--d->d_count == 0) {
		if (d->d_unhashed) {
			kill = true;
		} else if (d->d_op && d->d_op->d_delete) {
			CB_ENTER("dentry_operations", "d_delete", LOCKCHECK_OBJ("dentry", d));
			kill = d->d_op->d_delete(d) != 0;
			CB_EXIT("dentry_operations", "d_delete");
		}
		if (kill)
			d->d_unhashed = true;
	}
	spin_unlock(&d->d_lock);
	if (kill && d->d_parent != d) {
		d_unlink_child(d);
		d_free(d);
	}
}

/* ---- path walk -------------------------------------------------------------------- */

static int revalidate(struct dentry *d, unsigned flags)
{
	if (!d->d_op || !d->d_op->d_revalidate)
		return 1;
	CB_ENTER("dentry_operations", "d_revalidate", LOCKCHECK_OBJ("dentry", d));
	int r = d->d_op->d_revalidate(d, flags);
	CB_EXIT("dentry_operations", "d_revalidate");
	return r;
}

/* lookup_slow(): ->lookup with the parent's i_rwsem shared. */
static struct dentry *lookup_slow(struct dentry *parent, const char *name)
{
	struct inode *dir = parent->d_inode;
	inode_lock_shared(dir);
	struct dentry *d = d_lookup(parent, name);
	if (!d) {
		d = d_alloc(parent, name);
		CB_ENTER("inode_operations", "lookup", LOCKCHECK_OBJ("dir", dir), LOCKCHECK_OBJ("dentry", d));
		struct dentry *other = dir->i_op->lookup(dir, d, 0);
		CB_EXIT("inode_operations", "lookup");
		(void)other;
	}
	inode_unlock_shared(dir);
	return d;
}

/* walk_component(): try rcu-walk first, fall back to ref-walk when the
 * filesystem asks (-ECHILD) or the dentry is not cached. */
static struct dentry *walk_component(struct dentry *parent, const char *name)
{
	rcu_read_lock();
	lockcheck_context_enter(LOCKCHECK_CTX_RCU_WALK);
	struct dentry *d = d_lookup_rcu(parent, name);
	int valid = d ? revalidate(d, LOOKUP_RCU) : 0;
	lockcheck_context_exit(LOCKCHECK_CTX_RCU_WALK);
	rcu_read_unlock();
	(void)valid; /* memfs always answers -ECHILD in rcu-walk: go on in ref-walk */
	d = d_lookup(parent, name);
	if (d && revalidate(d, 0) <= 0) {
		dput(d);
		d = NULL;
	}
	return d ? d : lookup_slow(parent, name);
}

struct dentry *vfs_path_walk(struct super_block *sb, const char *path)
{
	struct dentry *d = sb->s_root;
	spin_lock(&d->d_lock);
	d->d_count++;
	spin_unlock(&d->d_lock);
	char buf[256];
	snprintf(buf, sizeof buf, "%s", path);
	for (char *save = NULL, *c = strtok_r(buf, "/", &save); c; c = strtok_r(NULL, "/", &save)) {
		if (!d->d_inode || !d->d_inode->is_dir) {
			dput(d);
			return NULL;
		}
		struct dentry *next = walk_component(d, c);
		dput(d);
		d = next;
	}
	return d;
}

/* ---- directory operations: parent exclusive (I_MUTEX_PARENT) --------------------- */

static struct dentry *lookup_for_create(struct dentry *parent, const char *name)
{
	struct dentry *d = d_lookup(parent, name);
	return d ? d : d_alloc(parent, name);
}

int vfs_create(struct dentry *parent, const char *name)
{
	struct inode *dir = parent->d_inode;
	inode_lock_nested(dir, I_MUTEX_PARENT);
	struct dentry *d = lookup_for_create(parent, name);
	int err = -17; /* EEXIST */
	if (!d->d_inode) {
		CB_ENTER("inode_operations", "create", LOCKCHECK_OBJ("dir", dir), LOCKCHECK_OBJ("dentry", d));
		err = dir->i_op->create(dir, d, 0644, true);
		CB_EXIT("inode_operations", "create");
	}
	inode_unlock(dir);
	dput(d);
	return err;
}

int vfs_mkdir(struct dentry *parent, const char *name)
{
	struct inode *dir = parent->d_inode;
	inode_lock_nested(dir, I_MUTEX_PARENT);
	struct dentry *d = lookup_for_create(parent, name);
	int err = -17;
	if (!d->d_inode) {
		CB_ENTER("inode_operations", "mkdir", LOCKCHECK_OBJ("dir", dir), LOCKCHECK_OBJ("dentry", d));
		err = dir->i_op->mkdir(dir, d, 0755);
		CB_EXIT("inode_operations", "mkdir");
	}
	inode_unlock(dir);
	dput(d);
	return err;
}

int vfs_unlink(struct dentry *parent, const char *name)
{
	struct inode *dir = parent->d_inode;
	inode_lock_nested(dir, I_MUTEX_PARENT);
	struct dentry *d = d_lookup(parent, name);
	int err = -2; /* ENOENT */
	if (d && d->d_inode) {
		struct inode *victim = d->d_inode;
		inode_lock(victim);
		CB_ENTER("inode_operations", "unlink", LOCKCHECK_OBJ("dir", dir),
			 LOCKCHECK_OBJ("dentry", d), LOCKCHECK_OBJ("victim", victim));
		err = dir->i_op->unlink(dir, d);
		CB_EXIT("inode_operations", "unlink");
		inode_unlock(victim);
		if (!err)
			d->d_unhashed = true; /* d_delete(): gone from the namespace */
	}
	inode_unlock(dir);
	dput(d);
	return err;
}

/* lock_rename() and vfs_rename(): cross-directory renames serialise on the
 * superblock's rename lock, then take both parents; non-directories involved
 * (source and victim) are locked too. */
int vfs_rename(struct dentry *old_parent, const char *old_name, struct dentry *new_parent,
	       const char *new_name)
{
	struct inode *old_dir = old_parent->d_inode, *new_dir = new_parent->d_inode;
	struct super_block *sb = old_dir->i_sb;
	bool cross = old_dir != new_dir;
	if (cross) {
		mutex_lock(&sb->s_vfs_rename_mutex);
		inode_lock_nested(old_dir, I_MUTEX_PARENT);
		inode_lock_nested(new_dir, I_MUTEX_PARENT2);
	} else {
		inode_lock_nested(old_dir, I_MUTEX_PARENT);
	}
	struct dentry *old = d_lookup(old_parent, old_name);
	struct dentry *new = old ? lookup_for_create(new_parent, new_name) : NULL;
	int err = -2;
	if (old && old->d_inode) {
		struct inode *source = old->d_inode, *victim = new->d_inode;
		if (!source->is_dir)
			inode_lock(source);
		if (victim)
			inode_lock_nested(victim, I_MUTEX_NONDIR2);
		CB_ENTER("inode_operations", "rename", LOCKCHECK_OBJ("dir", old_dir),
			 LOCKCHECK_OBJ("new_dir", new_dir), LOCKCHECK_OBJ("dentry", old),
			 LOCKCHECK_OBJ("victim", victim), LOCKCHECK_OBJ("sb", sb),
			 LOCKCHECK_OBJ("source", source->is_dir ? NULL : source));
		err = old_dir->i_op->rename(old_dir, old, new_dir, new, 0);
		CB_EXIT("inode_operations", "rename");
		if (victim)
			inode_unlock(victim);
		if (!source->is_dir)
			inode_unlock(source);
	}
	if (cross) {
		inode_unlock(new_dir);
		inode_unlock(old_dir);
		mutex_unlock(&sb->s_vfs_rename_mutex);
	} else {
		inode_unlock(old_dir);
	}
	dput(new);
	dput(old);
	return err;
}

/* do_truncate() -> notify_change(): ->setattr with i_rwsem exclusive. */
int vfs_truncate(struct dentry *dentry, loff_t size)
{
	struct inode *inode = dentry->d_inode;
	struct iattr attr = {.ia_size = size};
	bool locks = !memfs_bug("setattr-unlocked");
	if (locks)
		inode_lock(inode);
	CB_ENTER("inode_operations", "setattr", LOCKCHECK_OBJ("inode", inode), LOCKCHECK_OBJ("dentry", dentry));
	int err = inode->i_op->setattr(dentry, &attr);
	CB_EXIT("inode_operations", "setattr");
	if (locks)
		inode_unlock(inode);
	return err;
}

/* iterate_dir(): ->iterate_shared with i_rwsem shared. */
static bool count_actor(struct dir_context *ctx, const char *name, unsigned long ino)
{
	(void)name;
	(void)ino;
	ctx->count++;
	return true;
}

int vfs_readdir(struct dentry *dentry, unsigned *count)
{
	struct inode *inode = dentry->d_inode;
	struct file file = {.f_inode = inode, .f_dentry = dentry};
	struct dir_context ctx = {.actor = count_actor};
	mutex_init_class(&file.f_pos_lock, "f_pos_lock", &file, "file");
	mutex_lock(&file.f_pos_lock); /* fdget_pos() in getdents */
	inode_lock_shared(inode);
	CB_ENTER("file_operations", "iterate_shared", LOCKCHECK_OBJ("inode", inode), LOCKCHECK_OBJ("file", &file));
	int err = inode->i_fop->iterate_shared(&file, &ctx);
	CB_EXIT("file_operations", "iterate_shared");
	inode_unlock_shared(inode);
	mutex_unlock(&file.f_pos_lock);
	mutex_destroy(&file.f_pos_lock);
	*count = ctx.count;
	return err;
}

/* ---- page cache ------------------------------------------------------------------- */

/* generic_perform_write(), under i_rwsem exclusive as ->write_iter takes it. */
int vfs_write(struct dentry *dentry, loff_t pos, const char *buf, size_t len)
{
	struct inode *inode = dentry->d_inode;
	struct address_space *mapping = &inode->i_data;
	struct file file = {.f_inode = inode, .f_dentry = dentry};
	int err = 0;
	inode_lock(inode);
	while (len && !err) {
		unsigned off = (unsigned)(pos % MEMFS_PAGE_SIZE);
		unsigned chunk = MEMFS_PAGE_SIZE - off < len ? MEMFS_PAGE_SIZE - off : (unsigned)len;
		struct folio *folio = NULL;
		void *fsdata = NULL;
		CB_ENTER("address_space_operations", "write_begin", LOCKCHECK_OBJ("inode", inode),
			 LOCKCHECK_OBJ("mapping", mapping), LOCKCHECK_OBJ("file", &file));
		err = mapping->a_ops->write_begin(&file, mapping, pos, chunk, &folio, &fsdata);
		CB_EXIT("address_space_operations", "write_begin");
		if (err)
			break;
		if (!folio_test_locked(folio)) {
			/* The kernel would BUG in folio_unlock() later; stop this write. */
			fprintf(stderr, "memfs: write_begin returned an unlocked folio; write stopped\n");
			err = -5;
			break;
		}
		memcpy(folio->data + off, buf, chunk);
		CB_ENTER("address_space_operations", "write_end", LOCKCHECK_OBJ("inode", inode),
			 LOCKCHECK_OBJ("mapping", mapping), LOCKCHECK_OBJ("folio", folio),
			 LOCKCHECK_OBJ("file", &file));
		mapping->a_ops->write_end(&file, mapping, pos, chunk, chunk, folio, fsdata);
		CB_EXIT("address_space_operations", "write_end");
		pos += chunk;
		buf += chunk;
		len -= chunk;
	}
	inode_unlock(inode);
	return err;
}

/* filemap_read(): a missing folio is added locked and read with the
 * invalidate_lock shared; ->read_folio unlocks it, maybe from I/O completion
 * on another thread, so wait for that before using the data. */
ssize_t vfs_read(struct dentry *dentry, loff_t pos, char *buf, size_t len)
{
	struct inode *inode = dentry->d_inode;
	struct address_space *mapping = &inode->i_data;
	struct file file = {.f_inode = inode, .f_dentry = dentry};
	size_t done = 0;
	if (pos >= inode->i_size)
		return 0;
	if ((loff_t)len > inode->i_size - pos)
		len = (size_t)(inode->i_size - pos);
	while (done < len) {
		unsigned long index = (unsigned long)(pos / MEMFS_PAGE_SIZE);
		unsigned off = (unsigned)(pos % MEMFS_PAGE_SIZE);
		if (index >= MEMFS_MAX_PAGES)
			break;
		struct folio *folio = mapping->pages[index];
		if (!folio) {
			/* filemap_create_folio(): invalidate_lock first, then the new folio locked. */
			down_read(&mapping->invalidate_lock);
			folio = mapping->pages[index] = folio_alloc(mapping, index);
			folio_lock(folio);
			CB_ENTER("address_space_operations", "read_folio", LOCKCHECK_OBJ("inode", inode),
				 LOCKCHECK_OBJ("mapping", mapping), LOCKCHECK_OBJ("folio", folio),
				 LOCKCHECK_OBJ("file", &file));
			mapping->a_ops->read_folio(&file, folio);
			CB_EXIT("address_space_operations", "read_folio");
			up_read(&mapping->invalidate_lock);
			page_wait_unlocked(&folio->lock);
		}
		size_t chunk = MEMFS_PAGE_SIZE - off < len - done ? MEMFS_PAGE_SIZE - off : len - done;
		memcpy(buf + done, folio->data + off, chunk);
		done += chunk;
		pos += (loff_t)chunk;
	}
	return (ssize_t)done;
}

/* Drop the clean page cache (drop_caches): folios go locked, under the
 * invalidate_lock held for writing. */
void invalidate_mapping_pages(struct inode *inode)
{
	struct address_space *mapping = &inode->i_data;
	down_write(&mapping->invalidate_lock);
	for (int i = 0; i < MEMFS_MAX_PAGES; i++) {
		struct folio *f = mapping->pages[i];
		if (!f)
			continue;
		folio_lock(f);
		mapping->pages[i] = NULL;
		folio_unlock(f);
		lockcheck_lock_destroy(&f->lock);
		free(f);
	}
	up_write(&mapping->invalidate_lock);
}

/* ---- mount ------------------------------------------------------------------------ */

struct super_block *vfs_mount(void)
{
	struct super_block *sb = calloc(1, sizeof *sb);
	if (!sb)
		return NULL;
	init_rwsem_class(&sb->s_umount, "s_umount", sb, "superblock");
	mutex_init_class(&sb->s_vfs_rename_mutex, "s_vfs_rename_sem", sb, "superblock");
	down_write(&sb->s_umount);
	int err = memfs_fill_super(sb);
	up_write(&sb->s_umount);
	if (err) {
		free(sb);
		return NULL;
	}
	return sb;
}

static void free_dentries(struct dentry *d)
{
	struct dentry *c = d->d_subdirs;
	while (c) {
		struct dentry *next = c->d_child_next;
		free_dentries(c);
		c = next;
	}
	lockcheck_lock_destroy(&d->d_lock);
	free(d);
}

/* generic_shutdown_super(): ->put_super with s_umount held for writing. */
void vfs_umount(struct super_block *sb)
{
	down_write(&sb->s_umount);
	CB_ENTER("super_operations", "put_super", LOCKCHECK_OBJ("sb", sb));
	sb->s_op->put_super(sb);
	CB_EXIT("super_operations", "put_super");
	free_dentries(sb->s_root);
	for (struct inode *i = sb->s_inodes, *next; i; i = next) {
		next = i->i_sb_next;
		for (int p = 0; p < MEMFS_MAX_PAGES; p++)
			if (i->i_data.pages[p]) {
				lockcheck_lock_destroy(&i->i_data.pages[p]->lock);
				free(i->i_data.pages[p]);
			}
		lockcheck_lock_destroy(&i->i_rwsem);
		lockcheck_lock_destroy(&i->i_lock);
		lockcheck_lock_destroy(&i->i_data.invalidate_lock);
		sb->s_op->destroy_inode(i);
	}
	up_write(&sb->s_umount);
	lockcheck_lock_destroy(&sb->s_umount);
	lockcheck_lock_destroy(&sb->s_vfs_rename_mutex);
	free(sb);
}

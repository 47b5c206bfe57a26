/* memfs [--bug=NAME] [--list-bugs]: mounts memfs, runs a small workload
 * through the miniature VFS, unmounts.  Run it under liblockcheck
 * (LD_PRELOAD=liblockcheck.so) to check every callback against the
 * kernel's Locking document; it also runs without the library. */
#include <stdio.h>
#include <string.h>

#include "bugs.h"
#include "vfs.h"

static int fail(const char *what)
{
	fprintf(stderr, "memfs: workload step failed: %s\n", what);
	return 1;
}

static int workload(struct super_block *sb)
{
	struct dentry *root = sb->s_root;
	if (vfs_mkdir(root, "a") || vfs_mkdir(root, "b"))
		return fail("mkdir");
	struct dentry *a = vfs_path_walk(sb, "/a"), *b = vfs_path_walk(sb, "/b");
	if (!a || !b)
		return fail("walk /a /b");
	if (vfs_create(a, "f1") || vfs_create(a, "f2") || vfs_create(b, "f4"))
		return fail("create");

	char text[600], back[600];
	for (size_t i = 0; i < sizeof text; i++)
		text[i] = (char)('a' + i % 26);
	struct dentry *f1 = vfs_path_walk(sb, "/a/f1");
	if (!f1)
		return fail("walk /a/f1");
	int werr = vfs_write(f1, 0, text, sizeof text);
	if (werr && !memfs_bug("write_begin-unlocked"))
		return fail("write");
	if (!werr)
		invalidate_mapping_pages(f1->d_inode); /* so reads go through ->read_folio */
	dput(f1);

	f1 = vfs_path_walk(sb, "/a/f1"); /* cached: d_revalidate in rcu-walk, then ref-walk */
	if (!werr && (vfs_read(f1, 0, back, sizeof back) != (ssize_t)sizeof back ||
		      memcmp(text, back, sizeof back)))
		return fail("read back");
	if (vfs_truncate(f1, 100))
		return fail("truncate");
	dput(f1);

	unsigned n = 0;
	if (vfs_readdir(a, &n) || n != 2)
		return fail("readdir");
	struct dentry *none = vfs_path_walk(sb, "/a/nope"); /* negative: d_delete drops it */
	dput(none);
	if (vfs_rename(a, "f2", b, "f3"))        /* cross-directory */
		return fail("rename across");
	if (vfs_rename(b, "f3", b, "f4"))        /* same directory, replaces f4 */
		return fail("rename over");
	if (vfs_unlink(b, "f4"))
		return fail("unlink");
	dput(a);
	dput(b);
	return 0;
}

int main(int argc, char **argv)
{
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--list-bugs")) {
			memfs_list_bugs(stdout);
			return 0;
		}
		if (!strncmp(argv[i], "--bug=", 6) && memfs_select_bug(argv[i] + 6))
			continue;
		fprintf(stderr, "usage: memfs [--bug=NAME] [--list-bugs]\n");
		return 2;
	}
	struct super_block *sb = vfs_mount();
	if (!sb)
		return fail("mount");
	int rc = workload(sb);
	vfs_umount(sb);
	if (!rc)
		printf("memfs: workload done\n");
	return rc;
}

/* Two locks of one named class nested with a declared nesting level (the
 * pattern of locking a parent then a child inode): not recursive locking. */
#include <lockcheck/lockcheck.h>
#include <pthread.h>

struct inode {
	pthread_mutex_t lock;
};

static void inode_init(struct inode *i)
{
	pthread_mutex_init(&i->lock, NULL);
	lockcheck_lock_init(&i->lock, "inode_lock", LOCKCHECK_MUTEX, i, "inode");
}

int main(void)
{
	struct inode dir, child;
	inode_init(&dir);
	inode_init(&child);
	pthread_mutex_lock(&dir.lock);
	/* The child is taken at nesting level 1 through the annotation API,
	 * as a program's own lock helper that knows the level would do. */
	lockcheck_acquire(&child.lock, LOCKCHECK_WRITE, 0, 1);
	lockcheck_acquired(&child.lock, LOCKCHECK_WRITE, 0, 1, 1);
	lockcheck_release(&child.lock);
	pthread_mutex_unlock(&dir.lock);
	return 0;
}

/* Two locks of one named class nested without a nesting level: the class
 * view cannot tell this from taking one lock twice (lockdep's "possible
 * recursive locking"). */
#include <lockcheck/lockcheck.h>
#include <pthread.h>
#include <stdio.h>

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
	printf("lock dir %p\n", (void *)&dir.lock);
	printf("lock child %p\n", (void *)&child.lock);
	fflush(stdout);
	pthread_mutex_lock(&dir.lock);
	pthread_mutex_lock(&child.lock);
	pthread_mutex_unlock(&child.lock);
	pthread_mutex_unlock(&dir.lock);
	return 0;
}

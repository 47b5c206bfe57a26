/* Three rwlocks taken in pairs, one thread, never waiting: lockdep's
 * read-chain cases (lib/locking-selftest.c's rlock W1R2/... family) on
 * pthread rwlocks.  W = write lock, R = read lock; the pairs close the
 * cycle X -> Y -> Z -> X.
 * The argument is SHAPE/PREFER:
 *   SHAPE  "r2r3-w3w1": W1R2 / R2R3 / W3W1.  Y is read in and read out, so a
 *          reader-preferring Y breaks the cycle: no deadlock.
 *          "w2r3-w3r1": W1R2 / W2R3 / W3R1.  Every lock is written on one
 *          side: a deadlock whatever the rwlocks prefer.
 *   PREFER "reader" (glibc's default, reader-preferring) or "writer"
 *          (PREFER_WRITER_NONRECURSIVE: a reader queues behind a writer). */
#include <pthread.h>
#include <stdio.h>
#include <string.h>

static pthread_rwlock_t x, y, z;

static void pair(pthread_rwlock_t *a, int a_write, pthread_rwlock_t *b, int b_write)
{
	if (a_write)
		pthread_rwlock_wrlock(a);
	else
		pthread_rwlock_rdlock(a);
	if (b_write)
		pthread_rwlock_wrlock(b);
	else
		pthread_rwlock_rdlock(b);
	pthread_rwlock_unlock(b);
	pthread_rwlock_unlock(a);
}

int main(int argc, char **argv)
{
	const char *arg = argc > 1 ? argv[1] : "r2r3-w3w1/reader";
	int writer = strstr(arg, "/writer") != NULL;
	pthread_rwlockattr_t attr;
	pthread_rwlockattr_init(&attr);
	if (writer)
		pthread_rwlockattr_setkind_np(&attr, PTHREAD_RWLOCK_PREFER_WRITER_NONRECURSIVE_NP);
	pthread_rwlock_init(&x, &attr);
	pthread_rwlock_init(&y, &attr);
	pthread_rwlock_init(&z, &attr);
	printf("lock x %p\nlock y %p\nlock z %p\n", (void *)&x, (void *)&y, (void *)&z);
	fflush(stdout);
	if (strncmp(arg, "w2r3-w3r1", 9) == 0) {
		pair(&x, 1, &y, 0);
		pair(&y, 1, &z, 0);
		pair(&z, 1, &x, 0);
	} else {
		pair(&x, 1, &y, 0);
		pair(&y, 0, &z, 0);
		pair(&z, 1, &x, 1);
	}
	return 0;
}

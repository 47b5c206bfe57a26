/* A thread read-locks an rwlock it already read-holds.  Harmless on glibc's
 * default reader-preferring rwlock; on a writer-preferring one a writer
 * queued in between makes the second read wait forever.
 *   reader:        default rwlock (PTHREAD_RWLOCK_INITIALIZER): fine.
 *   writer-init:   PREFER_WRITER_NONRECURSIVE set with an attribute.
 *   writer-static: PTHREAD_RWLOCK_WRITER_NONRECURSIVE_INITIALIZER_NP. */
#include <pthread.h>
#include <stdio.h>
#include <string.h>

static pthread_rwlock_t by_default = PTHREAD_RWLOCK_INITIALIZER;
static pthread_rwlock_t writer_static = PTHREAD_RWLOCK_WRITER_NONRECURSIVE_INITIALIZER_NP;
static pthread_rwlock_t writer_init;

int main(int argc, char **argv)
{
	const char *how = argc > 1 ? argv[1] : "reader";
	pthread_rwlock_t *rw = &by_default;
	if (strcmp(how, "writer-static") == 0) {
		rw = &writer_static;
	} else if (strcmp(how, "writer-init") == 0) {
		pthread_rwlockattr_t attr;
		pthread_rwlockattr_init(&attr);
		pthread_rwlockattr_setkind_np(&attr, PTHREAD_RWLOCK_PREFER_WRITER_NONRECURSIVE_NP);
		pthread_rwlock_init(&writer_init, &attr);
		rw = &writer_init;
	}
	printf("lock rw %p\n", (void *)rw);
	fflush(stdout);
	pthread_rwlock_rdlock(rw);
	pthread_rwlock_rdlock(rw); /* no writer is waiting, so this run goes on */
	pthread_rwlock_unlock(rw);
	pthread_rwlock_unlock(rw);
	return 0;
}

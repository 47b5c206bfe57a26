/* Mutexes whose memory is freed without pthread_mutex_destroy and comes
 * back as new, zero-initialised mutexes (calloc: PTHREAD_MUTEX_INITIALIZER
 * is all zeros) locked in the opposite order to the old ones.  Nothing is
 * wrong: the old records and their order must not survive the free.
 * Exits 77 if the allocator never handed the same memory back. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static pthread_mutex_t b = PTHREAD_MUTEX_INITIALIZER;

struct obj {
	long id;
	pthread_mutex_t lock;
};

int main(void)
{
	int reused = 0;
	for (int round = 0; round < 50; round++) {
		struct obj *o = calloc(1, sizeof *o);
		if (round % 2)
			pthread_mutex_init(&o->lock, NULL); /* or static-style zeros */
		/* even rounds: o->lock, then b */
		pthread_mutex_lock(&o->lock);
		pthread_mutex_lock(&b);
		pthread_mutex_unlock(&b);
		pthread_mutex_unlock(&o->lock);
		void *old = o;
		free(o); /* no destroy */
		struct obj *n = calloc(1, sizeof *n);
		reused += (void *)n == old;
		/* b, then the new lock in the same memory */
		pthread_mutex_lock(&b);
		pthread_mutex_lock(&n->lock);
		pthread_mutex_unlock(&n->lock);
		pthread_mutex_unlock(&b);
		/* grow it: realloc may move it, the lock goes with the old memory */
		n = realloc(n, 4096 * (round + 1));
		free(n);
	}
	return reused ? 0 : 77;
}

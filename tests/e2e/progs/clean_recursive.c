/* Recursive mutexes may be relocked by their owner: one set up with an
 * attribute, one with PTHREAD_RECURSIVE_MUTEX_INITIALIZER_NP. */
#include <pthread.h>

static pthread_mutex_t statically = PTHREAD_RECURSIVE_MUTEX_INITIALIZER_NP;

static void twice(pthread_mutex_t *m)
{
	pthread_mutex_lock(m);
	pthread_mutex_lock(m);
	pthread_mutex_trylock(m);
	pthread_mutex_unlock(m);
	pthread_mutex_unlock(m);
	pthread_mutex_unlock(m);
}

int main(void)
{
	pthread_mutexattr_t attr;
	pthread_mutex_t dynamic;
	pthread_mutexattr_init(&attr);
	pthread_mutexattr_settype(&attr, PTHREAD_MUTEX_RECURSIVE);
	pthread_mutex_init(&dynamic, &attr);
	twice(&dynamic);
	twice(&statically);
	pthread_mutex_destroy(&dynamic);
	return 0;
}

/* Locks destroyed and initialised again at the same addresses are new
 * locks: the old A -> B order says nothing about the new pair. */
#include <pthread.h>

static pthread_mutex_t a, b;

static void nest(pthread_mutex_t *outer, pthread_mutex_t *inner)
{
	pthread_mutex_lock(outer);
	pthread_mutex_lock(inner);
	pthread_mutex_unlock(inner);
	pthread_mutex_unlock(outer);
}

int main(void)
{
	pthread_mutex_init(&a, NULL);
	pthread_mutex_init(&b, NULL);
	nest(&a, &b);
	pthread_mutex_destroy(&a);
	pthread_mutex_destroy(&b);
	pthread_mutex_init(&a, NULL);
	pthread_mutex_init(&b, NULL);
	nest(&b, &a);
	pthread_mutex_destroy(&a);
	pthread_mutex_destroy(&b);
	return 0;
}

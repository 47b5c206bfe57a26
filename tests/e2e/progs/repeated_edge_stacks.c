/* Many new order edges taken from one place (a new lock under one outer
 * lock), the same call chain again and again, except one taken through
 * another caller of the same depth and frame size.  Then one of those edges
 * is closed into a cycle (argv[1]: "beta" the odd one, "alpha" one of the
 * many): the report's edge stack must name the caller it was taken through,
 * however the library saves walking a stack seen before. */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

static pthread_mutex_t outer = PTHREAD_MUTEX_INITIALIZER;
static volatile int sink;

__attribute__((noinline)) static void take_pair(pthread_mutex_t *inner)
{
	pthread_mutex_lock(&outer);
	pthread_mutex_lock(inner);
	pthread_mutex_unlock(inner);
	pthread_mutex_unlock(&outer);
	sink++;
}

/* Twins of one frame size; bodies differ so they are not folded into one. */
__attribute__((noinline)) static void via_alpha(pthread_mutex_t *inner)
{
	take_pair(inner);
	sink++;
}

__attribute__((noinline)) static void via_beta(pthread_mutex_t *inner)
{
	take_pair(inner);
	sink += 2;
}

int main(int argc, char **argv)
{
	enum { N = 41, ODD = 20 };
	pthread_mutex_t *m = calloc(N, sizeof *m);
	for (int i = 0; i < N; i++) {
		pthread_mutex_init(&m[i], NULL);
		if (i == ODD)
			via_beta(&m[i]);
		else
			via_alpha(&m[i]);
	}
	pthread_mutex_t *closing = &m[argc > 1 && !strcmp(argv[1], "beta") ? ODD : N - 1];
	pthread_mutex_lock(closing);
	pthread_mutex_lock(&outer);
	pthread_mutex_unlock(&outer);
	pthread_mutex_unlock(closing);
	return 0;
}

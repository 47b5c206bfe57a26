/* A thread relocks a mutex it holds.
 *   errorcheck: glibc refuses with EDEADLK, the program goes on.
 *   normal:     this would hang; run it with halt_on_error=1. */
#include <pthread.h>
#include <stdio.h>
#include <string.h>

int main(int argc, char **argv)
{
	pthread_mutexattr_t attr;
	pthread_mutex_t m;
	pthread_mutexattr_init(&attr);
	if (argc > 1 && strcmp(argv[1], "errorcheck") == 0)
		pthread_mutexattr_settype(&attr, PTHREAD_MUTEX_ERRORCHECK);
	pthread_mutex_init(&m, &attr);
	printf("lock m %p\n", (void *)&m);
	fflush(stdout);
	pthread_mutex_lock(&m);
	pthread_mutex_lock(&m);
	pthread_mutex_unlock(&m);
	pthread_mutex_destroy(&m);
	return 0;
}

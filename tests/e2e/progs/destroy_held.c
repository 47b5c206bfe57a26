/* Destroying a mutex while holding it (glibc answers EBUSY). */
#include <pthread.h>
#include <stdio.h>

int main(void)
{
	pthread_mutex_t m;
	pthread_mutex_init(&m, NULL);
	printf("lock m %p\n", (void *)&m);
	fflush(stdout);
	pthread_mutex_lock(&m);
	pthread_mutex_destroy(&m);
	pthread_mutex_unlock(&m);
	return 0;
}

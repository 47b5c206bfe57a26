/* Waiting on a condition with a mutex the thread does not hold.  An
 * error-checking mutex makes glibc return EPERM at once. */
#include <pthread.h>
#include <stdio.h>
#include <time.h>

int main(void)
{
	pthread_mutexattr_t attr;
	pthread_mutex_t m;
	pthread_cond_t c = PTHREAD_COND_INITIALIZER;
	pthread_mutexattr_init(&attr);
	pthread_mutexattr_settype(&attr, PTHREAD_MUTEX_ERRORCHECK);
	pthread_mutex_init(&m, &attr);
	printf("lock m %p\n", (void *)&m);
	fflush(stdout);
	struct timespec soon;
	clock_gettime(CLOCK_REALTIME, &soon);
	soon.tv_nsec += 1000000;
	if (soon.tv_nsec >= 1000000000) {
		soon.tv_sec++;
		soon.tv_nsec -= 1000000000;
	}
	pthread_cond_timedwait(&c, &m, &soon);
	pthread_mutex_destroy(&m);
	return 0;
}

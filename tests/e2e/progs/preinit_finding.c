/* A finding made in .preinit_array, before libc has set up the environment
 * and before any constructor: an unlock of a mutex nobody holds.  The
 * report must still honour report_path and log_path. */
#include <pthread.h>
#include <stdio.h>

static pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;

static void early(void)
{
	pthread_mutex_unlock(&m);
}

__attribute__((section(".preinit_array"), used)) static void (*const run_early)(void) = early;

int main(void)
{
	printf("lock m %p\n", (void *)&m);
	return 0;
}

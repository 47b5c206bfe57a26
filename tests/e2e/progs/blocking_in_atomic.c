/* Sleeping while holding a spinlock.
 *   usleep: a sleep.   write: blocking I/O.   mutex: waiting for a mutex. */
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	const char *how = argc > 1 ? argv[1] : "usleep";
	pthread_spinlock_t s;
	pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
	int fds[2];
	pthread_spin_init(&s, PTHREAD_PROCESS_PRIVATE);
	printf("lock s %p\n", (void *)&s);
	printf("lock m %p\n", (void *)&m);
	fflush(stdout);
	if (pipe(fds) != 0)
		return 2;
	pthread_spin_lock(&s);
	if (strcmp(how, "write") == 0) {
		if (write(fds[1], "x", 1) != 1)
			return 2;
	} else if (strcmp(how, "mutex") == 0) {
		pthread_mutex_lock(&m);
		pthread_mutex_unlock(&m);
	} else {
		usleep(1000);
	}
	pthread_spin_unlock(&s);
	pthread_spin_destroy(&s);
	return 0;
}

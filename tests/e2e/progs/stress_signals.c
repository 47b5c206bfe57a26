/* A signal storm: one thread takes two mutexes in a fixed order and writes,
 * in a loop; another sends it SIGUSR1 as fast as it can.  The handler takes
 * a mutex of its own (only ever taken there) and writes too, so events
 * arrive while the library is inside another event on the same thread.
 * Signals are sent back to back (some merge while one is pending).  Exits
 * 0 once all were sent and some handled.  ARG: signals (default 50000). */
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <unistd.h>

static pthread_mutex_t a = PTHREAD_MUTEX_INITIALIZER, b = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t in_handler = PTHREAD_MUTEX_INITIALIZER;
static volatile int stop;
static volatile long handled;
static int devnull;

static void on_usr1(int sig)
{
	(void)sig;
	pthread_mutex_lock(&in_handler);
	if (write(devnull, "h", 1) < 0)
		abort();
	pthread_mutex_unlock(&in_handler);
	__atomic_add_fetch(&handled, 1, __ATOMIC_RELAXED);
}

static void *worker(void *arg)
{
	while (!__atomic_load_n(&stop, __ATOMIC_ACQUIRE)) {
		pthread_mutex_lock(&a);
		pthread_mutex_lock(&b);
		if (write(devnull, "w", 1) < 0)
			abort();
		pthread_mutex_unlock(&b);
		pthread_mutex_unlock(&a);
	}
	return arg;
}

int main(int argc, char **argv)
{
	long n = argc > 1 ? atol(argv[1]) : 50000;
	devnull = open("/dev/null", O_WRONLY);
	struct sigaction sa = {.sa_handler = on_usr1};
	sigemptyset(&sa.sa_mask);
	sa.sa_flags = SA_RESTART;
	sigaction(SIGUSR1, &sa, NULL);
	pthread_t t;
	pthread_create(&t, NULL, worker, NULL);
	for (long i = 0; i < n; i++)
		pthread_kill(t, SIGUSR1);
	__atomic_store_n(&stop, 1, __ATOMIC_RELEASE);
	pthread_join(t, NULL);
	return handled > 0 ? 0 : 1;
}

/* A signal handler that takes its own lock, interrupting a thread that is
 * busy locking another: always the same order, so nothing to report, and
 * the library must survive events arriving inside its own event handling. */
#include <pthread.h>
#include <signal.h>
#include <string.h>
#include <sys/time.h>

static pthread_mutex_t work = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t in_handler = PTHREAD_MUTEX_INITIALIZER;
static volatile sig_atomic_t handled;

static void on_alarm(int sig)
{
	(void)sig;
	pthread_mutex_lock(&in_handler);
	handled++;
	pthread_mutex_unlock(&in_handler);
}

int main(void)
{
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_alarm;
	sa.sa_flags = SA_RESTART;
	sigaction(SIGALRM, &sa, NULL);
	struct itimerval every_ms = { { 0, 1000 }, { 0, 1000 } };
	setitimer(ITIMER_REAL, &every_ms, NULL);
	for (long i = 0; handled < 20 && i < 50000000; i++) {
		pthread_mutex_lock(&work);
		pthread_mutex_unlock(&work);
	}
	struct itimerval off = { { 0, 0 }, { 0, 0 } };
	setitimer(ITIMER_REAL, &off, NULL);
	/* And a handler run while the lock is held, directly. */
	pthread_mutex_lock(&work);
	raise(SIGALRM);
	pthread_mutex_unlock(&work);
	return 0;
}

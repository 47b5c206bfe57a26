/* A SIGUSR1 handler logs under log_lock, and so does the main code, with
 * SIGUSR1 deliverable: a signal arriving while main holds log_lock would
 * make the handler wait for its own thread.  Never hangs here: the signal
 * is raised while the lock is free.
 *   (no argument): main takes the lock first, then the handler runs;
 *   handler-first: the handler runs first, then main takes the lock;
 *   signal:        the handler is installed with signal(), not sigaction(). */
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>

static pthread_mutex_t log_lock = PTHREAD_MUTEX_INITIALIZER;
static volatile sig_atomic_t logged;

static void on_usr1(int sig)
{
	(void)sig;
	pthread_mutex_lock(&log_lock);
	logged++;
	pthread_mutex_unlock(&log_lock);
}

static void log_line(void)
{
	pthread_mutex_lock(&log_lock);
	logged++;
	pthread_mutex_unlock(&log_lock);
}

int main(int argc, char **argv)
{
	const char *mode = argc > 1 ? argv[1] : "";
	printf("lock log_lock %p\n", (void *)&log_lock);
	fflush(stdout);
	if (strcmp(mode, "signal") == 0) {
		signal(SIGUSR1, on_usr1);
	} else {
		struct sigaction sa, old;
		memset(&sa, 0, sizeof sa);
		sa.sa_handler = on_usr1;
		sigaction(SIGUSR1, &sa, NULL);
		/* The program reads back its own handler. */
		sigaction(SIGUSR1, NULL, &old);
		if (old.sa_handler != on_usr1)
			return 3;
	}
	if (strcmp(mode, "handler-first") == 0) {
		raise(SIGUSR1);
		log_line();
	} else {
		log_line();
		raise(SIGUSR1);
	}
	return logged == 2 ? 0 : 2;
}

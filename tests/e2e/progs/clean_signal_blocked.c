/* The correct twins of signal_unsafe:
 *   blocked:  main blocks SIGUSR1 around the lock the handler takes;
 *   nolock:   the handler takes no lock, main locks freely;
 *   sa_mask:  the SIGUSR1 and SIGUSR2 handlers both take the lock, each
 *             with the other signal in its sa_mask, so neither interrupts
 *             the other; main blocks both around it. */
#include <pthread.h>
#include <signal.h>
#include <string.h>

static pthread_mutex_t log_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t other = PTHREAD_MUTEX_INITIALIZER;
static volatile sig_atomic_t hits;

static void locking_handler(int sig)
{
	(void)sig;
	pthread_mutex_lock(&log_lock);
	hits++;
	pthread_mutex_unlock(&log_lock);
}

static void counting_handler(int sig)
{
	(void)sig;
	hits++;
}

static void install(int sig, void (*fn)(int), int masked)
{
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = fn;
	sigemptyset(&sa.sa_mask);
	if (masked)
		sigaddset(&sa.sa_mask, masked);
	sigaction(sig, &sa, NULL);
}

static void locked_with_blocked(const sigset_t *set)
{
	sigset_t old;
	pthread_sigmask(SIG_BLOCK, set, &old);
	pthread_mutex_lock(&log_lock);
	hits++;
	pthread_mutex_unlock(&log_lock);
	sigprocmask(SIG_SETMASK, &old, NULL);
}

int main(int argc, char **argv)
{
	const char *mode = argc > 1 ? argv[1] : "blocked";
	sigset_t set;
	sigemptyset(&set);
	sigaddset(&set, SIGUSR1);
	if (strcmp(mode, "nolock") == 0) {
		install(SIGUSR1, counting_handler, 0);
		pthread_mutex_lock(&log_lock);
		pthread_mutex_lock(&other);
		pthread_mutex_unlock(&other);
		pthread_mutex_unlock(&log_lock);
		raise(SIGUSR1);
		return hits == 1 ? 0 : 2;
	}
	int both = strcmp(mode, "sa_mask") == 0;
	install(SIGUSR1, locking_handler, both ? SIGUSR2 : 0);
	if (both) {
		install(SIGUSR2, locking_handler, SIGUSR1);
		sigaddset(&set, SIGUSR2);
		raise(SIGUSR2);
	}
	locked_with_blocked(&set);
	raise(SIGUSR1);
	locked_with_blocked(&set);
	return hits >= 3 ? 0 : 2;
}

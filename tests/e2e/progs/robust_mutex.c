/* Robust mutexes whose owner died: the program must see EOWNERDEAD, then
 * (having not made the mutex consistent) ENOTRECOVERABLE, from every way
 * of locking it, exactly as without the library.  Prints each result.
 *   thread:  a thread locks it and exits without unlocking
 *   process: a process-shared mutex, locked by a child that exits
 *   consistent: the new owner calls pthread_mutex_consistent and goes on
 * Every line is flushed at once, so a hang shows where it happened. */
#include <errno.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static pthread_mutex_t *m;
static pthread_mutex_t private_mutex;

static const char *name(int rc)
{
	switch (rc) {
	case 0: return "0";
	case EOWNERDEAD: return "EOWNERDEAD";
	case ENOTRECOVERABLE: return "ENOTRECOVERABLE";
	case EBUSY: return "EBUSY";
	case ETIMEDOUT: return "ETIMEDOUT";
	default: return strerror(rc);
	}
}

static void *die_holding(void *arg)
{
	pthread_mutex_lock(m);
	return arg;
}

static int timed(void)
{
	struct timespec t;
	clock_gettime(CLOCK_REALTIME, &t);
	t.tv_sec += 5;
	return pthread_mutex_timedlock(m, &t);
}

int main(int argc, char **argv)
{
	setvbuf(stdout, NULL, _IONBF, 0);
	const char *how = argc > 1 ? argv[1] : "thread";
	bool shared = strcmp(how, "process") == 0;
	m = shared ? mmap(NULL, sizeof *m, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0)
		   : &private_mutex;
	pthread_mutexattr_t a;
	pthread_mutexattr_init(&a);
	pthread_mutexattr_setrobust(&a, PTHREAD_MUTEX_ROBUST);
	if (shared)
		pthread_mutexattr_setpshared(&a, PTHREAD_PROCESS_SHARED);
	pthread_mutex_init(m, &a);
	pthread_mutexattr_destroy(&a);

	if (shared) {
		pid_t pid = fork();
		if (pid == 0) {
			pthread_mutex_lock(m);
			_exit(0);
		}
		waitpid(pid, NULL, 0);
	} else {
		pthread_t t;
		pthread_create(&t, NULL, die_holding, NULL);
		pthread_join(t, NULL);
	}

	printf("lock: %s\n", name(pthread_mutex_lock(m)));
	if (strcmp(how, "consistent") == 0) {
		printf("consistent: %s\n", name(pthread_mutex_consistent(m)));
		printf("unlock: %s\n", name(pthread_mutex_unlock(m)));
		printf("lock again: %s\n", name(pthread_mutex_lock(m)));
		printf("unlock again: %s\n", name(pthread_mutex_unlock(m)));
		return 0;
	}
	/* Unlocked without pthread_mutex_consistent: never usable again.
	 * trylock comes last: in glibc 2.36 a trylock that answers
	 * ENOTRECOVERABLE leaves the lock word taken, and a later lock hangs. */
	printf("unlock: %s\n", name(pthread_mutex_unlock(m)));
	printf("lock: %s\n", name(pthread_mutex_lock(m)));
	printf("timedlock: %s\n", name(timed()));
	printf("lock: %s\n", name(pthread_mutex_lock(m)));
	printf("trylock: %s\n", name(pthread_mutex_trylock(m)));
	return 0;
}

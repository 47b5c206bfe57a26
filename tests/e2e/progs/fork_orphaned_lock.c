/* fork() while another thread holds m: in the child m stays locked for
 * ever, as the thread that would unlock it does not exist there.
 *   wait:   the child locks m (run with halt_on_error=1: reported before
 *           it blocks, then halted);
 *   reinit: the child tries m (EBUSY), re-initialises it and uses it: quiet.
 * Exits with the child's status. */
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
static pthread_barrier_t held, forked;

static void *holder(void *arg)
{
	pthread_mutex_lock(&m);
	pthread_barrier_wait(&held);
	pthread_barrier_wait(&forked);
	pthread_mutex_unlock(&m);
	return arg;
}

int main(int argc, char **argv)
{
	int reinit = argc > 1 && strcmp(argv[1], "reinit") == 0;
	printf("lock m %p\n", (void *)&m);
	fflush(stdout);
	pthread_t t;
	pthread_barrier_init(&held, NULL, 2);
	pthread_barrier_init(&forked, NULL, 2);
	pthread_create(&t, NULL, holder, NULL);
	pthread_barrier_wait(&held);
	pid_t pid = fork();
	if (pid == 0) {
		alarm(30); /* should the report not stop it, do not hang for ever */
		if (reinit) {
			if (pthread_mutex_trylock(&m) == 0)
				return 4;
			pthread_mutex_init(&m, NULL);
		}
		pthread_mutex_lock(&m); /* without reinit: never returns */
		pthread_mutex_unlock(&m);
		return 0;
	}
	pthread_barrier_wait(&forked);
	pthread_join(t, NULL);
	int status = 0;
	if (pid < 0 || waitpid(pid, &status, 0) != pid)
		return 2;
	return WIFEXITED(status) ? WEXITSTATUS(status) : 3;
}

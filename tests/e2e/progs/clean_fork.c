/* fork() while this thread holds a lock and another thread holds another.
 * The child inherits this thread's lock (and unlocks it), not the other
 * thread's, so it must not report exit-holding; the parent stays fine. */
#include <pthread.h>
#include <sys/wait.h>
#include <unistd.h>

static pthread_mutex_t mine = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t theirs = PTHREAD_MUTEX_INITIALIZER;
static pthread_barrier_t held, forked;

static void *holder(void *arg)
{
	pthread_mutex_lock(&theirs);
	pthread_barrier_wait(&held);
	pthread_barrier_wait(&forked);
	pthread_mutex_unlock(&theirs);
	return arg;
}

int main(void)
{
	pthread_t t;
	pthread_barrier_init(&held, NULL, 2);
	pthread_barrier_init(&forked, NULL, 2);
	pthread_create(&t, NULL, holder, NULL);
	pthread_barrier_wait(&held);
	pthread_mutex_lock(&mine);
	pid_t pid = fork();
	if (pid == 0) {
		pthread_mutex_unlock(&mine);
		pthread_mutex_lock(&mine);
		pthread_mutex_unlock(&mine);
		return 0; /* exit checks run here */
	}
	pthread_mutex_unlock(&mine);
	pthread_barrier_wait(&forked);
	pthread_join(t, NULL);
	int status = 0;
	if (pid < 0 || waitpid(pid, &status, 0) != pid)
		return 2;
	return WIFEXITED(status) ? WEXITSTATUS(status) : 3;
}

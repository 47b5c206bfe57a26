/* A fork/exec storm while another thread keeps taking locks: every child
 * either execs /bin/true or locks, unlocks and exits.  Exits 0 when every
 * child did.  ARG: the number of children (default 200). */
#include <pthread.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

static pthread_mutex_t a = PTHREAD_MUTEX_INITIALIZER, b = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t child_only = PTHREAD_MUTEX_INITIALIZER;
static volatile int done;

static void *busy(void *arg)
{
	while (!__atomic_load_n(&done, __ATOMIC_ACQUIRE)) {
		pthread_mutex_lock(&a);
		pthread_mutex_lock(&b);
		pthread_mutex_unlock(&b);
		pthread_mutex_unlock(&a);
	}
	return arg;
}

int main(int argc, char **argv)
{
	int n = argc > 1 ? atoi(argv[1]) : 200, bad = 0;
	pthread_t t;
	pthread_create(&t, NULL, busy, NULL);
	for (int i = 0; i < n; i++) {
		pid_t pid = fork();
		if (pid == 0) {
			if (i % 2)
				execl("/bin/true", "true", (char *)NULL);
			/* Not a or b: the busy thread may hold them at the fork
			 * (waiting for those would be fork-orphaned-lock). */
			pthread_mutex_lock(&child_only);
			pthread_mutex_unlock(&child_only);
			_exit(0);
		}
		int status = 0;
		if (pid < 0 || waitpid(pid, &status, 0) != pid || !WIFEXITED(status) ||
		    WEXITSTATUS(status) != 0)
			bad++;
	}
	__atomic_store_n(&done, 1, __ATOMIC_RELEASE);
	pthread_join(t, NULL);
	return bad ? 1 : 0;
}

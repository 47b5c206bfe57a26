/* A program that walks its own stack with libunwind, as glog or a profiler
 * does.  libunwind takes its own locks (with every signal blocked) on the
 * first walk; the library must not call back into libunwind while they are
 * held.  Prints whether the signal mask came back as it was.  With "abba",
 * a planted inversion follows: the library must still be working. */
#define UNW_LOCAL_ONLY
#include <libunwind.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>

static pthread_mutex_t a = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t b = PTHREAD_MUTEX_INITIALIZER;

static int walk(void)
{
	void *pcs[64];
	return unw_backtrace(pcs, 64);
}

static void *walk_holding_a(void *arg)
{
	pthread_mutex_lock(&a);
	int n = walk();
	pthread_mutex_unlock(&a);
	return n > 0 ? arg : NULL;
}

static void *b_then_a(void *arg)
{
	pthread_mutex_lock(&b);
	pthread_mutex_lock(&a);
	pthread_mutex_unlock(&a);
	pthread_mutex_unlock(&b);
	return arg;
}

static void *a_then_b(void *arg)
{
	pthread_mutex_lock(&a);
	pthread_mutex_lock(&b);
	walk();
	pthread_mutex_unlock(&b);
	pthread_mutex_unlock(&a);
	return arg;
}

int main(int argc, char **argv)
{
	printf("lock a %p\n", (void *)&a);
	printf("lock b %p\n", (void *)&b);
	fflush(stdout);
	sigset_t before, after;
	memset(&before, 0, sizeof before);
	memset(&after, 0, sizeof after);
	pthread_sigmask(SIG_SETMASK, NULL, &before);
	int n = walk();
	pthread_sigmask(SIG_SETMASK, NULL, &after);
	printf("frames %s\n", n > 0 ? "found" : "missing");
	printf("signal mask %s\n", memcmp(&before, &after, sizeof before) == 0 ? "unchanged" : "changed");
	pthread_t t;
	static int ok;
	pthread_create(&t, NULL, walk_holding_a, &ok);
	void *res;
	pthread_join(t, &res);
	printf("thread walk %s\n", res ? "found" : "missing");
	if (argc > 1 && strcmp(argv[1], "abba") == 0) {
		pthread_create(&t, NULL, a_then_b, NULL);
		pthread_join(t, NULL);
		pthread_create(&t, NULL, b_then_a, NULL);
		pthread_join(t, NULL);
	}
	fflush(stdout);
	return 0;
}

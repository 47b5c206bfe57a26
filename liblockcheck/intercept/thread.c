/* Thread life: start and exit events around every thread the program
 * creates, pthread_exit, and joins (which block). */
#include <errno.h>
#include <pthread.h>
#include <stdbool.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "lc_events.h"
#include "lc_runtime.h"
#include "real.h"

LC_REAL(int, pthread_create, pthread_t *, const pthread_attr_t *, void *(*)(void *), void *)
LC_REAL(void, pthread_exit, void *)
LC_REAL(int, pthread_join, pthread_t, void **)
LC_REAL(int, pthread_timedjoin_np, pthread_t, void **, const struct timespec *)
LC_REAL(int, pthread_clockjoin_np, pthread_t, void **, clockid_t, const struct timespec *)

__attribute__((constructor)) static void resolve_thread(void)
{
	real_pthread_create();
	real_pthread_exit();
	real_pthread_join();
	real_pthread_timedjoin_np();
	real_pthread_clockjoin_np();
}

struct start_args {
	void *(*fn)(void *);
	void *arg;
};

/* Set while a thread runs under our trampoline, whose cleanup handler then
 * sends the exit event; done once it has been sent. */
static LC_TLS bool under_trampoline;
static LC_TLS bool exit_sent;

static void send_exit(void)
{
	if (exit_sent)
		return;
	exit_sent = true;
	int saved = errno;
	lc_on_thread_exit();
	errno = saved;
}

static void exit_cleanup(void *unused)
{
	(void)unused;
	send_exit();
}

/* The cleanup handler is the outermost one, so on pthread_exit or
 * cancellation it runs after the program's own handlers (which often
 * unlock): the exit check then sees what is really still held. */
static void *trampoline(void *p)
{
	struct start_args a = *(struct start_args *)p;
	lc_free(p, sizeof a);
	under_trampoline = true;
	lc_on_thread_start();
	void *ret;
	pthread_cleanup_push(exit_cleanup, NULL);
	ret = a.fn(a.arg);
	pthread_cleanup_pop(1);
	return ret;
}

LC_INTERCEPTOR int pthread_create(pthread_t *t, const pthread_attr_t *attr, void *(*fn)(void *), void *arg)
{
	pthread_create_fn f = real_pthread_create();
	if (!f)
		return EAGAIN;
	struct start_args *a = lc_alloc(sizeof *a);
	if (!a) /* no memory for our wrapper: run the thread unwatched */
		return f(t, attr, fn, arg);
	a->fn = fn;
	a->arg = arg;
	int rc = f(t, attr, trampoline, a);
	if (rc != 0)
		lc_free(a, sizeof *a);
	return rc;
}

LC_INTERCEPTOR void pthread_exit(void *ret)
{
	/* Threads we did not start (main) have no trampoline to do it. */
	if (!under_trampoline)
		send_exit();
	pthread_exit_fn f = real_pthread_exit();
	if (f)
		f(ret);
	/* Not reached with glibc; end the thread rather than the process. */
	for (;;)
		syscall(SYS_exit, 0);
}

LC_INTERCEPTOR int pthread_join(pthread_t t, void **ret)
{
	lc_on_blocking("pthread_join");
	pthread_join_fn f = real_pthread_join();
	return f ? f(t, ret) : ENOSYS;
}

LC_INTERCEPTOR int pthread_timedjoin_np(pthread_t t, void **ret, const struct timespec *abstime)
{
	lc_on_blocking("pthread_timedjoin_np");
	pthread_timedjoin_np_fn f = real_pthread_timedjoin_np();
	return f ? f(t, ret, abstime) : ENOSYS;
}

LC_INTERCEPTOR int pthread_clockjoin_np(pthread_t t, void **ret, clockid_t clock, const struct timespec *abstime)
{
	lc_on_blocking("pthread_clockjoin_np");
	pthread_clockjoin_np_fn f = real_pthread_clockjoin_np();
	return f ? f(t, ret, clock, abstime) : ENOSYS;
}

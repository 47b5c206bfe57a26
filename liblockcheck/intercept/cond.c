/* pthread_cond_*wait: the mutex must be held, and waiting is blocking.
 *
 * The mutex stays "held" in the engine across the wait: glibc releases and
 * re-takes it internally (not through the intercepted calls), and to the
 * program it is held before and after, which is what ordering is about. */
#include <errno.h>
#include <pthread.h>
#include <time.h>

#include "lc_events.h"
#include "real.h"

/* Plain dlsym may return the pre-2.3.2 condvar ABI; ask for the current one. */
#if defined(__x86_64__)
#define COND_VERSION "GLIBC_2.3.2"
#else
#define COND_VERSION NULL
#endif

LC_REAL_VERSIONED(int, pthread_cond_wait, COND_VERSION, pthread_cond_t *, pthread_mutex_t *)
LC_REAL_VERSIONED(int, pthread_cond_timedwait, COND_VERSION, pthread_cond_t *, pthread_mutex_t *,
		  const struct timespec *)
LC_REAL(int, pthread_cond_clockwait, pthread_cond_t *, pthread_mutex_t *, clockid_t, const struct timespec *)

__attribute__((constructor)) static void resolve_cond(void)
{
	real_pthread_cond_wait();
	real_pthread_cond_timedwait();
	real_pthread_cond_clockwait();
}

LC_INTERCEPTOR int pthread_cond_wait(pthread_cond_t *c, pthread_mutex_t *m)
{
	lc_on_cond_wait_at(c, m, LC_CALLER());
	pthread_cond_wait_fn f = real_pthread_cond_wait();
	return f ? f(c, m) : ENOSYS;
}

LC_INTERCEPTOR int pthread_cond_timedwait(pthread_cond_t *c, pthread_mutex_t *m, const struct timespec *t)
{
	lc_on_cond_wait_at(c, m, LC_CALLER());
	pthread_cond_timedwait_fn f = real_pthread_cond_timedwait();
	return f ? f(c, m, t) : ENOSYS;
}

LC_INTERCEPTOR int pthread_cond_clockwait(pthread_cond_t *c, pthread_mutex_t *m, clockid_t clock, const struct timespec *t)
{
	lc_on_cond_wait_at(c, m, LC_CALLER());
	pthread_cond_clockwait_fn f = real_pthread_cond_clockwait();
	return f ? f(c, m, clock, t) : ENOSYS;
}

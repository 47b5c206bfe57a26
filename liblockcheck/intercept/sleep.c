/* Sleeping and waiting for child processes. */
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "blocking.h"

LC_REAL(unsigned, sleep, unsigned)
LC_REAL(int, usleep, useconds_t)
LC_REAL(int, nanosleep, const struct timespec *, struct timespec *)
LC_REAL(int, clock_nanosleep, clockid_t, int, const struct timespec *, struct timespec *)
LC_REAL(pid_t, wait, int *)
LC_REAL(pid_t, waitpid, pid_t, int *, int)

__attribute__((constructor)) static void resolve_sleep(void)
{
	real_sleep();
	real_usleep();
	real_nanosleep();
	real_clock_nanosleep();
	real_wait();
	real_waitpid();
}

LC_BLOCKING(unsigned, sleep, (unsigned s), (s), s)
LC_BLOCKING(int, usleep, (useconds_t us), (us), lc_no_real())
LC_BLOCKING(int, nanosleep, (const struct timespec *t, struct timespec *rem), (t, rem),
	    syscall(SYS_nanosleep, t, rem))
/* clock_nanosleep reports errors as its result, not through errno. */
LC_BLOCKING(int, clock_nanosleep, (clockid_t c, int fl, const struct timespec *t, struct timespec *rem),
	    (c, fl, t, rem), ENOSYS)

LC_INTERCEPTOR pid_t wait(int *status)
{
	lc_on_blocking("wait");
	wait_fn f = real_wait();
	return f ? f(status) : lc_no_real();
}

LC_INTERCEPTOR pid_t waitpid(pid_t pid, int *status, int options)
{
	if (!(options & WNOHANG))
		lc_on_blocking("waitpid");
	waitpid_fn f = real_waitpid();
	return f ? f(pid, status, options) : lc_no_real();
}

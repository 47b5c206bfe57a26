/* Waiting for file descriptors.  A zero timeout only polls and is not
 * announced as blocking. */
#include <poll.h>
#include <sys/epoll.h>
#include <sys/select.h>

#include "blocking.h"

LC_REAL(int, poll, struct pollfd *, nfds_t, int)
LC_REAL(int, ppoll, struct pollfd *, nfds_t, const struct timespec *, const __sigset_t *)
LC_REAL(int, select, int, fd_set *__restrict, fd_set *__restrict, fd_set *__restrict, struct timeval *__restrict)
LC_REAL(int, pselect, int, fd_set *__restrict, fd_set *__restrict, fd_set *__restrict,
	const struct timespec *__restrict, const __sigset_t *__restrict)
LC_REAL(int, epoll_wait, int, struct epoll_event *, int, int)
LC_REAL(int, epoll_pwait, int, struct epoll_event *, int, int, const __sigset_t *)

__attribute__((constructor)) static void resolve_poll(void)
{
	real_poll();
	real_ppoll();
	real_select();
	real_pselect();
	real_epoll_wait();
	real_epoll_pwait();
}

#define ZERO_TS(t) ((t) && (t)->tv_sec == 0 && (t)->tv_nsec == 0)
#define ZERO_TV(t) ((t) && (t)->tv_sec == 0 && (t)->tv_usec == 0)

LC_INTERCEPTOR int poll(struct pollfd *fds, nfds_t n, int timeout)
{
	if (timeout != 0)
		lc_on_blocking("poll");
	poll_fn f = real_poll();
	return f ? f(fds, n, timeout) : lc_no_real();
}

LC_INTERCEPTOR int ppoll(struct pollfd *fds, nfds_t n, const struct timespec *t, const __sigset_t *mask)
{
	if (!ZERO_TS(t))
		lc_on_blocking("ppoll");
	ppoll_fn f = real_ppoll();
	return f ? f(fds, n, t, mask) : lc_no_real();
}

LC_INTERCEPTOR int select(int n, fd_set *__restrict r, fd_set *__restrict w, fd_set *__restrict e, struct timeval *__restrict t)
{
	if (!ZERO_TV(t))
		lc_on_blocking("select");
	select_fn f = real_select();
	return f ? f(n, r, w, e, t) : lc_no_real();
}

LC_INTERCEPTOR int pselect(int n, fd_set *__restrict r, fd_set *__restrict w, fd_set *__restrict e,
	    const struct timespec *__restrict t, const __sigset_t *__restrict mask)
{
	if (!ZERO_TS(t))
		lc_on_blocking("pselect");
	pselect_fn f = real_pselect();
	return f ? f(n, r, w, e, t, mask) : lc_no_real();
}

LC_INTERCEPTOR int epoll_wait(int ep, struct epoll_event *ev, int max, int timeout)
{
	if (timeout != 0)
		lc_on_blocking("epoll_wait");
	epoll_wait_fn f = real_epoll_wait();
	return f ? f(ep, ev, max, timeout) : lc_no_real();
}

LC_INTERCEPTOR int epoll_pwait(int ep, struct epoll_event *ev, int max, int timeout, const __sigset_t *mask)
{
	if (timeout != 0)
		lc_on_blocking("epoll_pwait");
	epoll_pwait_fn f = real_epoll_pwait();
	return f ? f(ep, ev, max, timeout, mask) : lc_no_real();
}

/* Blocking socket calls.  A call flagged MSG_DONTWAIT cannot sleep and is
 * not announced. */
#include <sys/socket.h>

#include "blocking.h"

LC_REAL(int, accept, int, __SOCKADDR_ARG, socklen_t *__restrict)
LC_REAL(int, accept4, int, __SOCKADDR_ARG, socklen_t *__restrict, int)
LC_REAL(int, connect, int, __CONST_SOCKADDR_ARG, socklen_t)
LC_REAL(ssize_t, recv, int, void *, size_t, int)
LC_REAL(ssize_t, recvfrom, int, void *__restrict, size_t, int, __SOCKADDR_ARG, socklen_t *__restrict)
LC_REAL(ssize_t, recvmsg, int, struct msghdr *, int)
LC_REAL(ssize_t, send, int, const void *, size_t, int)
LC_REAL(ssize_t, sendto, int, const void *, size_t, int, __CONST_SOCKADDR_ARG, socklen_t)
LC_REAL(ssize_t, sendmsg, int, const struct msghdr *, int)

__attribute__((constructor)) static void resolve_net(void)
{
	real_accept();
	real_accept4();
	real_connect();
	real_recv();
	real_recvfrom();
	real_recvmsg();
	real_send();
	real_sendto();
	real_sendmsg();
}

#define MAY_BLOCK(flags, name) \
	do { if (!((flags) & MSG_DONTWAIT)) lc_on_blocking(name); } while (0)

LC_BLOCKING(int, accept, (int fd, __SOCKADDR_ARG addr, socklen_t *__restrict len), (fd, addr, len),
	    lc_no_real())
LC_BLOCKING(int, accept4, (int fd, __SOCKADDR_ARG addr, socklen_t *__restrict len, int fl),
	    (fd, addr, len, fl), lc_no_real())
LC_BLOCKING(int, connect, (int fd, __CONST_SOCKADDR_ARG addr, socklen_t len), (fd, addr, len),
	    lc_no_real())

LC_INTERCEPTOR ssize_t recv(int fd, void *buf, size_t n, int flags)
{
	MAY_BLOCK(flags, "recv");
	recv_fn f = real_recv();
	return f ? f(fd, buf, n, flags) : lc_no_real();
}

LC_INTERCEPTOR ssize_t recvfrom(int fd, void *__restrict buf, size_t n, int flags, __SOCKADDR_ARG addr,
		 socklen_t *__restrict len)
{
	MAY_BLOCK(flags, "recvfrom");
	recvfrom_fn f = real_recvfrom();
	return f ? f(fd, buf, n, flags, addr, len) : lc_no_real();
}

LC_INTERCEPTOR ssize_t recvmsg(int fd, struct msghdr *msg, int flags)
{
	MAY_BLOCK(flags, "recvmsg");
	recvmsg_fn f = real_recvmsg();
	return f ? f(fd, msg, flags) : lc_no_real();
}

LC_INTERCEPTOR ssize_t send(int fd, const void *buf, size_t n, int flags)
{
	MAY_BLOCK(flags, "send");
	send_fn f = real_send();
	return f ? f(fd, buf, n, flags) : lc_no_real();
}

LC_INTERCEPTOR ssize_t sendto(int fd, const void *buf, size_t n, int flags, __CONST_SOCKADDR_ARG addr, socklen_t len)
{
	MAY_BLOCK(flags, "sendto");
	sendto_fn f = real_sendto();
	return f ? f(fd, buf, n, flags, addr, len) : lc_no_real();
}

LC_INTERCEPTOR ssize_t sendmsg(int fd, const struct msghdr *msg, int flags)
{
	MAY_BLOCK(flags, "sendmsg");
	sendmsg_fn f = real_sendmsg();
	return f ? f(fd, msg, flags) : lc_no_real();
}

/* Blocking file I/O: read/write and their positional, vectored and 64-bit
 * forms, fsync, flock.  If the real function is not resolved yet (a call
 * from inside dlsym), the raw system call does the job. */
#include <sys/file.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <unistd.h>

#include "blocking.h"

LC_REAL(ssize_t, read, int, void *, size_t)
LC_REAL(ssize_t, write, int, const void *, size_t)
LC_REAL(ssize_t, pread, int, void *, size_t, off_t)
LC_REAL(ssize_t, pwrite, int, const void *, size_t, off_t)
LC_REAL(ssize_t, pread64, int, void *, size_t, __off64_t)
LC_REAL(ssize_t, pwrite64, int, const void *, size_t, __off64_t)
LC_REAL(ssize_t, readv, int, const struct iovec *, int)
LC_REAL(ssize_t, writev, int, const struct iovec *, int)
LC_REAL(int, fsync, int)
LC_REAL(int, fdatasync, int)
LC_REAL(int, flock, int, int)

__attribute__((constructor)) static void resolve_io(void)
{
	real_read();
	real_write();
	real_pread();
	real_pwrite();
	real_pread64();
	real_pwrite64();
	real_readv();
	real_writev();
	real_fsync();
	real_fdatasync();
	real_flock();
}

LC_BLOCKING(ssize_t, read, (int fd, void *buf, size_t n), (fd, buf, n), syscall(SYS_read, fd, buf, n))
LC_BLOCKING(ssize_t, write, (int fd, const void *buf, size_t n), (fd, buf, n), syscall(SYS_write, fd, buf, n))
LC_BLOCKING(ssize_t, pread, (int fd, void *buf, size_t n, off_t off), (fd, buf, n, off),
	    syscall(SYS_pread64, fd, buf, n, off))
LC_BLOCKING(ssize_t, pwrite, (int fd, const void *buf, size_t n, off_t off), (fd, buf, n, off),
	    syscall(SYS_pwrite64, fd, buf, n, off))
LC_BLOCKING(ssize_t, pread64, (int fd, void *buf, size_t n, __off64_t off), (fd, buf, n, off),
	    syscall(SYS_pread64, fd, buf, n, off))
LC_BLOCKING(ssize_t, pwrite64, (int fd, const void *buf, size_t n, __off64_t off), (fd, buf, n, off),
	    syscall(SYS_pwrite64, fd, buf, n, off))
LC_BLOCKING(ssize_t, readv, (int fd, const struct iovec *iov, int cnt), (fd, iov, cnt),
	    syscall(SYS_readv, fd, iov, cnt))
LC_BLOCKING(ssize_t, writev, (int fd, const struct iovec *iov, int cnt), (fd, iov, cnt),
	    syscall(SYS_writev, fd, iov, cnt))
LC_BLOCKING(int, fsync, (int fd), (fd), syscall(SYS_fsync, fd))
LC_BLOCKING(int, fdatasync, (int fd), (fd), syscall(SYS_fdatasync, fd))
LC_BLOCKING(int, flock, (int fd, int op), (fd, op), syscall(SYS_flock, fd, op))

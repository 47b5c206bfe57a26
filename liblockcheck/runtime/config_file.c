/* Reading a file the user named in an option (spec=, suppressions=).
 *
 * Only a regular file, and only up to a size fit for what it is: /dev/zero
 * would be read forever (the host growing by the gigabyte), a FIFO would
 * block the program at open until someone writes, a directory reads as
 * nothing.  Raw system calls (no interceptor sees them) and lc_alloc memory,
 * so this works wherever the library runs. */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "lc_runtime.h"

static void say(char *err, size_t cap, const char *const *parts)
{
	size_t n = 0;
	for (; *parts; parts++)
		for (const char *p = *parts; *p && n + 1 < cap; p++)
			err[n++] = *p;
	if (cap)
		err[n] = 0;
}
#define SAY(err, cap, ...) say((err), (cap), (const char *const[]){__VA_ARGS__, NULL})

static const char *kind_of(mode_t mode)
{
	if (S_ISDIR(mode))
		return "a directory";
	if (S_ISFIFO(mode))
		return "a FIFO";
	if (S_ISSOCK(mode))
		return "a socket";
	return "a device";
}

static void put_size(char *out, size_t cap, size_t v)
{
	char d[24];
	size_t k = 0, n = 0;
	do
		d[k++] = (char)('0' + v % 10);
	while ((v /= 10) && k < sizeof d);
	while (k && n + 1 < cap)
		out[n++] = d[--k];
	out[n] = 0;
}

char *lc_read_config_file(const char *path, const char *what, size_t max, size_t *len, size_t *alloc_size,
			  char *err, size_t errlen)
{
	*len = *alloc_size = 0;
	/* O_NONBLOCK: opening a FIFO must not wait for a writer. */
	long fd = syscall(SYS_openat, AT_FDCWD, path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
	if (fd < 0) {
		SAY(err, errlen, path, ": cannot open (", strerrordesc_np(errno) ? strerrordesc_np(errno) : "error", ")");
		return NULL;
	}
	struct stat st;
	char *buf = NULL;
	char limit[24];
	put_size(limit, sizeof limit, max);
	if (syscall(SYS_fstat, fd, &st) != 0) {
		SAY(err, errlen, path, ": cannot read");
	} else if (!S_ISREG(st.st_mode)) {
		SAY(err, errlen, path, ": is ", kind_of(st.st_mode), ", not a ", what, " file");
	} else if ((unsigned long long)st.st_size > max) {
		SAY(err, errlen, path, ": larger than ", limit, " bytes, too big for a ", what, " file");
	} else {
		/* One byte more than it says, to see it grow past the limit. */
		size_t want = (size_t)st.st_size + 1, got = 0;
		*alloc_size = want + 1;
		buf = lc_alloc(*alloc_size);
		while (buf && got < want) {
			long n = syscall(SYS_read, fd, buf + got, want - got);
			if (n < 0 && errno == EINTR)
				continue;
			if (n <= 0)
				break;
			got += (size_t)n;
		}
		if (!buf) {
			SAY(err, errlen, path, ": out of memory reading it");
		} else if (got > max) {
			lc_free(buf, *alloc_size);
			buf = NULL;
			SAY(err, errlen, path, ": larger than ", limit, " bytes, too big for a ", what, " file");
		} else {
			buf[got] = 0;
			*len = got;
		}
	}
	syscall(SYS_close, fd);
	if (!buf)
		*alloc_size = 0;
	return buf;
}

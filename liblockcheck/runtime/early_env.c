/* getenv for the earliest calls.  In .preinit_array (and before libc's own
 * initialisation) environ is not set yet and getenv finds nothing, so a
 * finding made there would ignore report_path and log_path.  The
 * environment the process started with is then read from /proc, with raw
 * system calls and no allocation. */
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "lc_runtime.h"

extern char **environ;

/* Scans NAME=VALUE\0 entries as they come, chunk by chunk. */
static const char *from_proc(const char *name, char *buf, size_t cap)
{
	long fd = syscall(SYS_openat, AT_FDCWD, "/proc/self/environ", O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return NULL;
	size_t nlen = strlen(name), matched = 0, out = 0;
	enum { START, MATCHING, VALUE, SKIP } st = START;
	bool found = false;
	char chunk[1024];
	long n;
	while (!found && (n = syscall(SYS_read, fd, chunk, sizeof chunk)) > 0) {
		for (long i = 0; i < n && !found; i++) {
			char c = chunk[i];
			if (st == START) {
				st = MATCHING;
				matched = 0;
			}
			if (st == MATCHING) {
				if (matched < nlen && c == name[matched])
					matched++;
				else if (matched == nlen && c == '=')
					st = VALUE;
				else
					st = c ? SKIP : START;
			} else if (st == VALUE) {
				if (!c || out + 1 >= cap)
					found = true;
				else
					buf[out++] = c;
			} else if (!c) {
				st = START;
			}
		}
	}
	syscall(SYS_close, fd);
	if (!found && st != VALUE)
		return NULL;
	buf[out] = 0;
	return buf;
}

const char *lc_early_getenv(const char *name, char *buf, size_t cap)
{
	if (environ)
		return getenv(name);
	return cap ? from_proc(name, buf, cap) : NULL;
}

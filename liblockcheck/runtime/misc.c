/* Thread ids and raw writes, straight through syscall(2) so nothing here can
 * re-enter an intercepted function. */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "lc_runtime.h"
#include "runtime/lc_runtime_internal.h"

#define LC_TLS __thread __attribute__((tls_model("initial-exec")))

/* The cached tid is valid only for the process generation it was read in:
 * a forked child bumps the generation, so its copy of the parent's cache
 * (the forking thread's) is refreshed on first use. */
static unsigned fork_generation = 1;
static LC_TLS long cached_tid;
static LC_TLS unsigned cached_generation;

long lc_gettid(void)
{
	unsigned gen = __atomic_load_n(&fork_generation, __ATOMIC_RELAXED);
	if (__builtin_expect(cached_generation != gen, 0)) {
		cached_tid = syscall(SYS_gettid);
		cached_generation = gen;
	}
	return cached_tid;
}

void lc_runtime_fork_child(void)
{
	__atomic_add_fetch(&fork_generation, 1, __ATOMIC_RELAXED);
}

int lc_write_fully(int fd, const char *buf, size_t len, size_t *done)
{
	int saved = errno, err = 0;
	*done = 0;
	while (len > 0) {
		long n = syscall(SYS_write, fd, buf, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			err = n < 0 ? errno : EIO; /* 0 for a non-empty write: no progress */
			break;
		}
		buf += n;
		len -= (size_t)n;
		*done += (size_t)n;
	}
	errno = saved; /* the program's errno is not ours to change */
	return err;
}

void lc_write_all(int fd, const char *buf, size_t len)
{
	size_t done;
	(void)lc_write_fully(fd, buf, len, &done); /* callers have nowhere else to say it */
}

/* `lockcheck run` names a file in LOCKCHECK_RUN_MARKER (intercept/run_marker.c
 * creates it at load); what it must know beyond the report is appended
 * there, one line each, from any process of the run. */
void lc_run_note(const char *line)
{
	const char *path = getenv("LOCKCHECK_RUN_MARKER");
	if (!path || !*path)
		return;
	int saved = errno;
	long fd = syscall(SYS_openat, AT_FDCWD, path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
	if (fd >= 0) {
		size_t len = strlen(line), done;
		lc_write_fully((int)fd, line, len, &done);
		lc_write_fully((int)fd, "\n", 1, &done);
		syscall(SYS_close, fd);
	}
	errno = saved;
}

static _Atomic unsigned long config_errors;

void lc_config_error(const char *what)
{
	__atomic_add_fetch(&config_errors, 1, __ATOMIC_RELAXED);
	char line[64] = "config-error ";
	size_t n = strlen(line);
	for (const char *p = what; *p && n + 1 < sizeof line; p++)
		line[n++] = *p;
	line[n] = 0;
	lc_run_note(line);
}

unsigned long lc_config_errors(void)
{
	return __atomic_load_n(&config_errors, __ATOMIC_RELAXED);
}

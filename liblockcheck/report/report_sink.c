/* Where reports go: the log (people) and the report file (JSON Lines).
 *
 * The report file rule, so that processes sharing one report_path never mix
 * or lose lines: the first process to write a finding opens report_path
 * (O_APPEND) and holds a non-blocking flock on it for its lifetime.  Any
 * other process that finds the lock taken (a live process already owns the
 * file: an exec'd child, a sibling) writes report_path.PID instead.  A forked
 * child that inherited an open report file always switches to
 * report_path.PID, since it shares its parent's lock.  `lockcheck run` and
 * `lockcheck report` read report_path and every report_path.PID.
 *
 * The log follows the sanitizers: log_path=P writes P.PID, one file per
 * process (a forked child switches to its own); "stderr" and "stdout" are
 * those streams, and a path under /dev/ (/dev/null, a tty) is opened as it
 * is.  "%p" in log_path or report_path is replaced by the process id.
 *
 * Opening goes through syscall() so the library's own interceptors never
 * see it; files are close-on-exec. */
#include <fcntl.h>
#include <sched.h>
#include <stdatomic.h>
#include <string.h>
#include <sys/file.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "report/report_internal.h"

enum { CLOSED, OPENING, OPEN };
static _Atomic int report_state, log_state;
static int report_fd = -1, log_fd = 2;
static bool log_per_pid; /* log_fd is a P.PID file of ours */
static char report_name[300], log_name[300];

static size_t pid_digits(char *out, size_t cap)
{
	char tmp[24];
	size_t i = sizeof tmp, n = 0;
	long p = (long)getpid();
	do
		tmp[--i] = (char)('0' + p % 10);
	while ((p /= 10) && i);
	while (i < sizeof tmp && n + 1 < cap)
		out[n++] = tmp[i++];
	out[n] = 0;
	return n;
}

/* path with every "%p" replaced by the pid; "" when it does not fit. */
static void expand_pid(char *out, size_t cap, const char *path)
{
	size_t n = 0;
	for (const char *p = path; *p; p++) {
		if (p[0] == '%' && p[1] == 'p') {
			char pid[24];
			size_t d = pid_digits(pid, sizeof pid);
			if (n + d >= cap)
				goto too_long;
			memcpy(out + n, pid, d);
			n += d;
			p++;
		} else {
			if (n + 1 >= cap)
				goto too_long;
			out[n++] = *p;
		}
	}
	out[n] = 0;
	return;
too_long:
	out[0] = 0;
}

static int open_append(const char *path)
{
	return (int)syscall(SYS_openat, AT_FDCWD, path,
			    O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
}

static bool try_own(int fd)
{
	return syscall(SYS_flock, fd, LOCK_EX | LOCK_NB) == 0;
}

/* strlcpy: always terminated, cut when too long. */
static void copy_name(char *dst, size_t cap, const char *src)
{
	size_t n = strnlen(src, cap - 1);
	memcpy(dst, src, n);
	dst[n] = 0;
}

/* "path.PID", or "" when it does not fit. */
static void pid_name(char *out, size_t outlen, const char *path)
{
	char pid[24];
	size_t n = strlen(path), d = pid_digits(pid, sizeof pid);
	if (n + 2 + d > outlen) {
		out[0] = 0;
		return;
	}
	memcpy(out, path, n);
	out[n] = '.';
	memcpy(out + n + 1, pid, d + 1);
}

static void open_report(bool force_pid)
{
	char expanded[300];
	expand_pid(expanded, sizeof expanded, lc_opt.report_path);
	const char *path = expanded;
	report_fd = -1;
	report_name[0] = 0;
	if (!path[0])
		return;
	if (!force_pid) {
		int fd = open_append(path);
		if (fd >= 0 && try_own(fd)) {
			report_fd = fd;
			copy_name(report_name, sizeof report_name, path);
			return;
		}
		if (fd >= 0)
			syscall(SYS_close, fd);
	}
	pid_name(report_name, sizeof report_name, path);
	if (report_name[0])
		report_fd = open_append(report_name);
	if (report_fd >= 0)
		try_own(report_fd);
	else
		lc_log_line("cannot open report file ", report_name[0] ? report_name : path, NULL);
}

static void open_shared_report(void)
{
	open_report(false);
}

/* Run init once; a concurrent caller waits a bounded time (a signal handler
 * that interrupted the opener must not spin forever). */
static bool once(_Atomic int *st, void (*init)(void))
{
	int expected = CLOSED;
	if (atomic_compare_exchange_strong(st, &expected, OPENING)) {
		init();
		atomic_store(st, OPEN);
		return true;
	}
	for (int i = 0; i < 100000 && atomic_load(st) != OPEN; i++)
		sched_yield();
	return atomic_load(st) == OPEN;
}

static void open_log(void)
{
	const char *path = lc_opt.log_path;
	log_fd = 2;
	log_per_pid = false;
	if (!path[0] || !strcmp(path, "stderr"))
		return;
	if (!strcmp(path, "stdout")) {
		log_fd = 1;
		return;
	}
	char expanded[300];
	expand_pid(expanded, sizeof expanded, path);
	if (!strncmp(expanded, "/dev/", 5)) {
		copy_name(log_name, sizeof log_name, expanded);
	} else {
		pid_name(log_name, sizeof log_name, expanded);
		log_per_pid = true;
	}
	int fd = log_name[0] ? open_append(log_name) : -1;
	if (fd >= 0)
		log_fd = fd;
	else
		log_per_pid = false; /* stays on stderr, where the next line says why */
}

int lc_sink_log_fd(void)
{
	return once(&log_state, open_log) ? log_fd : 2;
}

int lc_sink_report_fd(void)
{
	return once(&report_state, open_shared_report) ? report_fd : -1;
}

const char *lc_sink_report_name(void)
{
	return atomic_load(&report_state) == OPEN && report_fd >= 0 ? report_name : NULL;
}

void lc_sink_fork_child(void)
{
	/* Only this thread runs in the child: no one else can be opening. */
	if (atomic_load(&report_state) == OPEN && report_fd >= 0) {
		syscall(SYS_close, report_fd);
		open_report(true);
	} else {
		atomic_store(&report_state, CLOSED);
	}
	/* A thread caught opening the log at fork is gone: start over.  A
	 * per-process log is the parent's: the child opens its own. */
	if (atomic_load(&log_state) == OPENING) {
		atomic_store(&log_state, CLOSED);
	} else if (atomic_load(&log_state) == OPEN && log_per_pid) {
		syscall(SYS_close, log_fd);
		log_fd = 2;
		atomic_store(&log_state, CLOSED);
	}
}

void lc_log_line(const char *a, const char *b, const char *c)
{
	lc_buf buf;
	lc_buf_init(&buf, 1024);
	lc_buf_str(&buf, "==");
	lc_buf_dec(&buf, (long long)getpid());
	lc_buf_str(&buf, "==lockcheck: ");
	lc_buf_str(&buf, a);
	lc_buf_str(&buf, b);
	lc_buf_str(&buf, c);
	lc_buf_char(&buf, '\n');
	if (!buf.failed)
		lc_write_all(lc_sink_log_fd(), buf.data, buf.len);
	lc_buf_release(&buf);
}

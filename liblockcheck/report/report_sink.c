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
static char report_name[300];

static int open_append(const char *path)
{
	return (int)syscall(SYS_openat, AT_FDCWD, path,
			    O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
}

static bool try_own(int fd)
{
	return syscall(SYS_flock, fd, LOCK_EX | LOCK_NB) == 0;
}

static void pid_name(char *out, size_t outlen, const char *path)
{
	size_t n = strlen(path);
	char pid[24];
	size_t i = sizeof pid - 1;
	pid[i] = 0;
	for (long p = (long)getpid(); p && i; p /= 10)
		pid[--i] = (char)('0' + p % 10);
	if (n + 2 + (sizeof pid - 1 - i) > outlen) {
		out[0] = 0;
		return;
	}
	memcpy(out, path, n);
	out[n] = '.';
	strcpy(out + n + 1, pid + i);
}

static void open_report(bool force_pid)
{
	const char *path = lc_opt.report_path;
	report_fd = -1;
	report_name[0] = 0;
	if (!path[0])
		return;
	if (!force_pid) {
		int fd = open_append(path);
		if (fd >= 0 && try_own(fd)) {
			report_fd = fd;
			strncpy(report_name, path, sizeof report_name - 1);
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
	if (path[0] && strcmp(path, "stderr")) {
		int fd = open_append(path);
		if (fd >= 0)
			log_fd = fd;
	}
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
	/* A thread caught opening the log at fork is gone: start over. */
	if (atomic_load(&log_state) == OPENING)
		atomic_store(&log_state, CLOSED);
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

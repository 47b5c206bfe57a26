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
#include <errno.h>
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
static int report_fd = -1;
static _Atomic int log_fd = 2;
static bool log_per_pid; /* log_fd is a P.PID file of ours */
static char report_name[300], log_name[300];

/* Lost reports: counted, and each channel's trouble said once. */
static _Atomic unsigned long lost;
static _Atomic bool report_trouble_said, log_trouble_said;
/* Serializes JSON lines so a cut-short one can be taken back. */
static lc_spin report_write_lock = LC_SPIN_INIT;

/* Never allocates, unlike strerror. */
static const char *err_text(int err)
{
	const char *s = strerrordesc_np(err);
	return s ? s : "unknown error";
}

/* One "==PID==lockcheck: ..." line from parts (NULL-terminated), to the log
 * or, for trouble with the log itself, straight to stderr. */
static void say(bool to_stderr, const char *const *parts)
{
	lc_buf buf;
	lc_buf_init(&buf, 1024);
	lc_buf_str(&buf, "==");
	lc_buf_dec(&buf, (long long)getpid());
	lc_buf_str(&buf, "==lockcheck: ");
	for (; *parts; parts++)
		lc_buf_str(&buf, *parts);
	lc_buf_char(&buf, '\n');
	if (buf.failed)
		;
	else if (to_stderr)
		lc_write_all(2, buf.data, buf.len);
	else
		lc_sink_write_text(buf.data, buf.len);
	lc_buf_release(&buf);
}

#define SAY(to_stderr, ...) say((to_stderr), (const char *const[]){__VA_ARGS__, NULL})

/* Names log_path as given, and the file it became when that differs. */
static void log_trouble(const char *what, int err)
{
	if (atomic_exchange(&log_trouble_said, true))
		return;
	bool same = !log_name[0] || !strcmp(log_name, lc_opt.log_path);
	SAY(true, what, lc_opt.log_path, same ? "" : " (as ", same ? "" : log_name, same ? "" : ")", ": ",
	    err_text(err), "; text reports go to stderr instead");
}

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

/* A path under /dev/ names a device that exists (/dev/null, a tty): never
 * create one there, so a mistyped option (log_path=/dev/null,detect_x=0)
 * is said instead of leaving a file in /dev. */
static int open_append(const char *path)
{
	int create = strncmp(path, "/dev/", 5) ? O_CREAT : 0;
	return (int)syscall(SYS_openat, AT_FDCWD, path, O_WRONLY | create | O_APPEND | O_CLOEXEC, 0644);
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
	int path_errno = 0; /* opening the path given failed with this */
	if (!force_pid) {
		int fd = open_append(path);
		if (fd >= 0 && try_own(fd)) {
			report_fd = fd;
			copy_name(report_name, sizeof report_name, path);
			return;
		}
		if (fd >= 0)
			syscall(SYS_close, fd);
		else
			path_errno = errno;
	}
	pid_name(report_name, sizeof report_name, path);
	if (report_name[0])
		report_fd = open_append(report_name);
	if (report_fd >= 0) {
		try_own(report_fd);
		return;
	}
	/* Name what the user gave when that is what failed, not our .PID. */
	int err = path_errno ? path_errno : report_name[0] ? errno : ENAMETOOLONG;
	const char *shown = path_errno || !report_name[0] ? path : report_name;
	atomic_store(&report_trouble_said, true);
	SAY(false, "cannot open report file ", shown, ": ", err_text(err),
	    "; findings are counted, but not written to it");
	report_name[0] = 0;
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
	if (fd >= 0) {
		atomic_store(&log_fd, fd);
	} else {
		log_per_pid = false; /* stays on stderr, and says why there */
		log_trouble("cannot open log_path ", log_name[0] ? errno : ENAMETOOLONG);
	}
}

int lc_sink_log_fd(void)
{
	return once(&log_state, open_log) ? atomic_load(&log_fd) : 2;
}

void lc_sink_write_text(const char *data, size_t len)
{
	int fd = lc_sink_log_fd();
	size_t done;
	int err = lc_write_fully(fd, data, len, &done);
	if (!err || fd == 2)
		return; /* stderr failing: nowhere left to say anything */
	/* The log went bad (a full disk): stderr from now on, this text too. */
	atomic_store(&log_fd, 2);
	log_trouble("cannot write log_path ", err);
	lc_write_all(2, data + done, len - done);
}

void lc_sink_write_report(const char *data, size_t len)
{
	int fd = lc_sink_report_fd();
	if (fd < 0) {
		if (lc_opt.report_path[0]) {
			atomic_fetch_add(&lost, 1);
			lc_run_note("report-lost");
		}
		return;
	}
	size_t done;
	lc_spin_lock(&report_write_lock);
	long end = syscall(SYS_lseek, fd, 0, SEEK_END);
	int err = lc_write_fully(fd, data, len, &done);
	/* A torn line would be unreadable JSON, and glue itself to the next. */
	if (err && done && end >= 0)
		syscall(SYS_ftruncate, fd, end);
	lc_spin_unlock(&report_write_lock);
	if (!err)
		return;
	atomic_fetch_add(&lost, 1);
	lc_run_note("report-lost");
	if (atomic_exchange(&report_trouble_said, true))
		return;
	SAY(false, "cannot write report file ", report_name, ": ", err_text(err),
	    "; findings are counted, but not written to it");
}

unsigned long lc_sink_lost(void)
{
	return atomic_load(&lost);
}

const char *lc_sink_report_target(void)
{
	return report_name[0] ? report_name : lc_opt.report_path;
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
	/* The parent's losses are the parent's, as its findings are. */
	atomic_store(&lost, 0);
	atomic_store(&report_trouble_said, false);
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
		syscall(SYS_close, atomic_load(&log_fd));
		atomic_store(&log_fd, 2);
		atomic_store(&log_state, CLOSED);
	}
}

void lc_log_line(const char *a, const char *b, const char *c)
{
	SAY(false, a, b ? b : "", c ? c : "");
}

/* symbolize=1: file:line in the library's own text report, from a separate
 * `lockcheck symbolize` process, as the sanitizers run llvm-symbolizer.
 * Debug info is never read inside the checked process: the library writes
 * "MODULE<TAB>OFFSET<TAB>BUILD_ID" lines to the helper and reads back
 * "FUNCTION<TAB>FILE:LINE" lines (inlined frames first), an empty line
 * after each.
 *
 * Everything is a raw system call: the child is made with clone (no atfork
 * handlers, no locks: it only moves two pipes into place and execs), with
 * LD_PRELOAD and LOCKCHECK_OPTIONS taken out of its environment so the
 * helper is not checked itself.  A helper that is missing, slow (5 s in
 * all) or says nothing leaves the report as it would be without. */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "report/report_internal.h"

extern char **environ;

#define TIMEOUT_MS 5000
#define MAX_ENV 512

static bool starts_with(const char *s, const char *prefix)
{
	return !strncmp(s, prefix, strlen(prefix));
}

/* The helper: symbolizer_path, else lockcheck next to the library
 * (LIBDIR/../bin or LIBDIR/../../bin for a multiarch LIBDIR). */
static bool helper_path(char *out, size_t cap)
{
	if (lc_opt.symbolizer_path[0]) {
		size_t n = strnlen(lc_opt.symbolizer_path, cap - 1);
		memcpy(out, lc_opt.symbolizer_path, n);
		out[n] = 0;
		return true;
	}
	lc_frame_info self;
	lc_stack_symbolize((uintptr_t)&helper_path + 1, &self);
	char *slash = strrchr(self.module, '/');
	if (!slash)
		return false;
	static const char *const rel[] = {"/../bin/lockcheck", "/../../bin/lockcheck"};
	size_t dir = (size_t)(slash - self.module);
	for (unsigned i = 0; i < 2; i++) {
		size_t r = strlen(rel[i]);
		if (dir + r + 1 > cap)
			continue;
		memcpy(out, self.module, dir);
		memcpy(out + dir, rel[i], r + 1);
		if (syscall(SYS_faccessat, AT_FDCWD, out, X_OK, 0) == 0)
			return true;
	}
	return false;
}

/* One socket pair is the helper's stdin and stdout: requests are sent
 * with MSG_NOSIGNAL, so a helper that died cannot SIGPIPE the program. */
static long spawn(const char *path, int *sock)
{
	int sv[2];
	if (syscall(SYS_socketpair, AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv))
		return -1;
	/* Built before the clone: the child only makes system calls. */
	static char *envp[MAX_ENV];
	unsigned n = 0;
	for (char **e = environ; e && *e && n + 1 < MAX_ENV; e++)
		if (!starts_with(*e, "LD_PRELOAD=") && !starts_with(*e, "LOCKCHECK_OPTIONS="))
			envp[n++] = *e;
	envp[n] = NULL;
	char *argv[] = {(char *)path, (char *)"symbolize", NULL};
	long pid = syscall(SYS_clone, SIGCHLD, 0, 0, 0, 0);
	if (pid == 0) {
		syscall(SYS_dup3, sv[1], 0, 0);
		syscall(SYS_dup3, sv[1], 1, 0);
		syscall(SYS_execve, path, argv, envp);
		syscall(SYS_exit_group, 127);
	}
	syscall(SYS_close, sv[1]);
	if (pid < 0) {
		syscall(SYS_close, sv[0]);
		return -1;
	}
	*sock = sv[0];
	return pid;
}

static bool send_all(int fd, const char *p, size_t len)
{
	while (len) {
		long n = syscall(SYS_sendto, fd, p, len, MSG_NOSIGNAL, NULL, 0);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return false;
		p += n;
		len -= (size_t)n;
	}
	return true;
}

static void request(lc_buf *b, const lc_frame_info *fr)
{
	lc_buf_str(b, fr->module);
	lc_buf_char(b, '\t');
	lc_buf_hex(b, fr->module_offset);
	lc_buf_char(b, '\t');
	lc_buf_str(b, fr->build_id);
	lc_buf_char(b, '\n');
}

/* Reads everything the helper says, for at most TIMEOUT_MS. */
static void read_all(int fd, lc_buf *b)
{
	int left = TIMEOUT_MS;
	char chunk[4096];
	while (left > 0) {
		struct pollfd p = {.fd = fd, .events = POLLIN};
		long r = syscall(SYS_poll, &p, 1, 100);
		if (r < 0)
			return;
		if (r == 0) {
			left -= 100;
			continue;
		}
		long n = syscall(SYS_read, fd, chunk, sizeof chunk);
		if (n <= 0)
			return;
		lc_buf_mem(b, chunk, (size_t)n);
	}
}

/* Gives frame i its answer block (lines up to the empty one). */
static void assign(lc_resolved *r, unsigned *asked, unsigned nasked, const lc_buf *answer)
{
	size_t at = 0;
	for (unsigned k = 0; k < nasked && at < answer->len; k++) {
		size_t end = at;
		while (end < answer->len && !(answer->data[end] == '\n' &&
					      (end + 1 >= answer->len || answer->data[end + 1] == '\n')))
			end++;
		size_t n = end + 1 - at; /* the block and its last newline */
		char *slot = r->src + (size_t)asked[k] * LC_SRC_LEN;
		if (n >= LC_SRC_LEN)
			n = LC_SRC_LEN - 1;
		memcpy(slot, answer->data + at, n);
		slot[n] = 0;
		at = end + 2;
	}
}

void lc_symbolizer_run(lc_resolved *r)
{
	if (!lc_opt.symbolize || !r->nframes || r->src)
		return;
	char path[512];
	if (!helper_path(path, sizeof path))
		return;
	r->src_bytes = (size_t)r->nframes * LC_SRC_LEN + r->nframes * sizeof(unsigned);
	r->src = lc_alloc(r->src_bytes);
	if (!r->src)
		return;
	unsigned *asked = (unsigned *)(r->src + (size_t)r->nframes * LC_SRC_LEN), nasked = 0;
	lc_buf req, answer;
	lc_buf_init(&req, 4096);
	lc_buf_init(&answer, 8192);
	for (unsigned i = 0; i < r->nframes; i++)
		if (r->frames[i].module[0]) {
			request(&req, &r->frames[i]);
			asked[nasked++] = i;
		}
	int sock;
	long pid = nasked && !req.failed ? spawn(path, &sock) : -1;
	if (pid > 0) {
		/* Requests fit in the socket buffer (64 frames of a few hundred
		 * bytes), so sending all before reading cannot stall. */
		if (send_all(sock, req.data, req.len)) {
			syscall(SYS_shutdown, sock, SHUT_WR);
			read_all(sock, &answer);
		}
		syscall(SYS_close, sock);
		syscall(SYS_kill, pid, SIGKILL); /* done or too slow: either way, gone */
		syscall(SYS_wait4, pid, NULL, 0, NULL);
		if (!answer.failed)
			assign(r, asked, nasked, &answer);
	}
	lc_buf_release(&req);
	lc_buf_release(&answer);
}

void lc_symbolizer_release(lc_resolved *r)
{
	if (r->src)
		lc_free(r->src, r->src_bytes);
	r->src = NULL;
}

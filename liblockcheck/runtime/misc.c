/* Thread ids and raw writes, straight through syscall(2) so nothing here can
 * re-enter an intercepted function. */
#include <errno.h>
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

void lc_write_all(int fd, const char *buf, size_t len)
{
	while (len > 0) {
		long n = syscall(SYS_write, fd, buf, len);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			return; /* nowhere to report a failing report channel */
		}
		buf += n;
		len -= (size_t)n;
	}
}

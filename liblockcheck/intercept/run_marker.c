/* `lockcheck run` names a file in LOCKCHECK_RUN_MARKER; creating it is how
 * the tool learns that the preload took (the loader may refuse it, or the
 * program may be set-user-ID).  Raw system calls: nothing intercepted. */
#include <fcntl.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <unistd.h>

__attribute__((constructor)) static void lc_run_marker(void)
{
	const char *path = getenv("LOCKCHECK_RUN_MARKER");
	if (!path || !*path)
		return;
	long fd = syscall(SYS_openat, AT_FDCWD, path, O_WRONLY | O_CREAT | O_CLOEXEC, 0600);
	if (fd >= 0)
		syscall(SYS_close, fd);
}

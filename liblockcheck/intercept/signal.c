/* Signal handlers and masks, for signal-unsafe-lock.
 *
 * sigaction() and signal() install a trampoline in place of the program's
 * handler: it tells the checker a handler for that signal runs (with the
 * mask the kernel gave it: the handler's sa_mask and, without SA_NODEFER,
 * the signal itself), calls the program's handler, and says when it
 * returns.  sigprocmask() and pthread_sigmask() report the thread's new
 * blocked mask.  What the program reads back (the old action) is its own
 * handler, never the trampoline.  A handler left by longjmp is not seen
 * leaving. */
#include <errno.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>
#include <sys/syscall.h>
#include <ucontext.h>
#include <unistd.h>

#include "lc_events.h"
#include "real.h"

LC_REAL(int, sigaction, int, const struct sigaction *, struct sigaction *)
LC_REAL(int, sigprocmask, int, const sigset_t *, sigset_t *)
LC_REAL(int, pthread_sigmask, int, const sigset_t *, sigset_t *)

__attribute__((constructor)) static void resolve_signal(void)
{
	real_sigaction();
	real_sigprocmask();
	real_pthread_sigmask();
}

/* The program's action per signal (what the trampoline calls). */
typedef struct program_action {
	void (*handler)(int);
	void (*action)(int, siginfo_t *, void *);
	int flags;
} program_action;
static program_action actions[NSIG];

static uint64_t current_blocked(void)
{
	uint64_t m = 0;
	if (syscall(SYS_rt_sigprocmask, SIG_BLOCK, NULL, &m, sizeof m) != 0)
		return 0;
	return m;
}

static void trampoline(int sig, siginfo_t *info, void *uc)
{
	int saved = errno;
	program_action a = actions[sig];
	uint64_t interrupted = 0;
	if (uc)
		memcpy(&interrupted, &((ucontext_t *)uc)->uc_sigmask, sizeof interrupted);
	lc_on_signal_enter(sig, current_blocked(), interrupted);
	errno = saved;
	if (a.flags & SA_SIGINFO) {
		if (a.action)
			a.action(sig, info, uc);
	} else if (a.handler && a.handler != SIG_DFL && a.handler != SIG_IGN) {
		a.handler(sig);
	}
	saved = errno;
	lc_on_signal_exit(sig);
	errno = saved;
}

static bool is_handler(const struct sigaction *act)
{
	if (act->sa_flags & SA_SIGINFO)
		return act->sa_sigaction != NULL;
	return act->sa_handler != SIG_DFL && act->sa_handler != SIG_IGN;
}

/* The old action as the program set it, not the trampoline. */
static void show_program_action(struct sigaction *old, const program_action *prev)
{
	if (!old || !(old->sa_flags & SA_SIGINFO) || old->sa_sigaction != trampoline)
		return;
	old->sa_flags = (old->sa_flags & ~SA_SIGINFO) | (prev->flags & SA_SIGINFO);
	if (prev->flags & SA_SIGINFO)
		old->sa_sigaction = prev->action;
	else
		old->sa_handler = prev->handler;
}

LC_INTERCEPTOR int sigaction(int sig, const struct sigaction *act, struct sigaction *old)
{
	sigaction_fn real = real_sigaction();
	if (!real) {
		errno = ENOSYS;
		return -1;
	}
	if (sig <= 0 || sig >= NSIG) {
		return real(sig, act, old);
	}
	program_action prev = actions[sig];
	if (!act || sig == SIGKILL || sig == SIGSTOP) {
		int r = real(sig, act, old);
		if (r == 0)
			show_program_action(old, &prev);
		return r;
	}
	struct sigaction mine = *act;
	bool wrap = is_handler(act);
	if (wrap) {
		/* Stored before the trampoline can run. */
		program_action a = {act->sa_handler, act->sa_sigaction, act->sa_flags};
		if (act->sa_flags & SA_SIGINFO)
			a.handler = NULL;
		else
			a.action = NULL;
		actions[sig] = a;
		mine.sa_sigaction = trampoline;
		mine.sa_flags |= SA_SIGINFO;
	}
	int r = real(sig, &mine, old);
	if (r != 0) {
		actions[sig] = prev;
		return r;
	}
	show_program_action(old, &prev);
	lc_on_signal_handler(sig, wrap);
	return 0;
}

/* glibc's signal(): BSD semantics, the handler stays and calls restart. */
LC_INTERCEPTOR sighandler_t signal(int sig, sighandler_t handler)
{
	struct sigaction sa, old;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = handler;
	sa.sa_flags = SA_RESTART;
	sigemptyset(&sa.sa_mask);
	if (sigaction(sig, &sa, &old) != 0)
		return SIG_ERR;
	/* sa_handler and sa_sigaction share storage: an SA_SIGINFO handler
	 * comes back as the same pointer, as glibc's signal() returns it. */
	return old.sa_handler;
}

LC_INTERCEPTOR int sigprocmask(int how, const sigset_t *set, sigset_t *old)
{
	sigprocmask_fn real = real_sigprocmask();
	if (!real) {
		errno = ENOSYS;
		return -1;
	}
	int r = real(how, set, old);
	if (r == 0 && set)
		lc_on_signal_mask(current_blocked());
	return r;
}

LC_INTERCEPTOR int pthread_sigmask(int how, const sigset_t *set, sigset_t *old)
{
	pthread_sigmask_fn real = real_pthread_sigmask();
	if (!real)
		return ENOSYS;
	int r = real(how, set, old);
	if (r == 0 && set)
		lc_on_signal_mask(current_blocked());
	return r;
}

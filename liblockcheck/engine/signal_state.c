/* Signal state of a thread, for signal-unsafe-lock (signal_usage.c): which
 * signals have a handler the interceptor wrapped, which of them the thread
 * blocks, and which handler it is running.
 *
 * Up to LC_SIG_TRACKED signals with handlers are tracked, each under a
 * small index, so a lock record keeps what it has been seen with in 16 bits
 * and the acquisition fast path compares (sig_want, 0 while no handler is
 * installed, against rec->sig_seen). */
#include <signal.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "engine/engine_internal.h"
#include "engine/signal_usage.h"

static lc_spin sig_lock = LC_SPIN_INIT;
static int8_t index_of[LC_SIG_MAX + 1]; /* 0: untracked, else index + 1 */
int lc_sig_number[LC_SIG_TRACKED];
static unsigned ntracked;
static uint8_t handled; /* indexes with a wrapped handler installed */

static uint8_t blocked_indexes(uint64_t blocked)
{
	uint8_t m = 0;
	for (unsigned i = 0; i < ntracked; i++)
		if (blocked >> (lc_sig_number[i] - 1) & 1)
			m |= (uint8_t)(1u << i);
	return m;
}

static void recompute(lc_thread *t)
{
	uint8_t h = __atomic_load_n(&handled, __ATOMIC_RELAXED);
	uint8_t deliverable = h & (uint8_t)~blocked_indexes(t->sig_blocked);
	__atomic_store_n(&t->sig_want, (uint16_t)(t->sig_in << 8 | deliverable), __ATOMIC_RELAXED);
}

void lc_sig_thread_init(lc_thread *t)
{
	uint64_t cur = 0;
	/* The mask it inherited: one system call per thread. */
	if (syscall(SYS_rt_sigprocmask, SIG_BLOCK, NULL, &cur, sizeof cur) == 0)
		t->sig_blocked = cur;
	recompute(t);
}

static void recompute_each(lc_thread *t, void *arg)
{
	(void)arg;
	recompute(t);
}

void lc_engine_signal_handler(int sig, bool installed)
{
	if (sig < 1 || sig > LC_SIG_MAX)
		return;
	lc_spin_lock(&sig_lock);
	if (!index_of[sig] && installed && ntracked < LC_SIG_TRACKED) {
		lc_sig_number[ntracked] = sig;
		index_of[sig] = (int8_t)(++ntracked);
	}
	if (index_of[sig]) {
		uint8_t bit = (uint8_t)(1u << (index_of[sig] - 1));
		__atomic_store_n(&handled, installed ? handled | bit : handled & (uint8_t)~bit,
				 __ATOMIC_RELAXED);
	}
	lc_spin_unlock(&sig_lock);
	lc_thread_for_each(recompute_each, NULL);
}

/* Lock-free from here: also called from handlers that interrupted the library. */
void lc_engine_signal_mask(uint64_t blocked, bool may_create)
{
	lc_thread *t = may_create ? lc_thread_get() : lc_self_thread;
	if (!t)
		return;
	t->sig_blocked = blocked;
	recompute(t);
}

void lc_engine_signal_enter(int sig, uint64_t blocked, uint64_t interrupted_blocked,
			    bool may_create)
{
	lc_thread *t = may_create ? lc_thread_get() : lc_self_thread;
	if (!t)
		return;
	if (t->sig_nsaved < 4) {
		/* What the kernel restores on return (the thread's state may
		 * have been made just now, from the handler's mask). */
		t->sig_saved[t->sig_nsaved].blocked = interrupted_blocked;
		t->sig_saved[t->sig_nsaved].in = t->sig_in;
	}
	t->sig_nsaved++;
	int idx = sig >= 1 && sig <= LC_SIG_MAX ? index_of[sig] : 0;
	t->sig_in = idx ? (uint8_t)(1u << (idx - 1)) : 0;
	t->sig_blocked = blocked;
	recompute(t);
}

void lc_engine_signal_exit(int sig)
{
	(void)sig;
	lc_thread *t = lc_self_thread;
	if (!t || !t->sig_nsaved)
		return;
	t->sig_nsaved--;
	if (t->sig_nsaved < 4) {
		t->sig_blocked = t->sig_saved[t->sig_nsaved].blocked;
		t->sig_in = t->sig_saved[t->sig_nsaved].in;
	}
	recompute(t);
}

void lc_engine_signal(lc_signal_event ev, int sig, uint64_t blocked, uint64_t interrupted,
		      unsigned flags)
{
	bool may_create = !(flags & LC_EV_NESTED);
	switch (ev) {
	case LC_SIG_HANDLER_SET:
	case LC_SIG_HANDLER_CLEARED:
		if (may_create)
			lc_engine_signal_handler(sig, ev == LC_SIG_HANDLER_SET);
		break;
	case LC_SIG_MASK:
		lc_engine_signal_mask(blocked, may_create);
		break;
	case LC_SIG_ENTER:
		lc_engine_signal_enter(sig, blocked, interrupted, may_create);
		break;
	case LC_SIG_EXIT:
		lc_engine_signal_exit(sig);
		break;
	}
}

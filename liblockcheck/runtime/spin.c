/* The library's own lock: test-and-test-and-set on GCC atomics.  It never
 * calls anything the library intercepts; after a short burst of pause
 * instructions it yields through the raw system call so a preempted holder
 * can run. */
#include <sys/syscall.h>
#include <unistd.h>

#include "lc_runtime.h"

static inline void cpu_relax(void)
{
#if defined(__x86_64__) || defined(__i386__)
	__builtin_ia32_pause();
#elif defined(__aarch64__)
	__asm__ __volatile__("yield" ::: "memory");
#else
	__asm__ __volatile__("" ::: "memory");
#endif
}

bool lc_spin_trylock(lc_spin *s)
{
	return __atomic_load_n(&s->locked, __ATOMIC_RELAXED) == 0 &&
	       __atomic_exchange_n(&s->locked, 1, __ATOMIC_ACQUIRE) == 0;
}

void lc_spin_lock(lc_spin *s)
{
	unsigned spins = 0;
	while (!lc_spin_trylock(s)) {
		while (__atomic_load_n(&s->locked, __ATOMIC_RELAXED)) {
			if (++spins < 128)
				cpu_relax();
			else
				syscall(SYS_sched_yield);
		}
	}
}

void lc_spin_unlock(lc_spin *s)
{
	__atomic_store_n(&s->locked, 0, __ATOMIC_RELEASE);
}

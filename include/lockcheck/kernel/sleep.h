/* Sleeping and scheduling calls, and time in jiffies (part of
 * lockcheck/kernel.h).  Each sleeping call says so first (might_sleep), so
 * one made under a spinlock, with interrupts off or in an RCU read-side
 * section is a blocking-in-atomic report, as the kernel's "sleeping function
 * called from invalid context".  The busy waits (udelay, mdelay) do not
 * sleep and are allowed there.  The sleeps are direct system calls: under
 * LD_PRELOAD the library would otherwise see each one a second time. */
#ifndef LOCKCHECK_KERNEL_SLEEP_H
#define LOCKCHECK_KERNEL_SLEEP_H
#ifndef LOCKCHECK_KERNEL_H
#error "include lockcheck/kernel.h"
#endif

#include <errno.h>
#include <time.h>

#if defined(__x86_64__) || defined(__i386__)
#define cpu_relax() __builtin_ia32_pause()
#else
#define cpu_relax() __asm__ __volatile__("" ::: "memory")
#endif

#ifndef HZ
#define HZ 1000
#endif
#define MAX_SCHEDULE_TIMEOUT LONG_MAX

static inline unsigned long kshim__now_ns(void)
{
	struct timespec ts;
	syscall(SYS_clock_gettime, 1 /* CLOCK_MONOTONIC, hidden by strict -std=c11 */, &ts);
	return (unsigned long)ts.tv_sec * 1000000000ul + (unsigned long)ts.tv_nsec;
}
#define jiffies (kshim__now_ns() / (1000000000ul / HZ))
static inline unsigned long msecs_to_jiffies(unsigned int ms) { return (unsigned long)ms * HZ / 1000; }
static inline unsigned long usecs_to_jiffies(unsigned int us) { return ((unsigned long)us * HZ + 999999) / 1000000; }
static inline unsigned int jiffies_to_msecs(unsigned long j) { return (unsigned int)(j * 1000 / HZ); }
#define time_after(a, b) ((long)((b) - (a)) < 0)
#define time_before(a, b) time_after(b, a)
#define time_after_eq(a, b) ((long)((a) - (b)) >= 0)
#define time_before_eq(a, b) time_after_eq(b, a)

static inline void kshim__nap_ns(unsigned long ns)
{
	struct timespec ts = {(time_t)(ns / 1000000000ul), (long)(ns % 1000000000ul)};
	while (syscall(SYS_nanosleep, &ts, &ts) != 0 && errno == EINTR)
		;
}
/* Busy waits: allowed in atomic context. */
static inline void kshim__spin_ns(unsigned long ns)
{
	unsigned long end = kshim__now_ns() + ns;
	while (kshim__now_ns() < end)
		cpu_relax();
}
#define ndelay(n) kshim__spin_ns((unsigned long)(n))
#define udelay(n) kshim__spin_ns((unsigned long)(n) * 1000ul)
#define mdelay(n) kshim__spin_ns((unsigned long)(n) * 1000000ul)

static inline void msleep(unsigned int ms)
{
	lockcheck_might_sleep("msleep");
	kshim__nap_ns((unsigned long)ms * 1000000ul);
}
static inline unsigned long msleep_interruptible(unsigned int ms)
{
	lockcheck_might_sleep("msleep_interruptible");
	kshim__nap_ns((unsigned long)ms * 1000000ul);
	return 0;
}
static inline void ssleep(unsigned int s)
{
	lockcheck_might_sleep("ssleep");
	kshim__nap_ns((unsigned long)s * 1000000000ul);
}
static inline void usleep_range(unsigned long min, unsigned long max)
{
	(void)max;
	lockcheck_might_sleep("usleep_range");
	kshim__nap_ns(min * 1000ul);
}
static inline void fsleep(unsigned long us)
{
	lockcheck_might_sleep("fsleep");
	kshim__nap_ns(us * 1000ul);
}
/* The scheduler: give the CPU away (a zero-length sleep). */
static inline void schedule(void)
{
	lockcheck_might_sleep("schedule");
	syscall(SYS_sched_yield);
}
/* Sleeps the timeout (in jiffies) and returns 0: nothing wakes the caller early. */
static inline long schedule_timeout(long timeout)
{
	lockcheck_might_sleep("schedule_timeout");
	if (timeout == MAX_SCHEDULE_TIMEOUT || timeout <= 0) {
		syscall(SYS_sched_yield);
		return timeout <= 0 ? 0 : timeout;
	}
	kshim__nap_ns((unsigned long)timeout * (1000000000ul / HZ));
	return 0;
}
#define schedule_timeout_interruptible(t) schedule_timeout(t)
#define schedule_timeout_killable(t) schedule_timeout(t)
#define schedule_timeout_uninterruptible(t) schedule_timeout(t)
#define schedule_timeout_idle(t) schedule_timeout(t)
/* A point where the kernel may reschedule: it may sleep. */
static inline int cond_resched(void)
{
	lockcheck_might_sleep("cond_resched");
	return 0;
}
#define might_sleep_if(cond) do { if (cond) might_sleep(); } while (0)
#define might_resched() might_sleep()

#endif

/* Wait queues and completions (part of lockcheck/kernel.h): waiting on one
 * blocks, so it is a blocking call to the checker, reported under a
 * spinlock or in atomic context; waking does not block and is allowed
 * anywhere.  Both are a futex word (a wake counter, a done count). */
#ifndef LOCKCHECK_KERNEL_WAIT_H
#define LOCKCHECK_KERNEL_WAIT_H
#ifndef LOCKCHECK_KERNEL_H
#error "include lockcheck/kernel.h"
#endif

/* Waits while *word reads seen, at most timeout_ns (0: no limit); false on timeout. */
static inline int kshim__futex_wait(int *word, int seen, unsigned long timeout_ns)
{
	struct timespec ts = {(time_t)(timeout_ns / 1000000000ul), (long)(timeout_ns % 1000000000ul)};
	long r = syscall(SYS_futex, word, FUTEX_WAIT_PRIVATE, seen, timeout_ns ? &ts : (void *)0,
			 (void *)0, 0);
	return !(r != 0 && errno == ETIMEDOUT);
}
static inline void kshim__futex_wake(int *word, int n)
{
	syscall(SYS_futex, word, FUTEX_WAKE_PRIVATE, n, (void *)0, (void *)0, 0);
}
static inline unsigned long kshim__jiffies_ns(long j)
{
	return j <= 0 ? 1 : (unsigned long)j * (1000000000ul / HZ);
}

/* ---- wait_queue_head_t: wait_event(wq, condition) / wake_up(wq) ---- */
typedef struct wait_queue_head { int wakes; } wait_queue_head_t;
#define __WAIT_QUEUE_HEAD_INITIALIZER(name) { 0 }
#define DECLARE_WAIT_QUEUE_HEAD(name) wait_queue_head_t name = __WAIT_QUEUE_HEAD_INITIALIZER(name)
static inline void init_waitqueue_head(wait_queue_head_t *wq) { __atomic_store_n(&wq->wakes, 0, __ATOMIC_RELEASE); }
static inline void wake_up_all(wait_queue_head_t *wq)
{
	__atomic_add_fetch(&wq->wakes, 1, __ATOMIC_SEQ_CST);
	kshim__futex_wake(&wq->wakes, INT_MAX);
}
/* Every waiter rechecks its condition, so waking all is what wake_up() may do. */
#define wake_up(wq) wake_up_all(wq)
#define wake_up_interruptible(wq) wake_up_all(wq)
#define wake_up_interruptible_all(wq) wake_up_all(wq)
#define wake_up_nr(wq, n) ((void)(n), wake_up_all(wq))
#define wake_up_process(task) ((void)(task), 1)
/* The counter read before the condition: a wake in between changes it and
 * the wait returns at once. */
#define kshim__wait_event(what, wq, cond, timeout_ns)                                     \
	({                                                                                \
		lockcheck_might_sleep(what);                                              \
		unsigned long kshim__end = (timeout_ns) ? kshim__now_ns() + (timeout_ns) : 0; \
		int kshim__ok = 1;                                                        \
		for (;;) {                                                                \
			int kshim__seen = __atomic_load_n(&(wq)->wakes, __ATOMIC_SEQ_CST); \
			if (cond)                                                         \
				break;                                                    \
			unsigned long kshim__now = kshim__end ? kshim__now_ns() : 0;      \
			if (kshim__end && kshim__now >= kshim__end) {                     \
				kshim__ok = (cond) ? 1 : 0;                                \
				break;                                                    \
			}                                                                 \
			kshim__futex_wait(&(wq)->wakes, kshim__seen,                      \
					  kshim__end ? kshim__end - kshim__now : 0);      \
		}                                                                         \
		kshim__ok;                                                                \
	})
#define wait_event(wq, cond) ((void)kshim__wait_event("wait_event", &(wq), (cond), 0))
#define wait_event_interruptible(wq, cond) (kshim__wait_event("wait_event_interruptible", &(wq), (cond), 0), 0)
#define wait_event_killable(wq, cond) (kshim__wait_event("wait_event_killable", &(wq), (cond), 0), 0)
#define wait_event_freezable(wq, cond) (kshim__wait_event("wait_event_freezable", &(wq), (cond), 0), 0)
/* Timed: the jiffies left (at least 1) when the condition came true, 0 when it timed out. */
#define wait_event_timeout(wq, cond, timeout) \
	(kshim__wait_event("wait_event_timeout", &(wq), (cond), kshim__jiffies_ns(timeout)) ? 1L : 0L)
#define wait_event_interruptible_timeout(wq, cond, timeout) wait_event_timeout(wq, cond, timeout)
#define wait_event_killable_timeout(wq, cond, timeout) wait_event_timeout(wq, cond, timeout)
/* Waits with the spinlock dropped, and holds it again to check the condition. */
#define wait_event_lock_irq(wq, cond, lock)                                                   \
	do {                                                                                  \
		while (!(cond)) {                                                             \
			int kshim__seen = __atomic_load_n(&(wq).wakes, __ATOMIC_SEQ_CST);     \
			spin_unlock_irq(&(lock));                                             \
			lockcheck_might_sleep("wait_event_lock_irq");                         \
			kshim__futex_wait(&(wq).wakes, kshim__seen, kshim__jiffies_ns(1));    \
			spin_lock_irq(&(lock));                                               \
		}                                                                             \
	} while (0)
#define waitqueue_active(wq) 1

/* ---- struct completion ---- */
#define KSHIM__DONE_ALL (INT_MAX / 2)
struct completion { int done; };
#define COMPLETION_INITIALIZER(work) { 0 }
#define DECLARE_COMPLETION(work) struct completion work = COMPLETION_INITIALIZER(work)
#define DECLARE_COMPLETION_ONSTACK(work) DECLARE_COMPLETION(work)
static inline void init_completion(struct completion *x) { __atomic_store_n(&x->done, 0, __ATOMIC_RELEASE); }
#define reinit_completion(x) init_completion(x)
static inline void complete(struct completion *x)
{
	int d = __atomic_load_n(&x->done, __ATOMIC_RELAXED);
	while (d != KSHIM__DONE_ALL &&
	       !__atomic_compare_exchange_n(&x->done, &d, d + 1, 0, __ATOMIC_SEQ_CST, __ATOMIC_RELAXED))
		;
	kshim__futex_wake(&x->done, 1);
}
static inline void complete_all(struct completion *x)
{
	__atomic_store_n(&x->done, KSHIM__DONE_ALL, __ATOMIC_SEQ_CST);
	kshim__futex_wake(&x->done, INT_MAX);
}
/* Takes one completion if there is one (all of them: never used up). */
static inline int try_wait_for_completion(struct completion *x)
{
	int d = __atomic_load_n(&x->done, __ATOMIC_ACQUIRE);
	while (d > 0) {
		if (d == KSHIM__DONE_ALL)
			return 1;
		if (__atomic_compare_exchange_n(&x->done, &d, d - 1, 0, __ATOMIC_SEQ_CST, __ATOMIC_ACQUIRE))
			return 1;
	}
	return 0;
}
static inline int completion_done(struct completion *x) { return __atomic_load_n(&x->done, __ATOMIC_ACQUIRE) > 0; }
/* timeout_ns 0: no limit; false when it ran out. */
static inline int kshim__wait_done(const char *what, struct completion *x, unsigned long timeout_ns)
{
	lockcheck_might_sleep(what);
	unsigned long end = timeout_ns ? kshim__now_ns() + timeout_ns : 0;
	while (!try_wait_for_completion(x)) {
		unsigned long now = end ? kshim__now_ns() : 0;
		if (end && now >= end)
			return 0;
		kshim__futex_wait(&x->done, 0, end ? end - now : 0);
	}
	return 1;
}
static inline void wait_for_completion(struct completion *x) { (void)kshim__wait_done("wait_for_completion", x, 0); }
static inline void wait_for_completion_io(struct completion *x) { (void)kshim__wait_done("wait_for_completion_io", x, 0); }
static inline int wait_for_completion_interruptible(struct completion *x)
{
	(void)kshim__wait_done("wait_for_completion_interruptible", x, 0);
	return 0; /* no signal interrupts it here */
}
static inline int wait_for_completion_killable(struct completion *x)
{
	(void)kshim__wait_done("wait_for_completion_killable", x, 0);
	return 0;
}
/* The jiffies left (at least 1), or 0 when it timed out. */
static inline unsigned long wait_for_completion_timeout(struct completion *x, unsigned long timeout)
{
	return kshim__wait_done("wait_for_completion_timeout", x, kshim__jiffies_ns((long)timeout)) ? 1 : 0;
}
#define wait_for_completion_io_timeout(x, t) wait_for_completion_timeout((x), (t))
#define wait_for_completion_interruptible_timeout(x, t) ((long)wait_for_completion_timeout((x), (t)))
#define wait_for_completion_killable_timeout(x, t) ((long)wait_for_completion_timeout((x), (t)))

#endif

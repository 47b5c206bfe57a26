/* Semaphores: waiting may sleep, so it is a blocking call.
 *
 * They are deliberately NOT fed to the engine as held locks: a semaphore
 * has no owner (one thread waits, another posts), so "held by" and lock
 * order do not apply and would produce false unlock/exit reports.
 * sem_trywait and sem_post never block and are left alone. */
#include <errno.h>
#include <semaphore.h>
#include <time.h>

#include "lc_events.h"
#include "real.h"

LC_REAL(int, sem_wait, sem_t *)
LC_REAL(int, sem_timedwait, sem_t *, const struct timespec *)
LC_REAL(int, sem_clockwait, sem_t *, clockid_t, const struct timespec *)

__attribute__((constructor)) static void resolve_sem(void)
{
	real_sem_wait();
	real_sem_timedwait();
	real_sem_clockwait();
}

static int no_real(void)
{
	errno = ENOSYS;
	return -1;
}

LC_INTERCEPTOR int sem_wait(sem_t *s)
{
	lc_on_blocking("sem_wait");
	sem_wait_fn f = real_sem_wait();
	return f ? f(s) : no_real();
}

LC_INTERCEPTOR int sem_timedwait(sem_t *s, const struct timespec *t)
{
	lc_on_blocking("sem_timedwait");
	sem_timedwait_fn f = real_sem_timedwait();
	return f ? f(s, t) : no_real();
}

LC_INTERCEPTOR int sem_clockwait(sem_t *s, clockid_t clock, const struct timespec *t)
{
	lc_on_blocking("sem_clockwait");
	sem_clockwait_fn f = real_sem_clockwait();
	return f ? f(s, clock, t) : no_real();
}

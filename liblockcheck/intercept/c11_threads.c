/* C11 <threads.h>: mtx_*, cnd_*wait and thrd_create/thrd_join, as events.
 *
 * glibc implements them on its internal pthread functions, not through the
 * intercepted pthread_* symbols, so they are wrapped here; the events are
 * those of the pthread wrappers (mutex.c, cond.c, thread.c).  A mtx_t is a
 * pthread_mutex_t inside, so its kind word says its type the same way. */
#include <errno.h>
#include <pthread.h>
#include <stdint.h>
#include <threads.h>
#include <time.h>

#include "lc_events.h"
#include "lc_fast_events.h"
#include "lc_runtime.h"
#include "mutex_kind.h"
#include "real.h"

LC_REAL(int, mtx_init, mtx_t *, int)
LC_REAL(void, mtx_destroy, mtx_t *)
LC_REAL(int, mtx_lock, mtx_t *)
LC_REAL(int, mtx_trylock, mtx_t *)
LC_REAL(int, mtx_timedlock, mtx_t *, const struct timespec *)
LC_REAL(int, mtx_unlock, mtx_t *)
LC_REAL(int, cnd_wait, cnd_t *, mtx_t *)
LC_REAL(int, cnd_timedwait, cnd_t *, mtx_t *, const struct timespec *)
LC_REAL(int, thrd_join, thrd_t, int *)

__attribute__((constructor)) static void resolve_c11_threads(void)
{
	real_mtx_init();
	real_mtx_destroy();
	real_mtx_lock();
	real_mtx_trylock();
	real_mtx_timedlock();
	real_mtx_unlock();
	real_cnd_wait();
	real_cnd_timedwait();
	real_thrd_join();
}

static inline const pthread_mutex_t *inner(const mtx_t *m)
{
	return (const pthread_mutex_t *)m;
}

LC_INTERCEPTOR int mtx_init(mtx_t *m, int type)
{
	mtx_init_fn f = real_mtx_init();
	int rc = f ? f(m, type) : thrd_error;
	if (rc == thrd_success) {
		lc_lock_attr a = { .type = type_of(inner(m)), .flags = LC_LOCK_RAW };
		lc_on_lock_create_at(m, &a, LC_CALLER());
	}
	return rc;
}

LC_INTERCEPTOR void mtx_destroy(mtx_t *m)
{
	lc_on_lock_destroy_at(m, LC_CALLER());
	mtx_destroy_fn f = real_mtx_destroy();
	if (f)
		f(m);
}

/* As pthread_mutex_lock: free, take it and check in one event; busy, check
 * before waiting. */
LC_INTERCEPTOR int mtx_lock(mtx_t *m)
{
	mtx_trylock_fn tf = real_mtx_trylock();
	if (tf && tf(m) == thrd_success) {
		if (__builtin_expect(!lc_fast_acquired(m, LC_MODE_WRITE, LC_CALLER()), 0))
			lc_on_acquired_direct(m, LC_MODE_WRITE,
					      desc(inner(m)) | LC_ACQ_UNCONTENDED | LC_ACQ_FAST_DECLINED,
					      0, true, LC_CALLER());
		return thrd_success;
	}
	unsigned d = desc(inner(m));
	lc_fast_acquire_at(m, LC_MODE_WRITE, d, LC_CALLER());
	mtx_lock_fn f = real_mtx_lock();
	int rc = f ? f(m) : thrd_error;
	lc_fast_acquired_at(m, LC_MODE_WRITE, d, rc == thrd_success, LC_CALLER());
	return rc;
}

LC_INTERCEPTOR int mtx_trylock(mtx_t *m)
{
	unsigned d = desc(inner(m)) | LC_ACQ_TRY;
	lc_on_acquire_at(m, LC_MODE_WRITE, d, 0, LC_CALLER());
	mtx_trylock_fn f = real_mtx_trylock();
	int rc = f ? f(m) : thrd_error;
	lc_on_acquired_at(m, LC_MODE_WRITE, d, 0, rc == thrd_success, LC_CALLER());
	return rc;
}

LC_INTERCEPTOR int mtx_timedlock(mtx_t *restrict m, const struct timespec *restrict t)
{
	unsigned d = desc(inner(m)) | LC_ACQ_TIMED;
	lc_on_acquire_at(m, LC_MODE_WRITE, d, 0, LC_CALLER());
	mtx_timedlock_fn f = real_mtx_timedlock();
	int rc = f ? f(m, t) : thrd_error;
	lc_on_acquired_at(m, LC_MODE_WRITE, d, 0, rc == thrd_success, LC_CALLER());
	return rc;
}

LC_INTERCEPTOR int mtx_unlock(mtx_t *m)
{
	if (__builtin_expect(!lc_fast_release(m, LC_CALLER()), 0))
		lc_on_release_direct(m, LC_CALLER());
	mtx_unlock_fn f = real_mtx_unlock();
	return f ? f(m) : thrd_error;
}

LC_INTERCEPTOR int cnd_wait(cnd_t *c, mtx_t *m)
{
	lc_on_cond_wait_at(c, m, LC_CALLER());
	cnd_wait_fn f = real_cnd_wait();
	return f ? f(c, m) : thrd_error;
}

LC_INTERCEPTOR int cnd_timedwait(cnd_t *restrict c, mtx_t *restrict m, const struct timespec *restrict t)
{
	lc_on_cond_wait_at(c, m, LC_CALLER());
	cnd_timedwait_fn f = real_cnd_timedwait();
	return f ? f(c, m, t) : thrd_error;
}

/* Through pthread_create (the wrapper in thread.c), so the thread has its
 * start and exit events; the int result travels as the thread's pointer,
 * as glibc's own thrd_create does it. */
struct c11_start {
	thrd_start_t fn;
	void *arg;
};

static void *c11_start(void *p)
{
	struct c11_start s = *(struct c11_start *)p;
	lc_free(p, sizeof s);
	return (void *)(intptr_t)s.fn(s.arg);
}

LC_INTERCEPTOR int thrd_create(thrd_t *t, thrd_start_t fn, void *arg)
{
	struct c11_start *s = lc_alloc(sizeof *s);
	if (!s)
		return thrd_nomem;
	s->fn = fn;
	s->arg = arg;
	int rc = pthread_create(t, NULL, c11_start, s);
	if (rc == 0)
		return thrd_success;
	lc_free(s, sizeof *s);
	return rc == EAGAIN ? thrd_nomem : thrd_error;
}

LC_INTERCEPTOR int thrd_join(thrd_t t, int *res)
{
	lc_on_blocking_at("thrd_join", LC_CALLER());
	thrd_join_fn f = real_thrd_join();
	return f ? f(t, res) : thrd_error;
}

/* C11 <threads.h> locks, which glibc implements without going through the
 * pthread_* entry points.
 *   abba:   a planted inversion (thread 1 takes a then b, thread 2 b then a,
 *           one after the other, so it does not deadlock on this run)
 *   timed:  the same, thread 2 taking a with mtx_timedlock
 *   unlock: mtx_unlock of a mutex nobody holds
 *   clean:  correct use of every call (plain, timed and recursive mutexes,
 *           trylock, condition waits, thread create and join) */
#include <stdio.h>
#include <string.h>
#include <threads.h>
#include <time.h>

static mtx_t a, b, rec;
static cnd_t cond;
static int ready;

static struct timespec soon(int seconds)
{
	struct timespec t;
	timespec_get(&t, TIME_UTC);
	t.tv_sec += seconds;
	return t;
}

static int a_then_b(void *arg)
{
	mtx_lock(&a);
	mtx_lock(&b);
	mtx_unlock(&b);
	mtx_unlock(&a);
	return arg != NULL;
}

static int b_then_a(void *arg)
{
	mtx_lock(&b);
	if (arg) {
		struct timespec t = soon(60);
		mtx_timedlock(&a, &t);
	} else {
		mtx_lock(&a);
	}
	mtx_unlock(&a);
	mtx_unlock(&b);
	return 0;
}

static int signaller(void *arg)
{
	mtx_lock(&a);
	ready = 1;
	cnd_signal(&cond);
	mtx_unlock(&a);
	return arg != NULL;
}

static int clean(void)
{
	thrd_t t;
	/* Nested in one order only, recursion on the recursive mutex. */
	mtx_lock(&a);
	mtx_lock(&rec);
	mtx_lock(&rec);
	if (mtx_trylock(&b) == thrd_success)
		mtx_unlock(&b);
	mtx_unlock(&rec);
	mtx_unlock(&rec);
	mtx_unlock(&a);
	struct timespec t0 = soon(5);
	if (mtx_timedlock(&a, &t0) == thrd_success)
		mtx_unlock(&a);
	/* A condition wait, then a timed one that times out. */
	if (thrd_create(&t, signaller, NULL) != thrd_success)
		return 1;
	mtx_lock(&a);
	while (!ready)
		cnd_wait(&cond, &a);
	struct timespec t1;
	timespec_get(&t1, TIME_UTC);
	int rc = cnd_timedwait(&cond, &a, &t1);
	mtx_unlock(&a);
	int res = -1;
	thrd_join(t, &res);
	printf("timedwait %s, joined %d\n", rc == thrd_timedout ? "timed out" : "returned", res);
	return 0;
}

int main(int argc, char **argv)
{
	const char *how = argc > 1 ? argv[1] : "clean";
	mtx_init(&a, mtx_timed);
	mtx_init(&b, mtx_plain);
	mtx_init(&rec, mtx_plain | mtx_recursive);
	cnd_init(&cond);
	printf("lock a %p\n", (void *)&a);
	printf("lock b %p\n", (void *)&b);
	fflush(stdout);
	int rc = 0;
	if (strcmp(how, "abba") == 0 || strcmp(how, "timed") == 0) {
		thrd_t t;
		thrd_create(&t, a_then_b, NULL);
		thrd_join(t, NULL);
		thrd_create(&t, b_then_a, strcmp(how, "timed") == 0 ? &rc : NULL);
		thrd_join(t, NULL);
	} else if (strcmp(how, "unlock") == 0) {
		mtx_unlock(&b);
	} else {
		rc = clean();
	}
	cnd_destroy(&cond);
	mtx_destroy(&rec);
	mtx_destroy(&b);
	mtx_destroy(&a);
	fflush(stdout);
	return rc;
}

/* The runtime services the engine is built on: allocator, spin lock, tids,
 * raw writes. */
#include <pthread.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "engine_test.h"

TestSuite(runtime);

Test(runtime, alloc_is_zeroed_even_when_reused)
{
	for (size_t size = 1; size <= (1u << 20); size *= 3) {
		unsigned char *p = lc_alloc(size);
		cr_assert(p);
		for (size_t i = 0; i < size; i++)
			cr_assert_eq(p[i], 0);
		memset(p, 0xab, size);
		lc_free(p, size);
		unsigned char *q = lc_alloc(size);
		for (size_t i = 0; i < size; i++)
			cr_assert_eq(q[i], 0, "size %zu byte %zu", size, i);
		lc_free(q, size);
	}
}

Test(runtime, realloc_keeps_contents)
{
	char *p = lc_alloc(10);
	memcpy(p, "lockcheck", 10);
	p = lc_realloc(p, 10, 100000);
	cr_assert_str_eq(p, "lockcheck");
	cr_assert_eq(p[99999], 0);
	p = lc_realloc(p, 100000, 12);
	cr_assert_str_eq(p, "lockcheck");
	lc_free(p, 12);
}

Test(runtime, blocks_of_a_cache_line_and_more_are_aligned)
{
	for (int i = 0; i < 10; i++) {
		void *a = lc_alloc(24);
		void *b = lc_alloc(200);
		cr_assert_eq((uintptr_t)b % 64, 0);
		lc_free(a, 24);
		lc_free(b, 200);
	}
}

static lc_spin spin = LC_SPIN_INIT;
static long counter;

static void *bump(void *arg)
{
	(void)arg;
	for (int i = 0; i < 100000; i++) {
		lc_spin_lock(&spin);
		counter++;
		lc_spin_unlock(&spin);
	}
	return NULL;
}

Test(runtime, spin_lock_excludes)
{
	pthread_t t[4];
	for (int i = 0; i < 4; i++)
		pthread_create(&t[i], NULL, bump, NULL);
	for (int i = 0; i < 4; i++)
		pthread_join(t[i], NULL);
	cr_assert_eq(counter, 400000);
	cr_assert(lc_spin_trylock(&spin));
	cr_assert(!lc_spin_trylock(&spin));
	lc_spin_unlock(&spin);
}

static void *tid_of_thread(void *arg)
{
	*(long *)arg = lc_gettid() == syscall(SYS_gettid) ? lc_gettid() : -1;
	return NULL;
}

Test(runtime, gettid_is_per_thread)
{
	cr_assert_eq(lc_gettid(), syscall(SYS_gettid));
	long other = 0;
	pthread_t t;
	pthread_create(&t, NULL, tid_of_thread, &other);
	pthread_join(t, NULL);
	cr_assert_gt(other, 0);
	cr_assert_neq(other, lc_gettid());
}

Test(runtime, write_all_writes_everything)
{
	int fds[2];
	cr_assert_eq(pipe(fds), 0);
	lc_write_all(fds[1], "hello, lockcheck", 16);
	char buf[32] = {0};
	cr_assert_eq(read(fds[0], buf, sizeof buf), 16);
	cr_assert_str_eq(buf, "hello, lockcheck");
	close(fds[0]);
	close(fds[1]);
}

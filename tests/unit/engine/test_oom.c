/* Out of memory, injected into each table the engine allocates for: one
 * line on stderr, no crash, no false finding, and the program goes on. */
#include "engine_test.h"

#include <pthread.h>

#include <criterion/redirect.h>

#include "engine/lc_engine_stats.h"
#include "lc_detectors.h"

#define OOM_LINE "lockcheck: out of memory: some locks, order edges or stacks are no longer tracked; the program goes on\n"

static void setup(void)
{
	cr_redirect_stderr();
	engine_test_setup();
	/* Thread state and the first tables exist before memory runs out. */
	static int warm1, warm2;
	lock_w(&warm1);
	lock_w(&warm2);
	unlock(&warm2);
	unlock(&warm1);
}

/* The out-of-memory line is on stderr exactly once (findings may follow). */
static void expect_one_line(void)
{
	fflush(stderr);
	FILE *f = cr_get_redirected_stderr();
	static char text[1 << 16];
	size_t n = fread(text, 1, sizeof text - 1, f);
	text[n] = '\0';
	const char *first = strstr(text, "lockcheck: out of memory");
	cr_assert(first, "no out-of-memory line in: %s", text);
	cr_assert(!strncmp(first, OOM_LINE, strlen(OOM_LINE)), "one whole line: %s", first);
	cr_assert_null(strstr(first + strlen(OOM_LINE), "out of memory"), "said once: %s", text);
}

Test(oom, lock_table_full_of_new_locks, .init = setup)
{
	static char locks[200000];
	lc_alloc_inject_failure(0);
	for (unsigned i = 0; i < sizeof locks; i += 2) {
		lock_w(&locks[i]);
		unlock(&locks[i]);
	}
	lc_alloc_inject_failure(-1);
	cr_assert_eq(nseen, 0, "no finding about locks that could not be tracked");
	cr_assert_geq(lc_out_of_memory_count(), 1);
	/* Memory is back: new locks are checked again. */
	static int a;
	lock_w(&a);
	lock_w(&a);
	cr_assert_eq(count_kind(LC_KIND_SELF_DEADLOCK), 1);
	expect_one_line();
}

Test(oom, graph_nodes_and_edges, .init = setup)
{
	static int a, b, c;
	make_lock(&a, LC_LOCK_MUTEX, NULL);
	make_lock(&b, LC_LOCK_MUTEX, NULL);
	make_lock(&c, LC_LOCK_MUTEX, NULL);
	lc_alloc_inject_failure(0);
	lock_w(&a); /* a -> b: node or edge cannot be stored */
	lock_w(&b);
	unlock(&b);
	unlock(&a);
	lc_alloc_inject_failure(-1);
	lock_w(&b); /* b -> a: the missing edge means no report, never a false one */
	lock_w(&a);
	unlock(&a);
	unlock(&b);
	lock_w(&c);
	lock_w(&a);
	unlock(&a);
	unlock(&c);
	lock_w(&a); /* a -> c closes a real cycle, recorded after memory came back */
	lock_w(&c);
	unlock(&c);
	unlock(&a);
	cr_assert_eq(count_kind(LC_KIND_LOCK_ORDER_INVERSION), 1);
	cr_assert_eq(nseen, 1);
	lc_engine_stats st;
	lc_engine_get_stats(&st);
	cr_assert_geq(st.edges, 2);
	expect_one_line();
}

Test(oom, class_names, .init = setup)
{
	static int x, y;
	lc_alloc_inject_failure(0);
	make_lock(&x, LC_LOCK_MUTEX, "inode->i_lock");
	make_lock(&y, LC_LOCK_MUTEX, "inode->i_lock");
	lc_alloc_inject_failure(-1);
	lock_w(&x);
	lock_w(&y);
	unlock(&y);
	unlock(&x);
	cr_assert_eq(nseen, 0);
	expect_one_line();
}

Test(oom, held_stack_growth, .init = setup)
{
	static int many[300];
	for (unsigned i = 0; i < 300; i++)
		make_lock(&many[i], LC_LOCK_MUTEX, NULL);
	lc_alloc_inject_failure(0);
	for (unsigned i = 0; i < 300; i++)
		lock_w(&many[i]);
	for (unsigned i = 300; i-- > 0;)
		unlock(&many[i]);
	lc_alloc_inject_failure(-1);
	cr_assert_eq(count_kind(LC_KIND_UNLOCK_NOT_HELD), 0);
	cr_assert_eq(lc_query_held_count(), 0);
	expect_one_line();
}

/* A new thread whose state cannot be made. */
static void *thread_without_state(void *lock)
{
	lc_alloc_inject_failure(0);
	lock_w(lock);
	unlock(lock);
	lc_alloc_inject_failure(-1);
	lc_on_thread_exit();
	return NULL;
}

Test(oom, thread_state, .init = setup)
{
	static int a;
	make_lock(&a, LC_LOCK_MUTEX, NULL);
	pthread_t t;
	pthread_create(&t, NULL, thread_without_state, &a);
	pthread_join(t, NULL);
	cr_assert_eq(nseen, 0);
	expect_one_line();
}

/* The engine state of an exited thread is given back, even when the
 * thread takes locks after its exit event (thread-specific-data and
 * thread_local destructors run after it). */
#include <pthread.h>

#include "engine_test.h"
#include "engine/lc_engine_stats.h"

TestSuite(thread_reclaim, .init = engine_test_setup, .timeout = 60);

static char shared;

static void *short_life(void *arg)
{
	(void)arg;
	char a, b;
	lc_on_thread_start();
	make_lock(&a, LC_LOCK_MUTEX, NULL);
	make_lock(&b, LC_LOCK_MUTEX, NULL);
	lock_w(&a);
	lock_w(&b); /* a new edge */
	unlock(&b);
	unlock(&a);
	lc_on_lock_destroy(&b);
	lc_on_lock_destroy(&a);
	lc_on_thread_exit();
	/* A destructor running after the exit event. */
	lc_on_acquired(&shared, LC_MODE_WRITE, LC_ACQ_UNCONTENDED, 0, true);
	lc_on_release(&shared);
	lock_w(&shared);
	unlock(&shared);
	return NULL;
}

Test(thread_reclaim, exited_threads_keep_no_state)
{
	make_lock(&shared, LC_LOCK_MUTEX, NULL);
	lock_w(&shared); /* the main thread has state too */
	unlock(&shared);
	lc_engine_stats st;
	lc_engine_get_stats(&st);
	unsigned long before = st.live_threads;
	for (int i = 0; i < 300; i++) {
		pthread_t t;
		pthread_create(&t, NULL, short_life, NULL);
		pthread_join(t, NULL);
	}
	lc_engine_get_stats(&st);
	cr_assert_eq(st.live_threads, before, "%lu thread states left behind",
		     st.live_threads - before);
	cr_assert_eq(nseen, 0, "%s", nseen ? seen[0].message : "");
}

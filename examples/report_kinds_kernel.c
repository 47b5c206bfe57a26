/* The report kinds of kernel-style code, for docs/reports.md: one small bug
 * each, on lockcheck/kernel.h; the outputs there are real runs of this
 * program (tools/gen-report-docs.sh).
 *
 *   lockcheck run -- build/examples/report_kinds_kernel KIND
 *
 * KIND: nest-lock-not-held, ww-mutex-misuse. */
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC optimize("no-optimize-sibling-calls")
#endif
#include <stdio.h>
#include <string.h>

#include "lockcheck/kernel.h"

/* doc: nest-lock-not-held */
struct inode { struct mutex i_lock; };
static struct mutex rename_lock;
static struct inode dir;

/* Any inodes, in any order, while rename_lock serialises them. */
static __attribute__((noinline)) void lock_dir(struct inode *inode)
{
	mutex_lock_nest_lock(&inode->i_lock, &rename_lock);
}

static void nest_lock_not_held(void)
{
	mutex_init_class(&rename_lock, "rename_lock", 0, 0);
	mutex_init_class(&dir.i_lock, "i_lock", &dir, "inode");
	lock_dir(&dir); /* BUG: without rename_lock */
	mutex_unlock(&dir.i_lock);
}
/* end doc */

/* doc: ww-mutex-misuse */
static DEFINE_WW_CLASS(reservation);
static struct ww_mutex buf_a, buf_b;

static __attribute__((noinline)) void reserve(struct ww_mutex *buf, struct ww_acquire_ctx *ctx)
{
	if (ww_mutex_lock(buf, ctx) == -EDEADLK) {
		/* (back off and ww_mutex_lock_slow, as the documentation says) */
	}
}

static void ww_mutex_misuse(void)
{
	struct ww_acquire_ctx ctx;
	ww_mutex_init(&buf_a, &reservation);
	ww_mutex_init(&buf_b, &reservation);
	ww_acquire_init(&ctx, &reservation);
	reserve(&buf_a, &ctx);
	ww_acquire_done(&ctx);
	reserve(&buf_b, &ctx); /* BUG: the acquire phase is over */
	ww_mutex_unlock(&buf_b);
	ww_mutex_unlock(&buf_a);
	ww_acquire_fini(&ctx);
}
/* end doc */

static const struct {
	const char *kind;
	void (*run)(void);
} bugs[] = {
	{"nest-lock-not-held", nest_lock_not_held},
	{"ww-mutex-misuse", ww_mutex_misuse},
};

int main(int argc, char **argv)
{
	for (size_t i = 0; argc > 1 && i < sizeof bugs / sizeof *bugs; i++)
		if (!strcmp(argv[1], bugs[i].kind)) {
			bugs[i].run();
			return 0;
		}
	fprintf(stderr, "usage: %s KIND (nest-lock-not-held, ww-mutex-misuse)\n", argv[0]);
	return 2;
}

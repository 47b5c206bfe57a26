/* Frames that are not the place: lock wrappers (ZFS's mutex_enter, a
 * project's lock_or_die) registered with LOCKCHECK_LOCK_WRAPPER or named
 * by the skip_frames option (comma-separated globs on the function or the
 * module's file name).  Leading frames that match are left out of every
 * stack of a report, so the "at" line and SUMMARY name the wrapper's
 * caller, and the signature is the caller's site.  The wrapper table is
 * fixed and filled with atomics: registering works from constructors that
 * run before ours, and reading never locks. */
#include <stdatomic.h>
#include <string.h>

#include "report/report_internal.h"
#include "report/suppress_format.h"

#define WRAPPERS 64
#define MAX_SKIPPED 8 /* wrappers of wrappers: more is a loop, not a wrapper */

static char wrappers[WRAPPERS][96];
static _Atomic unsigned nwrappers, claimed;

__attribute__((visibility("default"))) void lockcheck_wrapper_function(const char *name)
{
	if (!name || !*name)
		return;
	unsigned i = atomic_fetch_add(&claimed, 1);
	if (i >= WRAPPERS)
		return;
	strncpy(wrappers[i], name, sizeof wrappers[i] - 1);
	/* Published in order: a reader sees only filled slots. */
	unsigned expect = i;
	while (!atomic_compare_exchange_weak(&nwrappers, &expect, i + 1))
		expect = i;
}

/* One glob of a comma-separated list against s. */
static bool any_glob(const char *list, const char *s)
{
	char pat[LC_SUPP_PATTERN_MAX];
	while (*list) {
		size_t n = strcspn(list, ",");
		if (n && n < sizeof pat) {
			memcpy(pat, list, n);
			pat[n] = 0;
			if (lc_supp_glob(pat, s))
				return true;
		}
		list += n + (list[n] == ',');
	}
	return false;
}

bool lc_skip_frame(const lc_frame_info *fr)
{
	unsigned n = atomic_load(&nwrappers);
	for (unsigned i = 0; i < n && fr->function[0]; i++)
		if (!strcmp(wrappers[i], fr->function))
			return true;
	const char *list = lc_opt.skip_frames;
	if (!list[0])
		return false;
	return (fr->function[0] && any_glob(list, fr->function)) ||
	       (fr->module[0] && any_glob(list, lc_supp_basename(fr->module)));
}

bool lc_skip_wanted(void)
{
	return atomic_load(&nwrappers) || lc_opt.skip_frames[0];
}

unsigned lc_skip_leading(const lc_stack *st)
{
	if (!st || !lc_skip_wanted())
		return 0;
	unsigned n = 0;
	lc_frame_info fr;
	while (n < st->depth && n < MAX_SKIPPED) {
		lc_stack_symbolize(st->pc[n], &fr);
		if (!lc_skip_frame(&fr))
			break;
		n++;
	}
	return n < st->depth ? n : 0; /* all of it: keep it rather than show nothing */
}

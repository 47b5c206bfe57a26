/* Which spec the contract checker enforces, loaded lazily at the first
 * callback (not in a constructor: options and allocation must be ready, and
 * processes that never annotate pay nothing).  Loaded once under a spin lock;
 * a failure is said once and leaves the checker off. */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "lc_builtin_specs.h"
#include "lc_runtime.h"
#include "spec/spec_internal.h"

enum { SPEC_UNTRIED, SPEC_LOADED, SPEC_FAILED };

static lc_spin spec_lock = LC_SPIN_INIT;
static int spec_state;            /* read without the lock: atomics */
static lc_spec *spec_current;

/* The reading step (caps and file type) is runtime/config_file.c's; the
 * parser gets only a whole regular file of sane size. */
lc_spec *lc_spec_load_file(const char *path, char *err, size_t errlen)
{
	size_t len, size;
	char *buf = lc_read_config_file(path, "spec", LC_SPEC_FILE_MAX, &len, &size, err, errlen);
	if (!buf)
		return NULL;
	lc_spec *spec = lc_spec_parse(buf, len, path, err, errlen);
	lc_free(buf, size);
	return spec;
}

/* "4.x" < "6.3" < "6.6" < "6.8"; "unknown" below all. */
static long era_rank(const char *era)
{
	if (!era || era[0] < '0' || era[0] > '9')
		return -1;
	char *end;
	long major = strtol(era, &end, 10), minor = 0;
	if (*end == '.' && end[1] >= '0' && end[1] <= '9')
		minor = strtol(end + 1, NULL, 10);
	return major * 1000 + minor;
}

static bool era_matches(const char *want, const char *name, const char *era)
{
	if (!strcmp(want, name) || !strcmp(want, era))
		return true;
	/* "locking-6.8" given as era, or "6.8" given as name. */
	const char *dash = strrchr(name, '-');
	return dash && !strcmp(want, dash + 1);
}

/* The era a built-in spec's name carries ("locking-6.8" -> "6.8"), or "". */
static const char *name_era(const char *name)
{
	const char *dash = strrchr(name, '-');
	return dash ? dash + 1 : "";
}

/* Only the chosen spec is parsed: by era or name when asked, else the one
 * whose name carries the highest era. */
lc_spec *lc_spec_load_builtin(const char *era, char *err, size_t errlen)
{
	const lc_builtin_spec *pick = NULL;
	long best = -2;
	for (unsigned i = 0; i < lc_builtin_spec_count; i++) {
		const lc_builtin_spec *b = &lc_builtin_specs[i];
		if (!b->name)
			continue;
		if (era && era[0]) {
			if (era_matches(era, b->name, name_era(b->name))) {
				pick = b;
				break;
			}
			continue;
		}
		long r = era_rank(name_era(b->name));
		if (r > best) {
			best = r;
			pick = b;
		}
	}
	if (!pick) {
		if (era && era[0])
			snprintf(err, errlen, "no built-in spec for era \"%s\"", era);
		else
			snprintf(err, errlen, "no built-in spec (rules/ had no compiled specs at build time)");
		return NULL;
	}
	return lc_spec_parse((const char *)pick->json, pick->len, pick->name, err, errlen);
}

static void say_failure(const char *what)
{
	char line[600];
	int n = snprintf(line, sizeof line,
			 "lockcheck: cannot load the Locking spec: %s; contract checks are off\n", what);
	if (n > 0)
		lc_write_all(2, line, (size_t)n < sizeof line ? (size_t)n : sizeof line - 1);
}

const lc_spec *lc_spec_active(void)
{
	int state = __atomic_load_n(&spec_state, __ATOMIC_ACQUIRE);
	if (state == SPEC_LOADED)
		return spec_current;
	if (state == SPEC_FAILED)
		return NULL;
	lc_spin_lock(&spec_lock);
	if (__atomic_load_n(&spec_state, __ATOMIC_RELAXED) == SPEC_UNTRIED) {
		char err[512] = "";
		lc_options_init();
		lc_spec *s = lc_opt.spec_path[0]
			? lc_spec_load_file(lc_opt.spec_path, err, sizeof err)
			: lc_spec_load_builtin(lc_opt.spec_era, err, sizeof err);
		if (!s && !err[0])
			snprintf(err, sizeof err, "no usable spec");
		if (!s) {
			say_failure(err);
			lc_config_error("spec");
		}
		spec_current = s;
		__atomic_store_n(&spec_state, s ? SPEC_LOADED : SPEC_FAILED, __ATOMIC_RELEASE);
	}
	lc_spin_unlock(&spec_lock);
	return spec_current;
}

/* At load: a spec the user named (spec=, spec_era=) is loaded at once, so a
 * broken one is said before the program runs, not at its first callback
 * (or never, when no callback comes). */
void lc_spec_preload(void)
{
	if (lc_opt.spec_path[0] || lc_opt.spec_era[0])
		lc_spec_active();
}

void lc_spec_reset_active(void)
{
	lc_spin_lock(&spec_lock);
	lc_spec_free(spec_current);
	spec_current = NULL;
	__atomic_store_n(&spec_state, SPEC_UNTRIED, __ATOMIC_RELEASE);
	lc_spin_unlock(&spec_lock);
}

/* A fork while another thread was loading leaves the lock taken in the
 * child; the child loads again if it needs to. */
void lc_spec_fork_child(void)
{
	spec_lock.locked = 0;
	if (__atomic_load_n(&spec_state, __ATOMIC_RELAXED) != SPEC_LOADED && !spec_current)
		__atomic_store_n(&spec_state, SPEC_UNTRIED, __ATOMIC_RELAXED);
}

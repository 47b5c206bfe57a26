/* Suppressions: lc_opt.suppressions names a file of KIND:PATTERN lines
 * (format in suppress_format.h).  It is read once, on the first finding,
 * with open/read into lc_alloc memory, so it works from any context.  A bad
 * line is reported once, as file:line, and skipped; the others still apply. */
#include <fcntl.h>
#include <sched.h>
#include <stdatomic.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "report/report_internal.h"
#include "report/suppress_format.h"

typedef struct supp_rule {
	int kind; /* -1: any kind */
	char pattern[LC_SUPP_PATTERN_MAX];
} supp_rule;

enum { NOT_LOADED, LOADING, LOADED };
static _Atomic int state;
static supp_rule *rules;
static unsigned nrules;

static void complain(const char *file, unsigned line, const char *what)
{
	lc_buf b;
	lc_buf_init(&b, 512);
	lc_buf_str(&b, file);
	lc_buf_char(&b, ':');
	lc_buf_udec(&b, line);
	lc_buf_str(&b, ": ");
	lc_buf_str(&b, what);
	lc_buf_char(&b, 0);
	if (!b.failed)
		lc_log_line("suppressions: ", b.data, NULL);
	lc_buf_release(&b);
}

static void load(void)
{
	const char *path = lc_opt.suppressions;
	if (!path[0])
		return;
	size_t len = 0, size = 0;
	char err[512];
	char *text = lc_read_config_file(path, "suppressions", LC_SUPP_FILE_MAX, &len, &size, err, sizeof err);
	if (!text) {
		lc_log_line("suppressions: ", err, "; none applied");
		lc_config_error("suppressions");
		return;
	}
	unsigned lines = 1;
	for (size_t i = 0; i < len; i++)
		lines += text[i] == '\n';
	/* Kept for the life of the process, like the rules. */
	rules = lc_alloc(lines * sizeof *rules);
	unsigned lineno = 0;
	for (size_t at = 0; rules && at < len;) {
		size_t end = at;
		while (end < len && text[end] != '\n')
			end++;
		lineno++;
		char kind[LC_SUPP_KIND_MAX];
		supp_rule *r = &rules[nrules];
		switch (lc_supp_parse_line(text + at, end - at, kind, r->pattern)) {
		case LC_SUPP_LINE_EMPTY:
			break;
		case LC_SUPP_LINE_MALFORMED:
			complain(path, lineno, "expected KIND:PATTERN");
			break;
		case LC_SUPP_LINE_RULE:
			r->kind = strcmp(kind, "*") ? lc_kind_from_name(kind) : -1;
			if (r->kind < 0 && strcmp(kind, "*"))
				complain(path, lineno, "unknown report kind before ':' (expected KIND:PATTERN)");
			else
				nrules++;
			break;
		}
		at = end + 1;
	}
	lc_free(text, size);
}

static bool ensure_loaded(void)
{
	int expected = NOT_LOADED;
	if (atomic_compare_exchange_strong(&state, &expected, LOADING)) {
		load();
		atomic_store(&state, LOADED);
		return true;
	}
	/* Another thread is loading: wait a bounded time (a signal handler
	 * interrupting the loader must not spin forever). */
	for (int i = 0; i < 100000 && atomic_load(&state) != LOADED; i++)
		sched_yield();
	return atomic_load(&state) == LOADED;
}

static bool rule_matches(const supp_rule *rule, const lc_resolved *r)
{
	const lc_finding *f = r->f;
	if (rule->kind >= 0 && rule->kind != (int)f->kind)
		return false;
	for (unsigned i = 0; i < r->nframes; i++) {
		const lc_frame_info *fr = &r->frames[i];
		if ((fr->function[0] && lc_supp_glob(rule->pattern, fr->function)) ||
		    (fr->module[0] && (lc_supp_glob(rule->pattern, fr->module) ||
				       lc_supp_glob(rule->pattern, lc_supp_basename(fr->module)))))
			return true;
	}
	/* A lock by its class name or, for a global nobody named, its variable. */
	for (unsigned i = 0; i < f->nlocks && f->locks; i++)
		if ((f->locks[i].name && lc_supp_glob(rule->pattern, f->locks[i].name)) ||
		    (lc_names_symbol(r, i) && lc_supp_glob(rule->pattern, lc_names_symbol(r, i))))
			return true;
	return false;
}

bool lc_suppressed(const lc_resolved *r)
{
	if (!ensure_loaded())
		return false;
	for (unsigned i = 0; i < nrules; i++)
		if (rule_matches(&rules[i], r))
			return true;
	return false;
}

void lc_suppress_fork_child(void)
{
	/* A thread caught loading at fork is gone: load again when needed. */
	if (atomic_load(&state) == LOADING) {
		rules = NULL;
		nrules = 0;
		atomic_store(&state, NOT_LOADED);
	}
}

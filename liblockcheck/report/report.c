/* lc_report(): the one way a finding reaches people and machines.
 *
 *   detect switch -> duplicate? -> symbolize -> suppressed? ->
 *   text to the log, one JSON line to the report file -> hook -> halt?
 *
 * Each output is built in memory and written with a single write(2), so it
 * is in the kernel before lc_report returns (the program may hang or be
 * killed right after: that is what a deadlock report is for). */
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "lc_events.h"
#include "engine/lc_engine_stats.h"
#include "report/report_internal.h"

static bool no_dedup;
static lc_report_hook hook_fn;
static void *hook_arg;
static _Atomic unsigned long reported, suppressed;

void lc_report_set_dedup(bool on)
{
	no_dedup = !on;
}

void lc_report_set_hook(lc_report_hook fn, void *arg)
{
	hook_fn = fn;
	hook_arg = arg;
}

unsigned long lc_report_count(void)
{
	return atomic_load(&reported);
}

unsigned long lc_report_lost(void)
{
	return lc_sink_lost();
}

static void emit(const lc_resolved *r)
{
	lc_buf b;
	lc_buf_init(&b, 16384);
	lc_format_text(r, &b);
	lc_sink_write_text(b.data, b.len);
	if (lc_opt.report_path[0]) {
		lc_buf_reset(&b);
		b.failed = false;
		lc_format_json(r, &b);
		/* A cut-short line would be unreadable JSON: write none, say so. */
		if (b.failed)
			lc_log_line("out of memory: JSON report line not written", "", "");
		else
			lc_sink_write_report(b.data, b.len);
	}
	lc_buf_release(&b);
}

void lc_report(const lc_finding *f)
{
	if (!f)
		return;
	lc_options_init();
	if ((unsigned)f->kind < LC_KIND_COUNT && !lc_opt.detect[f->kind])
		return;
	uint64_t sig;
	if (!lc_dedup_first(f, &sig) && !no_dedup)
		return;
	lc_resolved r;
	bool resolved = lc_resolve(f, &r);
	r.signature = sig;
	if (resolved && lc_suppressed(&r)) {
		atomic_fetch_add(&suppressed, 1);
		lc_resolved_release(&r);
		return;
	}
	if (!resolved) { /* no memory for names: still report, without stacks */
		memset(&r, 0, sizeof r);
		r.f = f;
		r.pid = (int)getpid();
		r.signature = sig;
		lc_names_resolve(&r);
	}
	lc_symbolizer_run(&r);
	emit(&r);
	lc_resolved_release(&r);
	atomic_fetch_add(&reported, 1);
	if (hook_fn)
		hook_fn(f, hook_arg);
	if (lc_opt.halt_on_error) {
		/* No fflush: another thread may hold a stdio lock forever (the
		 * deadlock being reported); our own output is already written. */
		lc_log_line("halt_on_error: exiting", "", "");
		_exit(lc_opt.exitcode);
	}
}

void lc_report_started(void)
{
	if (lc_opt.verbosity < 1)
		return;
	const char *report = lc_opt.report_path[0] ? lc_opt.report_path : "none";
	lc_log_line("active: lock checks on; report file: ", report,
		    lc_opt.suppressions[0] ? "; suppressions file given" : "");
}

/* verbosity=1, at exit: what the library saw, so "no findings" can be told
 * from "nothing was looked at". */
static void say_seen(void)
{
	static _Atomic int said;
	if (lc_opt.verbosity < 1 || atomic_exchange(&said, 1))
		return;
	lc_engine_stats st;
	lc_engine_get_stats(&st);
	lc_buf b;
	lc_buf_init(&b, 256);
	lc_buf_udec(&b, st.locks_seen);
	lc_buf_str(&b, st.locks_seen == 1 ? " lock and " : " locks and ");
	lc_buf_udec(&b, st.threads_seen);
	lc_buf_str(&b, st.threads_seen == 1 ? " thread seen, " : " threads seen, ");
	lc_buf_udec(&b, st.edges);
	lc_buf_str(&b, st.edges == 1 ? " lock-order edge" : " lock-order edges");
	lc_buf_char(&b, 0);
	if (!b.failed)
		lc_log_line("exit: ", b.data, "");
	lc_buf_release(&b);
}

void lc_report_at_exit(void)
{
	static _Atomic int done;
	say_seen();
	static _Atomic int graph_done;
	if (lc_opt.dump_graph && !atomic_exchange(&graph_done, 1) && lc_sink_report_fd() >= 0)
		lc_report_write_graph(lc_sink_report_fd());
	unsigned long n = atomic_load(&reported), quiet = atomic_load(&suppressed);
	unsigned long bad_config = lc_config_errors();
	/* Said also when everything was suppressed, or when a spec or
	 * suppressions file could not be used: silence must not look clean. */
	if ((!n && !quiet && !bad_config) || atomic_exchange(&done, 1))
		return;
	const char *name = lc_sink_report_name();
	if (n && lc_sink_report_fd() >= 0)
		lc_dedup_write_counts(lc_sink_report_fd());
	lc_buf b;
	lc_buf_init(&b, 512);
	lc_buf_udec(&b, n);
	lc_buf_str(&b, n == 1 ? " finding reported (" : " findings reported (");
	lc_buf_udec(&b, lc_dedup_repeats());
	lc_buf_str(&b, " repeats not shown, ");
	lc_buf_udec(&b, quiet);
	lc_buf_str(&b, " suppressed)");
	if (name && n) {
		lc_buf_str(&b, "; report: ");
		lc_buf_str(&b, name);
	}
	unsigned long lost = lc_sink_lost();
	if (lost) {
		lc_buf_str(&b, "; ");
		lc_buf_udec(&b, lost);
		lc_buf_str(&b, " not written to the report file ");
		lc_buf_str(&b, lc_sink_report_target());
	}
	if (bad_config) {
		lc_buf_str(&b, "; ");
		lc_buf_udec(&b, bad_config);
		lc_buf_str(&b, bad_config == 1 ? " configuration error" : " configuration errors");
		lc_buf_str(&b, " (said above): the checks did not run as asked");
	}
	lc_buf_char(&b, 0);
	lc_log_line("SUMMARY: ", b.failed ? "findings reported" : b.data, "");
	lc_buf_release(&b);
	/* The program's own buffered output must not be lost by _exit. */
	fflush(NULL);
	if ((n || bad_config) && lc_opt.exitcode)
		_exit(lc_opt.exitcode);
}

void lc_report_fork_child(void)
{
	/* The parent's findings are the parent's: the child's exit status must
	 * not change because of them.  The dedup table is kept, so the child
	 * does not repeat them either. */
	atomic_store(&reported, 0);
	atomic_store(&suppressed, 0);
	lc_suppress_fork_child();
	lc_dedup_fork_child();
	lc_sink_fork_child();
}

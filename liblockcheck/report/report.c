/* STUB (owner: reporting helper replaces this file). */
#include <stdio.h>
#include <string.h>
#include "lc_runtime.h"
static const char *const names[LC_KIND_COUNT] = {
	"lock-order-inversion", "self-deadlock", "recursive-locking", "unlock-not-held",
	"destroy-held", "exit-holding", "cond-wait-unheld", "blocking-in-atomic", "held-limit",
	"contract-lock-missing", "contract-lock-mode", "contract-lock-forbidden",
	"contract-blocking", "contract-rcu-walk", "contract-exit-state", "assert-failed",
};
static lc_report_hook hook_fn;
static void *hook_arg;
static unsigned long count;
const char *lc_kind_name(lc_kind k) { return (unsigned)k < LC_KIND_COUNT ? names[k] : NULL; }
int lc_kind_from_name(const char *n) { for (int i = 0; i < LC_KIND_COUNT; i++) if (!strcmp(names[i], n)) return i; return -1; }
const char *lc_lock_type_name(int t) { (void)t; return "lock"; }
void lc_report_set_hook(lc_report_hook fn, void *arg) { hook_fn = fn; hook_arg = arg; }
void lc_report(const lc_finding *f)
{
	char b[512];
	int n = snprintf(b, sizeof b, "lockcheck: %s: %s\n", lc_kind_name(f->kind), f->message);
	lc_write_all(2, b, (size_t)n);
	count++;
	if (hook_fn) hook_fn(f, hook_arg);
}
unsigned long lc_report_count(void) { return count; }
void lc_report_at_exit(void) {}
void lc_report_fork_child(void) {}

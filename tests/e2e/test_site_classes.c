/* lock_classes=site on an unmodified program: an inversion between
 * different instances of two kinds of object is found only per site; one
 * site nested is its own finding, never an inversion; misuse stays per
 * instance; an annotated lock keeps its class. */
#include <stdio.h>
#include <string.h>

#include "e2e_assert.h"

static const char *SITE = "lock_classes=site";

/* Every lock of f has a name starting with one of the prefixes given. */
static bool names_both(const cJSON *f, const char *a, const char *b)
{
	bool has_a = false, has_b = false;
	for (int i = 0; i < e2e_nlocks(f); i++) {
		const char *n = e2e_lock_field(f, i, "name");
		has_a |= n && !strncmp(n, a, strlen(a));
		has_b |= n && !strncmp(n, b, strlen(b));
	}
	return has_a && has_b;
}

static void run(e2e_run *r, const char *arg, const char *options)
{
	e2e_opts o = {.arg = arg, .options = options};
	e2e_run_prog(r, "site_classes", &o);
}

Test(site_classes, instances_of_two_kinds_in_both_orders_are_found_per_site)
{
	e2e_run r;
	run(&r, NULL, SITE);
	const cJSON *f;
	assert_one(&r, "lock-order-inversion", &f);
	cr_assert(names_both(f, "mutex made in account_new+0x", "mutex made in ledger_new+0x"), "%s", r.err);
	assert_exit_findings(&r);
	e2e_run_free(&r);
}

Test(site_classes, per_instance_classes_see_no_cycle)
{
	e2e_run r;
	run(&r, NULL, "lock_classes=instance");
	assert_silent(&r);
	e2e_run_free(&r);
	run(&r, NULL, NULL); /* the default */
	assert_silent(&r);
	e2e_run_free(&r);
}

Test(site_classes, a_static_initializer_is_classed_by_its_variable)
{
	e2e_run r;
	run(&r, "static", SITE);
	const cJSON *f;
	assert_one(&r, "lock-order-inversion", &f);
	cr_assert(names_both(f, "mutex global_lock", "mutex made in account_new+0x"), "%s", r.err);
	e2e_run_free(&r);
	run(&r, "static", NULL);
	assert_silent(&r);
	e2e_run_free(&r);
}

Test(site_classes, a_lock_wrapper_is_not_the_site)
{
	e2e_run r;
	run(&r, "wrapper", SITE);
	const cJSON *f;
	assert_one(&r, "lock-order-inversion", &f);
	cr_assert(names_both(f, "mutex made in account_new+0x", "mutex made in ledger_new+0x"), "%s", r.err);
	cr_assert_null(strstr(r.err, "made in my_mutex_init"), "%s", r.err);
	e2e_run_free(&r);
}

Test(site_classes, annotated_locks_keep_their_class_in_either_mode)
{
	const char *modes[] = {SITE, "lock_classes=instance"};
	for (int i = 0; i < 2; i++) {
		e2e_run r;
		run(&r, "annotated", modes[i]);
		const cJSON *f;
		assert_one(&r, "lock-order-inversion", &f);
		cr_assert(names_both(f, "account", "ledger"), "%s", r.err);
		cr_assert_null(strstr(r.err, "made in"), "%s", r.err);
		e2e_run_free(&r);
	}
}

Test(site_classes, hand_over_hand_is_site_nesting_never_a_deadlock)
{
	e2e_run r;
	run(&r, "hoh", SITE);
	cr_assert_eq(e2e_count(&r, "lock-order-inversion"), 0, "%s", r.err);
	cr_assert_eq(e2e_count(&r, "recursive-locking"), 0, "%s", r.err);
	cr_assert_geq(e2e_count(&r, "site-class-nesting"), 1, "%s", e2e_kinds(&r));
	const cJSON *f = e2e_find(&r, "site-class-nesting");
	cr_assert(names_both(f, "mutex made in account_new+0x", "mutex made in account_new+0x"));
	cr_assert(strstr(cJSON_GetObjectItem(f, "message")->valuestring, "lock_classes=instance"));
	e2e_run_free(&r);
	run(&r, "hoh", NULL);
	assert_silent(&r);
	e2e_run_free(&r);
	/* The static-array list walk of the per-instance tests, too. */
	e2e_opts o = {.options = SITE};
	e2e_run_prog(&r, "clean_hand_over_hand", &o);
	cr_assert_eq(e2e_count(&r, "lock-order-inversion"), 0, "%s", r.err);
	cr_assert_geq(e2e_count(&r, "site-class-nesting"), 1, "%s", e2e_kinds(&r));
	e2e_run_free(&r);
}

Test(site_classes, rwlocks_c11_mutexes_and_spinlocks_are_classed_by_site_too)
{
	e2e_run r;
	run(&r, "kinds", SITE);
	cr_assert_eq(e2e_count(&r, "lock-order-inversion"), 2, "%s\n%s", e2e_kinds(&r), r.err);
	bool rw_mtx = false, spins = false;
	for (int i = 0; i < cJSON_GetArraySize(r.findings); i++) {
		const cJSON *f = cJSON_GetArrayItem(r.findings, i);
		rw_mtx |= names_both(f, "rwlock made in table_new+0x", "mutex made in queue_new+0x");
		spins |= names_both(f, "spinlock made in slot_new+0x", "spinlock made in bucket_new+0x");
	}
	cr_assert(rw_mtx && spins, "%s", r.err);
	e2e_run_free(&r);
	run(&r, "kinds", NULL);
	assert_silent(&r);
	e2e_run_free(&r);
}

Test(site_classes, misuse_is_still_per_instance)
{
	e2e_run r;
	run(&r, "misuse", SITE);
	const cJSON *f;
	assert_one(&r, "unlock-not-held", &f);
	assert_names_lock(f, &r, "other");
	cr_assert(!e2e_has_lock(f, e2e_printed_lock(&r, "held")));
	assert_one(&r, "destroy-held", &f);
	assert_names_lock(f, &r, "held");
	cr_assert_eq(e2e_count(&r, "lock-order-inversion"), 0);
	cr_assert_eq(e2e_count(&r, "site-class-nesting"), 0);
	e2e_run_free(&r);
}

Test(site_classes, the_signature_is_the_same_in_two_runs)
{
	char sig[2][64];
	for (int i = 0; i < 2; i++) {
		e2e_run r;
		run(&r, NULL, SITE);
		const cJSON *f;
		assert_one(&r, "lock-order-inversion", &f);
		snprintf(sig[i], sizeof sig[i], "%s", cJSON_GetObjectItem(f, "signature")->valuestring);
		e2e_run_free(&r);
	}
	cr_assert_str_eq(sig[0], sig[1]);
}

Test(site_classes, a_bad_value_is_said)
{
	e2e_run r;
	run(&r, "hoh", "lock_classes=object");
	cr_assert(strstr(r.err, "lock_classes") && strstr(r.err, "instance or site"), "%s", r.err);
	e2e_run_free(&r);
}

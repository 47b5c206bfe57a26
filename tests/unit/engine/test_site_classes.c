/* lock_classes=site: raw locks classed by the code site that made them.
 * Sites are real code addresses of this file (the functions below), so they
 * are named as a user's would be. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "engine_test.h"
#include "lc_detectors.h"

static void site_setup(void)
{
	engine_test_setup();
	strcpy(lc_opt.lock_classes, "site");
}

TestSuite(site_classes, .init = site_setup, .timeout = 60);

/* Two "constructors": their addresses stand for the init call sites. */
__attribute__((noinline)) void account_new(void) { __asm__ volatile("nop; nop; nop; nop"); }
__attribute__((noinline)) void ledger_new(void) { __asm__ volatile("nop; nop; nop; nop"); }
#define AT(fn) ((const void *)((uintptr_t)&fn + 2))

static void raw_init(const void *l, const void *pc)
{
	lc_lock_attr a = {.type = LC_LOCK_MUTEX, .flags = LC_LOCK_RAW};
	lc_on_lock_create_at(l, &a, pc);
}

static void raw_lock(const void *l)
{
	lc_on_acquire_at(l, LC_MODE_WRITE, LC_ACQ_TYPE(LC_LOCK_MUTEX), 0, AT(ledger_new));
	lc_on_acquired_at(l, LC_MODE_WRITE, LC_ACQ_TYPE(LC_LOCK_MUTEX), 0, true, AT(ledger_new));
}

/* a1 then b1, both destroyed; later b2 then a2: other instances. */
static void two_kinds_in_both_orders(void)
{
	char a1 = 0, b1 = 0, a2 = 0, b2 = 0;
	raw_init(&a1, AT(account_new));
	raw_init(&b1, AT(ledger_new));
	lock_w(&a1);
	lock_w(&b1);
	unlock(&b1);
	unlock(&a1);
	lc_on_lock_destroy(&a1);
	lc_on_lock_destroy(&b1);
	raw_init(&a2, AT(account_new));
	raw_init(&b2, AT(ledger_new));
	lock_w(&b2);
	lock_w(&a2);
	unlock(&a2);
	unlock(&b2);
	lc_on_lock_destroy(&a2);
	lc_on_lock_destroy(&b2);
}

Test(site_classes, instances_of_two_kinds_in_both_orders_are_an_inversion)
{
	two_kinds_in_both_orders();
	cr_assert_eq(count_kind(LC_KIND_LOCK_ORDER_INVERSION), 1, "%s", nseen ? seen[0].message : "");
	const seen_finding *f = first_of(LC_KIND_LOCK_ORDER_INVERSION);
	cr_assert_eq(f->nlocks, 2);
	bool account = false, ledger = false;
	for (unsigned i = 0; i < 2; i++) {
		account |= !strcmp(f->locks[i].name, "mutex made in account_new+0x2");
		ledger |= !strcmp(f->locks[i].name, "mutex made in ledger_new+0x2");
	}
	cr_assert(account && ledger, "%s / %s", f->locks[0].name, f->locks[1].name);
	cr_assert_eq(nseen, 1);
}

Test(site_classes, freed_objects_leave_their_class_and_its_order)
{
	char *o1 = calloc(1, 128), *o2 = calloc(1, 128);
	raw_init(o1, AT(account_new));
	raw_init(o1 + 64, AT(ledger_new));
	lock_w(o1);
	lock_w(o1 + 64);
	unlock(o1 + 64);
	unlock(o1);
	lc_on_memory_freed(o1, 128); /* the records go, no destroy call */
	lc_held_info info;
	cr_assert(!lc_query_lock_info(o1, &info));
	raw_init(o2, AT(account_new));
	raw_init(o2 + 64, AT(ledger_new));
	lock_w(o2 + 64);
	lock_w(o2);
	unlock(o2);
	unlock(o2 + 64);
	cr_assert_eq(count_kind(LC_KIND_LOCK_ORDER_INVERSION), 1, "%s", nseen ? seen[0].message : "");
	lc_on_memory_freed(o2, 128);
	free(o1);
	free(o2);
}

Test(site_classes, per_instance_mode_keeps_them_apart)
{
	strcpy(lc_opt.lock_classes, "instance");
	two_kinds_in_both_orders();
	cr_assert_eq(nseen, 0, "%s", nseen ? seen[0].message : "");
}

Test(site_classes, one_site_nested_is_its_own_finding_and_never_an_inversion)
{
	char n1 = 0, n2 = 0;
	raw_init(&n1, AT(account_new));
	raw_init(&n2, AT(account_new));
	lock_w(&n1);
	lock_w(&n2);
	unlock(&n1);
	unlock(&n2);
	lock_w(&n2);
	lock_w(&n1);
	unlock(&n1);
	unlock(&n2);
	cr_assert_eq(count_kind(LC_KIND_LOCK_ORDER_INVERSION), 0);
	cr_assert_eq(count_kind(LC_KIND_RECURSIVE_LOCKING), 0);
	cr_assert_geq(count_kind(LC_KIND_SITE_CLASS_NESTING), 1);
	const seen_finding *f = first_of(LC_KIND_SITE_CLASS_NESTING);
	cr_assert(finding_names_lock(f, &n1) && finding_names_lock(f, &n2));
	cr_assert(strstr(f->message, "lock_classes=instance"), "%s", f->message);
	/* The class's own site is shown: where the nodes are made. */
	bool made = false;
	for (unsigned i = 0; i < f->nstacks && i < 4; i++)
		made |= strstr(f->labels[i], "made here") && f->top_pc[i] == (uintptr_t)AT(account_new);
	cr_assert(made, "no 'made here' stack at the init site");
	lc_on_lock_destroy(&n1);
	lc_on_lock_destroy(&n2);
}

Test(site_classes, misuse_stays_per_instance)
{
	char n1 = 0, n2 = 0;
	raw_init(&n1, AT(account_new));
	raw_init(&n2, AT(account_new));
	lock_w(&n1);
	unlock(&n2); /* the other instance: not held, whatever its class */
	cr_assert_eq(count_kind(LC_KIND_UNLOCK_NOT_HELD), 1);
	cr_assert(finding_names_lock(first_of(LC_KIND_UNLOCK_NOT_HELD), &n2));
	lc_on_lock_destroy(&n2); /* unheld: quiet */
	cr_assert_eq(count_kind(LC_KIND_DESTROY_HELD), 0);
	lc_on_lock_destroy(&n1); /* held */
	cr_assert_eq(count_kind(LC_KIND_DESTROY_HELD), 1);
	cr_assert(finding_names_lock(first_of(LC_KIND_DESTROY_HELD), &n1));
	/* Re-initialising a held raw lock is not init-held, in either mode. */
	raw_init(&n1, AT(account_new));
	lock_w(&n1);
	raw_init(&n1, AT(account_new));
	cr_assert_eq(count_kind(LC_KIND_INIT_HELD), 0);
	lc_on_lock_destroy(&n1);
}

Test(site_classes, an_annotated_lock_keeps_its_class)
{
	char a1 = 0, b1 = 0;
	lc_lock_attr named = {.type = LC_LOCK_MUTEX, .class_name = "account"};
	raw_init(&a1, AT(account_new));
	lc_on_lock_create_at(&a1, &named, AT(account_new));
	/* Anonymous by the annotation's choice: stays its own class. */
	lc_lock_attr anon = {.type = LC_LOCK_MUTEX};
	lc_on_lock_create_at(&b1, &anon, AT(ledger_new));
	lc_held_info info;
	cr_assert(lc_query_lock_info(&a1, &info));
	cr_assert_str_eq(info.class_name, "account");
	cr_assert(lc_query_lock_info(&b1, &info));
	cr_assert_null(info.class_name);
	lc_on_lock_destroy(&a1);
	lc_on_lock_destroy(&b1);
}

/* Statically initialised: first met on use, classed by the variable. */
char cache_lock_word[40];

Test(site_classes, a_global_first_met_on_use_is_named_by_its_variable)
{
	raw_lock(cache_lock_word);
	lc_held_info info;
	cr_assert(lc_query_lock_info(cache_lock_word, &info));
	cr_assert_str_eq(info.class_name, "mutex cache_lock_word");
	unlock(cache_lock_word);
	/* Not in a module: the site of its first use is the class. */
	char heap_like = 0;
	raw_lock(&heap_like);
	cr_assert(lc_query_lock_info(&heap_like, &info));
	cr_assert_str_eq(info.class_name, "mutex first used in ledger_new+0x2");
	unlock(&heap_like);
	lc_on_lock_destroy(&heap_like);
	lc_on_lock_destroy(cache_lock_word);
	cr_assert_eq(nseen, 0, "%s", nseen ? seen[0].message : "");
}

Test(site_classes, a_bad_value_is_refused)
{
	char err[256];
	cr_assert_eq(lc_options_parse("lock_classes=sites", err, sizeof err), -1);
	cr_assert(strstr(err, "instance or site"), "%s", err);
	cr_assert_eq(lc_options_parse("lock_classes=instance", err, sizeof err), 0, "%s", err);
}

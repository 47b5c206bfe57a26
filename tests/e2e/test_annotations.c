/* Named lock classes from the annotation API, on preloaded pthread locks. */
#include <stdbool.h>
#include <string.h>

#include "e2e_assert.h"

Test(annotations, same_class_nested_is_recursive_locking)
{
	e2e_run r;
	e2e_run_prog(&r, "recursive_locking", NULL);
	const cJSON *f;
	assert_one(&r, "recursive-locking", &f);
	assert_names_lock(f, &r, "child");
	const char *name = e2e_lock_field(f, 0, "name");
	cr_assert(name && strcmp(name, "inode_lock") == 0, "lock name %s", name ? name : "(null)");
	assert_exit_findings(&r);
	e2e_run_free(&r);
}

Test(annotations, same_class_with_nesting_level_is_quiet)
{
	e2e_run r;
	e2e_run_prog(&r, "clean_nested_class", NULL);
	assert_silent(&r);
	e2e_run_free(&r);
}

/* Each bad call of bad_annotations.c, by what its message names. */
static const char *const misuses[] = {
	"lockcheck_lock_init: NULL lock",
	"lockcheck_lock_init: kind 1234 is not a lockcheck_kind",
	"lockcheck_lock_init_flags: NULL lock",
	"lockcheck_lock_init_flags: kind -1 is not a lockcheck_kind",
	"lockcheck_lock_init_flags: flags 0x100 are not LOCKCHECK_INIT_RECURSIVE_READ or LOCKCHECK_INIT_NO_VALIDATE",
	"lockcheck_irqs: op 77 is not a lockcheck_irqs_op",
	"lockcheck_lock_destroy: NULL lock",
	"lockcheck_acquire: NULL lock",
	"lockcheck_acquire: mode 7 is not LOCKCHECK_READ or LOCKCHECK_WRITE",
	"lockcheck_acquire: flags 0x40 are not LOCKCHECK_TRY or LOCKCHECK_TIMED",
	"lockcheck_acquired: NULL lock",
	"lockcheck_release: NULL lock",
	"lockcheck_context_enter: context 99 is not a lockcheck_context",
	"lockcheck_context_exit: context -5 is not a lockcheck_context",
	"lockcheck_callback_enter: NULL interface or method",
	"lockcheck_callback_enter: 2 objects but no array",
	"lockcheck_callback_enter: object 0 has no role",
	"lockcheck_callback_exit: NULL interface or method",
	"lockcheck_assert_held: NULL lock",
	"lockcheck_assert_held: mode 42 is not -1, LOCKCHECK_READ or LOCKCHECK_WRITE",
	"lockcheck_assert_not_held: NULL lock",
};

Test(annotations, bad_arguments_are_reported_once_each_and_never_crash)
{
	e2e_run r;
	e2e_run_prog(&r, "bad_annotations", NULL);
	cr_assert(r.exited, "the program did not survive (signal %d)\nstderr:\n%s", r.signal, r.err);
	cr_assert(strstr(r.out, "survived"), "stdout:\n%s\nstderr:\n%s", r.out, r.err);
	unsigned n = sizeof misuses / sizeof *misuses;
	cr_assert_eq(e2e_count(&r, "annotation-misuse"), (int)n, "expected %u, got: %s\nstderr:\n%s", n,
		     e2e_kinds(&r), r.err);
	cr_assert_eq(cJSON_GetArraySize(r.findings), (int)n, "other findings: %s", e2e_kinds(&r));
	for (unsigned i = 0; i < n; i++) {
		bool found = false;
		const cJSON *f;
		cJSON_ArrayForEach(f, r.findings) {
			const cJSON *msg = cJSON_GetObjectItem(f, "message");
			found |= cJSON_IsString(msg) && strstr(msg->valuestring, misuses[i]);
		}
		cr_expect(found, "no report says \"%s\"", misuses[i]);
	}
	assert_exit_findings(&r);
	e2e_run_free(&r);
}

Test(annotations, correct_calls_are_quiet)
{
	e2e_run r;
	e2e_opts o = { .arg = "good" };
	e2e_run_prog(&r, "bad_annotations", &o);
	assert_silent(&r);
	e2e_run_free(&r);
}

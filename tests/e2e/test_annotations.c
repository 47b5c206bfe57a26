/* Named lock classes from the annotation API, on preloaded pthread locks. */
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

/* Which object a rule's lock is checked on.  The caller names the objects of
 * a callback by role; the spec says what a lock belongs to (its "object")
 * and, for directory operations, a "scope".  The mapping:
 *   scope victim          -> "victim"
 *   scope both            -> "dir" and "new_dir" (rename's two parents; link
 *                            and unlink name their second inode "new_dir"
 *                            only if they want it checked)
 *   scope all             -> "dir", "new_dir", "victim", "inode"
 *   scope per-superblock  -> "sb"
 *   scope non-directories -> "victim" and "source" (callers pass these roles only
 *                            for non-directories, or accept the check on them)
 *   scope moved-subdirectory -> "moved_dir"
 *   any other scope       -> not checked
 *   otherwise by object:  inode -> "dir" when given (directory methods), else
 *                         "inode"; dentry -> "dentry"; superblock -> "sb";
 *                         mapping -> "mapping", else "inode"; folio -> "folio";
 *                         file -> "file"; block_device -> "bdev"; mm -> "mm";
 *                         file_lock -> "file_lock"; dquot -> "dquot".
 * A role the caller did not pass is not checked; when none of a rule's roles
 * were passed (or the lock is global), any held lock of that class counts. */
#include <string.h>

#include "contracts/contract_state.h"

static const void *object_for(const lc_cb_frame *f, const char *role)
{
	for (unsigned i = 0; i < f->nobjects; i++)
		if (f->objects[i].role && !strcmp(f->objects[i].role, role))
			return f->objects[i].object;
	return NULL;
}

static unsigned add(const lc_cb_frame *f, const char *role, lc_role_target *out, unsigned n)
{
	const void *o = object_for(f, role);
	if (o && n < LC_MAX_ROLES) {
		out[n].role = role;
		out[n].object = o;
		n++;
	}
	return n;
}

/* The first role of the list that the caller passed. */
static unsigned first_of(const lc_cb_frame *f, const char *a, const char *b, lc_role_target *out)
{
	unsigned n = add(f, a, out, 0);
	return n ? n : (b ? add(f, b, out, 0) : 0);
}

unsigned lc_rule_targets(const lc_spec_method *m, const lc_spec_rule *r,
			 const lc_cb_frame *f, lc_role_target out[LC_MAX_ROLES])
{
	(void)m;
	unsigned n = 0;
	const char *obj = r->object;
	switch (r->scope) {
	case LC_SCOPE_VICTIM:
		n = add(f, "victim", out, 0);
		break;
	case LC_SCOPE_BOTH:
		n = add(f, "new_dir", out, add(f, "dir", out, 0));
		break;
	case LC_SCOPE_ALL:
		n = add(f, "dir", out, 0);
		n = add(f, "new_dir", out, n);
		n = add(f, "victim", out, n);
		n = add(f, "inode", out, n);
		break;
	case LC_SCOPE_PER_SB:
		n = add(f, "sb", out, 0);
		break;
	case LC_SCOPE_NON_DIRS:
		n = add(f, "source", out, add(f, "victim", out, 0));
		break;
	case LC_SCOPE_MOVED_DIR:
		n = add(f, "moved_dir", out, 0);
		break;
	case LC_SCOPE_UNKNOWN:
		return 0; /* not checked */
	case LC_SCOPE_SELF:
		if (!strcmp(obj, "inode")) n = first_of(f, "dir", "inode", out);
		else if (!strcmp(obj, "dentry")) n = first_of(f, "dentry", NULL, out);
		else if (!strcmp(obj, "superblock")) n = first_of(f, "sb", NULL, out);
		else if (!strcmp(obj, "mapping")) n = first_of(f, "mapping", "inode", out);
		else if (!strcmp(obj, "folio")) n = first_of(f, "folio", NULL, out);
		else if (!strcmp(obj, "file")) n = first_of(f, "file", NULL, out);
		else if (!strcmp(obj, "block_device")) n = first_of(f, "bdev", NULL, out);
		else if (!strcmp(obj, "mm")) n = first_of(f, "mm", NULL, out);
		else if (!strcmp(obj, "file_lock")) n = first_of(f, "file_lock", NULL, out);
		else if (!strcmp(obj, "dquot")) n = first_of(f, "dquot", NULL, out);
		break;
	}
	/* A scope names inodes besides the method's own: no such role passed, no check. */
	if (!n && r->scope != LC_SCOPE_SELF)
		return 0;
	if (!n) {
		out[0].role = NULL;
		out[0].object = NULL;
		n = 1;
	}
	return n;
}

int lc_find_held(const lc_spec_rule *r, const void *object, lc_held_info *out)
{
	unsigned count = lc_query_held_count();
	int loose = -1;
	lc_held_info info, loose_info;
	for (unsigned k = count; k-- > 0;) {
		if (!lc_query_held_at(k, &info) || !lc_spec_rule_matches(r, info.class_name, info.type))
			continue;
		if (!object || info.object == object) {
			*out = info;
			return (int)k;
		}
		/* A lock not tied to an object can't be told apart: accept it last. */
		if (!info.object && loose < 0) {
			loose = (int)k;
			loose_info = info;
		}
	}
	if (loose >= 0)
		*out = loose_info;
	return loose;
}

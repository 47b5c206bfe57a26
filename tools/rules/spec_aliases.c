/* Alias table.  Lock rows use canonical names (spec_locks.c) on the new side;
 * the old side is the name the older documents print.  Keep this table in
 * step with the table in docs/spec-format.md. */
#include <string.h>

#include "spec_aliases.h"

const alias_row alias_rows[] = {
	{ALIAS_LOCK, NULL, "i_mutex", "i_rwsem", "4.7", "renamed"},
	{ALIAS_LOCK, NULL, "mmap_sem", "mmap_lock", "5.8", "renamed"},
	{ALIAS_LOCK, NULL, "bd_mutex", "open_mutex", "5.14", "renamed"},
	{ALIAS_LOCK, NULL, "PageLocked", "folio_lock", "5.16", "renamed"},
	{ALIAS_LOCK, NULL, "dqio_mutex", "dqio_sem", "2.6.16", "renamed"},
	{ALIAS_LOCK, NULL, "dqonoff_mutex", "dqonoff_sem", "2.6.16", "renamed"},
	{ALIAS_LOCK, NULL, "s_vfs_rename_mutex", "s_vfs_rename_sem", "2.6.16", "renamed"},

	{ALIAS_METHOD, "address_space_operations", "readpage", "read_folio", "5.19", "renamed"},
	{ALIAS_METHOD, "address_space_operations", "readpages", "readahead", "5.8", "replaced"},
	{ALIAS_METHOD, "address_space_operations", "set_page_dirty", "dirty_folio", "5.18", "renamed"},
	{ALIAS_METHOD, "address_space_operations", "invalidatepage", "invalidate_folio", "5.18", "renamed"},
	{ALIAS_METHOD, "address_space_operations", "releasepage", "release_folio", "5.19", "renamed"},
	{ALIAS_METHOD, "address_space_operations", "freepage", "free_folio", "5.19", "renamed"},
	{ALIAS_METHOD, "address_space_operations", "migratepage", "migrate_folio", "6.0", "renamed"},
	{ALIAS_METHOD, "address_space_operations", "launder_page", "launder_folio", "5.19", "renamed"},
	{ALIAS_METHOD, "address_space_operations", "error_remove_page", "error_remove_folio", "6.8", "renamed"},
	{ALIAS_METHOD, "inode_operations", "follow_link", "get_link", "4.2", "renamed"},
	{ALIAS_METHOD, "inode_operations", "rename2", "rename", "4.9", "folded"},
	{ALIAS_METHOD, "inode_operations", "get_acl", "get_inode_acl", "6.2", "renamed"},
	{ALIAS_METHOD, "file_operations", "readdir", "iterate", "3.11", "replaced"},
	{ALIAS_METHOD, "file_operations", "iterate", "iterate_shared", "6.6", "folded"},
};
const size_t alias_row_count = sizeof alias_rows / sizeof alias_rows[0];

static int same_interface(const alias_row *r, const char *interface)
{
	return r->kind == ALIAS_LOCK || !interface || strcmp(r->interface, interface) == 0;
}

size_t aliases_of(alias_kind kind, const char *interface, const char *name,
		  const char **out, size_t max)
{
	size_t n = 0;
	for (size_t i = 0; i < alias_row_count && n < max; i++) {
		const alias_row *r = &alias_rows[i];
		if (r->kind != kind || !same_interface(r, interface))
			continue;
		if (strcmp(r->new_name, name) == 0)
			out[n++] = r->old_name;
		else if (strcmp(r->old_name, name) == 0)
			out[n++] = r->new_name;
	}
	return n;
}

const alias_row *alias_renaming(alias_kind kind, const char *interface, const char *old_name)
{
	for (size_t i = 0; i < alias_row_count; i++) {
		const alias_row *r = &alias_rows[i];
		if (r->kind == kind && same_interface(r, interface) && strcmp(r->old_name, old_name) == 0)
			return r;
	}
	return NULL;
}

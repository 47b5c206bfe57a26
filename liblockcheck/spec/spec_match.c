/* Which held lock is the lock a spec rule speaks of.  Lock classes are named
 * by the annotated code ("i_rwsem", or lockdep-style "&inode->i_rwsem"); the
 * document names columns ("i_rwsem(inode)", "->d_lock", "inode->i_lock"). Both
 * reduce to the member name, then compare with the rule's names, which include
 * the spec's aliases (i_mutex for i_rwsem). */
#include <ctype.h>
#include <string.h>

#include "spec/lc_spec.h"

static bool ident_char(char c) { return isalnum((unsigned char)c) || c == '_'; }

const char *lc_spec_normalize_name(const char *name, char *out, size_t outlen)
{
	if (!outlen)
		return out;
	out[0] = '\0';
	if (!name)
		return out;
	size_t len = strlen(name);
	/* "i_rwsem(inode)" / "PageLocked(page)": drop the parenthesised object. */
	const char *paren = strchr(name, '(');
	if (paren && paren != name)
		len = (size_t)(paren - name);
	/* "&inode->i_rwsem", "sb.s_umount": keep what follows the last member access. */
	const char *start = name;
	for (const char *p = name; p < name + len; p++) {
		if (p[0] == '-' && p + 1 < name + len && p[1] == '>')
			start = p + 2;
		else if (p[0] == '.')
			start = p + 1;
	}
	while (start < name + len && !ident_char(*start))
		start++;
	size_t n = 0;
	while (start + n < name + len && ident_char(start[n]) && n + 1 < outlen)
		n++;
	memcpy(out, start, n);
	out[n] = '\0';
	return out;
}

bool lc_spec_rule_matches(const lc_spec_rule *rule, const char *class_name, lc_lock_type type)
{
	/* The folio lock and RCU are known by type: annotated code seldom names them. */
	if (rule->kind == LC_SKIND_FOLIO && type == LC_LOCK_PAGE)
		return true;
	if (rule->kind == LC_SKIND_RCU && type == LC_LOCK_RCU)
		return true;
	if (!class_name)
		return false;
	char norm[128];
	lc_spec_normalize_name(class_name, norm, sizeof norm);
	if (!norm[0])
		return false;
	for (unsigned i = 0; i < rule->nnames; i++)
		if (strcmp(rule->names[i], norm) == 0)
			return true;
	return false;
}

const char *lc_spec_entry_name(lc_spec_entry e)
{
	switch (e) {
	case LC_ENTRY_NONE: return "none";
	case LC_ENTRY_HELD: return "held";
	case LC_ENTRY_SHARED: return "shared";
	case LC_ENTRY_EXCLUSIVE: return "exclusive";
	default: return "maybe";
	}
}

/* The alias table: names that changed between kernel eras, for locks and for
 * methods.  The compiler lists them in "aliases"; diff uses them to pair a
 * method or lock of one document with its renamed self in another. */
#ifndef SPEC_ALIASES_H
#define SPEC_ALIASES_H

#include <stddef.h>

typedef enum alias_kind { ALIAS_LOCK, ALIAS_METHOD } alias_kind;

typedef struct alias_row {
	alias_kind kind;
	const char *interface;  /* methods only: the interface they belong to */
	const char *old_name;
	const char *new_name;
	const char *since;      /* kernel release of the change, as far as known */
	const char *how;        /* "renamed", "replaced", "folded" */
} alias_row;

extern const alias_row alias_rows[];
extern const size_t alias_row_count;

/* Every other-era name of name (both directions), written into out (at most
 * max), in table order.  Returns how many. */
size_t aliases_of(alias_kind kind, const char *interface, const char *name,
		  const char **out, size_t max);

/* The row that renames old_name within interface, or NULL. */
const alias_row *alias_renaming(alias_kind kind, const char *interface, const char *old_name);

#endif

/* The compiled specs built into the library (generated from the JSON files in rules/ by
 * tools/embed at build time). */
#ifndef LC_BUILTIN_SPECS_H
#define LC_BUILTIN_SPECS_H

#include <stddef.h>

typedef struct lc_builtin_spec {
	const char *name;          /* file name without .json, e.g. "locking-6.8" */
	const unsigned char *json; /* NUL terminated */
	size_t len;                /* without the NUL */
} lc_builtin_spec;

extern const lc_builtin_spec lc_builtin_specs[];
extern const unsigned lc_builtin_spec_count;

#endif

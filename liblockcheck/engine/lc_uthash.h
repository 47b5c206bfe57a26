/* uthash on the library's allocator (never on the hot path).  Out of
 * memory is not fatal: an insertion that cannot get memory leaves the
 * element out (its hh.tbl is NULL) and the caller stops tracking it; the
 * allocator has already said so (lc_alloc). */
#ifndef LC_UTHASH_H
#define LC_UTHASH_H
#include "lc_runtime.h"
#define HASH_NONFATAL_OOM 1
#define uthash_malloc(sz) lc_alloc(sz)
#define uthash_free(ptr, sz) lc_free((ptr), (sz))
#include <uthash.h>
/* Whether HASH_ADD really added elt. */
#define LC_HASH_ADDED(elt) ((elt)->hh.tbl != NULL)
#endif

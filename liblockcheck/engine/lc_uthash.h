/* uthash on the library's allocator (never on the hot path). */
#ifndef LC_UTHASH_H
#define LC_UTHASH_H
#include "lc_runtime.h"
#define uthash_malloc(sz) lc_alloc(sz)
#define uthash_free(ptr, sz) lc_free((ptr), (sz))
#define uthash_fatal(msg) abort_on_no_memory()
#include <uthash.h>
/* uthash cannot fail softly; running out of memory in the library is fatal
 * for the library only in theory: lc_alloc maps fresh pages. */
#include <stdlib.h>
static inline void abort_on_no_memory(void)
{
	lc_write_all(2, "lockcheck: out of memory\n", 25);
	abort();
}
#endif

/* free, realloc, munmap: memory handed back may hold locks that were never
 * destroyed.  The engine ends them (lc_on_memory_freed) before the memory
 * can be reused, so a new lock there starts clean, and a held one is
 * reported.
 *
 * Every free() of the program passes here, so the common case is two loads:
 * no lock is tracked at all, or none lives in the block (the engine's
 * lock-free index).  The block's size comes from malloc_usable_size, and
 * only if that function belongs to the same allocator as free (a program
 * may bring its own malloc, in a library: asking glibc about its blocks
 * would read garbage).  While dlsym is resolving on this thread the real
 * free is not known yet: the block is leaked rather than handed to the
 * wrong allocator. */
#include <dlfcn.h>
#include <stdbool.h>
#include <stdint.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "lc_events.h"
#include "real.h"

LC_REAL(void, free, void *)
LC_REAL(void *, realloc, void *, size_t)
LC_REAL(int, munmap, void *, size_t)
LC_REAL(size_t, malloc_usable_size, void *)

static malloc_usable_size_fn sizer; /* NULL: sizes unknown, frees not followed */
/* Set by our constructor.  Before it nothing is asked of the library: a
 * sanitizer runtime frees while it starts, before its shadow memory exists,
 * and the library's instrumented code must not run then. */
static bool watching;

static bool same_object(void *a, void *b)
{
	Dl_info ia, ib;
	return a && b && dladdr(a, &ia) && dladdr(b, &ib) && ia.dli_fbase == ib.dli_fbase;
}

__attribute__((constructor)) static void resolve_memory(void)
{
	free_fn f = real_free();
	real_realloc();
	real_munmap();
	malloc_usable_size_fn s = real_malloc_usable_size();
	if (same_object((void *)f, (void *)s))
		__atomic_store_n(&sizer, s, __ATOMIC_RELEASE);
	__atomic_store_n(&watching, true, __ATOMIC_RELEASE);
}

static inline bool locks_tracked(void)
{
	return __atomic_load_n(&watching, __ATOMIC_ACQUIRE) && lc_memory_holds_locks(NULL, 0);
}

static inline size_t block_size(void *p)
{
	malloc_usable_size_fn s = __atomic_load_n(&sizer, __ATOMIC_ACQUIRE);
	return s ? s(p) : 0;
}

LC_INTERCEPTOR void free(void *p)
{
	if (p && __builtin_expect(locks_tracked(), 0)) {
		size_t n = block_size(p);
		if (n)
			lc_on_memory_freed(p, n);
	}
	free_fn f = real_free();
	if (f)
		f(p);
}

LC_INTERCEPTOR void *realloc(void *p, size_t n)
{
	realloc_fn f = real_realloc();
	if (!f)
		return NULL;
	if (!p || __builtin_expect(!locks_tracked(), 1))
		return f(p, n);
	size_t old = block_size(p);
	if (!old || !lc_memory_holds_locks(p, old))
		return f(p, n);
	void *q = f(p, n);
	/* Moved (or freed by a zero size): the old block is gone.  Shrunk in
	 * place: its tail is. */
	if (q != p && (q || n == 0))
		lc_on_memory_freed(p, old);
	else if (q == p && n < old)
		lc_on_memory_freed((char *)p + n, old - n);
	return q;
}

LC_INTERCEPTOR int munmap(void *addr, size_t len)
{
	if (__builtin_expect(locks_tracked(), 0))
		lc_on_memory_freed(addr, len);
	munmap_fn f = real_munmap();
	return f ? f(addr, len) : (int)syscall(SYS_munmap, addr, len);
}

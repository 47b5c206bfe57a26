/* Finding the real (next) definition of an intercepted function.
 *
 * Each wrapper file declares its targets with LC_REAL(); they are resolved
 * by that file's constructor, or lazily on first use when a call arrives
 * before constructors run.  A call made while this thread is inside dlsym
 * (dlsym may allocate, an interposed allocator may lock) gets NULL, and the
 * wrapper falls back to a path that needs no resolution. */
#ifndef LC_INTERCEPT_REAL_H
#define LC_INTERCEPT_REAL_H

#include <stddef.h>

/* dlsym(RTLD_NEXT, name), or dlvsym when version is given; NULL while this
 * thread is already resolving, or when the symbol does not exist. */
void *lc_real_resolve(const char *name, const char *version);

/* Declares real_NAME(), returning the next definition (or NULL, see above). */
#define LC_REAL_VERSIONED(ret, name, version, ...)                                  \
	typedef ret (*name##_fn)(__VA_ARGS__);                                      \
	static name##_fn name##_ptr;                                                \
	static inline name##_fn real_##name(void)                                   \
	{                                                                           \
		name##_fn f = __atomic_load_n(&name##_ptr, __ATOMIC_ACQUIRE);       \
		if (__builtin_expect(f == NULL, 0)) {                               \
			f = (name##_fn)lc_real_resolve(#name, version);             \
			if (f)                                                      \
				__atomic_store_n(&name##_ptr, f, __ATOMIC_RELEASE); \
		}                                                                   \
		return f;                                                           \
	}
#define LC_REAL(ret, name, ...) LC_REAL_VERSIONED(ret, name, NULL, __VA_ARGS__)

/* The wrappers must stay visible to the dynamic linker (that is how they
 * intercept) even if the library is built with -fvisibility=hidden; the
 * helpers never need to be. */
#define LC_INTERCEPTOR __attribute__((visibility("default")))
#define LC_HIDDEN __attribute__((visibility("hidden")))

/* Static TLS: a preloaded library has room for it, and it never calls
 * __tls_get_addr (which may allocate). */
#define LC_TLS __thread __attribute__((tls_model("initial-exec")))

/* The program's call site, passed to the lc_on_*_at events: what reports
 * and held-lock sites show, rather than a return address inside the
 * library.  Used in the interceptor itself (inline helpers are inlined). */
#define LC_CALLER() __builtin_return_address(0)

#endif

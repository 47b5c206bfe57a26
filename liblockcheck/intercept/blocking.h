/* One wrapper shape for every call that may sleep: announce it, then call
 * the real one.  The announcement is cheap when no lock is held (the engine
 * checks a per-thread count), so I/O-heavy programs barely notice. */
#ifndef LC_INTERCEPT_BLOCKING_H
#define LC_INTERCEPT_BLOCKING_H

#include <errno.h>

#include "lc_events.h"
#include "real.h"

/* The result when the real function cannot be found (see real.h). */
static inline int lc_no_real(void)
{
	errno = ENOSYS;
	return -1;
}

/* LC_BLOCKING(ret, name, (params), (args), fallback): defines name(). */
#define LC_BLOCKING(ret, name, params, args, fallback) \
	LC_INTERCEPTOR ret name params                 \
	{                                              \
		lc_on_blocking(#name);                 \
		name##_fn f = real_##name();           \
		return f ? f args : (ret)(fallback);   \
	}

#endif

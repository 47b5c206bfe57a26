/* dlsym for the wrappers, guarded against being re-entered on one thread. */
#include <dlfcn.h>
#include <stdbool.h>

#include "real.h"

static LC_TLS bool resolving;

LC_HIDDEN void *lc_real_resolve(const char *name, const char *version)
{
	if (resolving)
		return NULL;
	resolving = true;
	void *f = version ? dlvsym(RTLD_NEXT, name, version) : NULL;
	if (!f)
		f = dlsym(RTLD_NEXT, name);
	resolving = false;
	return f;
}

/* STUB (owner: interception/runtime helper replaces this file). */
#include "lc_runtime.h"
lc_options lc_opt = { .exitcode = 66, .stack_depth = 32, .max_held = 65536 };
void lc_options_init(void)
{
	static int done;
	if (done) return;
	done = 1;
	for (int i = 0; i < LC_KIND_COUNT; i++) lc_opt.detect[i] = true;
	lc_opt.detect_contracts = true;
}
int lc_options_parse(const char *text, char *err, size_t errlen) { (void)text; (void)err; (void)errlen; lc_options_init(); return 0; }

/* libFuzzer target: any bytes given to the library's JSON reader, and to the
 * spec loader on top of it (what a spec= file reaches), must give a tree or a
 * clean error with a place, never a crash, hang or leak. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "spec/lc_json.h"
#include "spec/lc_spec.h"

static size_t walk(const lc_json *v, unsigned depth)
{
	size_t n = 1;
	if (v->type == LC_JSON_STRING)
		n += strlen(v->str);
	if (v->key)
		n += strlen(v->key);
	for (const lc_json *e = lc_json_first(v); e; e = e->next)
		n += walk(e, depth + 1);
	return n;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	lc_json_error err;
	lc_json_doc *doc = lc_json_parse((const char *)data, size, &err);
	if (doc) {
		(void)walk(lc_json_root(doc), 0);
		lc_json_free(doc);
	} else if (err.line == 0 && strcmp(err.what, "out of memory")) {
		abort(); /* an error must say where */
	}
	char msg[512];
	lc_spec *spec = lc_spec_parse((const char *)data, size, "fuzz", msg, sizeof msg);
	if (spec) {
		for (unsigned i = 0; i < lc_spec_method_count(spec); i++) {
			const lc_spec_method *m = lc_spec_method_at(spec, i);
			(void)lc_spec_find(spec, m->interface, m->name);
		}
		lc_spec_free(spec);
	}
	return 0;
}

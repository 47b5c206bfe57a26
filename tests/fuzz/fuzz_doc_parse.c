/* libFuzzer target: any bytes given to the Locking document parser must give
 * a parsed document or a clean error, never a crash, hang or leak.  Every
 * 7th input also goes through the repository's resolutions file when one is
 * given in $FUZZ_RESOLUTIONS, so resolution matching is covered too. */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include "../../tools/rules/doc_model.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *res;
	static int init;
	if (!init) {
		res = getenv("FUZZ_RESOLUTIONS");
		init = 1;
	}
	doc d;
	char err[512];
	const char *r = res && size % 7 == 0 ? res : NULL;
	if (doc_parse_buffer("fuzz", (const char *)data, size, r, &d, err, sizeof err) == 0) {
		/* Walk everything the spec builder would read. */
		size_t sum = 0;
		for (int i = 0; i < d.nsections; i++)
			for (int t = 0; t < d.sections[i].ntables; t++) {
				const doc_table *tb = &d.sections[i].tables[t];
				for (int k = 0; k < tb->ncols; k++)
					sum += tb->columns[k][0];
				for (int row = 0; row < tb->nrows; row++)
					for (int k = 0; k < tb->ncols; k++)
						if (tb->rows[row].cells[k].value)
							sum += (size_t)tb->rows[row].cells[k].line;
			}
		(void)sum;
		doc_free(&d);
	}
	return 0;
}

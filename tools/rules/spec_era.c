/* Era from vocabulary: each test names what only that era's document says.
 * Checked newest first. */
#include <string.h>

#include "spec_build.h"

static int says(const doc *d, const char *word)
{
	for (int i = 1; i <= d->nlines; i++)
		if (d->lines && d->lines[i] && strstr(d->lines[i], word))
			return 1;
	return 0;
}

const char *spec_guess_era(const doc *d)
{
	if (says(d, "get_offset_ctx") || says(d, "huge_fault"))
		return "6.8";
	if (says(d, "mnt_idmap") && !says(d, "sendpage"))
		return "6.6";
	if (says(d, "read_folio") || says(d, "mnt_idmap"))
		return "6.3";
	if (says(d, "i_rwsem"))
		return "5.x";
	if (says(d, "i_mutex"))
		return "4.x";
	return "unknown";
}

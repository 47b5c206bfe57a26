/* Every string read from a report is made valid UTF-8 before any output
 * sees it (a lock name is whatever bytes the program passed): a byte that
 * does not start or continue a well-formed sequence becomes U+FFFD, and a
 * string longer than UTF8_CAP bytes is cut at a character boundary and
 * ends in "...". */
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "report/utf8_seq.h"

#define UTF8_CAP 4096

char *utf8_clean(const char *s, bool *changed)
{
	size_t len = strlen(s);
	char *out = malloc(3 * len + 8), *o = out;
	*changed = false;
	for (const unsigned char *p = (const unsigned char *)s; *p;) {
		size_t n = lc_utf8_len(p);
		if ((size_t)(o - out) + (n ? n : 3) > UTF8_CAP) {
			memcpy(o, "...", 3);
			o += 3;
			*changed = true;
			break;
		}
		if (n) {
			memcpy(o, p, n);
			o += n;
			p += n;
		} else {
			memcpy(o, "\xef\xbf\xbd", 3);
			o += 3;
			p++;
			*changed = true;
		}
	}
	*o = 0;
	return out;
}

void utf8_clean_json(cJSON *item)
{
	for (; item; item = item->next) {
		if (cJSON_IsString(item) && item->valuestring) {
			bool changed;
			char *clean = utf8_clean(item->valuestring, &changed);
			if (changed)
				cJSON_SetValuestring(item, clean);
			free(clean);
		}
		if (item->string) {
			bool changed;
			char *clean = utf8_clean(item->string, &changed);
			if (changed && !(item->type & cJSON_StringIsConst)) {
				free(item->string);
				item->string = clean;
			} else {
				free(clean);
			}
		}
		utf8_clean_json(item->child);
	}
}

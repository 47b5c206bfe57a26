/* The suppressions file format, shared by the library and `lockcheck report`
 * so both read a file the same way:
 *
 *     # comment
 *     KIND:PATTERN        KIND is a report kind name or `*`
 *
 * PATTERN is a glob (`*` any run of characters, `?` one character) matched
 * against each frame's function, module path and module basename, and each
 * lock name.  Header-only, no allocation, no libc beyond string.h. */
#ifndef LC_SUPPRESS_FORMAT_H
#define LC_SUPPRESS_FORMAT_H

#include <stdbool.h>
#include <string.h>

#define LC_SUPP_KIND_MAX 64
#define LC_SUPP_PATTERN_MAX 256
/* A suppressions file larger than this is refused (a device, a mistake). */
#define LC_SUPP_FILE_MAX ((size_t)4 << 20)

typedef enum lc_supp_line_status {
	LC_SUPP_LINE_EMPTY,    /* blank or comment */
	LC_SUPP_LINE_RULE,     /* kind and pattern filled in */
	LC_SUPP_LINE_MALFORMED /* not KIND:PATTERN */
} lc_supp_line_status;

static inline bool lc_supp_space(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* Parse one line (len bytes, no need for a terminator).  Leading and
 * trailing blanks are ignored around the kind and the pattern. */
static inline lc_supp_line_status lc_supp_parse_line(const char *line, size_t len,
						     char kind[LC_SUPP_KIND_MAX],
						     char pattern[LC_SUPP_PATTERN_MAX])
{
	size_t b = 0, e = len;
	while (b < e && lc_supp_space(line[b]))
		b++;
	while (e > b && lc_supp_space(line[e - 1]))
		e--;
	if (b == e || line[b] == '#')
		return LC_SUPP_LINE_EMPTY;
	size_t colon = b;
	while (colon < e && line[colon] != ':')
		colon++;
	if (colon == e)
		return LC_SUPP_LINE_MALFORMED;
	size_t kb = b, ke = colon, pb = colon + 1, pe = e;
	while (ke > kb && lc_supp_space(line[ke - 1]))
		ke--;
	while (pb < pe && lc_supp_space(line[pb]))
		pb++;
	if (ke == kb || pe == pb || ke - kb >= LC_SUPP_KIND_MAX || pe - pb >= LC_SUPP_PATTERN_MAX)
		return LC_SUPP_LINE_MALFORMED;
	for (size_t i = kb; i < ke; i++)
		if (lc_supp_space(line[i]))
			return LC_SUPP_LINE_MALFORMED;
	memcpy(kind, line + kb, ke - kb);
	kind[ke - kb] = 0;
	memcpy(pattern, line + pb, pe - pb);
	pattern[pe - pb] = 0;
	return LC_SUPP_LINE_RULE;
}

/* Glob match of the whole string; iterative, so no recursion depth issue. */
static inline bool lc_supp_glob(const char *pat, const char *s)
{
	const char *star = NULL, *resume = NULL;
	if (!s)
		return false;
	while (*s) {
		if (*pat == '*') {
			star = pat++;
			resume = s;
		} else if (*pat == '?' || *pat == *s) {
			pat++;
			s++;
		} else if (star) {
			pat = star + 1;
			s = ++resume;
		} else {
			return false;
		}
	}
	while (*pat == '*')
		pat++;
	return *pat == 0;
}

/* Basename of a path, for module matching. */
static inline const char *lc_supp_basename(const char *path)
{
	const char *slash = path ? strrchr(path, '/') : NULL;
	return slash ? slash + 1 : path;
}

#endif

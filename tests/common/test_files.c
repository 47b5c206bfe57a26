/* See test_files.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <criterion/criterion.h>

#include "test_files.h"

char *test_slurp(const char *path)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	size_t cap = 4096, len = 0, n;
	char *buf = malloc(cap);
	cr_assert_not_null(buf);
	while ((n = fread(buf + len, 1, cap - len - 1, f)) > 0) {
		len += n;
		if (cap - len < 2) {
			buf = realloc(buf, cap *= 2);
			cr_assert_not_null(buf);
		}
	}
	buf[len] = '\0';
	fclose(f);
	return buf;
}

void test_write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");
	cr_assert_not_null(f, "cannot write %s", path);
	cr_assert(fputs(text, f) >= 0, "cannot write %s", path);
	cr_assert_eq(fclose(f), 0, "cannot write %s", path);
}

char *test_temp_file(const char *tag, const char *text)
{
	const char *dir = getenv("TMPDIR");
	size_t cap = strlen(dir && *dir ? dir : "/tmp") + strlen(tag) + 32;
	char *path = malloc(cap);
	cr_assert_not_null(path);
	snprintf(path, cap, "%s/lockcheck-%s-XXXXXX", dir && *dir ? dir : "/tmp", tag);
	int fd = mkstemp(path);
	cr_assert_geq(fd, 0, "mkstemp %s", path);
	size_t len = strlen(text);
	cr_assert_eq(write(fd, text, len), (ssize_t)len, "cannot write %s", path);
	close(fd);
	return path;
}

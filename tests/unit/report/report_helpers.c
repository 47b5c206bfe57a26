#include <criterion/criterion.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "report_helpers.h"

char report_file[256];
char log_file[256];

/* Temp files go when the test process that made them exits (not a child). */
static char made[32][256];
static unsigned nmade;
static pid_t maker;

static void remove_temp_files(void)
{
	if (getpid() != maker)
		return;
	for (unsigned i = 0; i < nmade; i++)
		unlink(made[i]);
}

void temp_path(char *out, size_t cap, const char *tag)
{
	const char *dir = getenv("TMPDIR");
	snprintf(out, cap, "%s/lc-test-%s-XXXXXX", dir && *dir ? dir : "/tmp", tag);
	int fd = mkstemp(out);
	cr_assert(fd >= 0, "mkstemp %s", out);
	close(fd);
	if (!maker) {
		maker = getpid();
		atexit(remove_temp_files);
	}
	if (nmade < sizeof made / sizeof *made)
		snprintf(made[nmade++], sizeof made[0], "%s", out);
}

void report_setup(void)
{
	lc_options_init();
	for (int i = 0; i < LC_KIND_COUNT; i++)
		lc_opt.detect[i] = true;
	lc_opt.halt_on_error = false;
	lc_opt.exitcode = 66;
	lc_opt.stack_depth = 32;
	lc_opt.suppressions[0] = 0;
	temp_path(report_file, sizeof report_file, "report");
	temp_path(log_file, sizeof log_file, "log");
	strcpy(lc_opt.report_path, report_file);
	strcpy(lc_opt.log_path, log_file);
}

char *slurp(const char *path)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return strdup("");
	size_t cap = 4096, len = 0;
	char *buf = malloc(cap);
	size_t n;
	while ((n = fread(buf + len, 1, cap - len - 1, f)) > 0) {
		len += n;
		if (cap - len < 2)
			buf = realloc(buf, cap *= 2);
	}
	buf[len] = 0;
	fclose(f);
	return buf;
}

unsigned count_lines(const char *path)
{
	char *s = slurp(path);
	unsigned n = count_substr(s, "\n");
	free(s);
	return n;
}

cJSON *json_line(const char *path, unsigned n)
{
	char *s = slurp(path);
	char *line = s;
	for (unsigned i = 0; i < n && line; i++) {
		line = strchr(line, '\n');
		if (line)
			line++;
	}
	cJSON *j = NULL;
	if (line && *line) {
		char *end = strchr(line, '\n');
		if (end)
			*end = 0;
		j = cJSON_Parse(line);
	}
	free(s);
	return j;
}

unsigned count_substr(const char *hay, const char *needle)
{
	unsigned n = 0;
	size_t len = strlen(needle);
	for (const char *p = strstr(hay, needle); p; p = strstr(p + len, needle))
		n++;
	return n;
}

void write_text(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");
	cr_assert(f);
	fputs(text, f);
	fclose(f);
}

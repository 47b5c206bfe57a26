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
	char *path = test_temp_file(tag, "");
	cr_assert_lt(strlen(path), cap, "temp path %s too long", path);
	snprintf(out, cap, "%s", path);
	free(path);
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
	/* log_path=P writes P.PID; a /dev/ path is opened as it is, so the test
	 * and its forked children all log to the one file. */
	static int log_fd = -1;
	if (log_fd >= 0)
		close(log_fd);
	log_fd = open(log_file, O_WRONLY | O_APPEND);
	cr_assert_geq(log_fd, 0);
	snprintf(lc_opt.log_path, sizeof lc_opt.log_path, "/dev/fd/%d", log_fd);
}

char *slurp(const char *path)
{
	char *text = test_slurp(path);
	return text ? text : strdup("");
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

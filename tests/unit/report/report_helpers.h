/* Helpers for the reporting tests: temp files for the log and the report,
 * reading them back, and hand-built findings. */
#ifndef REPORT_HELPERS_H
#define REPORT_HELPERS_H

#include <cjson/cJSON.h>
#include <stddef.h>

#include "lc_finding.h"
#include "lc_runtime.h"
#include "../../common/test_files.h"

/* A fresh temp path (the file exists, empty). */
void temp_path(char *out, size_t cap, const char *tag);
/* lc_opt with defaults, report and log going to fresh temp files. */
void report_setup(void);
extern char report_file[256];
extern char log_file[256];

/* test_slurp(), but "" when the file is missing. */
char *slurp(const char *path);
unsigned count_lines(const char *path);
/* Line n (0-based) of a JSON Lines file, parsed; NULL if absent or bad. */
cJSON *json_line(const char *path, unsigned n);
unsigned count_substr(const char *hay, const char *needle);

#endif

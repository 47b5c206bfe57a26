/* Running the `lockcheck` command from the tests. */
#ifndef CLI_HELPERS_H
#define CLI_HELPERS_H

#include <limits.h>

extern char cli[PATH_MAX], fixtures[PATH_MAX];
/* Where the last lockcheck() call's stdout and stderr went. */
extern char out_file[256], err_file[256];
/* What lockcheck() reads as stdin (default /dev/null). */
extern const char *stdin_file;

/* Suite init: finds BUILD/bin/lockcheck and tests/fixtures/reports. */
void cli_locate(void);
/* Runs lockcheck with the arguments (NULL-terminated); returns the exit
 * status, or 128+signal. */
int lockcheck(const char *arg, ...);
/* tests/fixtures/reports/NAME (the last four results stay valid). */
const char *fixture(const char *name);

#endif

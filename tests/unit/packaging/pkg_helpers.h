/* Packaging tests: shell commands run as a user would, and one install of
 * the build into a temporary DESTDIR per test, used from outside the tree. */
#ifndef PKG_HELPERS_H
#define PKG_HELPERS_H

#include <stddef.h>

/* Runs the formatted command with sh -c, stdout and stderr together into out
 * (NUL terminated, cut at cap).  Returns the exit status (128+N if killed). */
int pkg_sh(char *out, size_t cap, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* Runs it with stdout and stderr apart. */
int pkg_sh2(char *out, size_t outcap, char *err, size_t errcap, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));

/* Skips the test in the sanitizer build: what is installed is the plain one. */
void pkg_plain_build_only(void);
/* Skips the test, with a message, when the command is not on PATH. */
void pkg_need(const char *command);

/* A fresh temporary directory (removed by pkg_cleanup). */
const char *pkg_tempdir(void);

typedef struct pkg_install {
	char stage[512];   /* DESTDIR */
	char prefix[600];  /* stage + PREFIX: where things are now */
	char libdir[700];  /* stage + LIBDIR (multiarch) */
	char pc_env[1600]; /* "PKG_CONFIG_PATH=... PKG_CONFIG_SYSROOT_DIR=..." */
} pkg_install;

/* `make install` of this test's build into pkg_tempdir()/stage with
 * PREFIX=/opt/lockcheck and Debian's multiarch LIBDIR; fails the test if the
 * install fails. */
void pkg_do_install(pkg_install *in);

/* Removes pkg_tempdir() and everything in it. */
void pkg_cleanup(void);

#endif

/* Whole files in and out, for every test binary. */
#ifndef TEST_FILES_H
#define TEST_FILES_H

/* The whole file as a malloc'd NUL-terminated string, or NULL when it cannot
 * be opened. */
char *test_slurp(const char *path);

/* Writes text to path, created or truncated; fails the test if it cannot. */
void test_write_file(const char *path, const char *text);

/* A fresh file $TMPDIR/lockcheck-TAG-XXXXXX (/tmp without $TMPDIR) holding
 * text; returns its malloc'd path.  Fails the test if it cannot.  The caller
 * removes the file and frees the path. */
char *test_temp_file(const char *tag, const char *text);

#endif

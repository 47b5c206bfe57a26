/* Where things are, for every test binary: the repository, the build
 * directory the running test binary belongs to, the Locking documents. */
#ifndef TEST_PATHS_H
#define TEST_PATHS_H

/* The repository root: the first directory above /proc/self/exe holding
 * Makefile and rules/; NULL if there is none. */
const char *test_repo_root(void);

/* The build directory of the running test binary (<build>/tests/BIN ->
 * <build>).  Fails the test if /proc/self/exe cannot be read. */
const char *test_build_dir(void);

/* The directory of the Locking documents: $LOCKING_DOCS (relative to the
 * repository root unless absolute), else <repo>/../shared/locking; NULL when
 * it is absent. */
const char *test_docs_dir(void);

#endif

/* Seeded bugs of memfs (bugs.c). */
#ifndef MEMFS_BUGS_H
#define MEMFS_BUGS_H

#include <stdbool.h>
#include <stdio.h>

struct memfs_bug_info {
	const char *name;
	const char *what;
	const char *finding; /* what liblockcheck reports */
};

extern const struct memfs_bug_info memfs_bugs[];
bool memfs_select_bug(const char *name);
bool memfs_bug(const char *name);
void memfs_list_bugs(FILE *out);

#endif

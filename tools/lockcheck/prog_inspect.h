/* What `lockcheck run` needs to know about PROG before preloading into it:
 * whether the loader will preload at all (a static binary has no loader),
 * and which sanitizer runtime, if any, must come first in LD_PRELOAD. */
#ifndef LOCKCHECK_PROG_INSPECT_H
#define LOCKCHECK_PROG_INSPECT_H

#include <stddef.h>

typedef enum prog_kind {
	PROG_OTHER,    /* a script, or a file we do not read: just run it */
	PROG_DYNAMIC,  /* an ELF program with an interpreter (the loader) */
	PROG_STATIC,   /* an ELF program without one: LD_PRELOAD cannot reach it */
} prog_kind;

typedef struct prog_info {
	prog_kind kind;
	char path[4096];        /* where PROG was found (PATH searched as execvp does) */
	char first_runtime[64]; /* "libasan.so.8" when PROG needs that runtime first, else "" */
} prog_info;

/* Fills info for the program argv0 names; false if it is not found. */
int prog_inspect(const char *argv0, prog_info *info);

#endif

/* Turning (module, build-id, ELF address) into functions, files and lines,
 * with the frames inlined at that address, using elfutils' libdwfl: debug
 * info in the module itself, or separate (/usr/lib/debug/.build-id/...,
 * .gnu_debuglink).  Only the tools link it; the library never does. */
#ifndef LOCKCHECK_SYMBOLIZE_H
#define LOCKCHECK_SYMBOLIZE_H

#include <stdbool.h>
#include <stdint.h>

typedef struct sym_frame {
	char *function;  /* demangled; NULL when unknown */
	char *file;      /* NULL without line info */
	int line, column;
	bool inlined;    /* inlined into the next frame of the same address */
} sym_frame;

#define SYM_MAX_INLINE 16

typedef struct symbolizer symbolizer;

symbolizer *symbolizer_new(void);
void symbolizer_free(symbolizer *s);

/* Innermost frame first, the real function last; returns how many (0 when
 * the module cannot be read).  addr is a return address: the call before it
 * is looked up.  *problem (may be NULL) says what is missing: "no debug
 * info", "module not found", "module changed since the run (build-id
 * differs)".  Strings belong to the caller (free with sym_frames_free). */
int symbolize(symbolizer *s, const char *module, const char *build_id, uint64_t addr,
	      sym_frame out[SYM_MAX_INLINE], const char **problem);
void sym_frames_free(sym_frame *f, int n);

/* The modules seen that had no debug info (or could not be read), for the
 * one line per module that says so; calls fn(module, problem). */
void symbolizer_each_problem(const symbolizer *s, void (*fn)(const char *, const char *, void *), void *arg);

/* A C++ name demangled (malloc'd), or a copy of name. */
char *sym_demangle(const char *name);

#endif

/* Runtime services shared by every part of the library: options, memory,
 * the library's own spin lock, stacks, thread ids.  None of it calls a
 * function the library intercepts, and all of it is safe before
 * constructors have run. */
#ifndef LC_RUNTIME_H
#define LC_RUNTIME_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lc_finding.h"

/* ---- options (runtime/options.c), from LOCKCHECK_OPTIONS ---- */
typedef struct lc_options {
	char log_path[256];         /* "" or "stderr": stderr */
	char report_path[256];      /* JSON Lines file; "" = none */
	char suppressions[256];     /* file of kind:pattern lines */
	char spec_path[256];        /* compiled spec to load instead of the built-in one */
	char spec_era[32];          /* built-in era to use ("" = newest) */
	bool halt_on_error;
	int exitcode;               /* default 66 */
	int stack_depth;            /* frames kept per stack, <= LC_MAX_FRAMES */
	int verbosity;
	unsigned max_held;          /* held-lock stack limit, default 65536 */
	bool detect[LC_KIND_COUNT]; /* one switch per report kind, all on */
	bool detect_contracts;      /* the whole contract checker */
} lc_options;

extern lc_options lc_opt;

/* Parse LOCKCHECK_OPTIONS once (idempotent, cheap after the first call).
 * A malformed option prints one line naming it and is ignored. */
void lc_options_init(void);
/* For tests: parse a string into lc_opt; returns 0, or -1 with a message
 * in err. */
int lc_options_parse(const char *text, char *err, size_t errlen);

/* ---- memory (runtime/alloc.c): mmap based, async-signal-safe ---- */
void *lc_alloc(size_t size);           /* zeroed; NULL only if the OS refuses */
void lc_free(void *p, size_t size);
void *lc_realloc(void *p, size_t old_size, size_t new_size);

/* ---- the library's own lock: atomics only, never intercepted ---- */
typedef struct lc_spin {
	volatile int locked;
} lc_spin;
#define LC_SPIN_INIT {0}
void lc_spin_lock(lc_spin *s);
void lc_spin_unlock(lc_spin *s);
bool lc_spin_trylock(lc_spin *s);

/* ---- stacks (runtime/stack.c, libunwind); never on the fast path ---- */
void lc_stack_capture(lc_stack *st, unsigned skip);
/* Describe one pc: module path, offset in module, function and offset in
 * function.  Strings point at static or caller storage; fn may be "". */
typedef struct lc_frame_info {
	uintptr_t pc;
	char module[256];
	uintptr_t module_offset;
	char function[128];
	uintptr_t function_offset;
} lc_frame_info;
void lc_stack_symbolize(uintptr_t pc, lc_frame_info *out);
/* Name the global variable an address lies in ("cache_lock", "table+0x40"),
 * for locks nobody named; false when it is not in a module's data. */
bool lc_symbolize_data(const void *addr, char *name, size_t cap);

/* ---- misc ---- */
long lc_gettid(void);
/* write(2) all of buf, retrying on EINTR; never through intercepted calls. */
void lc_write_all(int fd, const char *buf, size_t len);

#endif

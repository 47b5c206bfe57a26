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
#define LC_OPT_STR(field, key, cap, def) char field[cap];
#define LC_OPT_INT(field, key, type, def, lo, hi) type field;
#define LC_OPT_BOOL(field, key, def) bool field;
#include "lc_options.def"
#undef LC_OPT_STR
#undef LC_OPT_INT
#undef LC_OPT_BOOL
	bool detect[LC_KIND_COUNT]; /* detect_<kind>: one switch per report kind, all on */
} lc_options;

extern lc_options lc_opt;

/* Parse LOCKCHECK_OPTIONS once (idempotent, cheap after the first call).
 * A malformed option prints one line naming it and is ignored. */
void lc_options_init(void);
/* For tests: parse a string into lc_opt; returns 0, or -1 with a message
 * in err. */
int lc_options_parse(const char *text, char *err, size_t errlen);
/* The keys of lc_options.def, in order (for the docs check); NULL past the end. */
const char *lc_option_key(unsigned i);

/* ---- memory (runtime/alloc.c): mmap based, async-signal-safe ---- */
void *lc_alloc(size_t size);           /* zeroed; NULL only if the OS refuses */
void lc_free(void *p, size_t size);
void *lc_realloc(void *p, size_t old_size, size_t new_size);
/* Out of memory is one policy (runtime/alloc.c): the first failure says so
 * on one line of stderr, callers stop tracking what they could not record,
 * nothing aborts.  How many allocations failed so far: */
unsigned long lc_out_of_memory_count(void);
/* For memory not from lc_alloc (a reserved region ran out): the same line. */
void lc_out_of_memory(void);
/* Test hook: every allocation after the next `after` fails (-1: none). */
void lc_alloc_inject_failure(long after);

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
/* The stack depot (runtime/stack_depot.c): each distinct stack stored once,
 * named by a 32-bit id (0: none).  Frames are opaque words, copied in and
 * handed back as they were.  Never mallocs; a put re-entered from a signal
 * handler on the same thread returns 0 rather than wait.  Ids stay valid
 * for the life of the process. */
uint32_t lc_depot_put(const uintptr_t *frames, unsigned depth);
/* The frames of id (*frames NULL and 0 for an unknown id or 0). */
unsigned lc_depot_get(uint32_t id, const uintptr_t **frames);
/* Distinct stacks stored so far. */
unsigned long lc_depot_count(void);
/* The depot id of the stack take(pc, st) would store (take captures and
 * puts it), without the walk when this thread took the same stack from
 * the same place before (runtime/stack_repeat.c).  *cache: the thread's,
 * made on first use; used under one lock (the graph's) only. */
typedef struct lc_stack_cache lc_stack_cache;
uint32_t lc_stack_repeat(lc_stack_cache **cache, const void *pc,
			 uint32_t (*take)(const void *pc, lc_stack *st));
void lc_stack_cache_free(lc_stack_cache *c);
void lc_depot_fork_prepare(void);
void lc_depot_fork_parent(void);
void lc_depot_fork_child(void);
/* Describe one pc: module path and build-id, the pc as an address in the
 * module's ELF file (pc minus load bias: what addr2line -e MODULE takes),
 * function and offset in function.  Empty strings when unknown. */
typedef struct lc_frame_info {
	uintptr_t pc;
	char module[256];
	char build_id[65];          /* lowercase hex, "" when the module has none */
	uintptr_t module_offset;
	char function[128];
	uintptr_t function_offset;
} lc_frame_info;
void lc_stack_symbolize(uintptr_t pc, lc_frame_info *out);
/* Name the global variable an address lies in ("cache_lock", "table+0x40"),
 * for locks nobody named; false when it is not in a module's data. */
bool lc_symbolize_data(const void *addr, char *name, size_t cap);

/* Without the loader's lock (lock_classes=site names classes while a lock
 * is being taken, where dladdr could wait for a dlopen that waits for that
 * lock): lc_stack_symbolize from the module's .symtab only; a name for a
 * code site ("fn+0x1c", else "module+0x11c9") or a variable ("global_lock",
 * "table+0x40", else "module+0x4040"), "" when addr is in no module; and
 * whether addr lies in a loaded module at all (a global, not heap or stack). */
void lc_stack_symbolize_nolock(uintptr_t pc, lc_frame_info *out);
void lc_site_name_nolock(uintptr_t addr, bool data, char *out, size_t cap);
bool lc_address_in_module(const void *addr);

/* The module (lowest and highest mapped address) addr lies in; false if none. */
bool lc_module_bounds(uintptr_t addr, uintptr_t *lo, uintptr_t *hi, bool *is_main);

/* ---- libunwind's own locks (runtime/unwinder_guard.c) ----
 * The library walks stacks with libunwind, so it must never do so while
 * this thread holds one of libunwind's locks.  The mutex wrappers pass a
 * lock that lives in libunwind (or is taken from its code) straight
 * through and count it in lc_unwinder_locks; while that count is non-zero
 * the thread's events are not checked and no stack is walked. */
typedef struct lc_module_span {
	uintptr_t lo, size; /* size 0: not looked up yet */
} lc_module_span;
extern lc_module_span lc_unwinder_span;
extern __thread __attribute__((tls_model("initial-exec"))) int lc_unwinder_locks;
void lc_unwinder_span_init(void);

/* Whether lock lives in libunwind or caller is its code.  Cheap: it runs on
 * every mutex call. */
static inline bool lc_unwinder_owns(const void *lock, const void *caller)
{
	uintptr_t size = __atomic_load_n(&lc_unwinder_span.size, __ATOMIC_ACQUIRE);
	if (__builtin_expect(size == 0, 0)) {
		lc_unwinder_span_init();
		size = __atomic_load_n(&lc_unwinder_span.size, __ATOMIC_ACQUIRE);
	}
	uintptr_t lo = __atomic_load_n(&lc_unwinder_span.lo, __ATOMIC_RELAXED);
	return (uintptr_t)lock - lo < size || (uintptr_t)caller - lo < size;
}

/* ---- configuration errors (runtime/misc.c) ----
 * A file named in an option that cannot be used (spec=, spec_era=,
 * suppressions=): the checks do not run as asked, so the run must not look
 * clean.  Counted (the exit status is exitcode, as for findings) and noted
 * for `lockcheck run`; what was wrong is said by the caller. */
void lc_config_error(const char *what);
unsigned long lc_config_errors(void);

/* ---- files named in options (runtime/config_file.c) ---- */
/* The whole of path, NUL-terminated, in lc_alloc memory of *alloc_size
 * bytes (give it back with lc_free); NULL with a message naming the file in
 * err when it cannot be opened, is not a regular file (a directory, a FIFO,
 * a device: "PATH: is a FIFO, not a WHAT file") or is larger than max. */
char *lc_read_config_file(const char *path, const char *what, size_t max, size_t *len, size_t *alloc_size,
			  char *err, size_t errlen);

/* ---- misc ---- */
/* getenv, also before libc has set environ (.preinit_array): then the
 * value is copied into buf (cap bytes, cut short if longer). */
const char *lc_early_getenv(const char *name, char *buf, size_t cap);
long lc_gettid(void);
/* write(2) all of buf, retrying on EINTR; never through intercepted calls. */
void lc_write_all(int fd, const char *buf, size_t len);
/* The same, saying how it went: 0 or the errno of the write that failed,
 * with *done the bytes written before it.  errno itself is left alone. */
int lc_write_fully(int fd, const char *buf, size_t len, size_t *done);
/* One line for `lockcheck run` (LOCKCHECK_RUN_MARKER), e.g. "report-lost":
 * what the run must fail on though the report cannot say it. */
void lc_run_note(const char *line);

#endif

/* Stack capture with libunwind.  unw_backtrace walks the current thread with
 * its fast trace cache and never mallocs, so it can be called while a lock
 * event is being handled or from a signal handler.
 *
 * The library's own frames are left out: when the library is a shared object
 * (LD_PRELOAD), every frame inside it is dropped, whatever `skip` says; when it is linked into the program itself, module ranges cannot tell
 * it apart, so the caller's `skip` is used. */
#define UNW_LOCAL_ONLY
#include <libunwind.h>
#include <link.h>
#include <stdatomic.h>
#include <string.h>

#include "lc_runtime.h"

enum { RANGE_UNKNOWN, RANGE_NONE, RANGE_SET };
static _Atomic int range_state;
static _Atomic uintptr_t own_lo, own_hi;

struct range_search {
	uintptr_t addr;
	uintptr_t lo, hi;
	bool found, is_main;
};

static int find_module(struct dl_phdr_info *info, size_t size, void *arg)
{
	(void)size;
	struct range_search *rs = arg;
	uintptr_t lo = UINTPTR_MAX, hi = 0;
	for (int i = 0; i < info->dlpi_phnum; i++) {
		const ElfW(Phdr) *ph = &info->dlpi_phdr[i];
		if (ph->p_type != PT_LOAD)
			continue;
		uintptr_t b = info->dlpi_addr + ph->p_vaddr;
		if (b < lo)
			lo = b;
		if (b + ph->p_memsz > hi)
			hi = b + ph->p_memsz;
	}
	if (rs->addr >= lo && rs->addr < hi) {
		rs->lo = lo;
		rs->hi = hi;
		rs->found = true;
		/* The main program comes first, with an empty name. */
		rs->is_main = !info->dlpi_name || !info->dlpi_name[0];
		return 1;
	}
	return 0;
}

bool lc_module_bounds(uintptr_t addr, uintptr_t *lo, uintptr_t *hi, bool *is_main)
{
	struct range_search rs = {.addr = addr};
	dl_iterate_phdr(find_module, &rs);
	*lo = rs.lo;
	*hi = rs.hi;
	*is_main = rs.is_main;
	return rs.found;
}

/* Idempotent, so two threads racing here compute the same thing. */
static int own_range(void)
{
	int st = atomic_load(&range_state);
	if (st != RANGE_UNKNOWN)
		return st;
	uintptr_t lo, hi;
	bool is_main;
	if (lc_module_bounds((uintptr_t)&lc_stack_capture, &lo, &hi, &is_main) && !is_main) {
		atomic_store(&own_lo, lo);
		atomic_store(&own_hi, hi);
		st = RANGE_SET;
	} else {
		st = RANGE_NONE;
	}
	atomic_store(&range_state, st);
	return st;
}

static bool in_own_module(uintptr_t pc)
{
	return pc >= atomic_load(&own_lo) && pc < atomic_load(&own_hi);
}

__attribute__((noinline)) void lc_stack_capture(lc_stack *st, unsigned skip)
{
	void *pcs[LC_MAX_FRAMES + 32];
	/* stack_depth=0 asks for no stacks at all: skip the walk too. */
	unsigned want = lc_opt.stack_depth > 0 ? (unsigned)lc_opt.stack_depth : 0;
	if (want > LC_MAX_FRAMES)
		want = LC_MAX_FRAMES;
	st->depth = 0;
	/* Holding one of libunwind's own locks: walking would wait for it. */
	if (!want || lc_unwinder_locks)
		return;
	/* Known before libunwind is first entered, so its locks are recognised. */
	if (!__atomic_load_n(&lc_unwinder_span.size, __ATOMIC_ACQUIRE))
		lc_unwinder_span_init();
	int n = unw_backtrace(pcs, (int)(sizeof pcs / sizeof *pcs));
	unsigned first = 1 + skip; /* this function, then the caller's choice */
	if (own_range() == RANGE_SET) {
		first = 0;
		while ((int)first < n && in_own_module((uintptr_t)pcs[first]))
			first++;
	}
	/* Deeper frames of ours (the thread-start trampoline) are left out too. */
	bool own = own_range() == RANGE_SET;
	for (unsigned i = first; (int)i < n && st->depth < want; i++)
		if (!own || !in_own_module((uintptr_t)pcs[i]))
			st->pc[st->depth++] = (uintptr_t)pcs[i];
}

/* Turning a pc into "function+0xOFF (module+0xOFF)".
 *
 * dladdr gives the module and any exported symbol.  Functions that are not
 * exported (static functions, programs not built with -rdynamic) are looked
 * up in the module's own ELF .symtab (stack_elf.c).  The main program's
 * path comes from /proc/self/exe, since the loader only knows it as argv[0].
 * Only called when a finding is reported, never on the lock fast path. */
#include <dlfcn.h>
#include <fcntl.h>
#include <link.h>
#include <stdatomic.h>
#include <string.h>
#include <sys/auxv.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "lc_runtime.h"
#include "runtime/stack_elf.h"
#include "runtime/stack_module.h"

static char exe_path[256];
static _Atomic int exe_state; /* 0 unknown, 1 known */
static uintptr_t exe_start;

/* Where the main program is mapped, from the auxiliary vector (safe in a
 * signal handler, unlike asking the loader). */
static void find_exe(void)
{
	if (atomic_load(&exe_state))
		return;
	const ElfW(Phdr) *ph = (const ElfW(Phdr) *)getauxval(AT_PHDR);
	unsigned long phnum = getauxval(AT_PHNUM);
	uintptr_t bias = 0, min_vaddr = UINTPTR_MAX;
	for (unsigned long i = 0; ph && i < phnum; i++) {
		if (ph[i].p_type == PT_PHDR)
			bias = (uintptr_t)ph - ph[i].p_vaddr;
		if (ph[i].p_type == PT_LOAD && ph[i].p_vaddr < min_vaddr)
			min_vaddr = ph[i].p_vaddr;
	}
	long page = sysconf(_SC_PAGESIZE);
	exe_start = min_vaddr == UINTPTR_MAX ? 0 : (bias + min_vaddr) & ~((uintptr_t)page - 1);
	long n = syscall(SYS_readlink, "/proc/self/exe", exe_path, sizeof exe_path - 1);
	exe_path[n > 0 ? n : 0] = 0;
	atomic_store(&exe_state, 1);
}

static void copy(char *dst, size_t cap, const char *src)
{
	size_t n = src ? strlen(src) : 0;
	if (n >= cap)
		n = cap - 1;
	if (n)
		memcpy(dst, src, n);
	dst[n] = 0;
}

/* gcc names its clones foo.constprop.0, foo.isra.0, foo.part.0, foo.cold:
 * people and suppressions know the function as foo.  No C or mangled C++
 * name contains a dot, so everything from the first one on goes. */
static void strip_clone_suffix(char *name)
{
	char *dot = strchr(name, '.');
	if (dot && dot != name)
		*dot = 0;
}

/* "sym" or "sym+0xOFF". */
static void format_symbol(char *out, size_t cap, const char *sym, uintptr_t off)
{
	static const char hex[] = "0123456789abcdef";
	size_t n = 0;
	while (*sym && n + 1 < cap)
		out[n++] = *sym++;
	if (off && n + 4 < cap) {
		char digits[2 * sizeof off];
		int nd = 0;
		do
			digits[nd++] = hex[off & 15];
		while ((off >>= 4) && nd < (int)sizeof digits);
		out[n++] = '+';
		out[n++] = '0';
		out[n++] = 'x';
		while (nd && n + 1 < cap)
			out[n++] = digits[--nd];
	}
	out[n] = 0;
}

/* Whether an exported symbol's address is code (dladdr does not say). */
static bool is_function(const void *addr)
{
	char name[8];
	uintptr_t off;
	Dl_info info;
	if (!dladdr(addr, &info) || !info.dli_fbase || !info.dli_fname || info.dli_fname[0] != '/')
		return false;
	return lc_elf_lookup(info.dli_fname, (uintptr_t)info.dli_fbase,
			     (uintptr_t)addr - (uintptr_t)info.dli_fbase, name, sizeof name, &off);
}

/* Where distributions put a stripped module's symbols: by build-id. */
static void debug_file(char *out, size_t cap, const char *build_id)
{
	static const char dir[] = "/usr/lib/debug/.build-id/";
	size_t n = strlen(build_id), d = sizeof dir - 1;
	out[0] = 0;
	if (n < 3 || d + n + 8 > cap)
		return;
	memcpy(out, dir, d);
	memcpy(out + d, build_id, 2);
	out[d + 2] = '/';
	memcpy(out + d + 3, build_id + 2, n - 2);
	memcpy(out + d + 3 + n - 2, ".debug", 7);
}

void lc_stack_symbolize(uintptr_t pc, lc_frame_info *out)
{
	memset(out, 0, sizeof *out);
	out->pc = pc;
	if (!pc)
		return;
	/* pc is a return address: pc - 1 is inside the call instruction, so a
	 * call that ends its function is not taken for the next function. */
	uintptr_t probe = pc - 1;
	Dl_info info;
	if (!dladdr((void *)probe, &info) || !info.dli_fbase)
		return;
	find_exe();
	uintptr_t base = (uintptr_t)info.dli_fbase;
	const char *path = info.dli_fname;
	if (base == exe_start && exe_path[0])
		path = exe_path;
	copy(out->module, sizeof out->module, path);
	uintptr_t bias;
	lc_module_identity(base, &bias, out->build_id, sizeof out->build_id);
	out->module_offset = pc - bias;
	if (info.dli_sname && info.dli_saddr) {
		copy(out->function, sizeof out->function, info.dli_sname);
		out->function_offset = pc - (uintptr_t)info.dli_saddr;
		strip_clone_suffix(out->function);
		return;
	}
	uintptr_t fn_offset;
	char debug_path[128];
	debug_file(debug_path, sizeof debug_path, out->build_id);
	if (path && path[0] == '/' &&
	    lc_elf_lookup_debug(path, debug_path, base, probe - base, out->function, sizeof out->function, &fn_offset))
	{
		out->function_offset = fn_offset + 1; /* measured from probe = pc - 1 */
		strip_clone_suffix(out->function);
	}
}

bool lc_symbolize_data(const void *addr, char *name, size_t cap)
{
	Dl_info info;
	if (!addr || cap == 0 || !dladdr(addr, &info) || !info.dli_fbase)
		return false;
	uintptr_t a = (uintptr_t)addr, off = 0;
	if (info.dli_sname && info.dli_saddr) {
		/* dladdr names the nearest exported symbol below: trust it only
		 * when it is data and close (a lock inside a global struct). */
		off = a - (uintptr_t)info.dli_saddr;
		if (off < 4096 && !is_function(info.dli_saddr)) {
			format_symbol(name, cap, info.dli_sname, off);
			return true;
		}
	}
	find_exe();
	uintptr_t base = (uintptr_t)info.dli_fbase;
	const char *path = base == exe_start && exe_path[0] ? exe_path : info.dli_fname;
	char sym[128];
	if (!path || path[0] != '/' || !lc_elf_lookup_data(path, base, a - base, sym, sizeof sym, &off))
		return false;
	format_symbol(name, cap, sym, off);
	return true;
}

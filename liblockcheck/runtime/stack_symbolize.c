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

/* The frame at pc in the module mapped at base from path; sname/saddr:
 * the exported symbol dladdr found, if any. */
static void symbolize_in(uintptr_t pc, uintptr_t base, const char *path, const char *sname,
			 const void *saddr, lc_frame_info *out)
{
	uintptr_t probe = pc - 1;
	copy(out->module, sizeof out->module, path);
	uintptr_t bias;
	lc_module_identity(base, &bias, out->build_id, sizeof out->build_id);
	out->module_offset = pc - bias;
	if (sname && saddr) {
		copy(out->function, sizeof out->function, sname);
		out->function_offset = pc - (uintptr_t)saddr;
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

void lc_stack_symbolize(uintptr_t pc, lc_frame_info *out)
{
	memset(out, 0, sizeof *out);
	out->pc = pc;
	if (!pc)
		return;
	/* pc is a return address: pc - 1 is inside the call instruction, so a
	 * call that ends its function is not taken for the next function. */
	Dl_info info;
	if (!dladdr((void *)(pc - 1), &info) || !info.dli_fbase)
		return;
	find_exe();
	uintptr_t base = (uintptr_t)info.dli_fbase;
	const char *path = base == exe_start && exe_path[0] ? exe_path : info.dli_fname;
	symbolize_in(pc, base, path, info.dli_sname, info.dli_saddr, out);
}

/* The module holding addr without the loader's lock (_dl_find_object is
 * lock-free): for callers that may hold a program lock a dlopen in another
 * thread waits for. */
static bool module_nolock(uintptr_t addr, uintptr_t *base, const char **path)
{
	struct dl_find_object fo;
	if (_dl_find_object((void *)addr, &fo) != 0 || !fo.dlfo_link_map)
		return false;
	find_exe();
	*base = (uintptr_t)fo.dlfo_map_start;
	const char *name = fo.dlfo_link_map->l_name;
	*path = !name || !name[0] ? exe_path : name; /* the main program has no name */
	return true;
}

void lc_stack_symbolize_nolock(uintptr_t pc, lc_frame_info *out)
{
	memset(out, 0, sizeof *out);
	out->pc = pc;
	uintptr_t base;
	const char *path;
	if (pc && module_nolock(pc - 1, &base, &path))
		symbolize_in(pc, base, path, NULL, NULL, out);
}

/* "module+0xOFF" from a path. */
static void format_module(char *out, size_t cap, const char *path, uintptr_t off)
{
	const char *slash = strrchr(path, '/');
	format_symbol(out, cap, slash ? slash + 1 : path, off);
}

void lc_site_name_nolock(uintptr_t addr, bool data, char *out, size_t cap)
{
	if (!cap)
		return;
	out[0] = 0;
	if (!data) {
		lc_frame_info fr;
		lc_stack_symbolize_nolock(addr, &fr);
		if (fr.function[0])
			format_symbol(out, cap, fr.function, fr.function_offset);
		else if (fr.module[0])
			format_module(out, cap, fr.module, fr.module_offset);
		return;
	}
	uintptr_t base, off, bias;
	const char *path;
	char sym[128], build_id[65];
	if (!module_nolock(addr, &base, &path))
		return;
	if (path && path[0] == '/' && lc_elf_lookup_data(path, base, addr - base, sym, sizeof sym, &off)) {
		format_symbol(out, cap, sym, off);
		return;
	}
	lc_module_identity(base, &bias, build_id, sizeof build_id);
	if (path && path[0])
		format_module(out, cap, path, addr - bias);
}

bool lc_address_in_module(const void *addr)
{
	struct dl_find_object fo;
	return _dl_find_object((void *)(uintptr_t)addr, &fo) == 0;
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

/* See stack_elf.h.  Each module file is mapped read-only once and kept in a
 * small fixed table (lock free: a slot is claimed with a compare-and-swap;
 * a reader that finds a slot still loading just goes without a name this
 * time).  Files are opened with syscall() and mapped with mmap, so this works
 * in a signal handler and never mallocs. */
#include <elf.h>
#include <fcntl.h>
#include <link.h>
#include <stdatomic.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "runtime/stack_elf.h"

#define MODULE_SLOTS 64

enum { EMPTY, LOADING, READY, FAILED };

typedef struct module {
	_Atomic int state;
	_Atomic uintptr_t base;
	const ElfW(Sym) *syms;
	size_t nsyms;
	const char *strs;
	size_t strsz;
	uintptr_t first_vaddr; /* page-aligned vaddr of the first PT_LOAD: maps to base */
} module;

static module modules[MODULE_SLOTS];

static bool in_file(size_t size, uint64_t off, uint64_t len)
{
	return off <= size && len <= size - off;
}

/* want: SHT_SYMTAB, or SHT_DYNSYM (what a stripped module still has). */
static bool load(module *m, const char *path, unsigned want)
{
	int fd = (int)syscall(SYS_openat, AT_FDCWD, path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return false;
	struct stat st;
	void *map = MAP_FAILED;
	if (fstat(fd, &st) == 0 && st.st_size > (off_t)sizeof(ElfW(Ehdr)))
		map = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
	syscall(SYS_close, fd);
	if (map == MAP_FAILED)
		return false;
	size_t size = (size_t)st.st_size;
	const unsigned char *file = map;
	const ElfW(Ehdr) *eh = map;
	if (memcmp(eh->e_ident, ELFMAG, SELFMAG) || eh->e_ident[EI_CLASS] != ELFCLASS64 ||
	    eh->e_shentsize != sizeof(ElfW(Shdr)) || eh->e_phentsize != sizeof(ElfW(Phdr)) ||
	    !in_file(size, eh->e_shoff, (uint64_t)eh->e_shnum * sizeof(ElfW(Shdr))) ||
	    !in_file(size, eh->e_phoff, (uint64_t)eh->e_phnum * sizeof(ElfW(Phdr))))
		goto fail;
	const ElfW(Phdr) *ph = (const ElfW(Phdr) *)(file + eh->e_phoff);
	uintptr_t first = UINTPTR_MAX;
	for (unsigned i = 0; i < eh->e_phnum; i++)
		if (ph[i].p_type == PT_LOAD && ph[i].p_vaddr < first)
			first = ph[i].p_vaddr;
	if (first == UINTPTR_MAX)
		goto fail;
	m->first_vaddr = first & ~((uintptr_t)sysconf(_SC_PAGESIZE) - 1);
	const ElfW(Shdr) *sh = (const ElfW(Shdr) *)(file + eh->e_shoff);
	for (unsigned i = 0; i < eh->e_shnum; i++) {
		if (sh[i].sh_type != want || sh[i].sh_link >= eh->e_shnum)
			continue;
		const ElfW(Shdr) *strsh = &sh[sh[i].sh_link];
		if (!in_file(size, sh[i].sh_offset, sh[i].sh_size) ||
		    !in_file(size, strsh->sh_offset, strsh->sh_size) || !strsh->sh_size)
			goto fail;
		m->syms = (const ElfW(Sym) *)(file + sh[i].sh_offset);
		m->nsyms = sh[i].sh_size / sizeof(ElfW(Sym));
		m->strs = (const char *)(file + strsh->sh_offset);
		m->strsz = strsh->sh_size;
		return true; /* the mapping stays: names point into it */
	}
fail:
	munmap(map, size);
	return false;
}

/* The module's own .symtab, else (stripped, as distributions ship
 * libraries) the one in its separate debug file, found by build-id, else
 * its .dynsym: exported names only, as dladdr knows them. */
static bool load_any(module *m, const char *path, const char *debug_path)
{
	return load(m, path, SHT_SYMTAB) || (debug_path && debug_path[0] && load(m, debug_path, SHT_SYMTAB)) ||
	       load(m, path, SHT_DYNSYM);
}

static module *find_module(const char *path, const char *debug_path, uintptr_t base)
{
	for (unsigned i = 0; i < MODULE_SLOTS; i++) {
		module *m = &modules[i];
		int st = atomic_load(&m->state);
		if (st == EMPTY) {
			int expected = EMPTY;
			if (!atomic_compare_exchange_strong(&m->state, &expected, LOADING))
				continue; /* lost the race: look at it on the next pass */
			atomic_store(&m->base, base);
			atomic_store(&m->state, load_any(m, path, debug_path) ? READY : FAILED);
			return atomic_load(&m->state) == READY ? m : NULL;
		}
		if (atomic_load(&m->base) != base)
			continue;
		return st == READY ? m : NULL; /* FAILED, or still LOADING */
	}
	return NULL; /* table full: no names for more modules */
}

static bool wanted(int type, bool data)
{
	if (data)
		return type == STT_OBJECT;
	return type == STT_FUNC || type == STT_GNU_IFUNC;
}

static bool lookup(const char *path, const char *debug_path, uintptr_t base, uintptr_t offset, bool data,
		   char *name, size_t namecap, uintptr_t *sym_offset)
{
	module *m = find_module(path, debug_path, base);
	if (!m)
		return false;
	uintptr_t vaddr = offset + m->first_vaddr;
	const ElfW(Sym) *best = NULL;
	for (size_t i = 0; i < m->nsyms; i++) {
		const ElfW(Sym) *s = &m->syms[i];
		if (!wanted(ELF64_ST_TYPE(s->st_info), data) || s->st_shndx == SHN_UNDEF ||
		    s->st_name >= m->strsz || vaddr < s->st_value)
			continue;
		if (vaddr < s->st_value + s->st_size) {
			best = s;
			break;
		}
	}
	if (!best)
		return false;
	const char *sym = m->strs + best->st_name;
	size_t n = strnlen(sym, m->strsz - best->st_name);
	if (n >= namecap)
		n = namecap - 1;
	memcpy(name, sym, n);
	name[n] = 0;
	*sym_offset = vaddr - best->st_value;
	return true;
}

bool lc_elf_lookup(const char *path, uintptr_t base, uintptr_t offset,
		   char *name, size_t namecap, uintptr_t *fn_offset)
{
	return lookup(path, NULL, base, offset, false, name, namecap, fn_offset);
}

bool lc_elf_lookup_debug(const char *path, const char *debug_path, uintptr_t base, uintptr_t offset,
			 char *name, size_t namecap, uintptr_t *fn_offset)
{
	return lookup(path, debug_path, base, offset, false, name, namecap, fn_offset);
}

bool lc_elf_lookup_data(const char *path, uintptr_t base, uintptr_t offset,
			char *name, size_t namecap, uintptr_t *var_offset)
{
	return lookup(path, NULL, base, offset, true, name, namecap, var_offset);
}

/* Reads PROG's ELF program headers and dynamic section (prog_inspect.h).
 * Anything it cannot make sense of is PROG_OTHER: it is run as it is. */
#include <elf.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "prog_inspect.h"

/* Runtimes that refuse to run unless they come first in the initial
 * library list. */
static const char *const first_runtimes[] = {"libasan.so.", "libhwasan.so.", "libtsan.so.", "liblsan.so."};

static int find_in_path(const char *name, char *out, size_t cap)
{
	if (strchr(name, '/')) {
		snprintf(out, cap, "%s", name);
		return access(out, F_OK) == 0;
	}
	const char *path = getenv("PATH");
	if (!path || !*path)
		path = "/bin:/usr/bin";
	while (*path) {
		size_t n = strcspn(path, ":");
		snprintf(out, cap, "%.*s/%s", (int)n, n ? path : ".", name);
		struct stat st;
		if (stat(out, &st) == 0 && S_ISREG(st.st_mode) && access(out, X_OK) == 0)
			return 1;
		path += n + (path[n] == ':');
	}
	return 0;
}

/* The file offset of a virtual address, through the PT_LOAD segments. */
static long vaddr_offset(const Elf64_Phdr *ph, unsigned n, Elf64_Addr addr)
{
	for (unsigned i = 0; i < n; i++)
		if (ph[i].p_type == PT_LOAD && addr >= ph[i].p_vaddr && addr < ph[i].p_vaddr + ph[i].p_filesz)
			return (long)(addr - ph[i].p_vaddr + ph[i].p_offset);
	return -1;
}

static void scan_needed(const unsigned char *img, size_t size, const Elf64_Phdr *ph, unsigned n,
			const Elf64_Phdr *dyn, prog_info *info)
{
	if (dyn->p_offset > size || dyn->p_filesz > size - dyn->p_offset)
		return;
	const Elf64_Dyn *d = (const Elf64_Dyn *)(img + dyn->p_offset);
	size_t nd = dyn->p_filesz / sizeof *d;
	long strtab = -1;
	for (size_t i = 0; i < nd && d[i].d_tag != DT_NULL; i++)
		if (d[i].d_tag == DT_STRTAB)
			strtab = vaddr_offset(ph, n, d[i].d_un.d_ptr);
	if (strtab < 0 || (size_t)strtab >= size)
		return;
	for (size_t i = 0; i < nd && d[i].d_tag != DT_NULL; i++) {
		if (d[i].d_tag != DT_NEEDED || d[i].d_un.d_val >= size - (size_t)strtab)
			continue;
		const char *name = (const char *)img + strtab + d[i].d_un.d_val;
		size_t len = strnlen(name, size - (size_t)strtab - d[i].d_un.d_val);
		for (size_t k = 0; k < sizeof first_runtimes / sizeof first_runtimes[0]; k++)
			if (!strncmp(name, first_runtimes[k], strlen(first_runtimes[k])) &&
			    len < sizeof info->first_runtime)
				snprintf(info->first_runtime, sizeof info->first_runtime, "%.*s", (int)len, name);
	}
}

static void inspect_image(const unsigned char *img, size_t size, prog_info *info)
{
	if (size < sizeof(Elf64_Ehdr) || memcmp(img, ELFMAG, SELFMAG) || img[EI_CLASS] != ELFCLASS64)
		return;
	const Elf64_Ehdr *eh = (const Elf64_Ehdr *)img;
	if ((eh->e_type != ET_EXEC && eh->e_type != ET_DYN) || eh->e_phentsize != sizeof(Elf64_Phdr) ||
	    eh->e_phoff > size || (size_t)eh->e_phnum * sizeof(Elf64_Phdr) > size - eh->e_phoff)
		return;
	const Elf64_Phdr *ph = (const Elf64_Phdr *)(img + eh->e_phoff);
	const Elf64_Phdr *dyn = NULL;
	int interp = 0;
	for (unsigned i = 0; i < eh->e_phnum; i++) {
		interp |= ph[i].p_type == PT_INTERP;
		if (ph[i].p_type == PT_DYNAMIC)
			dyn = &ph[i];
	}
	/* A shared library run as a program (ET_DYN, no interpreter, with a
	 * dynamic section but not static-pie's self-relocation) is rare enough
	 * to be called static too: the loader does not preload into it either. */
	info->kind = interp ? PROG_DYNAMIC : PROG_STATIC;
	if (dyn)
		scan_needed(img, size, ph, eh->e_phnum, dyn, info);
}

int prog_inspect(const char *argv0, prog_info *info)
{
	memset(info, 0, sizeof *info);
	if (!find_in_path(argv0, info->path, sizeof info->path))
		return 0;
	int fd = open(info->path, O_RDONLY | O_CLOEXEC);
	struct stat st;
	if (fd < 0 || fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || st.st_size <= 0) {
		if (fd >= 0)
			close(fd);
		return 1;
	}
	size_t size = (size_t)st.st_size;
	void *img = mmap(NULL, size, PROT_READ, MAP_PRIVATE, fd, 0);
	close(fd);
	if (img != MAP_FAILED) {
		inspect_image(img, size, info);
		munmap(img, size);
	}
	return 1;
}

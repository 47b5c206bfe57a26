/* See stack_module.h.  The first PT_LOAD of every module the loader maps
 * starts at file offset 0, so the ELF header and program headers are in
 * memory at the module's base; PT_NOTE segments are loaded too, which is
 * where the linker puts the NT_GNU_BUILD_ID note. */
#include <elf.h>
#include <link.h>
#include <string.h>

#include "runtime/stack_module.h"

#define PAGE_MASK_4K ((uintptr_t)4095)

static void hex(char *out, size_t cap, const unsigned char *p, size_t n)
{
	static const char digits[] = "0123456789abcdef";
	size_t o = 0;
	for (size_t i = 0; i < n && o + 2 < cap; i++) {
		out[o++] = digits[p[i] >> 4];
		out[o++] = digits[p[i] & 15];
	}
	out[o] = 0;
}

static bool note_build_id(const unsigned char *p, size_t size, char *out, size_t cap)
{
	size_t at = 0;
	while (at + sizeof(ElfW(Nhdr)) <= size) {
		const ElfW(Nhdr) *nh = (const ElfW(Nhdr) *)(p + at);
		size_t name_len = (nh->n_namesz + 3) & ~(size_t)3;
		size_t desc_len = (nh->n_descsz + 3) & ~(size_t)3;
		size_t desc_at = at + sizeof *nh + name_len;
		if (desc_at > size || desc_len > size - desc_at)
			return false;
		if (nh->n_type == NT_GNU_BUILD_ID && nh->n_namesz == 4 &&
		    !memcmp(p + at + sizeof *nh, "GNU", 4)) {
			hex(out, cap, p + desc_at, nh->n_descsz);
			return true;
		}
		at = desc_at + desc_len;
	}
	return false;
}

void lc_module_identity(uintptr_t base, uintptr_t *bias, char *build_id, size_t cap)
{
	*bias = base;
	if (cap)
		build_id[0] = 0;
	const ElfW(Ehdr) *eh = (const ElfW(Ehdr) *)base;
	if (!base || memcmp(eh->e_ident, ELFMAG, SELFMAG) || eh->e_phentsize != sizeof(ElfW(Phdr)) ||
	    eh->e_phoff > 65536 || eh->e_phnum > 512)
		return;
	const ElfW(Phdr) *ph = (const ElfW(Phdr) *)(base + eh->e_phoff);
	uintptr_t first = UINTPTR_MAX;
	for (unsigned i = 0; i < eh->e_phnum; i++)
		if (ph[i].p_type == PT_LOAD && ph[i].p_vaddr < first)
			first = ph[i].p_vaddr;
	if (first == UINTPTR_MAX)
		return;
	*bias = base - (first & ~PAGE_MASK_4K);
	for (unsigned i = 0; i < eh->e_phnum && cap; i++)
		if (ph[i].p_type == PT_NOTE &&
		    note_build_id((const unsigned char *)(*bias + ph[i].p_vaddr), ph[i].p_memsz, build_id, cap))
			return;
}

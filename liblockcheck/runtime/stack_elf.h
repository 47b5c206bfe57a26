/* Function names from a module's ELF .symtab, for functions dladdr cannot
 * name (static ones, or programs linked without -rdynamic). */
#ifndef LC_STACK_ELF_H
#define LC_STACK_ELF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* path: the module's file; base: where it is mapped (dladdr's dli_fbase);
 * offset: the address minus base.  Fills name and the offset into the
 * function; false if the module has no .symtab or no function covers it. */
bool lc_elf_lookup(const char *path, uintptr_t base, uintptr_t offset,
		   char *name, size_t namecap, uintptr_t *fn_offset);

/* The same, trying debug_path (the separate debug file) when the module
 * itself has no .symtab. */
bool lc_elf_lookup_debug(const char *path, const char *debug_path, uintptr_t base, uintptr_t offset,
			 char *name, size_t namecap, uintptr_t *fn_offset);

/* The same for a global or static variable (STT_OBJECT): names a lock that
 * is a global, or sits inside one. */
bool lc_elf_lookup_data(const char *path, uintptr_t base, uintptr_t offset,
			char *name, size_t namecap, uintptr_t *var_offset);

#endif

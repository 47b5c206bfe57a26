/* What identifies a loaded module across runs: its build-id and its load
 * bias (so a pc becomes an address in the module's ELF file, the number
 * addr2line and `lockcheck symbolize` take). */
#ifndef LC_STACK_MODULE_H
#define LC_STACK_MODULE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* base: where the module's first page is mapped (dladdr's dli_fbase).
 * Fills *bias (pc - bias = ELF address) and build_id as lowercase hex
 * ("" when the module has no build-id note).  Reads only the module's own
 * mapped headers: no loader lock, no allocation, signal-safe. */
void lc_module_identity(uintptr_t base, uintptr_t *bias, char *build_id, size_t cap);

#endif

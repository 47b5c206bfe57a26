/* Loading a spec for diff and tests: a compiled spec JSON file, or a Locking
 * document compiled on the spot (told apart by content, not by name). */
#ifndef SPEC_LOAD_H
#define SPEC_LOAD_H

#include <stddef.h>
#include <stdio.h>
#include <cjson/cJSON.h>

/* Compiles the Locking document at path (resolutions may be NULL).
 * Returns the spec, or NULL with "FILE:LINE: message" in err. */
cJSON *spec_compile_file(const char *path, const char *resolutions, FILE *diag,
			 char *err, size_t errlen);

/* Reads a compiled spec and checks its format and version.  Returns the spec,
 * or NULL with the reason in err. */
cJSON *spec_read_json(const char *path, char *err, size_t errlen);

/* Either of the above, by content: a file whose first non-blank byte is '{'
 * is read as a spec. */
int spec_file_is_json(const char *path);
cJSON *spec_load_any(const char *path, const char *resolutions, FILE *diag,
		     char *err, size_t errlen);

#endif

/* SHA-256 of a file, for source.sha256 (no crypto library is a dependency). */
#ifndef SPEC_SHA256_H
#define SPEC_SHA256_H

/* Writes 64 hex digits and a NUL into hex.  Returns 0, -1 if unreadable. */
int spec_sha256_file(const char *path, char hex[65]);

#endif

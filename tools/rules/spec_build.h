/* Spec builder: a parsed Locking document (doc_model.h) -> the compiled spec
 * of docs/spec-format.md as a cJSON tree. */
#ifndef SPEC_BUILD_H
#define SPEC_BUILD_H

#include <stdio.h>
#include <cjson/cJSON.h>

#include "doc_model.h"
#include "spec_json.h"

typedef struct lock_seen {
	char name[64];       /* canonical */
	char doc_name[80];   /* as the document writes it */
	const char *kind, *object;
} lock_seen;

typedef struct build_ctx {
	const doc *d;
	cJSON *root;
	cJSON *iface;        /* the interface being built */
	char iface_name[96];
	FILE *diag;          /* undecided placements are also told here; may be NULL */
	lock_seen *seen;
	int nseen, capseen;
} build_ctx;

/* Builds the spec of d.  Returns NULL only when out of memory. */
cJSON *spec_build(const doc *d, FILE *diag);

/* Adds f to method after filling kind and object from the lock table;
 * doc_name is the lock as written.  An unknown lock is kept (kind and object
 * "other") and reported as undecided. */
void build_lock_fact(build_ctx *c, cJSON *method, lock_fact *f, const char *doc_name);
void build_undecided(build_ctx *c, cJSON *method, int line, const char *what, const char *evidence);

/* Prose rules (spec_prose.c): recognised sentences of section s applied to
 * the current interface. */
void prose_apply(build_ctx *c, const doc_section *s);

/* Era of the document from its vocabulary (spec_era.c). */
const char *spec_guess_era(const doc *d);

#endif

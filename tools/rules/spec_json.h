/* JSON writer of the compiled spec: builds every object of
 * docs/spec-format.md with its keys in the documented order, so the output
 * is deterministic, and prints it. */
#ifndef SPEC_JSON_H
#define SPEC_JSON_H

#include <cjson/cJSON.h>

#define SPEC_FORMAT "lockcheck-spec"
#define SPEC_VERSION 1

typedef struct lock_fact {
	const char *lock, *kind, *object;   /* from the lock table */
	const char *entry, *exit;
	const char *scope, *condition;
	const char *alt_entry, *alt_condition; /* alternative when alt_entry */
	const char *one_of[4];              /* "A or B": the locks of which one is held */
	const char *column, *cell;          /* NULL for facts from prose */
	const char *from;                   /* "table" or "prose" */
	int line;
} lock_fact;

cJSON *sj_interface_new(const char *name, int line);
cJSON *sj_method_new(const char *name, int line);
cJSON *sj_method_find(cJSON *interface, const char *name);

void sj_add_lock(cJSON *method, const lock_fact *f);
void sj_set_prototype(cJSON *method, cJSON *prototype);
/* Sets blocking unless it is set already (first statement wins: callers
 * apply the most specific evidence first) or force. */
void sj_set_blocking(cJSON *method, const char *value, int line, const char *from, int force);
void sj_set_rcu_walk(cJSON *method, const char *value, int line);
void sj_add_context(cJSON *method, const char *context, int line);
void sj_add_note(cJSON *method, const char *text, int line);
/* Adds to the method (may be NULL) and to the spec's top-level list. */
void sj_add_undecided(cJSON *root, cJSON *method, const char *where, int line,
		      const char *what, const char *evidence);

void sj_replace(cJSON *obj, const char *key, cJSON *value);
const char *sj_str(const cJSON *obj, const char *key); /* NULL if absent/null */
int sj_int(const cJSON *obj, const char *key);

/* The spec as text, tab indented, ending with a newline; caller frees. */
char *sj_print(const cJSON *spec);

#endif

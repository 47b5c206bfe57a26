/* Shared helpers of the engine tests: feed events, collect the findings
 * the report hook sees (copied: the finding is only valid during the call). */
#ifndef ENGINE_TEST_H
#define ENGINE_TEST_H

#include <criterion/criterion.h>
#include <stdbool.h>
#include <string.h>

#include "lc_events.h"
#include "lc_finding.h"
#include "lc_runtime.h"

#define MAX_SEEN 64
#define MAX_SEEN_LOCKS 64

typedef struct seen_lock {
	const void *addr;
	char name[64];
	char mode[8];
} seen_lock;

typedef struct seen_finding {
	lc_kind kind;
	char message[512];
	unsigned nlocks;
	seen_lock locks[MAX_SEEN_LOCKS];
	unsigned nstacks;
	char labels[4][160];
	uintptr_t top_pc[4]; /* first frame of each stack, 0 if empty */
} seen_finding;

extern seen_finding seen[MAX_SEEN];
extern unsigned nseen;

void engine_test_setup(void);
/* Number of findings of this kind so far. */
unsigned count_kind(lc_kind kind);
/* The first finding of this kind, or NULL. */
const seen_finding *first_of(lc_kind kind);
bool finding_names_lock(const seen_finding *f, const void *addr);

/* Event shorthands. */
void make_lock(const void *l, lc_lock_type type, const char *class_name);
void make_lock_flags(const void *l, lc_lock_type type, unsigned flags, const char *class_name);
void lock_w(const void *l);
void lock_r(const void *l);
void lock_sub(const void *l, unsigned subclass);
bool try_w(const void *l, bool success);
void unlock(const void *l);

#endif

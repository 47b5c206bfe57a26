/* Assertions on what a user sees from a run: its exit and its report. */
#ifndef E2E_ASSERT_H
#define E2E_ASSERT_H

#include <criterion/criterion.h>

#include "e2e_run.h"

/* Ran to the end, reported nothing, exited 0 (so no findings at exit). */
#define assert_silent(r)                                                                   \
	do {                                                                               \
		cr_assert_eq(cJSON_GetArraySize((r)->findings), 0, "expected no findings, got: %s\nstderr:\n%s", \
			     e2e_kinds(r), (r)->err);                                      \
		cr_assert((r)->exited && (r)->exit_code == 0,                              \
			  "expected exit 0, got exit %d signal %d\nstderr:\n%s",          \
			  (r)->exit_code, (r)->signal, (r)->err);                          \
	} while (0)

/* Exactly one finding of kind, returned in *out. */
#define assert_one(r, kind, out)                                                           \
	do {                                                                               \
		cr_assert_eq(e2e_count((r), (kind)), 1, "expected one %s, got: %s\nstderr:\n%s", \
			     (kind), e2e_kinds(r), (r)->err);                              \
		*(out) = e2e_find((r), (kind));                                            \
	} while (0)

/* The run ended with the library's exit code for "findings reported". */
#define assert_exit_findings(r)                                                            \
	cr_assert((r)->exited && (r)->exit_code == 66,                                     \
		  "expected exit 66 (findings), got exit %d signal %d\nstderr:\n%s",      \
		  (r)->exit_code, (r)->signal, (r)->err)

#define assert_names_lock(f, r, name)                                                      \
	cr_assert(e2e_has_lock((f), e2e_printed_lock((r), (name))),                         \
		  "finding does not name lock %s at %s", (name),                           \
		  e2e_printed_lock((r), (name)) ? e2e_printed_lock((r), (name)) : "?")

/* The verdict on a program with one bug: exactly one finding of kind, naming
 * the lock the program printed as name, and the "findings" exit status. */
#define assert_single_finding(r, kind, name)                                               \
	do {                                                                               \
		const cJSON *single_;                                                      \
		assert_one((r), (kind), &single_);                                         \
		assert_names_lock(single_, (r), (name));                                   \
		assert_exit_findings(r);                                                   \
	} while (0)

#define assert_lock_type(f, i, want)                                                       \
	cr_assert_str_eq(e2e_lock_field((f), (i), "type") ? e2e_lock_field((f), (i), "type") : "(null)", (want))

#endif

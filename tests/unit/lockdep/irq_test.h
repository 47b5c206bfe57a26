/* Helpers of the interrupt-state tests: kernel.h code, findings collected
 * through the report hook. */
#ifndef IRQ_TEST_H
#define IRQ_TEST_H

#define LOCKCHECK_LINKED /* the test links liblockcheck.a: pull the API in */
#include "lockcheck/kernel.h"

#include <criterion/criterion.h>

#include "lc_finding.h"

#define IRQ_SEEN_MAX 16

typedef struct irq_seen {
	lc_kind kind;
	char message[1024];
	unsigned nlocks, nstacks;
	const void *locks[8];
	char modes[8][8];        /* "read", "write" or "" */
	char labels[3][320];
	unsigned depth[3];
} irq_seen;

extern irq_seen irq_findings[IRQ_SEEN_MAX];
extern unsigned irq_nfindings;

void irq_test_setup(void);
unsigned irq_count(lc_kind kind);
const irq_seen *irq_first(lc_kind kind);
/* Run fn as a hardirq / softirq handler (as lockdep's selftest does). */
void as_hardirq(void (*fn)(void));
void as_softirq(void (*fn)(void));

#endif

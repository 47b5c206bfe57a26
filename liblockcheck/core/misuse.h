/* annotation-misuse findings, made by core itself (no detector involved). */
#ifndef LC_CORE_MISUSE_H
#define LC_CORE_MISUSE_H

/* Reports message (naming the entry point and the bad argument) with the
 * current stack cut at pc, the annotation call's site.  lock: shown when
 * not NULL.  Only inside the event gate. */
void lc_report_misuse(const char *message, const void *lock, const void *pc);
/* assert-failed for lockdep_assert(expr): "Assertion failed: expr". */
void lc_report_assert(const char *expr, const void *pc);

#endif

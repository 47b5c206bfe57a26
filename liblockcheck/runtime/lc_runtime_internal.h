/* Runtime hooks used only inside the library (core/events.c's fork handling). */
#ifndef LC_RUNTIME_INTERNAL_H
#define LC_RUNTIME_INTERNAL_H

/* In a forked child: forget cached thread ids. */
void lc_runtime_fork_child(void);
/* Around fork: hold the allocator's lock so the child inherits a consistent heap. */
void lc_alloc_fork_prepare(void);
void lc_alloc_fork_parent(void);
void lc_alloc_fork_child(void);

#endif

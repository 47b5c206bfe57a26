/* STUB (owner: contracts helper replaces this file). */
#include "lc_detectors.h"
void lc_contracts_callback_enter(const char *i, const char *m, const lc_callback_object *o, unsigned n) { (void)i; (void)m; (void)o; (void)n; }
void lc_contracts_callback_exit(const char *i, const char *m) { (void)i; (void)m; }
void lc_contracts_blocking(const char *call) { (void)call; }
void lc_contracts_thread_exit(void) {}
void lc_contracts_fork_child(void) {}

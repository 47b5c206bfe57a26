/* Signal usage of a lock class: bit i of the low byte, taken where tracked
 * signal i can be delivered (it has a handler and is not blocked); bit i of
 * the high byte, taken inside the handler of signal i. */
#ifndef LC_SIGNAL_USAGE_H
#define LC_SIGNAL_USAGE_H

#include <stdbool.h>
#include <stdint.h>

#pragma GCC visibility push(hidden)

#define LC_SIG_TRACKED 8
#define LC_SIG_MAX 64
extern int lc_sig_number[LC_SIG_TRACKED];
extern 
void lc_engine_signal_handler(int sig, bool installed);
void lc_engine_signal_mask(uint64_t blocked, bool may_create);
void lc_engine_signal_enter(int sig, uint64_t blocked, uint64_t interrupted_blocked,
			    bool may_create);
void lc_engine_signal_exit(int sig);

#pragma GCC visibility pop

#endif

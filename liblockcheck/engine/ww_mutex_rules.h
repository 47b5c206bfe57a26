/* lockdep's wound/wait rules (ww_mutex_rules.c). */
#ifndef LC_WW_MUTEX_RULES_H
#define LC_WW_MUTEX_RULES_H

#include "lc_detectors.h"

#pragma GCC visibility push(hidden)
/* lc_detector.ww_event: report the rule the operation breaks, if any. */
void lc_engine_ww_event(lc_ww_event ev, const lc_ww_state *st, const void *pc);
#pragma GCC visibility pop

#endif

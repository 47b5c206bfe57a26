/* Nest locks (lockdep's nest_lock): a lock, held by the thread, that
 * serialises every lock of another class, so several of those may be held
 * at once (mutex_lock_nest_lock, a ww_mutex under its acquire context). */
#ifndef LC_NEST_LOCK_H
#define LC_NEST_LOCK_H

#include "engine/engine_internal.h"

#pragma GCC visibility push(hidden)

/* lc_detector.before_acquire_nest. */
int lc_engine_before_acquire_nest(const void *lock, int type, lc_mode mode, unsigned flags,
				  unsigned subclass, const void *nest, const void *pc);
/* In the acquisition's checks, a lock of rec's class already held: true
 * when this acquisition is under a nest lock held below every lock of the
 * class (then lockdep neither reports nor adds order edges). */
bool lc_nest_serializes(const lc_thread *t, const lc_lockrec *rec, const void *lock,
			unsigned subclass);

#pragma GCC visibility pop

#endif

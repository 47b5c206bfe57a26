/* Side records kept per lock class (irq usage, signal usage): one
 * get-or-create for every such table.  The record type has members key
 * (uint64_t), lock (lc_finding_lock, how reports name the class) and hh
 * (UT_hash_handle).  Slow paths only, under the caller's lock. */
#ifndef LC_CLASS_RECORDS_H
#define LC_CLASS_RECORDS_H

#include "engine/engine_internal.h"
#include "engine/lc_uthash.h"

/* The record of class key k in the table head, made from rec and addr if
 * there is none; NULL when memory runs out (nothing is kept then). */
#define LC_CLASS_RECORD_GET(head, k, rec, addr)                                   \
	({                                                                        \
		__typeof__(head) c_;                                              \
		uint64_t k_ = (k);                                                \
		HASH_FIND(hh, head, &k_, sizeof k_, c_);                          \
		if (!c_ && (c_ = lc_alloc(sizeof *c_)) != NULL) {                 \
			c_->key = k_;                                             \
			lc_finding_lock_from_rec(&c_->lock, rec, addr, -1);       \
			HASH_ADD(hh, head, key, sizeof c_->key, c_);              \
			if (!LC_HASH_ADDED(c_)) {                                 \
				lc_free(c_, sizeof *c_);                          \
				c_ = NULL;                                        \
			}                                                         \
		}                                                                 \
		c_;                                                               \
	})

#endif

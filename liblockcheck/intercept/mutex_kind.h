/* What a glibc mutex is, read from its kind word; shared by the pthread_mutex_*
 * wrappers and the C11 mtx_* ones (a mtx_t is a pthread_mutex_t inside). */
#ifndef LC_INTERCEPT_MUTEX_KIND_H
#define LC_INTERCEPT_MUTEX_KIND_H

#include <errno.h>
#include <pthread.h>
#include <stdbool.h>

#include "lc_events.h"

/* The glibc kind word: type in the low bits, robust/pshared/... above. */
static inline lc_lock_type type_of(const pthread_mutex_t *m)
{
	int kind = m->__data.__kind & 3; /* PTHREAD_MUTEX_KIND_MASK_NP */
	return kind == PTHREAD_MUTEX_RECURSIVE ? LC_LOCK_MUTEX_RECURSIVE : LC_LOCK_MUTEX;
}

/* glibc refuses an unlock by a non-owner for these (EPERM); 16 is
 * PTHREAD_MUTEX_ROBUST_NORMAL_NP, the robust bit. */
static inline unsigned lock_flags(const pthread_mutex_t *m)
{
	int kind = m->__data.__kind;
	return (kind & 3) == PTHREAD_MUTEX_ERRORCHECK || (kind & 3) == PTHREAD_MUTEX_RECURSIVE ||
			       (kind & 16)
		       ? LC_LOCK_OWNER_CHECKED
		       : 0;
}

/* Every acquisition says what the mutex is: a statically initialised one
 * is created by the engine on first use, with the type its initializer
 * wrote into the kind word. */
static inline unsigned desc(const pthread_mutex_t *m)
{
	return LC_ACQ_TYPE(type_of(m)) | LC_ACQ_LOCK_FLAGS(lock_flags(m));
}

static inline bool locked(int rc)
{
	return rc == 0 || rc == EOWNERDEAD; /* a robust mutex is ours even then */
}

#endif

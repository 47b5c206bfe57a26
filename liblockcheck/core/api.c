/* The exported annotation API (include/lockcheck/lockcheck.h): thin
 * translations to the event interface of lc_events.h. */
#include <stddef.h>

#define LOCKCHECK_NO_INLINE
#include "lockcheck/lockcheck.h"
#include "lc_events.h"

#define LC_EXPORT __attribute__((visibility("default")))

/* The public enums mirror the internal ones; keep them in step. */
_Static_assert(LOCKCHECK_RCU == (int)LC_LOCK_RCU, "lockcheck_kind follows lc_lock_type");
_Static_assert(LOCKCHECK_CTX_RCU_CALLBACK == (int)LC_CTX_RCU_CALLBACK &&
	       LOCKCHECK_CTX_BH_OFF == (int)LC_CTX_BH_OFF, "contexts in step");
_Static_assert(LOCKCHECK_INIT_RECURSIVE_READ == LC_LOCK_READER_PREFERRING &&
	       LOCKCHECK_INIT_NO_VALIDATE == LC_LOCK_NO_VALIDATE, "init flags in step");
_Static_assert((int)LOCKCHECK_IRQS_QUERY == (int)LC_IRQS_QUERY && (int)LOCKCHECK_IRQS_DISABLE == (int)LC_IRQS_DISABLE,
	       "irq ops in step");
_Static_assert(LOCKCHECK_READ == (int)LC_MODE_READ && LOCKCHECK_WRITE == (int)LC_MODE_WRITE, "modes");
_Static_assert(LOCKCHECK_TRY == LC_ACQ_TRY && LOCKCHECK_TIMED == LC_ACQ_TIMED, "flags");
/* Callback objects are handed over without copying. */
_Static_assert(sizeof(struct lockcheck_object) == sizeof(lc_callback_object) &&
	       offsetof(struct lockcheck_object, object) == offsetof(lc_callback_object, object),
	       "same layout");

static lc_mode to_mode(int mode) { return mode == LOCKCHECK_READ ? LC_MODE_READ : LC_MODE_WRITE; }

LC_EXPORT void lockcheck_lock_init(const void *lock, const char *class_name, int kind,
				   const void *object, const char *object_type)
{
	if (kind < 0 || kind >= LC_LOCK_TYPE_COUNT)
		kind = LC_LOCK_MUTEX;
	lc_lock_attr attr = {
		.type = (lc_lock_type)kind,
		.flags = 0,
		.class_name = class_name,
		.object = object,
		.object_type = object_type,
	};
	lc_on_lock_create(lock, &attr);
}

LC_EXPORT void lockcheck_lock_init_flags(const void *lock, const char *class_name, int kind,
					 unsigned flags, const void *object,
					 const char *object_type)
{
	if (kind < 0 || kind >= LC_LOCK_TYPE_COUNT)
		kind = LC_LOCK_MUTEX;
	lc_lock_attr attr = {
		.type = (lc_lock_type)kind,
		.flags = flags & (LC_LOCK_READER_PREFERRING | LC_LOCK_NO_VALIDATE),
		.class_name = class_name,
		.object = object,
		.object_type = object_type,
	};
	lc_on_lock_create(lock, &attr);
}

LC_EXPORT void lockcheck_lock_destroy(const void *lock) { lc_on_lock_destroy(lock); }

LC_EXPORT void lockcheck_acquire(const void *lock, int mode, int flags, unsigned subclass)
{
	lc_on_acquire(lock, to_mode(mode), (unsigned)flags, subclass);
}

LC_EXPORT void lockcheck_acquired(const void *lock, int mode, int flags, unsigned subclass, int success)
{
	lc_on_acquired(lock, to_mode(mode), (unsigned)flags, subclass, success != 0);
}

LC_EXPORT void lockcheck_release(const void *lock) { lc_on_release(lock); }

LC_EXPORT void lockcheck_might_sleep(const char *what) { lc_on_blocking(what ? what : "might_sleep"); }

LC_EXPORT void lockcheck_context_enter(int ctx)
{
	if (ctx >= 0 && ctx < LC_CTX_COUNT)
		lc_on_context_enter((lc_context)ctx);
}

LC_EXPORT void lockcheck_context_exit(int ctx)
{
	if (ctx >= 0 && ctx < LC_CTX_COUNT)
		lc_on_context_exit((lc_context)ctx);
}

LC_EXPORT void lockcheck_callback_enter(const char *interface, const char *method,
					const struct lockcheck_object *objects, unsigned nobjects)
{
	if (!interface || !method)
		return;
	lc_on_callback_enter(interface, method, (const lc_callback_object *)objects,
			     objects ? nobjects : 0);
}

LC_EXPORT void lockcheck_callback_exit(const char *interface, const char *method)
{
	if (!interface || !method)
		return;
	lc_on_callback_exit(interface, method);
}

LC_EXPORT void lockcheck_assert_held(const void *lock, int mode)
{
	lc_on_assert_held(lock, true, mode < 0 ? -1 : (int)to_mode(mode));
}

LC_EXPORT void lockcheck_assert_not_held(const void *lock) { lc_on_assert_held(lock, false, -1); }

LC_EXPORT int lockcheck_irqs(int op)
{
	if (op < LOCKCHECK_IRQS_ENABLE || op > LOCKCHECK_IRQS_QUERY)
		op = LOCKCHECK_IRQS_QUERY;
	return lc_on_irqs(op);
}

static const struct lockcheck_api api_table = {
	.size = sizeof(struct lockcheck_api),
	.version = LOCKCHECK_API_VERSION,
	.lock_init = lockcheck_lock_init,
	.lock_destroy = lockcheck_lock_destroy,
	.acquire = lockcheck_acquire,
	.acquired = lockcheck_acquired,
	.release = lockcheck_release,
	.might_sleep = lockcheck_might_sleep,
	.context_enter = lockcheck_context_enter,
	.context_exit = lockcheck_context_exit,
	.callback_enter = lockcheck_callback_enter,
	.callback_exit = lockcheck_callback_exit,
	.assert_held = lockcheck_assert_held,
	.assert_not_held = lockcheck_assert_not_held,
	.irqs = lockcheck_irqs,
	.lock_init_flags = lockcheck_lock_init_flags,
};

/* Version 1 is the only one so far; a newer caller still gets a table whose
 * size tells it what is there. */
LC_EXPORT const struct lockcheck_api *lockcheck_api_get(unsigned version)
{
	(void)version;
	return &api_table;
}

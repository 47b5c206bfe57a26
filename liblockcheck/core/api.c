/* The exported annotation API (include/lockcheck/lockcheck.h): thin
 * translations to the event interface of lc_events.h. */
#include <stdbool.h>
#include <stddef.h>

#define LOCKCHECK_NO_INLINE
#include "lockcheck/lockcheck.h"
#include "lc_detectors.h"
#include "lc_events.h"

#define LC_EXPORT __attribute__((visibility("default")))

/* The public enums mirror the internal ones; keep them in step. */
_Static_assert(LOCKCHECK_RCU == (int)LC_LOCK_RCU, "lockcheck_kind follows lc_lock_type");
_Static_assert(LOCKCHECK_LOCAL_LOCK == (int)LC_LOCK_LOCAL_LOCK && LOCKCHECK_WW_CTX == (int)LC_LOCK_WW_CTX,
	       "lockcheck_kind follows lc_lock_type");
_Static_assert(LOCKCHECK_WW_UNLOCK == (int)LC_WW_UNLOCK && sizeof(struct lockcheck_ww_state) == sizeof(lc_ww_state) &&
	       offsetof(struct lockcheck_ww_state, acquired) == offsetof(lc_ww_state, acquired) &&
	       offsetof(struct lockcheck_ww_state, done) == offsetof(lc_ww_state, done),
	       "ww events and state in step");
_Static_assert(LOCKCHECK_RAW_SPINLOCK == (int)LC_LOCK_RAW_SPINLOCK, "lockcheck_kind follows lc_lock_type");
_Static_assert(LOCKCHECK_CTX_IRQ_THREADED == (int)LC_CTX_IRQ_THREADED &&
	       LOCKCHECK_CTX_RCU_SCHED == (int)LC_CTX_RCU_SCHED, "contexts in step");
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

/* ---- argument checks: a bad call is reported once (per entry point and
 * problem) and then ignored, never passed on to crash the engine. ---- */
enum misuse {
	M_INIT_NULL, M_INIT_KIND, M_INITF_NULL, M_INITF_KIND, M_INITF_FLAGS, M_DESTROY_NULL, M_ACQUIRE_NULL, M_ACQUIRE_MODE, M_ACQUIRE_FLAGS,
	M_ACQUIRED_NULL, M_ACQUIRED_MODE, M_ACQUIRED_FLAGS, M_RELEASE_NULL, M_CTX_ENTER, M_CTX_EXIT,
	M_CB_ENTER_NAME, M_CB_ENTER_ARRAY, M_CB_ENTER_ROLE, M_CB_EXIT_NAME, M_ASSERT_NULL,
	M_ASSERT_MODE, M_ASSERT_NOT_NULL, M_IRQS_OP,
	M_NEST_NULL, M_NEST_MODE, M_NEST_FLAGS, M_WW_EVENT, M_COUNT
};
static _Atomic unsigned char said[M_COUNT];

/* The message, built without stdio: "FN: TEXT NUMBER REST". */
typedef struct msg {
	char s[256];
	size_t n;
} msg;

static void put(msg *m, const char *s)
{
	while (*s && m->n < sizeof m->s - 1)
		m->s[m->n++] = *s++;
	m->s[m->n] = 0;
}

static void put_num(msg *m, long v, unsigned base)
{
	char d[24];
	int k = 0;
	unsigned long u = v < 0 ? 0ul - (unsigned long)v : (unsigned long)v;
	if (v < 0)
		put(m, "-");
	if (base == 16)
		put(m, "0x");
	do
		d[k++] = "0123456789abcdef"[u % base];
	while ((u /= base) && k < (int)sizeof d);
	while (k && m->n < sizeof m->s - 1)
		m->s[m->n++] = d[--k];
	m->s[m->n] = 0;
}

static void misuse(enum misuse which, const void *lock, const char *fn, const char *text, long number,
		   unsigned base, const char *rest, const void *caller)
{
	if (__atomic_exchange_n(&said[which], 1, __ATOMIC_RELAXED))
		return;
	msg m = {.n = 0};
	put(&m, fn);
	put(&m, ": ");
	put(&m, text);
	if (base)
		put_num(&m, number, base);
	put(&m, rest);
	if (which != M_IRQS_OP) /* the one still answered */
		put(&m, "; call ignored");
	lc_on_api_misuse(m.s, lock, caller); /* the annotation's call site, for the stack */
}

/* In an entry point: reported at its caller's site. */
#define MISUSE(which, lock, fn, text, number, base, rest) \
	misuse((which), (lock), (fn), (text), (number), (base), (rest), __builtin_return_address(0))
#define NULL_LOCK(which, fn) MISUSE(which, NULL, fn, "NULL lock", 0, 0, "")

static bool mode_ok(int mode) { return mode == LOCKCHECK_READ || mode == LOCKCHECK_WRITE; }
static bool flags_ok(int flags) { return !(flags & ~(LOCKCHECK_TRY | LOCKCHECK_TIMED)); }

/* Shared by acquire and acquired: which[] are their NULL, mode and flags problems. */
static bool acquire_args_ok(const char *fn, const enum misuse which[3], const void *lock, int mode,
			    int flags, const void *caller)
{
	if (!lock)
		misuse(which[0], NULL, fn, "NULL lock", 0, 0, "", caller);
	else if (!mode_ok(mode))
		misuse(which[1], lock, fn, "mode ", mode, 10, " is not LOCKCHECK_READ or LOCKCHECK_WRITE", caller);
	else if (!flags_ok(flags))
		misuse(which[2], lock, fn, "flags ", flags, 16, " are not LOCKCHECK_TRY or LOCKCHECK_TIMED", caller);
	else
		return true;
	return false;
}

/* Shared by lock_init and lock_init_flags: which[] are their NULL, kind and
 * flags problems. */
static void init_lock(const char *fn, const enum misuse which[3], const void *lock, const char *class_name,
		      int kind, unsigned flags, const void *object, const char *object_type, const void *caller)
{
	if (!lock) {
		misuse(which[0], NULL, fn, "NULL lock", 0, 0, "", caller);
		return;
	}
	if (kind < 0 || kind >= LC_LOCK_TYPE_COUNT) {
		misuse(which[1], lock, fn, "kind ", kind, 10,
		       " is not a lockcheck_kind (LOCKCHECK_MUTEX ... LOCKCHECK_RAW_SPINLOCK)", caller);
		return;
	}
	if (flags & ~(unsigned)(LOCKCHECK_INIT_RECURSIVE_READ | LOCKCHECK_INIT_NO_VALIDATE)) {
		misuse(which[2], lock, fn, "flags ", (long)flags, 16,
		       " are not LOCKCHECK_INIT_RECURSIVE_READ or LOCKCHECK_INIT_NO_VALIDATE", caller);
		return;
	}
	lc_lock_attr attr = {
		.type = (lc_lock_type)kind,
		.flags = flags,
		.class_name = class_name,
		.object = object,
		.object_type = object_type,
	};
	lc_on_lock_create(lock, &attr);
}

LC_EXPORT void lockcheck_lock_init(const void *lock, const char *class_name, int kind,
				   const void *object, const char *object_type)
{
	static const enum misuse which[3] = {M_INIT_NULL, M_INIT_KIND, M_INIT_KIND};
	init_lock("lockcheck_lock_init", which, lock, class_name, kind, 0, object, object_type,
		  __builtin_return_address(0));
}

LC_EXPORT void lockcheck_lock_init_flags(const void *lock, const char *class_name, int kind,
					 unsigned flags, const void *object,
					 const char *object_type)
{
	static const enum misuse which[3] = {M_INITF_NULL, M_INITF_KIND, M_INITF_FLAGS};
	init_lock("lockcheck_lock_init_flags", which, lock, class_name, kind, flags, object, object_type,
		  __builtin_return_address(0));
}

LC_EXPORT void lockcheck_lock_destroy(const void *lock)
{
	if (!lock) {
		NULL_LOCK(M_DESTROY_NULL, "lockcheck_lock_destroy");
		return;
	}
	lc_on_lock_destroy(lock);
}

LC_EXPORT void lockcheck_acquire(const void *lock, int mode, int flags, unsigned subclass)
{
	static const enum misuse which[3] = {M_ACQUIRE_NULL, M_ACQUIRE_MODE, M_ACQUIRE_FLAGS};
	if (acquire_args_ok("lockcheck_acquire", which, lock, mode, flags, __builtin_return_address(0)))
		lc_on_acquire(lock, to_mode(mode), (unsigned)flags, subclass);
}

LC_EXPORT void lockcheck_acquired(const void *lock, int mode, int flags, unsigned subclass, int success)
{
	static const enum misuse which[3] = {M_ACQUIRED_NULL, M_ACQUIRED_MODE, M_ACQUIRED_FLAGS};
	if (acquire_args_ok("lockcheck_acquired", which, lock, mode, flags, __builtin_return_address(0)))
		lc_on_acquired(lock, to_mode(mode), (unsigned)flags, subclass, success != 0);
}

LC_EXPORT void lockcheck_release(const void *lock)
{
	if (!lock) {
		NULL_LOCK(M_RELEASE_NULL, "lockcheck_release");
		return;
	}
	lc_on_release(lock);
}

LC_EXPORT void lockcheck_might_sleep(const char *what) { lc_on_blocking(what ? what : "might_sleep"); }

LC_EXPORT void lockcheck_context_enter(int ctx)
{
	if (ctx < 0 || ctx >= LC_CTX_COUNT) {
		MISUSE(M_CTX_ENTER, NULL, "lockcheck_context_enter", "context ", ctx, 10,
		       " is not a lockcheck_context");
		return;
	}
	lc_on_context_enter((lc_context)ctx);
}

LC_EXPORT void lockcheck_context_exit(int ctx)
{
	if (ctx < 0 || ctx >= LC_CTX_COUNT) {
		MISUSE(M_CTX_EXIT, NULL, "lockcheck_context_exit", "context ", ctx, 10,
		       " is not a lockcheck_context");
		return;
	}
	lc_on_context_exit((lc_context)ctx);
}

LC_EXPORT void lockcheck_callback_enter(const char *interface, const char *method,
					const struct lockcheck_object *objects, unsigned nobjects)
{
	if (!interface || !method) {
		MISUSE(M_CB_ENTER_NAME, NULL, "lockcheck_callback_enter", "NULL interface or method", 0, 0, "");
		return;
	}
	if (!objects && nobjects) {
		MISUSE(M_CB_ENTER_ARRAY, NULL, "lockcheck_callback_enter", "", (long)nobjects, 10,
		       " objects but no array");
		return;
	}
	for (unsigned i = 0; i < nobjects; i++)
		if (!objects[i].role) {
			MISUSE(M_CB_ENTER_ROLE, objects[i].object, "lockcheck_callback_enter", "object ",
			       (long)i, 10, " has no role");
			return;
		}
	lc_on_callback_enter(interface, method, (const lc_callback_object *)objects, objects ? nobjects : 0);
}

LC_EXPORT void lockcheck_callback_exit(const char *interface, const char *method)
{
	if (!interface || !method) {
		MISUSE(M_CB_EXIT_NAME, NULL, "lockcheck_callback_exit", "NULL interface or method", 0, 0, "");
		return;
	}
	lc_on_callback_exit(interface, method);
}

LC_EXPORT void lockcheck_assert_held(const void *lock, int mode)
{
	if (!lock) {
		NULL_LOCK(M_ASSERT_NULL, "lockcheck_assert_held");
		return;
	}
	if (mode != -1 && !mode_ok(mode)) {
		MISUSE(M_ASSERT_MODE, lock, "lockcheck_assert_held", "mode ", mode, 10,
		       " is not -1, LOCKCHECK_READ or LOCKCHECK_WRITE");
		return;
	}
	lc_on_assert_held(lock, true, mode < 0 ? -1 : (int)to_mode(mode));
}

LC_EXPORT void lockcheck_assert_not_held(const void *lock)
{
	if (!lock) {
		NULL_LOCK(M_ASSERT_NOT_NULL, "lockcheck_assert_not_held");
		return;
	}
	lc_on_assert_held(lock, false, -1);
}

LC_EXPORT int lockcheck_irqs(int op)
{
	if (op < LOCKCHECK_IRQS_ENABLE || op > LOCKCHECK_IRQS_QUERY) {
		MISUSE(M_IRQS_OP, NULL, "lockcheck_irqs", "op ", op, 10,
		       " is not a lockcheck_irqs_op (answered as LOCKCHECK_IRQS_QUERY)");
		op = LOCKCHECK_IRQS_QUERY;
	}
	return lc_on_irqs(op);
}

LC_EXPORT void lockcheck_acquire_nest(const void *lock, int mode, int flags, unsigned subclass,
				     const void *nest)
{
	static const enum misuse which[3] = {M_NEST_NULL, M_NEST_MODE, M_NEST_FLAGS};
	const void *caller = __builtin_return_address(0);
	if (acquire_args_ok("lockcheck_acquire_nest", which, lock, mode, flags, caller))
		lc_on_acquire_nest_at(lock, to_mode(mode), (unsigned)flags, subclass, nest, caller);
}

LC_EXPORT void lockcheck_ww_event(int event, const struct lockcheck_ww_state *state)
{
	if (event < 0 || event >= LC_WW_EVENT_COUNT || !state) {
		MISUSE(M_WW_EVENT, NULL, "lockcheck_ww_event", "event ", event, 10,
		       state ? " is not a lockcheck_ww_event" : " without a state");
		return;
	}
	lc_on_ww_event_at((lc_ww_event)event, (const lc_ww_state *)state, __builtin_return_address(0));
}

/* The calling thread's held stack, as the lock detector answers it. */
LC_EXPORT int lockcheck_is_held(const void *lock, int mode)
{
	unsigned n = lc_query_held_count();
	for (unsigned i = 0; i < n; i++) {
		lc_held_info h;
		if (lc_query_held_at(i, &h) && h.lock == lock)
			return mode < 0 || (int)h.mode == (int)to_mode(mode);
	}
	return 0;
}

LC_EXPORT void lockcheck_assert_cond(int ok, const char *what)
{
	if (!ok)
		lc_on_api_assert(what ? what : "lockdep_assert", __builtin_return_address(0));
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
	.acquire_nest = lockcheck_acquire_nest,
	.ww_event = lockcheck_ww_event,
	.is_held = lockcheck_is_held,
	.assert_cond = lockcheck_assert_cond,
};

/* Version 1 is the only one so far; a newer caller still gets a table whose
 * size tells it what is there. */
LC_EXPORT const struct lockcheck_api *lockcheck_api_get(unsigned version)
{
	(void)version;
	return &api_table;
}

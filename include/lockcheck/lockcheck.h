/* liblockcheck annotation API, for code that wants its locks named and its
 * callbacks checked against the compiled Locking rules.
 *
 * Binding.  Annotated code builds and runs the same way in three setups:
 *   - without the library: every call is a cheap no-op;
 *   - linked with liblockcheck.so (or liblockcheck.a, see below);
 *   - only LD_PRELOADed.
 * To get there, the lockcheck_* names below are static inline wrappers in
 * the annotated program.  Each translation unit finds the library once, on
 * its first call, and caches what it found:
 *   1. a weak reference to lockcheck_api_get() (non-NULL when the library was
 *      linked in, dynamically or statically);
 *   2. otherwise dlsym(RTLD_DEFAULT, "lockcheck_api_get"), which also sees a
 *      preloaded library.  (A weak reference alone is not enough: in a non-PIE
 *      executable the linker may resolve it to 0 for good.)
 * No library found: the wrappers do nothing.
 *
 * Linking the library: a weak reference neither pulls a member out of
 * liblockcheck.a nor makes an --as-needed link keep liblockcheck.so, so a
 * program that links it defines LOCKCHECK_LINKED before including this
 * header, in one of its source files or all: `pkg-config --cflags lockcheck`
 * does (docs/linking.md).  A program that is only preloaded needs nothing.
 *
 * The library itself (and code that wants plain extern declarations) defines
 * LOCKCHECK_NO_INLINE. */
#ifndef LOCKCHECK_LOCKCHECK_H
#define LOCKCHECK_LOCKCHECK_H

#ifdef __cplusplus
extern "C" {
#endif

#define LOCKCHECK_API_VERSION 1

/* Pointer arguments that only name a lock or an object (never read through):
 * says so to gcc, which otherwise warns when one points at memory not yet
 * initialised (an inode being set up). */
#if defined(__GNUC__) && !defined(__clang__) && __GNUC__ >= 11
#define LOCKCHECK_NAMES(...) __attribute__((access(none, __VA_ARGS__)))
#else
#define LOCKCHECK_NAMES(...)
#endif

/* Lock kinds: same order as lc_lock_type in the library. */
enum lockcheck_kind {
	LOCKCHECK_MUTEX,
	LOCKCHECK_MUTEX_RECURSIVE,
	LOCKCHECK_RWLOCK,
	LOCKCHECK_SPINLOCK,
	LOCKCHECK_RWLOCK_SPIN,
	LOCKCHECK_SEMAPHORE,
	LOCKCHECK_RWSEM,
	LOCKCHECK_SEQLOCK,
	LOCKCHECK_PAGE,
	LOCKCHECK_RCU,
	LOCKCHECK_LOCAL_LOCK,    /* kernel local_lock_t: a per-CPU section, not a sleeping lock */
	LOCKCHECK_WW_CTX,        /* a ww_mutex acquire context (struct ww_acquire_ctx) */
	LOCKCHECK_RAW_SPINLOCK   /* raw_spinlock_t: spins even where spinlock_t sleeps (PREEMPT_RT) */
};

enum lockcheck_mode { LOCKCHECK_WRITE = 0, LOCKCHECK_READ = 1 };

/* lockcheck_lock_init_flags() flags. */
#define LOCKCHECK_INIT_RECURSIVE_READ 0x1 /* readers never wait behind a queued writer */
#define LOCKCHECK_INIT_NO_VALIDATE    0x8 /* misuse-checked, left out of order checking */

#define LOCKCHECK_TRY   0x1 /* trylock */
#define LOCKCHECK_TIMED 0x2 /* timed wait */

/* Same order as lc_context in the library. */
enum lockcheck_context {
	LOCKCHECK_CTX_ATOMIC,
	LOCKCHECK_CTX_IRQ,
	LOCKCHECK_CTX_RCU_READ,
	LOCKCHECK_CTX_RCU_WALK,
	LOCKCHECK_CTX_RCU_CALLBACK,
	LOCKCHECK_CTX_SOFTIRQ,   /* a softirq (bottom-half) handler runs */
	LOCKCHECK_CTX_BH_OFF,    /* local_bh_disable(): softirqs held off (counted) */
	LOCKCHECK_CTX_IRQ_THREADED, /* the current hardirq handler runs threaded (until irq exit) */
	LOCKCHECK_CTX_RCU_SCHED  /* rcu_read_lock_sched(): an RCU section with preemption off */
};

/* lockcheck_irqs(op): hard interrupts of the calling thread. */
enum lockcheck_irqs_op { LOCKCHECK_IRQS_ENABLE, LOCKCHECK_IRQS_DISABLE, LOCKCHECK_IRQS_QUERY };

/* What a ww_mutex operation tells the checker (lockcheck/kernel/ww_mutex.h
 * fills it from the ww_mutex and its acquire context, as the kernel's debug
 * checks read them); the checker applies lockdep's ww rules to it. */
enum lockcheck_ww_event {
	LOCKCHECK_WW_CTX_DONE,   /* ww_acquire_done(ctx) */
	LOCKCHECK_WW_CTX_FINI,   /* ww_acquire_fini(ctx) */
	LOCKCHECK_WW_LOCK_SLOW,  /* ww_mutex_lock_slow*(lock, ctx), before it locks */
	LOCKCHECK_WW_ACQUIRED,   /* lock taken under ctx, before it is recorded there */
	LOCKCHECK_WW_BACKOFF,    /* lock returns -EDEADLK to ctx */
	LOCKCHECK_WW_UNLOCK      /* ww_mutex_unlock(lock), before it is taken off its ctx */
};
struct lockcheck_ww_state {
	const void *lock;        /* the ww_mutex's lock (its base mutex), or NULL */
	const void *ctx;         /* the acquire context's lock (its dep_map), or NULL */
	const void *lock_ctx;    /* the context the ww_mutex is recorded under, or NULL */
	const void *contending;  /* the ww_mutex that gave ctx -EDEADLK, not yet re-taken */
	const void *ctx_class;   /* the ww_class of ctx, and of the ww_mutex */
	const void *lock_class;
	unsigned acquired;       /* ww_mutexes recorded under ctx (lock_ctx for UNLOCK) */
	int done;                /* ww_acquire_done(ctx) was called */
};

struct lockcheck_object {
	const char *role;   /* "inode", "dir", "new_dir", "dentry", "victim", "folio", "file", "sb" */
	const void *object;
};

/* The entry points, as a table: what lockcheck_api_get() returns.  New
 * members are only ever appended; size tells how many a library has. */
struct lockcheck_api {
	unsigned size;      /* sizeof(struct lockcheck_api) in the library */
	unsigned version;   /* LOCKCHECK_API_VERSION of the library */
	void (*lock_init)(const void *lock, const char *class_name, int kind,
			  const void *object, const char *object_type);
	void (*lock_destroy)(const void *lock);
	void (*acquire)(const void *lock, int mode, int flags, unsigned subclass);
	void (*acquired)(const void *lock, int mode, int flags, unsigned subclass, int success);
	void (*release)(const void *lock);
	void (*might_sleep)(const char *what);
	void (*context_enter)(int ctx);
	void (*context_exit)(int ctx);
	void (*callback_enter)(const char *interface, const char *method,
			       const struct lockcheck_object *objects, unsigned nobjects);
	void (*callback_exit)(const char *interface, const char *method);
	void (*assert_held)(const void *lock, int mode);
	void (*assert_not_held)(const void *lock);
	/* Sets (or queries) the hard-interrupt state; returns the previous
	 * one, 1 when interrupts were disabled. */
	int (*irqs)(int op);
	/* lock_init with LOCKCHECK_INIT_* flags. */
	void (*lock_init_flags)(const void *lock, const char *class_name, int kind, unsigned flags,
				const void *object, const char *object_type);
	/* acquire under a nest lock (lockdep's nest_lock), NULL: none. */
	void (*acquire_nest)(const void *lock, int mode, int flags, unsigned subclass,
			     const void *nest);
	void (*ww_event)(int event, const struct lockcheck_ww_state *state);
	/* Whether the calling thread holds lock (mode -1: either way). */
	int (*is_held)(const void *lock, int mode);
	/* An assertion of annotated code (lockdep_assert): ok 0 is reported. */
	void (*assert_cond)(int ok, const char *what);
};

/* Always a real (exported) function of the library. */
const struct lockcheck_api *lockcheck_api_get(unsigned version);

#ifdef LOCKCHECK_NO_INLINE

void lockcheck_lock_init(const void *lock, const char *class_name, int kind,
			 const void *object, const char *object_type);
void lockcheck_lock_destroy(const void *lock);
void lockcheck_acquire(const void *lock, int mode, int flags, unsigned subclass);
void lockcheck_acquired(const void *lock, int mode, int flags, unsigned subclass, int success);
void lockcheck_release(const void *lock);
void lockcheck_might_sleep(const char *what);
void lockcheck_context_enter(int ctx);
void lockcheck_context_exit(int ctx);
void lockcheck_callback_enter(const char *interface, const char *method,
			      const struct lockcheck_object *objects, unsigned nobjects);
void lockcheck_callback_exit(const char *interface, const char *method);
void lockcheck_assert_held(const void *lock, int mode /* -1: any */);
void lockcheck_assert_not_held(const void *lock);
int lockcheck_irqs(int op);
void lockcheck_lock_init_flags(const void *lock, const char *class_name, int kind, unsigned flags,
			       const void *object, const char *object_type);
void lockcheck_acquire_nest(const void *lock, int mode, int flags, unsigned subclass,
			    const void *nest);
void lockcheck_ww_event(int event, const struct lockcheck_ww_state *state);
int lockcheck_is_held(const void *lock, int mode);
void lockcheck_assert_cond(int ok, const char *what);

#else /* inline wrappers for annotated programs */

#include <dlfcn.h>

#ifdef RTLD_DEFAULT
#define LOCKCHECK__RTLD_DEFAULT RTLD_DEFAULT
#else
#define LOCKCHECK__RTLD_DEFAULT ((void *)0) /* glibc's value, when _GNU_SOURCE is off */
#endif

#ifdef LOCKCHECK_LINKED
/* A strong reference (in this file only), so the linker keeps the library
 * (the archive member, or the shared object); the other files' weak
 * references then find it. */
__attribute__((used)) static const struct lockcheck_api *(*const lockcheck__pull)(unsigned) =
	lockcheck_api_get;
#else
#pragma weak lockcheck_api_get
#endif

/* Per translation unit: NULL = not looked up yet; lockcheck__none = no library. */
static const struct lockcheck_api lockcheck__none = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};
static const struct lockcheck_api *lockcheck__api;

static inline const struct lockcheck_api *lockcheck__find(void)
{
	const struct lockcheck_api *api = __atomic_load_n(&lockcheck__api, __ATOMIC_ACQUIRE);
	if (__builtin_expect(api != 0, 1))
		return api;
	const struct lockcheck_api *(*get)(unsigned) = lockcheck_api_get;
	if (!get) {
		/* ISO C forbids object-to-function pointer casts; go through memcpy-free union. */
		union { void *obj; const struct lockcheck_api *(*fn)(unsigned); } u;
		u.obj = dlsym(LOCKCHECK__RTLD_DEFAULT, "lockcheck_api_get");
		get = u.fn;
	}
	api = get ? get(LOCKCHECK_API_VERSION) : 0;
	if (!api || api->size < sizeof(struct lockcheck_api))
		api = &lockcheck__none;
	/* Two threads may race here: both find the same answer. */
	__atomic_store_n(&lockcheck__api, api, __ATOMIC_RELEASE);
	return api;
}

/* Whether a library was found (for tests and for code that wants to know). */
static inline int lockcheck_active(void) { return lockcheck__find() != &lockcheck__none; }

LOCKCHECK_NAMES(1) LOCKCHECK_NAMES(4)
static inline void lockcheck_lock_init(const void *lock, const char *class_name, int kind,
				       const void *object, const char *object_type)
{
	const struct lockcheck_api *a = lockcheck__find();
	if (a->lock_init) a->lock_init(lock, class_name, kind, object, object_type);
}
static inline void lockcheck_lock_destroy(const void *lock)
{
	const struct lockcheck_api *a = lockcheck__find();
	if (a->lock_destroy) a->lock_destroy(lock);
}
static inline void lockcheck_acquire(const void *lock, int mode, int flags, unsigned subclass)
{
	const struct lockcheck_api *a = lockcheck__find();
	if (a->acquire) a->acquire(lock, mode, flags, subclass);
}
static inline void lockcheck_acquired(const void *lock, int mode, int flags, unsigned subclass,
				      int success)
{
	const struct lockcheck_api *a = lockcheck__find();
	if (a->acquired) a->acquired(lock, mode, flags, subclass, success);
}
static inline void lockcheck_release(const void *lock)
{
	const struct lockcheck_api *a = lockcheck__find();
	if (a->release) a->release(lock);
}
static inline void lockcheck_might_sleep(const char *what)
{
	const struct lockcheck_api *a = lockcheck__find();
	if (a->might_sleep) a->might_sleep(what);
}
static inline void lockcheck_context_enter(int ctx)
{
	const struct lockcheck_api *a = lockcheck__find();
	if (a->context_enter) a->context_enter(ctx);
}
static inline void lockcheck_context_exit(int ctx)
{
	const struct lockcheck_api *a = lockcheck__find();
	if (a->context_exit) a->context_exit(ctx);
}
static inline void lockcheck_callback_enter(const char *interface, const char *method,
					    const struct lockcheck_object *objects, unsigned nobjects)
{
	const struct lockcheck_api *a = lockcheck__find();
	if (a->callback_enter) a->callback_enter(interface, method, objects, nobjects);
}
static inline void lockcheck_callback_exit(const char *interface, const char *method)
{
	const struct lockcheck_api *a = lockcheck__find();
	if (a->callback_exit) a->callback_exit(interface, method);
}
static inline void lockcheck_assert_held(const void *lock, int mode)
{
	const struct lockcheck_api *a = lockcheck__find();
	if (a->assert_held) a->assert_held(lock, mode);
}
static inline void lockcheck_assert_not_held(const void *lock)
{
	const struct lockcheck_api *a = lockcheck__find();
	if (a->assert_not_held) a->assert_not_held(lock);
}
LOCKCHECK_NAMES(1) LOCKCHECK_NAMES(5)
static inline void lockcheck_lock_init_flags(const void *lock, const char *class_name, int kind,
					     unsigned flags, const void *object,
					     const char *object_type)
{
	const struct lockcheck_api *a = lockcheck__find();
	if (a->lock_init_flags) a->lock_init_flags(lock, class_name, kind, flags, object, object_type);
}
/* lockcheck_acquire for a lock taken under a nest lock (lockdep's nest_lock):
 * the nest lock, held by this thread, serialises every lock of the class, so
 * holding several of them at once is not recursive locking.  Taking one with
 * the nest lock not held is reported (nest-lock-not-held).  The nest lock
 * must have been taken before the first lock of the class, as lockdep wants.
 * Follow it with lockcheck_acquired as usual. */
static inline void lockcheck_acquire_nest(const void *lock, int mode, int flags, unsigned subclass,
					  const void *nest)
{
	const struct lockcheck_api *a = lockcheck__find();
	if (a->acquire_nest) a->acquire_nest(lock, mode, flags, subclass, nest);
}
static inline void lockcheck_ww_event(int event, const struct lockcheck_ww_state *state)
{
	const struct lockcheck_api *a = lockcheck__find();
	if (a->ww_event) a->ww_event(event, state);
}
/* Without the library nothing is tracked: -1, not known. */
static inline int lockcheck_is_held(const void *lock, int mode)
{
	const struct lockcheck_api *a = lockcheck__find();
	return a->is_held ? a->is_held(lock, mode) : -1;
}
static inline void lockcheck_assert_cond(int ok, const char *what)
{
	const struct lockcheck_api *a = lockcheck__find();
	if (a->assert_cond) a->assert_cond(ok, what);
}
/* Without the library nothing is tracked: interrupts read as enabled. */
static inline int lockcheck_irqs(int op)
{
	const struct lockcheck_api *a = lockcheck__find();
	return a->irqs ? a->irqs(op) : 0;
}

/* A function that takes or releases locks for its callers (ZFS's
 * mutex_enter, a project's lock helper): reports name the caller as the
 * place, in the "at" line, the SUMMARY and the finding's identity.  At file
 * scope, once per wrapper:  LOCKCHECK_LOCK_WRAPPER(mutex_enter);
 * (the skip_frames option does the same without rebuilding). */
void lockcheck_wrapper_function(const char *name);
#pragma weak lockcheck_wrapper_function
static inline void lockcheck__register_wrapper(const char *name)
{
	void (*reg)(const char *) = lockcheck_wrapper_function;
	if (!reg) {
		union { void *obj; void (*fn)(const char *); } u;
		u.obj = dlsym(LOCKCHECK__RTLD_DEFAULT, "lockcheck_wrapper_function");
		reg = u.fn;
	}
	if (reg)
		reg(name);
}
#define LOCKCHECK_LOCK_WRAPPER(fn)                                                              \
	__attribute__((constructor)) static void lockcheck__wrapper_##fn(void)                  \
	{                                                                                       \
		lockcheck__register_wrapper(#fn);                                               \
	}                                                                                       \
	extern int lockcheck__wrapper_declared_##fn

#endif /* LOCKCHECK_NO_INLINE */

/* Callback helpers: LOCKCHECK_OBJ("dir", inode) builds one object. */
#define LOCKCHECK_OBJ(role, obj) { (role), (const void *)(obj) }

#ifdef __cplusplus
}
#endif
#endif

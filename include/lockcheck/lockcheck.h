/* liblockcheck annotation API, for code that wants its locks named and its
 * callbacks checked against the compiled Locking rules.
 *
 * DRAFT signatures fixed by the team lead; the contracts work completes this
 * header (binding so that annotated code builds and runs without the library,
 * with it linked, and with it only LD_PRELOADed).  Extend, don't rename. */
#ifndef LOCKCHECK_LOCKCHECK_H
#define LOCKCHECK_LOCKCHECK_H

#ifdef __cplusplus
extern "C" {
#endif

#define LOCKCHECK_API_VERSION 1

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
	LOCKCHECK_RCU
};

enum lockcheck_mode { LOCKCHECK_WRITE = 0, LOCKCHECK_READ = 1 };

#define LOCKCHECK_TRY   0x1 /* trylock */
#define LOCKCHECK_TIMED 0x2 /* timed wait */

/* Same order as lc_context in the library. */
enum lockcheck_context {
	LOCKCHECK_CTX_ATOMIC,
	LOCKCHECK_CTX_IRQ,
	LOCKCHECK_CTX_RCU_READ,
	LOCKCHECK_CTX_RCU_WALK,
	LOCKCHECK_CTX_RCU_CALLBACK
};

struct lockcheck_object {
	const char *role;   /* "inode", "dir", "new_dir", "dentry", "victim", "folio", "file", "sb" */
	const void *object;
};

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

#ifdef __cplusplus
}
#endif
#endif

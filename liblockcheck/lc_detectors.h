/* What core/events.c forwards to, once an event has passed the reentrancy
 * guard: the engine (engine/: classes, order graph, misuse, atomic context)
 * and the contract checker (contracts/: compiled Locking rules).
 * Both report through lc_report() (lc_finding.h). */
#ifndef LC_DETECTORS_H
#define LC_DETECTORS_H

#include "lc_events.h"

/* ---- engine/ ---- */
void lc_engine_lock_create(const void *lock, const lc_lock_attr *attr);
void lc_engine_lock_destroy(const void *lock);
void lc_engine_acquire(const void *lock, lc_mode mode, unsigned flags, unsigned subclass);
void lc_engine_acquired(const void *lock, lc_mode mode, unsigned flags, unsigned subclass, bool success);
void lc_engine_release(const void *lock);
void lc_engine_blocking(const char *call);
void lc_engine_cond_wait(const void *cond, const void *mutex);
void lc_engine_context_enter(lc_context ctx);
void lc_engine_context_exit(lc_context ctx);
void lc_engine_assert_held(const void *lock, bool held, int mode);
void lc_engine_thread_start(void);
void lc_engine_thread_exit(void);
void lc_engine_process_exit(void);
void lc_engine_fork_child(void);

/* Queries about the calling thread, for the other detectors. */
typedef struct lc_held_info {
	const void *lock;
	const char *class_name;  /* NULL for an anonymous lock */
	lc_lock_type type;
	lc_mode mode;
	unsigned subclass;
	const void *object;
	const char *object_type;
} lc_held_info;

unsigned lc_engine_held_count(void);
/* i = 0 is the oldest held lock. */
bool lc_engine_held_at(unsigned i, lc_held_info *out);
/* What the engine knows of a lock (held or not); false if never seen. */
bool lc_engine_lock_info(const void *lock, lc_held_info *out);
/* Spinlock held, or inside LC_CTX_ATOMIC / LC_CTX_IRQ. */
bool lc_engine_in_atomic(void);
unsigned lc_engine_context_depth(lc_context ctx);
/* Whether acquiring this lock type can sleep (mutex, rwsem, page lock...). */
bool lc_lock_type_sleeps(lc_lock_type type);

/* ---- contracts/ ---- */
void lc_contracts_callback_enter(const char *interface, const char *method,
				 const lc_callback_object *objects, unsigned nobjects);
void lc_contracts_callback_exit(const char *interface, const char *method);
/* The thread is about to sleep: a blocking call, or a wait on a sleeping lock. */
void lc_contracts_blocking(const char *call);
/* Callbacks in progress on this thread (mirrors the checker's stack depth):
 * while 0, lc_contracts_blocking has nothing to check, so the lock hot path
 * skips the call. */
extern __thread unsigned lc_contracts_depth
	__attribute__((tls_model("initial-exec"), visibility("hidden")));
void lc_contracts_thread_exit(void);
void lc_contracts_fork_child(void);

#endif

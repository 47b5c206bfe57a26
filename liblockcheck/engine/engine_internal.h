/* Shared structures of the detection engine.  Only engine/ includes this:
 * the rest of the library reaches the engine through lc_engine_detector
 * (lc_detectors.h). */
#ifndef LC_ENGINE_INTERNAL_H
#define LC_ENGINE_INTERNAL_H

#include <stdbool.h>
#include <stdint.h>

#include "lc_detectors.h"
#include "lc_finding.h"
#include "lc_runtime.h"

/* Everything declared below is internal to the library: hidden, so calls
 * between its files are direct, not through the PLT (the hot path). */
#pragma GCC visibility push(hidden)

#define LC_TLS __thread __attribute__((tls_model("initial-exec")))
#define LC_LIKELY(x) __builtin_expect(!!(x), 1)
#define LC_UNLIKELY(x) __builtin_expect(!!(x), 0)

/* Subclasses (nesting levels) below this are looked up directly when a
 * class goes (lockdep has 8); higher ones are distinct graph nodes too,
 * found through the class's level 0. */
#define LC_MAX_SUBCLASS 8

static inline uint64_t lc_mix64(uint64_t x)
{
	x ^= x >> 33;
	x *= 0xff51afd7ed558ccdULL;
	x ^= x >> 33;
	x *= 0xc4ceb9fe1a85ec53ULL;
	x ^= x >> 33;
	return x;
}

/* Cheap bijective mix for hot-path hashes: the multiply carries every input
 * bit upward, the shift brings the high half down to the index bits.  Being
 * a bijection it adds no collisions to a key it finishes (chain keys). */
static inline uint64_t lc_mix_fast(uint64_t x)
{
	x *= 0x9e3779b97f4a7c15ULL;
	return x ^ (x >> 32);
}

/* ---- lock records (lock_table.c) ---- */

/* One per live lock address.  Records are recycled, never unmapped, so a
 * racing reader holding a stale pointer reads valid memory; it re-checks
 * addr to notice reuse. */
typedef struct __attribute__((aligned(64))) lc_lockrec {
	const void *addr;        /* NULL while free */
	const char *class_name;  /* NULL: anonymous, its own class */
	const void *object;
	const char *object_type;
	union {
		uint64_t class_key;  /* graph identity, with the subclass */
		struct lc_lockrec *next_free; /* while free */
	};
	int owner;               /* tid holding it for write, 0 if none */
	unsigned readers;        /* read holders, all threads */
	/* Recursion depth of the owner (owner thread only), saturating: past
	 * 65535 the owner is cleared early, which only other threads' view of
	 * the lock can notice; the owner's own held stack stays exact. */
	uint16_t owner_depth;
	uint16_t release_gen;    /* bumped when released by a thread not holding it;
				  * compared for equality only, so wrapping is fine */
	uint8_t type;            /* lc_lock_type */
	uint8_t flags;           /* LC_LOCK_READER_PREFERRING, LC_LOCK_STATIC_INIT */
	uint8_t spare[2];
	/* While write-held, where the owner acquired it; else where it was
	 * last released (NULL: never).  One aligned store on the hot path.
	 * For reports only; racy reads may be stale. */
	const void *site;
} lc_lockrec; /* one cache line: threads' locks never share one.  Its name
	       * in the table's slots is its index (lc_rec_id). */

static inline void lc_rec_set_site(lc_lockrec *r, const void *pc)
{
	__atomic_store_n(&r->site, pc, __ATOMIC_RELAXED);
}

static inline const void *lc_rec_site(const lc_lockrec *r)
{
	return __atomic_load_n(&r->site, __ATOMIC_RELAXED);
}

/* The published table, read without locks (lock_table.c).  A slot holds a
 * record id (4 bytes, not an address and a pointer: memory per lock), and
 * a lookup compares the record's own addr.  Records are carved in order
 * from one reserved region that never moves (its pages are backed only
 * when used), so an id is an index: no directory to load on the hot path. */
#define LC_SLOT_EMPTY 0u
#define LC_SLOT_TOMB 1u
#define LC_REC_ID_BASE 2u /* ids start above the two markers */
extern lc_lockrec *lc_rec_base;
typedef struct lc_table {
	size_t mask;
	size_t used; /* live + tombstones */
	uint32_t *slots;
} lc_table;
extern lc_table *lc_table_current;

static inline lc_lockrec *lc_rec_of(uint32_t id)
{
	return &lc_rec_base[id - LC_REC_ID_BASE];
}

static inline uint32_t lc_rec_id(const lc_lockrec *r)
{
	return (uint32_t)(r - lc_rec_base) + LC_REC_ID_BASE;
}

static inline lc_lockrec *lc_table_lookup(const void *addr)
{
	lc_table *t = __atomic_load_n(&lc_table_current, __ATOMIC_ACQUIRE);
	if (__builtin_expect(!t, 0))
		return NULL;
	size_t i = (size_t)lc_mix_fast((uintptr_t)addr) & t->mask;
	for (;;) {
		uint32_t id = __atomic_load_n(&t->slots[i], __ATOMIC_ACQUIRE);
		if (LC_LIKELY(id >= LC_REC_ID_BASE)) {
			lc_lockrec *r = lc_rec_of(id);
			if (LC_LIKELY(__atomic_load_n(&r->addr, __ATOMIC_ACQUIRE) == addr))
				return r;
		} else if (id == LC_SLOT_EMPTY) {
			return NULL;
		}
		i = (i + 1) & t->mask;
	}
}
/* Creates (or re-initialises) the record for addr. */
lc_lockrec *lc_table_create(const void *addr, const lc_lock_attr *attr, uint64_t class_key);
/* Lookup, creating the record of a lock never announced (a statically
 * initialised one, first met on use) from what the event carries: its type
 * (LC_LOCK_UNKNOWN: guessed from the mode) and lc_lock_attr flags. */
lc_lockrec *lc_table_get_slow(const void *addr, int type, unsigned lock_flags, lc_mode mode,
			      const void *pc);
static inline lc_lockrec *lc_table_get(const void *addr, int type, unsigned lock_flags,
				       lc_mode mode, const void *pc)
{
	lc_lockrec *r = lc_table_lookup(addr);
	return __builtin_expect(r != NULL, 1) ? r : lc_table_get_slow(addr, type, lock_flags, mode, pc);
}

/* ---- where each lock was created (lock_origin.c): slow paths only ---- */
/* pc: the init call, or the first use of a lock never announced. */
void lc_origin_note(const void *lock, const void *pc, bool first_use);
/* false when not known (the table was full). */
bool lc_origin_get(const void *lock, const void **pc, bool *first_use);
void lc_table_destroy(const void *addr);
unsigned long lc_table_live(void);
void lc_table_fork_prepare(void);
void lc_table_fork_parent(void);
void lc_table_fork_child(void);

/* ---- which memory holds locks (lock_memory.c) ---- */
/* Under the table lock, as a record is made or dropped. */
void lc_lock_memory_add(const void *lock);
void lc_lock_memory_remove(const void *lock);
/* A lock whose memory [freed_start, +freed_size) is freed (lifecycle.c). */
void lc_engine_lock_end(const void *lock, const void *freed_start, size_t freed_size,
			const void *pc);

/* ---- per-thread state (thread_state.c) ---- */

typedef struct lc_held {
	lc_lockrec *rec;
	const void *addr;
	uint64_t class_key;
	uint64_t chain_key;     /* running key over this entry and all below */
	unsigned subclass;
	unsigned release_gen;   /* rec->release_gen when taken (page/semaphore) */
	const void *pc;         /* where it was acquired (the lock call's caller) */
	uint8_t mode;
	uint8_t try_acq;
	uint8_t type;
	uint8_t irq_ctx;        /* lc_irq_ctx of the thread when taken */
	uint32_t spare[3];      /* to 64 bytes: an entry's address is a shift away */
} lc_held;
_Static_assert(sizeof(lc_held) == 64, "held entries are indexed by a shift");

#define LC_USAGE_CACHE 64

/* Cache-line aligned: one thread's hot fields never share a line with another's. */
typedef struct __attribute__((aligned(64))) lc_thread {
	long tid;
	lc_held *held;
	unsigned nheld, cap;
	unsigned nspin;          /* held spinlocks / spinning rwlocks */
	unsigned nremote;        /* held locks another thread may release */
	unsigned untracked;      /* acquisitions past max_held, not on the stack */
	unsigned dropped;        /* acquisitions dropped by the reentrancy guard */
	bool held_limit_reported;
	volatile int mutating;   /* the stack is being changed: a signal handler keeps off */
	unsigned ctx_depth[LC_CTX_COUNT];
	/* Interrupt state (irq_state.c).  Entries below ctx_base belong to an
	 * interrupted context: the current context's chain starts at ctx_seed. */
	unsigned ctx_base;
	uint64_t ctx_seed;
	uint8_t irq_ctx;         /* lc_irq_ctx */
	bool hardirqs_off;
	uint8_t usage_want[4];   /* usage bits an acquisition marks now, by [try << 1 | read] */
	uint8_t nsaved;
	struct { unsigned base; uint64_t seed; uint8_t ctx; } saved_ctx[4];
	/* Signals (signal_state.c): blocked mask (bit sig - 1), handlers
	 * running, and what an acquisition records now (signal_usage.h). */
	uint64_t sig_blocked;
	uint8_t sig_in;          /* tracked-signal indexes whose handler runs */
	uint8_t sig_nsaved;
	uint16_t sig_want;
	struct { uint64_t blocked; uint8_t in; } sig_saved[4];
	/* Locks this thread already saw in its interrupt and signal state,
	 * direct-mapped: a hit spares the slow path (irq_usage.h).  Keyed by
	 * lock address and class, so a re-created lock misses. */
	struct { const void *addr; uint64_t class_key; uint32_t bits; } usage_cache[LC_USAGE_CACHE];
	/* Set by acquire for the following acquired: saves a second lookup. */
	const void *pending_addr;
	lc_lockrec *pending_rec;
	uint64_t pending_key;
	bool pending_untracked;
	/* The mutex of this thread's last condition wait (other threads read
	 * it): inside the wait the mutex is free for others (stale_holds.c). */
	const void *cond_wait_mutex;
	struct lc_stack_cache *stack_cache; /* edge stacks seen again (graph.c) */
	struct lc_thread *next, *prev; /* registry */
} lc_thread;

extern LC_TLS lc_thread *lc_self_thread;

lc_thread *lc_thread_create(void);
static inline lc_thread *lc_thread_get(void)
{
	lc_thread *t = lc_self_thread;
	return LC_LIKELY(t != NULL) ? t : lc_thread_create();
}
/* Makes room for one more entry; false if memory ran out. */
bool lc_thread_grow(lc_thread *t);
static inline bool lc_thread_reserve(lc_thread *t)
{
	return __builtin_expect(t->nheld < t->cap, 1) || lc_thread_grow(t);
}
void lc_thread_destroy(lc_thread *t);
/* Threads with state now (registry length). */
unsigned long lc_thread_live(void);
/* In a forked child: drops every thread but the caller, silently. */
void lc_thread_fork_child(void);
void lc_thread_fork_prepare(void);
void lc_thread_fork_parent(void);

/* ---- chain keys and the chain cache (chain_cache.c) ---- */

/* The key below a new entry at depth n: the entry under it, or the seed of
 * the current interrupt context when nothing of this context is held. */
static inline uint64_t lc_chain_below(const lc_thread *t, unsigned n)
{
	return n > t->ctx_base ? t->held[n - 1].chain_key : t->ctx_seed;
}


static inline uint64_t lc_chain_next(uint64_t below, uint64_t class_key, unsigned mode,
				     unsigned subclass, bool try_acq)
{
	uint64_t v = class_key ^ ((uint64_t)mode << 61) ^ ((uint64_t)try_acq << 62) ^
		     ((uint64_t)subclass << 40);
	uint64_t k = lc_mix_fast(below * 0xc4ceb9fe1a85ec53ULL ^ v);
	return k ? k : 1;
}

/* Inline: one probe on every acquisition with a lock held. */
#define LC_CHAIN_CACHE_MASK (((size_t)1 << 20) - 1)
extern uint64_t *lc_chain_cache;
static inline bool lc_chain_cache_contains(uint64_t key)
{
	uint64_t *c = __atomic_load_n(&lc_chain_cache, __ATOMIC_ACQUIRE);
	if (LC_UNLIKELY(!c))
		return false;
	size_t i = (size_t)key & LC_CHAIN_CACHE_MASK;
	for (;;) {
		uint64_t k = __atomic_load_n(&c[i], __ATOMIC_RELAXED);
		if (k == key)
			return true;
		if (k == 0)
			return false;
		i = (i + 1) & LC_CHAIN_CACHE_MASK;
	}
}
/* Under the graph lock. */
void lc_chain_cache_insert(uint64_t key);
/* lc_lockrec.flags, beside lc_lock_attr's: some chain ending in this lock
 * is in the chain cache.  Without it the probe is skipped: a lock taken
 * once (created, locked, destroyed) never touches the cache. */
#define LC_REC_CACHED 0x80u
/* Its class has a node in the order graph: only then does destroying or
 * re-initialising the lock need the graph lock. */
#define LC_REC_IN_GRAPH 0x40u
/* In a forked child: another thread of the parent held it (for write) at
 * fork().  No thread here can release it; waiting for it never ends. */
#define LC_REC_ORPHANED 0x20u
static inline bool lc_chain_known(const lc_lockrec *rec, uint64_t key)
{
	return (__atomic_load_n(&rec->flags, __ATOMIC_RELAXED) & LC_REC_CACHED) &&
	       lc_chain_cache_contains(key);
}

/* ---- the dependency graph (graph.c) ---- */

extern lc_spin lc_graph_lock;

/* Validate the new acquisition against the held stack: add edges, look for
 * cycles; fills *cycle (caller reports it after unlocking) if one is found.
 * Called with lc_graph_lock held. */
typedef struct lc_cycle lc_cycle;
lc_cycle *lc_graph_validate(lc_thread *t, lc_lockrec *rec, const void *addr, lc_mode mode,
			    unsigned subclass, const void *pc, bool *added);
void lc_cycle_report(lc_cycle *c);
void lc_cycle_report_discard(lc_cycle *c);
/* BLOCKING_IN_ATOMIC: what (a call) or the lock about to be acquired. */
void lc_engine_report_atomic(lc_thread *t, const char *what, lc_lockrec *rec, const void *lock,
			     lc_mode mode, const void *pc);
/* Remove a class (every subclass node) and its edges. Under lc_graph_lock. */
void lc_graph_remove_class(uint64_t class_key);

/* Named classes share one key (classes.c). */
/* Key of a class name (interned copy of the name in *interned), or a fresh
 * anonymous key for NULL. */
uint64_t lc_class_key_for(const char *class_name, const char **interned);
uint64_t lc_class_key_anonymous(void);
void lc_classes_fork_prepare(void);
void lc_classes_fork_parent(void);
void lc_classes_fork_child(void);

/* ---- findings (findings.c) ---- */
/* "name" for a lock in messages: its class name or "mutex 0x...". */
void lc_lock_display(char *buf, size_t len, const char *class_name, lc_lock_type type,
		     const void *addr);
void lc_finding_lock_from_rec(lc_finding_lock *out, const lc_lockrec *rec, const void *addr,
			      int mode);
const char *lc_mode_name(int mode);
/* The current stack, starting at the library's caller pc (the return
 * address of the lc_on_* event) when it can be found. */
void lc_capture_stack(lc_stack *st, const void *pc);
/* Report a finding with the current stack attached. */
void lc_report_simple(lc_kind kind, const char *message, const lc_finding_lock *locks,
		      unsigned nlocks, const void *pc);
/* The same with more stacks after the current one (extra[i].label, and a
 * stack each, often a single frame: a held lock's acquisition site). */
void lc_report_with(lc_kind kind, const char *message, const lc_finding_lock *locks,
		    unsigned nlocks, const void *pc, const lc_finding_stack *extra, unsigned nextra);
/* A one-frame stack at pc (a site known without a walk); depth 0 for NULL. */
void lc_stack_of_pc(lc_stack *st, const void *pc);

/* ---- statistics (engine_stats.h is the public-to-tests view) ---- */
typedef struct lc_engine_counters {
	unsigned long graph_validations;
	unsigned long chain_cache_hits;
	unsigned long edges;
	unsigned long reentrant_drops;
	unsigned long table_full_drops;
	unsigned long chain_cache_wipes;
	unsigned long locks_seen;   /* lock records ever made */
	unsigned long threads_seen; /* threads that ever took part */
} lc_engine_counters;
extern lc_engine_counters lc_counters;

/* ---- held-stack helpers (held_stack.c) ---- */
/* Index of lock in the caller's stack, searching from the top, or -1. */
int lc_held_find(const lc_thread *t, const void *addr);
/* Remove entry i, recomputing the chain keys above it. */
void lc_held_remove(lc_thread *t, unsigned i);
/* Facts about lock types, as bit sets over lc_lock_type (lc_lock_types.def):
 * one bit test on the hot path. */
enum {
	LC_TYPES_SLEEPING = 0
#define LC_LOCK_TYPE(e, name, wait, sleeps, spins, remote) | ((sleeps) << LC_LOCK_##e)
#include "lc_lock_types.def"
#undef LC_LOCK_TYPE
	,
	LC_TYPES_SPINNING = 0
#define LC_LOCK_TYPE(e, name, wait, sleeps, spins, remote) | ((spins) << LC_LOCK_##e)
#include "lc_lock_types.def"
#undef LC_LOCK_TYPE
	,
	LC_TYPES_REMOTE = 0
#define LC_LOCK_TYPE(e, name, wait, sleeps, spins, remote) | ((remote) << LC_LOCK_##e)
#include "lc_lock_types.def"
#undef LC_LOCK_TYPE
	,
	/* Types counted in nspin / nremote. */
	LC_TYPES_COUNTED = LC_TYPES_SPINNING | LC_TYPES_REMOTE,
};
static inline bool lc_type_spins(lc_lock_type type) { return (LC_TYPES_SPINNING >> type) & 1; }
static inline bool lc_type_released_elsewhere(lc_lock_type type)
{
	return (LC_TYPES_REMOTE >> type) & 1;
}
static inline bool lc_type_sleeps(lc_lock_type type) { return (LC_TYPES_SLEEPING >> type) & 1; }
/* Drop entries whose lock another thread released (page locks, semaphores). */
void lc_held_prune_remote(lc_thread *t);

/* ---- locks released or freed behind their holder's back (stale_holds.c) ---- */
/* Count of such events; while 0 no stack has a stale entry. */
extern unsigned long lc_stale_events;
/* t releases rec, held for write by another thread: unless the
 * implementation refuses that, nobody holds it now.  True if it took effect. */
bool lc_cross_release(lc_thread *t, lc_lockrec *rec);
/* Holders of rec lose it (their entries go stale). */
void lc_mark_stale(lc_lockrec *rec);
/* Drop the caller's stale entries; true if any went. */
bool lc_held_prune_stale(lc_thread *t);
/* t has just taken rec in mode (the implementation said so), yet the
 * record says someone holds it in a way that excludes that: the record is
 * stale (the lock word was reset behind it). */
bool lc_lock_word_disagrees(const lc_thread *t, const lc_lockrec *rec, lc_mode mode);
/* Make rec a fresh, unheld lock; the caller's stack is pruned. */
void lc_lock_word_reset(lc_thread *t, lc_lockrec *rec);
/* Remove a class and its edges (takes lc_graph_lock). */
void lc_forget_class(uint64_t class_key);
static inline void lc_held_prune_if_stale(lc_thread *t)
{
	if (LC_UNLIKELY(__atomic_load_n(&lc_stale_events, __ATOMIC_RELAXED)))
		(void)lc_held_prune_stale(t);
}
/* The engine's entry points, as lc_engine_detector lists them (detector.c). */
void lc_engine_lock_create(const void *lock, const lc_lock_attr *attr, const void *pc);
void lc_engine_lock_destroy(const void *lock, const void *pc);
bool lc_engine_memory_holds_locks(const void *start, size_t size);
void lc_engine_memory_freed(const void *start, size_t size, const void *pc);
int lc_engine_before_acquire(const void *lock, int type, lc_mode mode, unsigned flags,
			     unsigned subclass, const void *pc);
int lc_engine_after_acquire(const void *lock, int type, lc_mode mode, unsigned flags,
			    unsigned subclass, const void *pc);
void lc_engine_release(const void *lock, unsigned flags, const void *pc);
void lc_engine_blocking(const char *call, const void *pc);
void lc_engine_cond_wait(const void *cond, const void *mutex, const void *pc);
void lc_engine_context(lc_context ctx, int enter, unsigned flags);
void lc_engine_assert_held(const void *lock, bool held, int mode, const void *pc);
void lc_engine_thread_start(void);
void lc_engine_thread_exit(const void *pc);
void lc_engine_process_exit(const void *pc);
void lc_engine_fork(lc_fork_phase phase);
void lc_engine_count_drop(void);
/* Events arriving while the thread is already inside the library: keep the
 * stack consistent without locks or reports, or count a drop (nested.c). */
void lc_engine_nested_acquired(const void *lock, lc_mode mode, unsigned flags, unsigned subclass);
void lc_engine_nested_release(const void *lock);
/* Queries (queries.c). */
unsigned lc_engine_held_count(void);
bool lc_engine_held_at(unsigned i, lc_held_info *out);
bool lc_engine_lock_info(const void *lock, lc_held_info *out);
bool lc_engine_in_atomic(void);
unsigned lc_engine_context_depth(lc_context ctx);

/* Hard interrupts set or queried (lc_detector.irqs). */
int lc_engine_irqs(int op, unsigned flags);
/* Signal events (lc_detector.signal; signal_state.c). */
void lc_engine_signal(lc_signal_event ev, int sig, uint64_t blocked, uint64_t interrupted,
		      unsigned flags);

/* ---- interrupt state and usage (irq_state.c, irq_usage.c) ---- */
enum lc_irq_ctx { LC_IRQ_CTX_PROCESS, LC_IRQ_CTX_SOFTIRQ, LC_IRQ_CTX_HARDIRQ };

/* Is a read acquisition of rec by t now a recursive read (lockdep's
 * read == 2), one that never waits behind a queued writer?  Always for
 * reader-preferring locks and RCU.  A spinning rwlock without the flag is
 * the kernel's queued rwlock: its readers wait behind a queued writer in
 * process context, but not in interrupt context (a hardirq or softirq
 * handler, or softirqs held off: the kernel's in_interrupt()). */
static inline bool lc_read_recursive(const lc_thread *t, const lc_lockrec *rec, lc_mode mode)
{
	if (mode != LC_MODE_READ)
		return false;
	if ((rec->flags & LC_LOCK_READER_PREFERRING) || rec->type == LC_LOCK_RCU)
		return true;
	return rec->type == LC_LOCK_RWLOCK_SPIN &&
	       (t->irq_ctx != LC_IRQ_CTX_PROCESS || t->ctx_depth[LC_CTX_BH_OFF]);
}
/* The mode a chain key is made of: a queued rwlock's read is recursive in
 * some contexts only, and the edges it adds differ, so its key does too
 * (bit 63 of the key: lc_chain_next shifts the mode by 61). */
static inline unsigned lc_chain_mode(const lc_thread *t, const lc_lockrec *rec, lc_mode mode)
{
	return (unsigned)mode | (rec->type == LC_LOCK_RWLOCK_SPIN && lc_read_recursive(t, rec, mode) ? 4u : 0u);
}
/* A context counter moved (IRQ, SOFTIRQ, BH_OFF): recompute the thread's
 * interrupt state.  marks: also mark held locks when interrupts come back
 * on (takes the graph lock; false on the reentrant path). */
void lc_irq_context_moved(lc_thread *t, lc_context ctx, bool enter, bool marks);
/* The acquisition would set usage bits its record has not seen: mark them
 * (and report conflicts).  Out of line, under the graph lock. */
void lc_usage_acquire_slow(lc_thread *t, lc_lockrec *rec, const void *lock, lc_mode mode,
			   bool try_acq, const void *pc);
/* Mark every held lock of the current context with the ENABLED bit of
 * state (0 hardirq, 1 softirq): interrupts were just enabled over them. */
void lc_usage_mark_held(lc_thread *t, unsigned state);
/* A new edge prev -> next (graph node keys), or a new dependency bit on
 * one, was added: under lc_graph_lock; a finding is kept for
 * lc_usage_flush.  prev_shared: prev held for read; next_recursive: next
 * acquired as a recursive read. */
void lc_usage_new_edge(uint64_t prev_key, uint64_t next_key, bool prev_shared, bool next_recursive,
		       const void *pc);
/* The class went (destroy, re-init): its usage goes too.  Under lc_graph_lock. */
void lc_usage_forget(uint64_t class_key);
/* Report what lc_usage_new_edge found, after lc_graph_lock is released. */
void lc_usage_flush(void);
extern unsigned lc_usage_safe_classes; /* classes with a USED_IN bit: 0 skips every check */

/* ---- signal safety (signal_state.c, signal_usage.c) ---- */
/* The acquisition records signal usage its record has not seen. */
void lc_sig_acquire_slow(lc_thread *t, lc_lockrec *rec, const void *lock, lc_mode mode,
			 const void *pc);
void lc_sig_forget(uint64_t class_key);
void lc_sig_thread_init(lc_thread *t);
/* Every registered thread, under the registry lock (thread_state.c). */
void lc_thread_for_each(void (*fn)(lc_thread *t, void *arg), void *arg);

#pragma GCC visibility pop

#endif

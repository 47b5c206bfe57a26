/* Per-thread engine state: the held-lock stack and context depths.  Reached
 * through one initial-exec TLS pointer; every thread's state is also on a
 * registry list so a forked child can discard the others. */
#include <string.h>

#include "engine/hot_path.h"
#include "engine/irq_usage.h"

#define INITIAL_HELD 64

LC_TLS lc_thread *lc_self_thread;
/* Set once this thread's state is destroyed at its exit: what runs after
 * (thread-specific-data and thread_local destructors, libunwind's among
 * them, which take locks) must not make a new state nobody would free. */
static LC_TLS bool self_exited;

static lc_spin thread_lock = LC_SPIN_INIT;
static lc_thread *threads;
static unsigned long nthreads;

unsigned long lc_thread_live(void)
{
	return __atomic_load_n(&nthreads, __ATOMIC_RELAXED);
}

lc_thread *lc_thread_create(void)
{
	if (self_exited)
		return NULL; /* its events after exit go unchecked */
	lc_thread *t = lc_alloc(sizeof *t);
	if (!t)
		return NULL;
	t->tid = lc_gettid();
	t->held = lc_alloc(INITIAL_HELD * sizeof(lc_held));
	t->cap = t->held ? INITIAL_HELD : 0;
	lc_irq_state_init(t);
	lc_sig_thread_init(t);
	lc_spin_lock(&thread_lock);
	t->next = threads;
	if (threads)
		threads->prev = t;
	threads = t;
	lc_counters.threads_seen++;
	nthreads++;
	lc_spin_unlock(&thread_lock);
	lc_self_thread = t;
	return t;
}

void lc_thread_for_each(void (*fn)(lc_thread *t, void *arg), void *arg)
{
	lc_spin_lock(&thread_lock);
	for (lc_thread *t = threads; t; t = t->next)
		fn(t, arg);
	lc_spin_unlock(&thread_lock);
}

bool lc_thread_grow(lc_thread *t)
{
	if (t->nheld < t->cap)
		return true;
	unsigned ncap = t->cap ? t->cap * 2 : INITIAL_HELD;
	/* Double, so growth is amortised and absent once the stack is deep enough. */
	lc_held *n = lc_realloc(t->held, t->cap * sizeof(lc_held), ncap * sizeof(lc_held));
	if (!n)
		return false;
	t->held = n;
	t->cap = ncap;
	return true;
}

static void unlink_thread(lc_thread *t)
{
	if (t->prev)
		t->prev->next = t->next;
	else if (threads == t)
		threads = t->next;
	if (t->next)
		t->next->prev = t->prev;
	t->next = t->prev = NULL;
}

void lc_thread_destroy(lc_thread *t)
{
	lc_spin_lock(&thread_lock);
	unlink_thread(t);
	nthreads--;
	lc_spin_unlock(&thread_lock);
	if (lc_self_thread == t) {
		lc_self_thread = NULL;
		self_exited = true;
	}
	lc_free(t->held, t->cap * sizeof(lc_held));
	lc_stack_cache_free(t->stack_cache);
	lc_free(t, sizeof *t);
}

/* Forget what a discarded thread held so the locks do not look owned. */
static void disown_all(lc_thread *t)
{
	while (t->nheld) {
		lc_held h = t->held[--t->nheld];
		lc_held_disown(t, &h, NULL);
	}
}

/* In the child, the locks a discarded thread held for write stay locked for
 * ever: marked, so that waiting for one is reported (acquire.c). */
static void orphan_all(const lc_thread *t)
{
	for (unsigned i = 0; i < t->nheld; i++) {
		const lc_held *h = &t->held[i];
		lc_lockrec *r = h->rec;
		if (h->mode != LC_MODE_WRITE || lc_type_released_elsewhere((lc_lock_type)h->type) ||
		    __atomic_load_n(&r->addr, __ATOMIC_RELAXED) != h->addr ||
		    __atomic_load_n(&r->owner, __ATOMIC_RELAXED) != t->tid)
			continue;
		__atomic_or_fetch(&r->flags, LC_REC_ORPHANED, __ATOMIC_RELAXED);
	}
}

void lc_thread_fork_prepare(void)
{
	lc_spin_lock(&thread_lock);
}

void lc_thread_fork_parent(void)
{
	lc_spin_unlock(&thread_lock);
}

void lc_thread_fork_child(void)
{
	lc_thread *self = lc_self_thread;
	lc_thread *t = threads;
	threads = NULL;
	nthreads = 0;
	while (t) {
		lc_thread *next = t->next;
		if (t != self) {
			orphan_all(t);
			disown_all(t);
			lc_free(t->held, t->cap * sizeof(lc_held));
			lc_stack_cache_free(t->stack_cache);
			lc_free(t, sizeof *t);
		}
		t = next;
	}
	if (self) {
		self->next = self->prev = NULL;
		threads = self;
		nthreads = 1;
		long old = self->tid;
		self->tid = lc_gettid();
		/* Locks the forking thread holds are now the child's. */
		for (unsigned i = 0; i < self->nheld; i++) {
			lc_lockrec *r = self->held[i].rec;
			if (__atomic_load_n(&r->owner, __ATOMIC_RELAXED) == old)
				__atomic_store_n(&r->owner, self->tid, __ATOMIC_RELAXED);
		}
	}
	lc_spin_unlock(&thread_lock);
}

/* Lock creation and destruction, thread and process exit, fork. */
#include <stdio.h>

#include "engine/hot_path.h"
#include "engine/site_classes.h"

void lc_forget_class(uint64_t key)
{
	lc_spin_lock(&lc_graph_lock);
	lc_graph_remove_class(key);
	lc_spin_unlock(&lc_graph_lock);
}

/* Initialising a lock somebody holds: its state is gone while a holder
 * still counts on it (lockdep's "initialize held"). */
static void report_init_held(lc_lockrec *rec, const void *lock, const void *pc)
{
	if (!lc_opt.detect[LC_KIND_INIT_HELD])
		return;
	long owner = __atomic_load_n(&rec->owner, __ATOMIC_RELAXED);
	char name[160], msg[400];
	lc_lock_display(name, sizeof name, rec->class_name, rec->type, lock);
	if (owner)
		snprintf(msg, sizeof msg,
			 "Initialisation of a held lock: %s is initialised again while thread %ld holds it.",
			 name, owner);
	else
		snprintf(msg, sizeof msg,
			 "Initialisation of a held lock: %s is initialised again while it is held for read.",
			 name);
	lc_finding_lock l;
	lc_finding_lock_from_rec(&l, rec, lock, -1);
	lc_report_simple(LC_KIND_INIT_HELD, msg, &l, 1, pc);
}

void lc_engine_lock_create(const void *lock, const lc_lock_attr *attr, const void *pc)
{
	lc_lockrec *old = lc_table_lookup(lock);
	if (old && (attr->flags & LC_LOCK_STATIC_INIT)) {
		/* Announced on first use after we already saw it: keep its history,
		 * only learn the type if we had to guess it. */
		if (old->flags & LC_LOCK_STATIC_INIT) {
			old->type = attr->type < LC_LOCK_TYPE_COUNT ? attr->type : LC_LOCK_MUTEX;
			old->flags = (uint8_t)(attr->flags | (old->flags & (LC_REC_CACHED | LC_REC_IN_GRAPH)));
		}
		return;
	}
	/* Re-initialisation of a held lock: reported, and its holders no
	 * longer hold it. */
	if (old && (__atomic_load_n(&old->owner, __ATOMIC_RELAXED) ||
		    __atomic_load_n(&old->readers, __ATOMIC_RELAXED))) {
		/* Named (annotated, kernel-style) locks follow lockdep; a raw
		 * pthread lock re-made over an abandoned hold (a stack slot
		 * reused) only loses the hold. */
		if (old->class_name && !lc_site_class_name(old->class_name))
			report_init_held(old, lock, pc);
		lc_mark_stale(old);
		if (lc_self_thread)
			(void)lc_held_prune_stale(lc_self_thread);
	}
	/* Re-initialisation: an anonymous class starts clean. */
	if (old && !old->class_name && (old->flags & LC_REC_IN_GRAPH))
		lc_forget_class(old->class_key);
	lc_lock_attr a = *attr;
	/* Naming a pthread rwlock keeps what the interceptor knew of it. */
	if (old && old->type == LC_LOCK_RWLOCK && a.type == LC_LOCK_RWLOCK)
		a.flags |= old->flags & LC_LOCK_READER_PREFERRING;
	const void *origin = pc;
	uint64_t key = lc_site_classes_for(&a) ? lc_site_class_init(&a, pc, &origin) : 0;
	if (!key)
		key = lc_class_key_for(attr->class_name, &a.class_name);
	if (lc_table_create(lock, &a, key))
		lc_origin_note(lock, origin, false);
}

static void report_destroy_held(lc_thread *t, lc_lockrec *rec, const void *lock, long owner,
				const void *pc)
{
	if (!lc_opt.detect[LC_KIND_DESTROY_HELD])
		return;
	char name[160], msg[400];
	lc_lock_display(name, sizeof name, rec->class_name, rec->type, lock);
	if (owner == t->tid)
		snprintf(msg, sizeof msg, "Destroy of a held lock: %s is destroyed while this thread holds it.", name);
	else if (owner)
		snprintf(msg, sizeof msg, "Destroy of a held lock: %s is destroyed while thread %ld holds it.", name, owner);
	else
		snprintf(msg, sizeof msg, "Destroy of a held lock: %s is destroyed while it is held for read.", name);
	lc_finding_lock l;
	lc_finding_lock_from_rec(&l, rec, lock, -1);
	lc_report_simple(LC_KIND_DESTROY_HELD, msg, &l, 1, pc);
}

static void report_held_freed(lc_thread *t, lc_lockrec *rec, const void *lock, long owner,
			      const void *start, size_t size, const void *pc)
{
	if (!lc_opt.detect[LC_KIND_HELD_LOCK_FREED])
		return;
	char name[160], who[64], msg[400];
	lc_lock_display(name, sizeof name, rec->class_name, rec->type, lock);
	if (owner == t->tid)
		snprintf(who, sizeof who, "this thread holds it");
	else if (owner)
		snprintf(who, sizeof who, "thread %ld holds it", owner);
	else
		snprintf(who, sizeof who, "it is held for read");
	snprintf(msg, sizeof msg,
		 "Held lock freed: %s goes with the memory freed around it (%zu bytes at %p) while %s.",
		 name, size, start, who);
	lc_finding_lock l;
	lc_finding_lock_from_rec(&l, rec, lock, -1);
	lc_report_simple(LC_KIND_HELD_LOCK_FREED, msg, &l, 1, pc);
}

/* The end of a lock: destroyed (start NULL), or the memory [start, start +
 * size) holding it freed.  Its record goes, and for an anonymous lock its
 * class and edges. */
static void lock_end(const void *lock, const void *start, size_t size, const void *pc)
{
	lc_lockrec *rec = lc_table_lookup(lock);
	if (!rec)
		return;
	lc_thread *t = lc_thread_get();
	long owner = __atomic_load_n(&rec->owner, __ATOMIC_RELAXED);
	unsigned readers = __atomic_load_n(&rec->readers, __ATOMIC_RELAXED);
	if (t && (owner || readers)) {
		if (start)
			report_held_freed(t, rec, lock, owner, start, size, pc);
		else
			report_destroy_held(t, rec, lock, owner, pc);
		/* Our own entry would only produce follow-up noise. */
		int i = lc_held_find(t, lock);
		if (i >= 0) {
			lc_held h = t->held[i];
			lc_held_remove(t, (unsigned)i);
			lc_held_disown(t, &h, pc);
		}
		/* Other holders' entries: they no longer hold this lock. */
		lc_mark_stale(rec);
	}
	uint64_t key = rec->class_key;
	bool in_graph = rec->class_name == NULL &&
			(__atomic_load_n(&rec->flags, __ATOMIC_RELAXED) & LC_REC_IN_GRAPH);
	lc_table_destroy(lock);
	if (in_graph)
		lc_forget_class(key);
}

void lc_engine_lock_destroy(const void *lock, const void *pc)
{
	lock_end(lock, NULL, 0, pc);
}

void lc_engine_lock_end(const void *lock, const void *freed_start, size_t freed_size,
			const void *pc)
{
	lock_end(lock, freed_start, freed_size, pc);
}

/* EXIT_HOLDING: list every lock the thread still holds, except page locks
 * and semaphores, which another thread may legitimately release later. */
static void report_exit_holding(lc_thread *t, const char *when, const void *pc)
{
	if (!t || t->nheld == 0 || !lc_opt.detect[LC_KIND_EXIT_HOLDING])
		return;
	enum { SITES = 8 }; /* acquisition sites shown; all locks are listed */
	lc_finding_lock *locks = lc_alloc(t->nheld * sizeof *locks);
	if (!locks)
		return;
	lc_stack sites[SITES];
	lc_finding_stack extra[SITES];
	char labels[SITES][200];
	unsigned n = 0, nsites = 0;
	const lc_held *first = NULL;
	for (unsigned i = 0; i < t->nheld; i++) {
		const lc_held *h = &t->held[i];
		if (lc_type_released_elsewhere((lc_lock_type)h->type))
			continue;
		if (!first)
			first = h;
		lc_finding_lock_from_rec(&locks[n++], h->rec, h->addr, h->mode);
		if (nsites < SITES && h->pc) {
			char name[160];
			lc_lock_display(name, sizeof name, h->rec->class_name, (lc_lock_type)h->type, h->addr);
			snprintf(labels[nsites], sizeof labels[nsites], "%s acquired", name);
			lc_stack_of_pc(&sites[nsites], h->pc);
			extra[nsites] = (lc_finding_stack){.label = labels[nsites], .stack = &sites[nsites]};
			nsites++;
		}
	}
	if (n > 0) {
		char name[160], msg[400];
		lc_lock_display(name, sizeof name, first->rec->class_name, (lc_lock_type)first->type,
				first->addr);
		snprintf(msg, sizeof msg,
			 "Exit holding locks: thread %ld %s while holding %u lock%s, first %s.", t->tid,
			 when, n, n == 1 ? "" : "s", name);
		lc_report_with(LC_KIND_EXIT_HOLDING, msg, locks, n, pc, extra, nsites);
	}
	lc_free(locks, t->nheld * sizeof *locks);
}

void lc_engine_thread_start(void)
{
	(void)lc_thread_get();
}

void lc_engine_thread_exit(const void *pc)
{
	lc_thread *t = lc_self_thread;
	if (!t)
		return;
	if (t->nremote)
		lc_held_prune_remote(t);
	lc_held_prune_if_stale(t);
	report_exit_holding(t, "exits", pc);
	/* The locks stay locked (and owned, for later misuse reports). */
	lc_thread_destroy(t);
}

void lc_engine_process_exit(const void *pc)
{
	lc_thread *t = lc_self_thread;
	if (!t)
		return;
	if (t->nremote)
		lc_held_prune_remote(t);
	lc_held_prune_if_stale(t);
	report_exit_holding(t, "ends the process", pc);
}

/* Fixed order: graph, classes, table, threads (the allocator's lock comes
 * last, taken by core/events.c). */
void lc_engine_fork(lc_fork_phase phase)
{
	switch (phase) {
	case LC_FORK_PREPARE:
		lc_spin_lock(&lc_graph_lock);
		lc_classes_fork_prepare();
		lc_table_fork_prepare();
		lc_thread_fork_prepare();
		break;
	case LC_FORK_PARENT:
		lc_thread_fork_parent();
		lc_table_fork_parent();
		lc_classes_fork_parent();
		lc_spin_unlock(&lc_graph_lock);
		break;
	case LC_FORK_CHILD:
		lc_thread_fork_child();
		lc_table_fork_child();
		lc_classes_fork_child();
		lc_spin_unlock(&lc_graph_lock);
		break;
	}
}

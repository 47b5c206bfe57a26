/* seqcount_t and seqlock_t (part of lockcheck/kernel.h).
 *
 * The writer side is a lock: a seqlock_t writer holds its spinlock (order,
 * atomic context, interrupt state are checked as for any spinlock_t), a
 * seqcount_t writer is a lock of its own (LOCKCHECK_SEQLOCK; its writers
 * must already be serialised, as in the kernel).  Readers take nothing: a
 * reader only waits while a writer is inside, so to the checker it is a
 * read acquisition released at once, as lockdep's reader annotation.  That
 * is enough for a reader that would spin forever under its own writer
 * (self-deadlock), or a reader under lock X while the writer takes X. */
#ifndef LOCKCHECK_KERNEL_SEQLOCK_H
#define LOCKCHECK_KERNEL_SEQLOCK_H
#ifndef LOCKCHECK_KERNEL_H
#error "include lockcheck/kernel.h"
#endif

/* ---- seqcount_t ---- */
typedef struct seqcount { KSHIM__MEMBERS unsigned sequence; } seqcount_t;
#define SEQCNT_ZERO(name) { .w = KSHIM_WORD_INIT(#name), .sequence = 0 }
LOCKCHECK_NAMES(3)
static inline void seqcount_init_class(seqcount_t *s, const char *name, const void *object,
				       const char *object_type)
{
	kshim__init(s, &s->w, LOCKCHECK_SEQLOCK, name, object, object_type);
	__atomic_store_n(&s->sequence, 0, __ATOMIC_RELEASE);
}
#define seqcount_init(s) seqcount_init_class((s), #s, 0, 0)

/* The reader's annotation: a wait for the writer, then nothing held. */
static inline void kshim__seq_reader(void *lock, struct kshim_word *w, int kind)
{
	kshim__announce(lock, w, kind);
	lockcheck_acquire(lock, LOCKCHECK_READ, 0, 0);
	lockcheck_acquired(lock, LOCKCHECK_READ, 0, 0, 1);
	lockcheck_release(lock);
}
/* Without the annotation (raw_ forms, and inside the checked ones). */
static inline unsigned kshim__seq_begin(const unsigned *seq)
{
	unsigned s;
	while ((s = __atomic_load_n(seq, __ATOMIC_ACQUIRE)) & 1)
		cpu_relax();
	return s;
}
static inline int kshim__seq_retry(const unsigned *seq, unsigned start)
{
	__atomic_thread_fence(__ATOMIC_ACQUIRE);
	return __atomic_load_n(seq, __ATOMIC_RELAXED) != start;
}
static inline unsigned raw_read_seqcount_begin(const seqcount_t *s) { return kshim__seq_begin(&s->sequence); }
static inline unsigned read_seqcount_begin(seqcount_t *s)
{
	kshim__seq_reader(s, &s->w, LOCKCHECK_SEQLOCK);
	return kshim__seq_begin(&s->sequence);
}
#define __read_seqcount_begin(s) raw_read_seqcount_begin(s)
static inline int read_seqcount_retry(const seqcount_t *s, unsigned start)
{
	return kshim__seq_retry(&s->sequence, start);
}
#define __read_seqcount_retry(s, start) read_seqcount_retry((s), (start))
static inline void kshim__seq_write_begin(unsigned *seq)
{
	__atomic_store_n(seq, __atomic_load_n(seq, __ATOMIC_RELAXED) + 1, __ATOMIC_RELAXED);
	__atomic_thread_fence(__ATOMIC_RELEASE);
}
static inline void kshim__seq_write_end(unsigned *seq)
{
	__atomic_store_n(seq, __atomic_load_n(seq, __ATOMIC_RELAXED) + 1, __ATOMIC_RELEASE);
}
static inline void write_seqcount_begin_nested(seqcount_t *s, unsigned sub)
{
	kshim__announce(s, &s->w, LOCKCHECK_SEQLOCK);
	lockcheck_acquire(s, LOCKCHECK_WRITE, 0, sub);
	lockcheck_acquired(s, LOCKCHECK_WRITE, 0, sub, 1);
	kshim__seq_write_begin(&s->sequence);
}
static inline void write_seqcount_begin(seqcount_t *s) { write_seqcount_begin_nested(s, 0); }
static inline void write_seqcount_end(seqcount_t *s)
{
	kshim__seq_write_end(&s->sequence);
	kshim__release(s, &s->w, LOCKCHECK_SEQLOCK);
}
#define raw_write_seqcount_begin(s) kshim__seq_write_begin(&(s)->sequence)
#define raw_write_seqcount_end(s) kshim__seq_write_end(&(s)->sequence)

/* ---- seqlock_t: a seqcount whose writers hold a spinlock ---- */
typedef struct { spinlock_t lock; unsigned sequence; } seqlock_t;
#define __SEQLOCK_UNLOCKED(name) { .lock = __SPIN_LOCK_UNLOCKED(name), .sequence = 0 }
#define DEFINE_SEQLOCK(x) seqlock_t x = __SEQLOCK_UNLOCKED(x)
LOCKCHECK_NAMES(3)
static inline void seqlock_init_class(seqlock_t *sl, const char *name, const void *object,
				      const char *object_type)
{
	spin_lock_init_class(&sl->lock, name, object, object_type);
	__atomic_store_n(&sl->sequence, 0, __ATOMIC_RELEASE);
}
#define seqlock_init(sl) seqlock_init_class((sl), #sl, 0, 0)
static inline unsigned read_seqbegin(seqlock_t *sl)
{
	kshim__seq_reader(&sl->lock, &sl->lock.w, LOCKCHECK_SPINLOCK);
	return kshim__seq_begin(&sl->sequence);
}
static inline unsigned read_seqretry(const seqlock_t *sl, unsigned start)
{
	return (unsigned)kshim__seq_retry(&sl->sequence, start);
}
static inline void write_seqlock(seqlock_t *sl)
{
	spin_lock(&sl->lock);
	kshim__seq_write_begin(&sl->sequence);
}
static inline void write_sequnlock(seqlock_t *sl)
{
	kshim__seq_write_end(&sl->sequence);
	spin_unlock(&sl->lock);
}
static inline void write_seqlock_irq(seqlock_t *sl) { local_irq_disable(); write_seqlock(sl); }
static inline void write_sequnlock_irq(seqlock_t *sl) { write_sequnlock(sl); local_irq_enable(); }
static inline void write_seqlock_bh(seqlock_t *sl) { local_bh_disable(); write_seqlock(sl); }
static inline void write_sequnlock_bh(seqlock_t *sl) { write_sequnlock(sl); local_bh_enable(); }
#define write_seqlock_irqsave(sl, flags) do { local_irq_save(flags); write_seqlock(sl); } while (0)
#define write_sequnlock_irqrestore(sl, flags) do { write_sequnlock(sl); local_irq_restore(flags); } while (0)
/* A reader that locks out writers (and other such readers). */
static inline void read_seqlock_excl(seqlock_t *sl) { spin_lock(&sl->lock); }
static inline void read_sequnlock_excl(seqlock_t *sl) { spin_unlock(&sl->lock); }
/* The lockless pass first (seq even), the locked one when it must retry (odd). */
static inline void read_seqbegin_or_lock(seqlock_t *sl, int *seq)
{
	if (!(*seq & 1))
		*seq = (int)read_seqbegin(sl);
	else
		read_seqlock_excl(sl);
}
static inline int need_seqretry(seqlock_t *sl, int seq) { return !(seq & 1) && read_seqretry(sl, (unsigned)seq); }
static inline void done_seqretry(seqlock_t *sl, int seq)
{
	if (seq & 1)
		read_sequnlock_excl(sl);
}

#endif

/* kernel.h's lock families as kernel-derived userspace code uses them, one
 * scenario per argument (tests/e2e/test_kernel_families.c runs each). */
#include <stdio.h>
#include <string.h>

#include "lockcheck/kernel.h"

static void show(const char *name, const void *lock) { printf("lock %s %p\n", name, lock); }

static DEFINE_RAW_SPINLOCK(raw_outer);
static DEFINE_SPINLOCK(spin_inner);
static DEFINE_SPINLOCK(spin_outer);
static DEFINE_RAW_SPINLOCK(raw_inner);
static DEFINE_MUTEX(big);
static DEFINE_SPINLOCK(x);
static DEFINE_SEQLOCK(sq);
static DECLARE_COMPLETION(done);
static DECLARE_WAIT_QUEUE_HEAD(wq);
static DEFINE_PERCPU_RWSEM(pr);

/* The acquisition the wait-context report names as its place. */
static __attribute__((noinline)) void take_spin_inner(void)
{
	spin_lock(&spin_inner);
	spin_unlock(&spin_inner);
}

struct obj { struct mutex lock; };
static void obj_init(struct obj *o) { mutex_init(&o->lock); } /* one class for all: "&o->lock" */
static int child_key;

static int scenario(const char *how)
{
	show("raw_outer", &raw_outer);
	show("spin_inner", &spin_inner);
	show("spin_outer", &spin_outer);
	show("raw_inner", &raw_inner);
	show("big", &big);
	show("x", &x);
	show("sq", &sq.lock);
	show("pr", &pr.rw);
	if (!strcmp(how, "spin_in_raw")) { /* invalid with prove_raw_lock_nesting */
		raw_spin_lock(&raw_outer);
		take_spin_inner();
		raw_spin_unlock(&raw_outer);
	} else if (!strcmp(how, "raw_in_spin")) { /* always fine */
		spin_lock(&spin_outer);
		raw_spin_lock(&raw_inner);
		raw_spin_unlock(&raw_inner);
		spin_unlock(&spin_outer);
	} else if (!strcmp(how, "spin_in_hardirq")) { /* a handler not threaded */
		local_irq_disable();
		irq_enter();
		take_spin_inner();
		irq_exit();
		local_irq_enable();
	} else if (!strcmp(how, "spin_in_threaded_hardirq")) {
		local_irq_disable();
		irq_enter();
		lockdep_hardirq_threaded();
		take_spin_inner();
		irq_exit();
		local_irq_enable();
	} else if (!strcmp(how, "spin_trylock_in_raw")) { /* a trylock never waits */
		raw_spin_lock(&raw_outer);
		if (spin_trylock(&spin_inner))
			spin_unlock(&spin_inner);
		raw_spin_unlock(&raw_outer);
	} else if (!strcmp(how, "completion_under_spin")) {
		complete(&done);
		spin_lock(&x);
		wait_for_completion(&done);
		spin_unlock(&x);
	} else if (!strcmp(how, "completion")) {
		complete(&done);
		wait_for_completion(&done);
		spin_lock(&x);
		complete(&done); /* waking is fine under a spinlock */
		spin_unlock(&x);
		return wait_for_completion_timeout(&done, 10) ? 0 : 3;
	} else if (!strcmp(how, "wait_event_under_spin")) {
		spin_lock(&x);
		wait_event(wq, 1);
		spin_unlock(&x);
	} else if (!strcmp(how, "msleep_under_spin")) {
		spin_lock(&x);
		msleep(1);
		spin_unlock(&x);
	} else if (!strcmp(how, "cond_resched_under_raw")) {
		raw_spin_lock(&raw_outer);
		cond_resched();
		raw_spin_unlock(&raw_outer);
	} else if (!strcmp(how, "sleeps")) { /* none in atomic context; delays are fine there */
		msleep(1);
		usleep_range(10, 20);
		schedule_timeout(1);
		cond_resched();
		wait_event_timeout(wq, 0, 1);
		spin_lock(&x);
		udelay(10);
		spin_unlock(&x);
	} else if (!strcmp(how, "bit_spin_sleep")) {
		unsigned long word = 0;
		bit_spin_lock(3, &word);
		msleep(1);
		bit_spin_unlock(3, &word);
	} else if (!strcmp(how, "seqlock_inversion") || !strcmp(how, "seqlock_one_order")) {
		write_seqlock(&sq);
		spin_lock(&x);
		spin_unlock(&x);
		write_sequnlock(&sq);
		if (!strcmp(how, "seqlock_inversion")) {
			spin_lock(&x);
			write_seqlock(&sq);
			write_sequnlock(&sq);
			spin_unlock(&x);
		}
		unsigned seq;
		do
			seq = read_seqbegin(&sq);
		while (read_seqretry(&sq, seq));
	} else if (!strcmp(how, "percpu_rwsem_inversion")) {
		percpu_down_write(&pr);
		mutex_lock(&big);
		mutex_unlock(&big);
		percpu_up_write(&pr);
		mutex_lock(&big);
		percpu_down_read(&pr);
		percpu_up_read(&pr);
		mutex_unlock(&big);
	} else if (!strcmp(how, "guards")) { /* every guard ends with its scope */
		{
			guard(mutex)(&big);
			if (!lockdep_is_held(&big))
				return 3;
		}
		scoped_guard(spinlock_irqsave, &x) {
			if (!irqs_disabled())
				return 3;
		}
		scoped_guard(raw_spinlock, &raw_outer)
			break;
		scoped_cond_guard(mutex_try, return 3, &big) {
		}
		{
			guard(rwsem_write)(&pr.rw);
			guard(rcu)();
		}
		if (lockdep_is_held(&big) || lockdep_is_held(&x) || irqs_disabled())
			return 3;
	} else if (!strcmp(how, "guard_sleep")) { /* the guard holds the spinlock */
		scoped_guard(spinlock, &x)
			msleep(1);
	} else if (!strcmp(how, "no_guard")) { /* the twin of guards: held at exit */
		mutex_lock(&big);
	} else if (!strcmp(how, "killable")) {
		if (mutex_lock_killable(&big) != 0)
			return 3;
		mutex_unlock(&big);
		if (mutex_lock_interruptible_nested(&big, 1) != 0 || down_read_killable(&pr.rw) != 0)
			return 3;
		up_read(&pr.rw);
		mutex_unlock(&big);
	} else {
		return 2;
	}
	return 0;
}

/* Class controls on already initialised locks. */
static int classes(const char *how)
{
	struct obj parent, child;
	obj_init(&parent);
	obj_init(&child);
	show("parent", &parent.lock);
	show("child", &child.lock);
	if (!strcmp(how, "same_class_nested")) { /* recursive-locking: one class */
	} else if (!strcmp(how, "set_class")) {
		lockdep_set_class(&child.lock, &child_key);
	} else if (!strcmp(how, "set_class_after_use")) {
		mutex_lock(&child.lock);
		mutex_unlock(&child.lock);
		lockdep_set_class(&child.lock, &child_key);
	} else if (!strcmp(how, "set_class_held")) { /* stays held, in the new class */
		mutex_lock(&child.lock);
		lockdep_set_class(&child.lock, &child_key);
		if (!lockdep_is_held(&child.lock))
			return 3;
		mutex_unlock(&child.lock);
	} else if (!strcmp(how, "set_subclass")) {
		lockdep_set_subclass(&child.lock, 1);
	} else if (!strcmp(how, "set_class_and_name")) {
		lockdep_set_class_and_name(&child.lock, &child_key, "child_lock");
	} else if (!strcmp(how, "set_class_inversion")) { /* orders checked in the new classes */
		lockdep_set_class(&child.lock, &child_key);
		mutex_lock(&parent.lock);
		mutex_lock(&child.lock);
		mutex_unlock(&child.lock);
		mutex_unlock(&parent.lock);
		mutex_lock(&child.lock);
		mutex_lock(&parent.lock);
		mutex_unlock(&parent.lock);
		mutex_unlock(&child.lock);
		return 0;
	} else if (!strcmp(how, "is_held")) {
		if (lockdep_is_held(&parent.lock))
			return 3;
		mutex_lock(&parent.lock);
		int ok = lockdep_is_held(&parent.lock) && !lockdep_is_held(&child.lock) &&
			 lockdep_is_held_type(&parent.lock, 0) && !lockdep_is_held_type(&parent.lock, 1);
		lockdep_assert_held(&parent.lock);
		lockdep_assert(lockdep_is_held(&parent.lock));
		mutex_unlock(&parent.lock);
		return ok ? 0 : 3;
	} else if (!strcmp(how, "assert_held_fails")) {
		lockdep_assert_held(&parent.lock);
		return 0;
	} else if (!strcmp(how, "assert_fails")) {
		lockdep_assert(lockdep_is_held(&parent.lock));
		return 0;
	} else {
		return 2;
	}
	mutex_lock(&parent.lock);
	mutex_lock(&child.lock);
	mutex_unlock(&child.lock);
	mutex_unlock(&parent.lock);
	return 0;
}

int main(int argc, char **argv)
{
	const char *how = argc > 1 ? argv[1] : "";
	setvbuf(stdout, NULL, _IONBF, 0);
	if (!strncmp(how, "class:", 6))
		return classes(how + 6);
	return scenario(how);
}

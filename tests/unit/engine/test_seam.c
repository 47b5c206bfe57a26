/* The event gate reaches detectors only through lc_detector tables: a test
 * detector put in the lock slot hears every event, with the lock type, the
 * flags and the caller's pc as arguments; a detector in another slot hears
 * lock events only on threads where it listens. */
#include <stdio.h>

#include "engine_test.h"

#include "lc_detectors.h"

typedef struct call {
	char what[16];
	const void *lock;
	int type;
	unsigned flags;
	const void *pc;
} call;

static call calls[32];
static unsigned ncalls;

static void record(const char *what, const void *lock, int type, unsigned flags, const void *pc)
{
	if (ncalls < 32)
		calls[ncalls++] = (call){.lock = lock, .type = type, .flags = flags, .pc = pc};
	snprintf(calls[ncalls - 1].what, sizeof calls[0].what, "%s", what);
}

static void t_create(const void *lock, const lc_lock_attr *attr, const void *pc)
{
	record("create", lock, attr->type, attr->flags, pc);
}
static void t_destroy(const void *lock, const void *pc) { record("destroy", lock, -1, 0, pc); }
static int t_before(const void *lock, int type, lc_mode mode, unsigned flags, unsigned subclass,
		    const void *pc)
{
	(void)mode, (void)subclass;
	record("before", lock, type, flags, pc);
	return LC_LOCK_RWSEM;
}
static int t_after(const void *lock, int type, lc_mode mode, unsigned flags, unsigned subclass,
		   const void *pc)
{
	(void)mode, (void)subclass;
	record("after", lock, type, flags, pc);
	return LC_LOCK_RWSEM;
}
static void t_release(const void *lock, unsigned flags, const void *pc)
{
	record("release", lock, -1, flags, pc);
}
static void t_blocking(const char *call, const void *pc) { record(call, NULL, -1, 0, pc); }

static const lc_detector test_locks = {
	.name = "test",
	.create = t_create,
	.destroy = t_destroy,
	.before_acquire = t_before,
	.after_acquire = t_after,
	.release = t_release,
	.blocking = t_blocking,
};

static int listener_type = -2;
static int l_after(const void *lock, int type, lc_mode mode, unsigned flags, unsigned subclass,
		   const void *pc)
{
	(void)lock, (void)mode, (void)flags, (void)subclass, (void)pc;
	listener_type = type;
	return type;
}
static const lc_detector listener = {.name = "listener", .after_acquire = l_after};

static const lc_detector *saved;

static void install(void)
{
	engine_test_setup();
	ncalls = 0;
	saved = lc_detectors_install(LC_SLOT_LOCKS, &test_locks);
}

static void restore(void)
{
	lc_detectors_install(LC_SLOT_LOCKS, saved);
}

static bool pc_in_this_test(const void *pc, void (*fn)(void))
{
	/* The pc is a return address inside the test body, just after fn. */
	return (uintptr_t)pc > (uintptr_t)fn && (uintptr_t)pc < (uintptr_t)fn + 4096;
}

Test(seam, lock_events_reach_the_lock_slot_with_type_flags_and_pc, .init = install, .fini = restore)
{
	static int m;
	lc_lock_attr a = {.type = LC_LOCK_SPINLOCK};
	lc_on_lock_create(&m, &a);
	lc_on_acquire(&m, LC_MODE_WRITE, LC_ACQ_TYPE(LC_LOCK_MUTEX_RECURSIVE) | LC_ACQ_TRY, 0);
	lc_on_acquired(&m, LC_MODE_WRITE, LC_ACQ_TYPE(LC_LOCK_MUTEX_RECURSIVE) | LC_ACQ_TRY, 0, false);
	lc_on_acquired(&m, LC_MODE_WRITE, LC_ACQ_UNCONTENDED, 0, true);
	lc_on_release(&m);
	lc_on_blocking("nanosleep");
	lc_on_lock_destroy(&m);
	cr_assert_eq(ncalls, 7);
	cr_assert_str_eq(calls[0].what, "create");
	cr_assert_eq(calls[0].type, LC_LOCK_SPINLOCK);
	cr_assert_str_eq(calls[1].what, "before");
	cr_assert_eq(calls[1].type, LC_LOCK_MUTEX_RECURSIVE, "the type travels as an argument");
	cr_assert(calls[1].flags & LC_ACQ_TRY);
	cr_assert_str_eq(calls[2].what, "after");
	cr_assert(calls[2].flags & LC_ACQ_FAILED, "a failed attempt is a flag");
	cr_assert_str_eq(calls[3].what, "after");
	cr_assert(calls[3].flags & LC_ACQ_UNCONTENDED, "uncontended is a flag on after-acquire");
	cr_assert_eq(calls[3].type, LC_LOCK_UNKNOWN, "no type given: unknown");
	cr_assert_str_eq(calls[4].what, "release");
	cr_assert_str_eq(calls[5].what, "nanosleep");
	cr_assert_str_eq(calls[6].what, "destroy");
	for (unsigned i = 0; i < ncalls; i++)
		cr_assert(pc_in_this_test(calls[i].pc,
					  (void (*)(void))seam_lock_events_reach_the_lock_slot_with_type_flags_and_pc_impl),
			  "call %u (%s): the pc is the caller's, passed as an argument", i, calls[i].what);
}

Test(seam, other_slots_hear_lock_events_only_while_listening, .init = install, .fini = restore)
{
	static int m;
	const lc_detector *old = lc_detectors_install(2, &listener);
	lc_on_acquired(&m, LC_MODE_WRITE, LC_ACQ_UNCONTENDED, 0, true);
	cr_assert_eq(listener_type, -2, "not listening: not called");
	lc_detectors_listen(2, true);
	lc_on_acquired(&m, LC_MODE_WRITE, LC_ACQ_UNCONTENDED, 0, true);
	cr_assert_eq(listener_type, LC_LOCK_RWSEM, "gets the type the lock detector knows");
	lc_detectors_listen(2, false);
	lc_detectors_install(2, old);
	cr_assert_eq(ncalls, 2, "the lock slot heard both");
}

Test(seam, the_lock_slot_cannot_be_emptied, .init = install, .fini = restore)
{
	cr_assert_null(lc_detectors_install(LC_SLOT_LOCKS, NULL));
	lc_on_release(&ncalls);
	cr_assert_eq(ncalls, 1);
}

Test(seam, an_explicit_caller_pc_is_passed_through, .init = install, .fini = restore)
{
	static int m;
	const void *site = (const void *)(uintptr_t)0x4321;
	lc_on_acquire_at(&m, LC_MODE_WRITE, 0, 0, site);
	lc_on_acquired_at(&m, LC_MODE_WRITE, 0, 0, true, site);
	lc_on_release_at(&m, site);
	cr_assert_eq(ncalls, 3);
	for (unsigned i = 0; i < ncalls; i++)
		cr_assert_eq(calls[i].pc, site, "call %u (%s) got the pc it was given", i, calls[i].what);
}

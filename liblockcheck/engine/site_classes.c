/* lock_classes=site: the class of a raw pthread lock is where it was made,
 * as lockdep's static lock_class_key makes it per init call.
 *   - an init call: the caller of pthread_*_init (or mtx_init), placed as a
 *     report is: the first frame that is not a lock wrapper (skip_frames,
 *     LOCKCHECK_LOCK_WRAPPER) nor libstdc++'s inline lock helpers;
 *   - a lock first met on use (no init call seen) in a module's data (a
 *     PTHREAD_MUTEX_INITIALIZER global): the variable;
 *   - any other lock first met on use: the site of that use.
 * A class is named once, when it is made ("mutex made in node_new+0x1c",
 * "mutex global_lock", "mutex first used in worker+0x3a"): names carry no
 * address, so signatures stay the same from run to run.  Naming never asks
 * the loader (lc_site_name_nolock): an init or a first use can happen with
 * a program lock held that a dlopen in another thread is waiting for.
 *
 * Sites are few (code and globals), so the table is fixed: a site is looked
 * up without a lock, inserted under site_lock; classes live in one array
 * and are never freed, which is the point (their edges outlive instances),
 * and lets lc_site_class_name tell a site class's name by its address.
 * When the table is full, new sites fall back to per-instance classes. */
#include <stdatomic.h>
#include <string.h>

#include "engine/site_classes.h"

#define SLOTS (1u << 15) /* power of two */
#define PROBES 64
#define MAX_CLASSES (1u << 13)
#define NAME_LEN 112
#define MAX_WRAPPED 8 /* as report_skip.c: wrappers of wrappers, then give up */

/* Slot keys: a code pc or a variable address (below 2^48) and its role. */
#define TAG_INIT ((uintptr_t)1 << 60)
#define TAG_USE ((uintptr_t)2 << 60)
#define TAG_DATA ((uintptr_t)3 << 60)
#define TAG_FRAME ((uintptr_t)4 << 60) /* whether a pc is a wrapper frame */
/* Slot values: class index + 2, or one of these for TAG_FRAME. */
#define VAL_WRAPPER 1u
#define VAL_PLACE 2u

typedef struct site_class {
	uint64_t key;
	const void *site; /* the init or use pc; NULL for a variable */
	char name[NAME_LEN];
} site_class;

typedef struct slot {
	_Atomic uintptr_t key;
	_Atomic uintptr_t val; /* 0 while being filled */
} slot;

static slot *_Atomic slots;
static site_class *_Atomic classes;
static unsigned nclasses;
static lc_spin site_lock = LC_SPIN_INIT;

static bool tables(void)
{
	if (atomic_load(&slots) && atomic_load(&classes))
		return true;
	lc_spin_lock(&site_lock);
	if (!atomic_load(&slots))
		atomic_store(&slots, lc_alloc(SLOTS * sizeof(slot)));
	if (!atomic_load(&classes))
		atomic_store(&classes, lc_alloc(MAX_CLASSES * sizeof(site_class)));
	lc_spin_unlock(&site_lock);
	return atomic_load(&slots) && atomic_load(&classes);
}

static uintptr_t lookup(uintptr_t key)
{
	slot *t = atomic_load(&slots);
	size_t i = (size_t)lc_mix_fast(key) & (SLOTS - 1);
	for (unsigned n = 0; n < PROBES; n++, i = (i + 1) & (SLOTS - 1)) {
		uintptr_t k = atomic_load_explicit(&t[i].key, memory_order_acquire);
		if (k == key)
			return atomic_load_explicit(&t[i].val, memory_order_acquire);
		if (k == 0)
			return 0;
	}
	return 0;
}

/* Under site_lock.  False when the table is full. */
static bool insert_locked(uintptr_t key, uintptr_t val)
{
	slot *t = atomic_load(&slots);
	size_t i = (size_t)lc_mix_fast(key) & (SLOTS - 1);
	for (unsigned n = 0; n < PROBES; n++, i = (i + 1) & (SLOTS - 1)) {
		uintptr_t k = atomic_load(&t[i].key);
		if (k == key)
			return true; /* made meanwhile by another thread */
		if (k == 0) {
			atomic_store_explicit(&t[i].val, val, memory_order_relaxed);
			atomic_store_explicit(&t[i].key, key, memory_order_release);
			return true;
		}
	}
	return false;
}

static const site_class *class_of(uintptr_t val)
{
	return val >= 2 ? &atomic_load(&classes)[val - 2] : NULL;
}

/* The class of key, made with name if it is new; NULL when full. */
static const site_class *get_class(uintptr_t key, const void *site, const char *what,
				   const char *name)
{
	const site_class *c = class_of(lookup(key));
	if (c)
		return c;
	lc_spin_lock(&site_lock);
	c = class_of(lookup(key)); /* another thread may have made it */
	if (!c && nclasses < MAX_CLASSES) {
		site_class *n = &atomic_load(&classes)[nclasses];
		n->key = lc_class_key_anonymous();
		n->site = site;
		const char *at = name[0] ? name : "an unknown place";
		size_t w = strlen(what), a = strnlen(at, NAME_LEN - w - 1);
		memcpy(n->name, what, w);
		memcpy(n->name + w, at, a);
		n->name[w + a] = 0;
		if (insert_locked(key, nclasses + 2)) {
			nclasses++;
			c = n;
		}
	}
	lc_spin_unlock(&site_lock);
	return c;
}

/* libstdc++ and libc++ inline lock helpers (std::mutex::lock at -O0,
 * __gthread_mutex_lock): the user's line is their caller. */
static bool std_lock_helper(const char *fn)
{
	return !strncmp(fn, "_ZNSt", 5) || !strncmp(fn, "_ZSt", 4) || !strncmp(fn, "__gthread", 9) ||
	       !strncmp(fn, "_ZN9__gnu_cxx", 13) || !strncmp(fn, "_ZNSt3__1", 9);
}

/* Whether the frame at pc is a wrapper (remembered per pc). */
static bool is_wrapper(uintptr_t pc)
{
	uintptr_t v = lookup(TAG_FRAME | pc);
	if (v)
		return v == VAL_WRAPPER;
	lc_frame_info fr;
	lc_stack_symbolize_nolock(pc, &fr);
	bool wrapper = (fr.function[0] && std_lock_helper(fr.function)) || lc_skip_frame(&fr);
	lc_spin_lock(&site_lock);
	(void)insert_locked(TAG_FRAME | pc, wrapper ? VAL_WRAPPER : VAL_PLACE);
	lc_spin_unlock(&site_lock);
	return wrapper;
}

/* The code site of an init or use at pc, placed past wrappers.  The walk
 * happens only when pc itself is a wrapper frame. */
static uintptr_t place(uintptr_t pc)
{
	if (!is_wrapper(pc))
		return pc;
	lc_stack st;
	lc_capture_stack(&st, (const void *)pc);
	for (unsigned i = 0; i < st.depth && i < MAX_WRAPPED; i++)
		if (!is_wrapper(st.pc[i]))
			return st.pc[i];
	return pc; /* all wrappers: keep the first rather than nothing */
}

static const site_class *code_class(uintptr_t tag, const void *pc, const char *type,
				    const char *how)
{
	uintptr_t at = place((uintptr_t)pc);
	const site_class *c = class_of(lookup(tag | at));
	if (c)
		return c;
	char what[48], name[NAME_LEN];
	size_t n = strlen(type), h = strlen(how);
	memcpy(what, type, n);
	memcpy(what + n, how, h + 1);
	lc_site_name_nolock(at, false, name, sizeof name);
	return get_class(tag | at, (const void *)at, what, name);
}

static uint64_t result(const site_class *c, lc_lock_attr *a, const void **site)
{
	if (!c)
		return 0;
	a->class_name = c->name;
	*site = c->site;
	return c->key;
}

uint64_t lc_site_class_init(lc_lock_attr *a, const void *pc, const void **site)
{
	if (!pc || !tables())
		return 0;
	return result(code_class(TAG_INIT, pc, lc_lock_type_name(a->type), " made in "), a, site);
}

uint64_t lc_site_class_first_use(lc_lock_attr *a, const void *lock, const void *pc,
				 const void **site)
{
	if (!tables())
		return 0;
	const char *type = lc_lock_type_name(a->type);
	if (lc_address_in_module(lock)) {
		uintptr_t key = TAG_DATA | (uintptr_t)lock;
		const site_class *c = class_of(lookup(key));
		if (!c) {
			char what[48], name[NAME_LEN];
			size_t n = strlen(type);
			memcpy(what, type, n);
			memcpy(what + n, " ", 2);
			lc_site_name_nolock((uintptr_t)lock, true, name, sizeof name);
			c = get_class(key, NULL, what, name);
		}
		/* The report's "first used" site stays the use. */
		uint64_t k = result(c, a, site);
		*site = pc;
		return k;
	}
	if (!pc)
		return 0;
	return result(code_class(TAG_USE, pc, type, " first used in "), a, site);
}

bool lc_site_class_name(const char *name)
{
	const site_class *c = atomic_load(&classes);
	uintptr_t p = (uintptr_t)name, lo = (uintptr_t)c;
	return c && p >= lo && p < lo + MAX_CLASSES * sizeof *c;
}

const void *lc_site_class_site(const char *name)
{
	if (!lc_site_class_name(name))
		return NULL;
	const site_class *c = atomic_load(&classes);
	return c[((uintptr_t)name - (uintptr_t)c) / sizeof *c].site;
}

void lc_site_classes_fork_prepare(void)
{
	lc_spin_lock(&site_lock);
}

void lc_site_classes_fork_release(void)
{
	lc_spin_unlock(&site_lock);
}

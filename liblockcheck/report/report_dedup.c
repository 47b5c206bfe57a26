/* Duplicate findings, by signature: the kind, the locks by class name (or
 * type, for a lock nobody named), the rule of a contract finding, and the
 * set of code sites, one per stack: the top frame as module + offset from
 * the module's base.  No lock address enters it, so the same bug on twenty
 * heap objects is one report, and the same site set is the same key in
 * every run of the same binary; two different code paths are two.
 *
 * A fixed lock-free table: each slot holds a signature and how often it
 * happened; a second table remembers (signature, lock addresses) pairs to
 * count distinct lock instances.  No allocation, safe from signal handlers
 * and across threads.  When a table is full, findings are reported rather
 * than lost, and instances stop being counted. */
#include <dlfcn.h>
#include <stdatomic.h>
#include <string.h>

#include "report/report_internal.h"
#include "report/suppress_format.h"

#define DEDUP_SLOTS 4096     /* power of two */
#define INSTANCE_SLOTS 16384 /* power of two */

typedef struct slot {
	_Atomic uint64_t key;
	_Atomic unsigned long occurrences, instances;
} slot;

static slot slots[DEDUP_SLOTS];
static _Atomic uint64_t instance_slots[INSTANCE_SLOTS];
static _Atomic unsigned long repeats;

static uint64_t mix(uint64_t h, uint64_t v)
{
	h ^= v + 0x9e3779b97f4a7c15ull + (h << 6) + (h >> 2);
	h *= 0xff51afd7ed558ccdull;
	return h ^ (h >> 33);
}

static uint64_t hash_str(const char *s)
{
	uint64_t h = 1469598103934665603ull;
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ull;
	return h;
}

/* A pc as module + offset: stable under ASLR. */
static uint64_t site(uintptr_t pc)
{
	Dl_info info;
	if (pc && dladdr((void *)(pc - 1), &info) && info.dli_fbase && info.dli_fname)
		return mix(hash_str(lc_supp_basename(info.dli_fname)), pc - (uintptr_t)info.dli_fbase);
	return pc;
}

static bool is_contract(lc_kind k)
{
	return k >= LC_KIND_CONTRACT_LOCK_MISSING && k <= LC_KIND_CONTRACT_EXIT_STATE;
}

static uint64_t signature(const lc_finding *f)
{
	uint64_t h = mix(0x6c6f636b636865ull, (uint64_t)f->kind);
	/* Sets: summing per-item hashes makes the order irrelevant. */
	uint64_t set = 0;
	for (unsigned i = 0; i < f->nlocks && f->locks; i++) {
		const lc_finding_lock *l = &f->locks[i];
		set += mix(7, hash_str(l->name ? l->name : l->type ? l->type : "lock"));
	}
	h = mix(h, set);
	if (is_contract(f->kind))
		for (unsigned i = 0; i < f->nfields && f->fields; i++)
			if (f->fields[i].key && f->fields[i].value &&
			    (!strcmp(f->fields[i].key, "interface") || !strcmp(f->fields[i].key, "method") ||
			     !strcmp(f->fields[i].key, "lock") || !strcmp(f->fields[i].key, "doc_line")))
				h = mix(h, hash_str(f->fields[i].value));
	set = 0;
	for (unsigned i = 0; i < f->nstacks && f->stacks; i++) {
		const lc_stack *st = f->stacks[i].stack;
		if (st && st->depth)
			set += mix(11, site(st->pc[lc_skip_leading(st)]));
	}
	h = mix(h, set);
	return h ? h : 1; /* 0 marks an empty slot */
}

static uint64_t lock_instances(const lc_finding *f)
{
	uint64_t set = 0;
	for (unsigned i = 0; i < f->nlocks && f->locks; i++)
		set += mix(13, (uint64_t)(uintptr_t)f->locks[i].addr);
	return set;
}

/* True the first time (signature, lock addresses) is seen. */
static bool new_instance(uint64_t key, uint64_t addrs)
{
	uint64_t k = mix(key, addrs);
	k = k ? k : 1;
	for (unsigned n = 0, i = (unsigned)k & (INSTANCE_SLOTS - 1); n < 64; n++, i = (i + 1) & (INSTANCE_SLOTS - 1)) {
		uint64_t expected = 0;
		if (atomic_load(&instance_slots[i]) == k)
			return false;
		if (atomic_compare_exchange_strong(&instance_slots[i], &expected, k))
			return true;
		if (expected == k)
			return false;
	}
	return false; /* crowded: stop counting rather than search on */
}

bool lc_dedup_first(const lc_finding *f, uint64_t *sig)
{
	uint64_t key = signature(f);
	*sig = key;
	for (unsigned n = 0, i = (unsigned)key & (DEDUP_SLOTS - 1); n < DEDUP_SLOTS;
	     n++, i = (i + 1) & (DEDUP_SLOTS - 1)) {
		slot *s = &slots[i];
		uint64_t cur = atomic_load(&s->key);
		if (cur == 0) {
			uint64_t expected = 0;
			if (atomic_compare_exchange_strong(&s->key, &expected, key)) {
				atomic_fetch_add(&s->occurrences, 1);
				atomic_fetch_add(&s->instances, 1);
				new_instance(key, lock_instances(f));
				return true;
			}
			cur = expected;
		}
		if (cur == key) {
			atomic_fetch_add(&repeats, 1);
			atomic_fetch_add(&s->occurrences, 1);
			if (new_instance(key, lock_instances(f)))
				atomic_fetch_add(&s->instances, 1);
			return false;
		}
	}
	return true;
}

unsigned long lc_dedup_repeats(void)
{
	return atomic_load(&repeats);
}

void lc_dedup_write_counts(int fd)
{
	for (unsigned i = 0; i < DEDUP_SLOTS; i++) {
		uint64_t key = atomic_load(&slots[i].key);
		unsigned long occ = atomic_load(&slots[i].occurrences);
		if (!key || occ < 2)
			continue;
		lc_buf b;
		lc_buf_init(&b, 256);
		lc_buf_str(&b, "{\"counts\":");
		lc_buf_json_sig(&b, key);
		lc_buf_str(&b, ",\"occurrences\":");
		lc_buf_udec(&b, occ);
		lc_buf_str(&b, ",\"instances\":");
		lc_buf_udec(&b, atomic_load(&slots[i].instances));
		lc_buf_str(&b, "}\n");
		if (!b.failed)
			lc_write_all(fd, b.data, b.len);
		lc_buf_release(&b);
	}
}

void lc_dedup_fork_child(void)
{
	/* The parent's counts are in the parent's report: the child counts its own. */
	for (unsigned i = 0; i < DEDUP_SLOTS; i++) {
		atomic_store(&slots[i].occurrences, 0);
		atomic_store(&slots[i].instances, 0);
	}
}

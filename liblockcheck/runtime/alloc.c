/* The library's memory: never malloc, which the process may be using (or
 * may be interrupted inside) when an event arrives.
 *
 * Small blocks come from power-of-two size classes carved out of mmap'd
 * arenas, with one free list per class under an lc_spin; big blocks are
 * their own mapping.  Every block handed out is zeroed.  A signal handler
 * that interrupts this thread inside the allocator would deadlock on the
 * spin lock, so a re-entered call maps or leaks instead. */
#include <stdint.h>
#include <string.h>
#include <sys/mman.h>

#include "lc_runtime.h"
#include "runtime/lc_runtime_internal.h"

#define LC_TLS __thread __attribute__((tls_model("initial-exec")))

#define MIN_SHIFT 4   /* 16 bytes */
#define MAX_SHIFT 16  /* 64 KiB: bigger blocks are mapped on their own */
#define NCLASSES (MAX_SHIFT - MIN_SHIFT + 1)
#define ARENA_SIZE (4u << 20)

struct free_block {
	struct free_block *next;
};

static lc_spin alloc_lock = LC_SPIN_INIT;
static struct free_block *free_lists[NCLASSES];
static char *arena_cur, *arena_end;
static LC_TLS int in_alloc;
static unsigned long leaked_blocks;

/* The one out-of-memory policy: every failed allocation comes through
 * here.  Say so once, on one line; the caller stops tracking what it could
 * not record (a lock, an edge, a stack) and the program goes on. */
static unsigned long oom_events;
static void *out_of_memory(void);
static long inject_after = -1; /* test hook: allocations left before failing */

void lc_alloc_inject_failure(long after)
{
	__atomic_store_n(&inject_after, after, __ATOMIC_RELAXED);
}

unsigned long lc_out_of_memory_count(void)
{
	return __atomic_load_n(&oom_events, __ATOMIC_RELAXED);
}

void lc_out_of_memory(void)
{
	(void)out_of_memory();
}

static void *out_of_memory(void)
{
	if (__atomic_fetch_add(&oom_events, 1, __ATOMIC_RELAXED) == 0) {
		static const char msg[] =
			"lockcheck: out of memory: some locks, order edges or stacks are no longer tracked; the program goes on\n";
		lc_write_all(2, msg, sizeof msg - 1);
	}
	return NULL;
}

/* The injected failure, if one is armed: it starts after `after`
 * allocations and lasts until disarmed. */
static bool injected(void)
{
	long left = __atomic_load_n(&inject_after, __ATOMIC_RELAXED);
	if (__builtin_expect(left < 0, 1))
		return false;
	if (left == 0)
		return true;
	__atomic_store_n(&inject_after, left - 1, __ATOMIC_RELAXED);
	return false;
}

static void *map_pages(size_t size)
{
	void *p = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	return p == MAP_FAILED ? NULL : p;
}

static size_t page_round(size_t size)
{
	return (size + 4095) & ~(size_t)4095;
}

/* The smallest power of two >= size, from MIN_SHIFT up: one instruction,
 * not a loop (every graph node and edge comes through here). */
static unsigned size_class(size_t size)
{
	unsigned shift = size <= ((size_t)1 << MIN_SHIFT) ? MIN_SHIFT
							   : (unsigned)(64 - __builtin_clzll((unsigned long long)size - 1));
	return shift - MIN_SHIFT;
}

/* Called with alloc_lock held. */
static void *carve(size_t bytes)
{
	/* Blocks of 64 bytes and more start on a cache line; smaller ones on
	 * their own size.  Arenas are page aligned. */
	size_t align = bytes < 64 ? bytes : 64;
	arena_cur = (char *)(((uintptr_t)arena_cur + align - 1) & ~(uintptr_t)(align - 1));
	if (arena_cur > arena_end || (size_t)(arena_end - arena_cur) < bytes) {
		char *a = map_pages(ARENA_SIZE);
		if (!a)
			return NULL;
		arena_cur = a; /* the old arena's tail is abandoned: at most 64 KiB */
		arena_end = a + ARENA_SIZE;
	}
	void *p = arena_cur;
	arena_cur += bytes;
	return p;
}

static void *alloc_block(size_t size);

void *lc_alloc(size_t size)
{
	if (__builtin_expect(injected(), 0))
		return out_of_memory();
	void *p = alloc_block(size);
	return p ? p : out_of_memory();
}

static void *alloc_block(size_t size)
{
	if (size == 0)
		size = 1;
	if (size > ((size_t)1 << MAX_SHIFT) || in_alloc)
		return map_pages(page_round(size));
	unsigned c = size_class(size);
	size_t bytes = (size_t)1 << (c + MIN_SHIFT);
	void *p;
	in_alloc = 1;
	lc_spin_lock(&alloc_lock);
	struct free_block *b = free_lists[c];
	if (b) {
		free_lists[c] = b->next;
		p = b;
	} else {
		p = carve(bytes);
		b = NULL;
	}
	lc_spin_unlock(&alloc_lock);
	in_alloc = 0;
	if (b)
		memset(p, 0, bytes); /* fresh arena memory is already zero */
	return p;
}

void lc_free(void *p, size_t size)
{
	if (!p)
		return;
	if (size == 0)
		size = 1;
	if (size > ((size_t)1 << MAX_SHIFT)) {
		munmap(p, page_round(size));
		return;
	}
	if (in_alloc) { /* re-entered from a signal handler: cannot lock */
		__atomic_add_fetch(&leaked_blocks, 1, __ATOMIC_RELAXED);
		return;
	}
	unsigned c = size_class(size);
	struct free_block *b = p;
	in_alloc = 1;
	lc_spin_lock(&alloc_lock);
	b->next = free_lists[c];
	free_lists[c] = b;
	lc_spin_unlock(&alloc_lock);
	in_alloc = 0;
}

void *lc_realloc(void *p, size_t old_size, size_t new_size)
{
	if (!p)
		return lc_alloc(new_size);
	if (old_size <= ((size_t)1 << MAX_SHIFT) && new_size <= ((size_t)1 << MAX_SHIFT) &&
	    new_size > 0 && size_class(old_size) == size_class(new_size)) {
		if (new_size > old_size)
			memset((char *)p + old_size, 0, new_size - old_size);
		return p;
	}
	void *q = lc_alloc(new_size);
	if (!q)
		return NULL;
	memcpy(q, p, old_size < new_size ? old_size : new_size);
	lc_free(p, old_size);
	return q;
}

void lc_alloc_fork_prepare(void)
{
	lc_spin_lock(&alloc_lock);
}

void lc_alloc_fork_parent(void)
{
	lc_spin_unlock(&alloc_lock);
}

void lc_alloc_fork_child(void)
{
	lc_spin_unlock(&alloc_lock);
	in_alloc = 0;
}

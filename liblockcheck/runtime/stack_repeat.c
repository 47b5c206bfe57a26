/* A stack taken again from the same place costs a few loads, not a walk.
 *
 * Every new order edge keeps the stack it was first seen at, and a program
 * that makes many locks makes many edges from the same call chain (a loop
 * locking each object under one outer lock).  unw_backtrace costs about 80
 * instructions a frame, library frames included; this cache remembers, per
 * thread and call site, where on the stack each frame's return address sat
 * and what it was, and the depot id of the stack kept from it.
 *
 * Why a match is the same stack: the walk starts at lc_stack_repeat's own
 * frame, whose address is compared first.  A function's frame has one size
 * at a given pc, so if the return address slot of frame i holds the same
 * address as before, frame i + 1 is the same function at the same call,
 * and its own return slot is where it was: by induction every frame up to
 * the last one kept is the same.  (A frame that changes size at the same pc,
 * alloca, would also need the old return address left in place by chance;
 * that is not worth walking every time for.)
 *
 * Slots are learnt with unw_step (about 700 instructions a frame), so only
 * on the second miss of the same call site at the same depth, and a site
 * whose callers keep changing is learnt at most twice.  The cache belongs
 * to one thread and is used under the graph lock only. */
#define UNW_LOCAL_ONLY
#include <libunwind.h>
#include <stddef.h>
#include <string.h>

#include "lc_runtime.h"

#define ENTRIES 4   /* direct-mapped by call site */
#define SLOTS 56    /* library frames and the frames kept (stack_depth 32) */
#define WORTH 8     /* hits that make a learning worth repeating */

typedef struct entry {
	uintptr_t pc, anchor; /* call site; lc_stack_repeat's frame then */
	uint32_t id;          /* the depot id of the stack kept */
	uint8_t n;            /* slots learnt; 0: not (yet) */
	uint8_t misses, strikes;
	uint16_t want;        /* stack_depth when learnt */
	uint32_t hits;
	uint32_t off[SLOTS];  /* slot address - anchor */
	uintptr_t val[SLOTS]; /* the return address it held */
} entry;

struct lc_stack_cache {
	entry e[ENTRIES];
};

void lc_stack_cache_free(lc_stack_cache *c)
{
	if (c)
		lc_free(c, sizeof *c);
}

__attribute__((no_sanitize_address)) static bool same(const entry *e, uintptr_t anchor)
{
	for (unsigned i = 0; i < e->n; i++)
		if (*(const uintptr_t *)(anchor + e->off[i]) != e->val[i])
			return false;
	return true;
}

/* The return-address slots from the caller of lc_stack_repeat (whose frame
 * is at anchor) up to the last frame of st, or to the end of the stack if st
 * was not cut at stack_depth.  false: some frame does not fit the scheme. */
__attribute__((noinline, no_sanitize_address)) static bool learn(entry *e, uintptr_t anchor, const lc_stack *st,
					     bool cut)
{
	unw_context_t uc;
	unw_cursor_t c;
	if (unw_getcontext(&uc) < 0 || unw_init_local(&c, &uc) < 0)
		return false;
	/* Frame 0 is this function, 1 lc_stack_repeat: slots from frame 2. */
	unsigned frame = 0, n = 0, kept = 0;
	int r;
	while ((r = unw_step(&c)) > 0) {
		unw_word_t ip, sp;
		if (++frame < 2)
			continue;
		if (unw_get_reg(&c, UNW_REG_IP, &ip) < 0 || unw_get_reg(&c, UNW_REG_SP, &sp) < 0)
			return false;
		uintptr_t slot = (uintptr_t)sp - sizeof(uintptr_t);
		/* The first is lc_stack_repeat's return slot, right above its
		 * frame pointer; every slot must hold what the walk says. */
		if ((frame == 2 && slot != anchor + sizeof(uintptr_t)) || slot <= anchor ||
		    slot - anchor > UINT32_MAX || *(const uintptr_t *)slot != ip || n == SLOTS ||
		    unw_is_signal_frame(&c) > 0)
			return false;
		e->off[n] = (uint32_t)(slot - anchor);
		e->val[n++] = ip;
		if (kept < st->depth && ip == st->pc[kept])
			kept++;
		if (cut && kept == st->depth)
			break;
	}
	if (r < 0 || kept != st->depth)
		return false;
	e->n = (uint8_t)n;
	return true;
}

__attribute__((noinline)) uint32_t lc_stack_repeat(lc_stack_cache **cache, const void *pc,
						    uint32_t (*take)(const void *pc, lc_stack *st))
{
	uintptr_t anchor = (uintptr_t)__builtin_frame_address(0);
	if (!*cache && !lc_unwinder_locks)
		*cache = lc_alloc(sizeof **cache);
	entry *e = *cache ? &(*cache)->e[((uintptr_t)pc >> 2) % ENTRIES] : NULL;
	unsigned want = lc_opt.stack_depth > 0 ? (unsigned)lc_opt.stack_depth : 0;
	bool key = e && e->pc == (uintptr_t)pc && e->anchor == anchor && e->want == want;
	if (key && e->n && !lc_unwinder_locks && same(e, anchor)) {
		e->hits++;
		return e->id;
	}
	lc_stack st;
	uint32_t id = take(pc, &st);
	if (!e)
		return id;
	if (!key) {
		memset(e, 0, offsetof(entry, off));
		e->pc = (uintptr_t)pc;
		e->anchor = anchor;
		e->want = (uint16_t)want;
	}
	if (e->n) { /* learnt, but the callers changed */
		if (e->hits < WORTH)
			e->strikes++;
		e->n = 0;
		e->misses = 0;
	}
	/* A second miss at the same place: learn it, unless learning has not
	 * paid twice already; no stack or no id is not worth keeping. */
	if (++e->misses >= 2 && e->strikes < 2 && id && st.depth && !lc_unwinder_locks) {
		e->id = id;
		e->hits = 0;
		if (!learn(e, anchor, &st, st.depth == want)) {
			e->n = 0;
			e->strikes = 2;
		}
	}
	return id;
}

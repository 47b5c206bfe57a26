/* Allocation context (lockcheck/kernel.h includes this): gfp flags,
 * fs_reclaim_acquire/release, might_alloc and the memalloc_nofs/noio
 * scopes, as lockdep models them.  An allocation that may enter filesystem
 * reclaim (GFP_KERNEL) acts as taking the pseudo lock "fs_reclaim", so one
 * made where reclaim is already running (inside fs_reclaim_acquire) is the
 * deadlock it would be, and locks taken by reclaim are ordered against
 * those held around allocations.  GFP_NOFS, GFP_NOIO, GFP_ATOMIC or a
 * memalloc_nofs_save() scope do not recurse into the filesystem. */
#ifndef LOCKCHECK_KERNEL_FS_RECLAIM_H
#define LOCKCHECK_KERNEL_FS_RECLAIM_H

typedef unsigned int gfp_t;
#define __GFP_HIGH           0x20u
#define __GFP_IO             0x40u
#define __GFP_FS             0x80u
#define __GFP_DIRECT_RECLAIM 0x400u
#define __GFP_KSWAPD_RECLAIM 0x800u
#define __GFP_RECLAIM (__GFP_DIRECT_RECLAIM | __GFP_KSWAPD_RECLAIM)
#define GFP_ATOMIC (__GFP_HIGH | __GFP_KSWAPD_RECLAIM)
#define GFP_NOWAIT __GFP_KSWAPD_RECLAIM
#define GFP_NOIO __GFP_RECLAIM
#define GFP_NOFS (__GFP_RECLAIM | __GFP_IO)
#define GFP_KERNEL (__GFP_RECLAIM | __GFP_IO | __GFP_FS)

/* One map and one scope word per program and thread, whatever file
 * includes this (weak definitions are merged by the linker). */
__attribute__((weak)) struct lockdep_map lockcheck__fs_reclaim_map = STATIC_LOCKDEP_MAP_INIT("fs_reclaim", 0);
__attribute__((weak)) int lockcheck__fs_reclaim_named;
__attribute__((weak)) __thread unsigned lockcheck__memalloc_scope;
#define KSHIM__MEMALLOC_NOFS 0x1u
#define KSHIM__MEMALLOC_NOIO 0x2u

/* The gfp mask as the current scope narrows it (current_gfp_context). */
static inline gfp_t kshim__gfp_in_scope(gfp_t gfp)
{
	if (lockcheck__memalloc_scope & KSHIM__MEMALLOC_NOIO)
		gfp &= ~(__GFP_IO | __GFP_FS);
	else if (lockcheck__memalloc_scope & KSHIM__MEMALLOC_NOFS)
		gfp &= ~__GFP_FS;
	return gfp;
}
static inline int kshim__reclaims_fs(gfp_t gfp)
{
	gfp = kshim__gfp_in_scope(gfp);
	return (gfp & __GFP_DIRECT_RECLAIM) && (gfp & __GFP_FS);
}
static inline void fs_reclaim_acquire(gfp_t gfp)
{
	if (!kshim__reclaims_fs(gfp))
		return;
	if (!__atomic_exchange_n(&lockcheck__fs_reclaim_named, 1, __ATOMIC_ACQ_REL))
		lockcheck_lock_init(&lockcheck__fs_reclaim_map, "fs_reclaim", LOCKCHECK_MUTEX, 0, 0);
	lock_map_acquire(&lockcheck__fs_reclaim_map);
}
static inline void fs_reclaim_release(gfp_t gfp)
{
	if (kshim__reclaims_fs(gfp))
		lock_map_release(&lockcheck__fs_reclaim_map);
}
/* What any allocation with gfp may do: enter reclaim, and sleep. */
static inline void might_alloc(gfp_t gfp)
{
	fs_reclaim_acquire(gfp);
	fs_reclaim_release(gfp);
	if (gfp & __GFP_DIRECT_RECLAIM)
		lockcheck_might_sleep("might_alloc");
}

static inline unsigned kshim__memalloc_save(unsigned bit)
{
	unsigned old = lockcheck__memalloc_scope & bit;
	lockcheck__memalloc_scope |= bit;
	return old;
}
static inline void kshim__memalloc_restore(unsigned bit, unsigned old)
{
	lockcheck__memalloc_scope = (lockcheck__memalloc_scope & ~bit) | old;
}
static inline unsigned memalloc_nofs_save(void) { return kshim__memalloc_save(KSHIM__MEMALLOC_NOFS); }
static inline void memalloc_nofs_restore(unsigned flags) { kshim__memalloc_restore(KSHIM__MEMALLOC_NOFS, flags); }
static inline unsigned memalloc_noio_save(void) { return kshim__memalloc_save(KSHIM__MEMALLOC_NOIO); }
static inline void memalloc_noio_restore(unsigned flags) { kshim__memalloc_restore(KSHIM__MEMALLOC_NOIO, flags); }

#endif

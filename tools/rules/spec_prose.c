/* Prose rules: the sentences of the Locking document that state locking
 * facts no table holds, as a small table of patterns (POSIX extended regular
 * expressions, case-insensitive) matched against the section's prose joined
 * into one text, so a sentence may span lines.  Each fact keeps the line
 * where its sentence starts.  Sentences left alone on purpose are listed in
 * docs/spec-format.md ("Prose rules"). */
#include <regex.h>
#include <stdlib.h>
#include <string.h>

#include "spec_build.h"
#include "spec_locks.h"
#include "spec_vocab.h"

typedef struct prose_text {
	char *text;
	int *line_at;      /* line of each byte of text */
	size_t len;
} prose_text;

/* What a sentence about several methods says of each ("->rmdir(), ->unlink()
 * and ->rename() have ->i_rwsem exclusive on victim"). */
typedef struct scoped_lock {
	const char *lock, *entry, *scope, *condition;
} scoped_lock;

typedef struct prose_match {
	build_ctx *c;
	const char *text;
	regmatch_t g[10];
	int line;
	scoped_lock each;   /* for each_method() */
} prose_match;

typedef void (*prose_fn)(prose_match *pm);

static void capture(const prose_match *pm, int i, char *out, size_t outlen)
{
	if (pm->g[i].rm_so < 0) {
		out[0] = '\0';
		return;
	}
	snprintf(out, outlen, "%.*s", (int)(pm->g[i].rm_eo - pm->g[i].rm_so), pm->text + pm->g[i].rm_so);
}

static cJSON *method_named(prose_match *pm, const char *name)
{
	cJSON *m = sj_method_find(pm->c->iface, name);
	if (!m) {
		char what[200];
		snprintf(what, sizeof what, "a recognised sentence names ->%s(), which is not a method here", name);
		build_undecided(pm->c, NULL, pm->line, what, name);
	}
	return m;
}

static void prose_lock(prose_match *pm, cJSON *m, const char *lock, const char *entry,
		       const char *exit, const char *scope, const char *condition)
{
	lock_fact f = {0};
	f.entry = entry;
	f.exit = exit;
	f.scope = scope;
	f.condition = condition;
	f.from = "prose";
	f.line = pm->line;
	build_lock_fact(pm->c, m, &f, lock);
}

/* Adds pm->each to every method of a list such as "->rmdir(), ->unlink() and
 * ->rename()" (capture group). */
static void each_method(prose_match *pm, int group)
{
	char list[300];
	capture(pm, group, list, sizeof list);
	for (char *p = list; (p = strstr(p, "()")); p += 2) {
		char *s = p;
		while (s > list && (s[-1] == '_' || (s[-1] >= 'a' && s[-1] <= 'z') || (s[-1] >= '0' && s[-1] <= '9')))
			s--;
		char name[96];
		snprintf(name, sizeof name, "%.*s", (int)(p - s), s);
		cJSON *m = name[0] ? method_named(pm, name) : NULL;
		if (m)
			prose_lock(pm, m, pm->each.lock, pm->each.entry, "unchanged", pm->each.scope,
				   pm->each.condition);
	}
}

static const char *mode_words(const char *w)
{
	if (strstr(w, "reading") || strstr(w, "shared"))
		return "shared";
	if (strstr(w, "writing") || strstr(w, "exclusive"))
		return "exclusive";
	return "held";
}

/* "->iterate_shared() is called with i_rwsem held for reading" */
static void called_with_lock(prose_match *pm)
{
	char name[96], lock[64], mode[64];
	capture(pm, 1, name, sizeof name);
	capture(pm, 2, lock, sizeof lock);
	capture(pm, 3, mode, sizeof mode);
	if (!locks_lookup(lock))
		return;
	cJSON *m = method_named(pm, name);
	if (m)
		prose_lock(pm, m, lock, mode_words(mode), "unchanged", NULL, NULL);
}

/* "..., and with the file f_pos_lock held exclusively" */
static void and_file_lock(prose_match *pm)
{
	char name[96], lock[64], mode[64];
	capture(pm, 1, name, sizeof name);
	capture(pm, 2, lock, sizeof lock);
	capture(pm, 3, mode, sizeof mode);
	cJSON *m = method_named(pm, name);
	if (m)
		prose_lock(pm, m, lock, strstr(mode, "exclusive") ? "exclusive" : "held", "unchanged", NULL, NULL);
}

/* "->rmdir(), ->unlink() and ->rename() have ->i_rwsem exclusive on victim" */
static void have_lock_on(prose_match *pm)
{
	char lock[64], mode[32], what[80];
	capture(pm, 6, lock, sizeof lock);
	capture(pm, 7, mode, sizeof mode);
	capture(pm, 8, what, sizeof what);
	pm->each = (scoped_lock){lock, mode[0] ? mode_words(mode) : "held",
				 strstr(what, "victim") ? "victim"
				 : strstr(what, "non-directories") ? "non-directories" : "moved-subdirectory",
				 NULL};
	each_method(pm, 1);
}

/* "cross-directory ->rename() has (per-superblock) ->s_vfs_rename_sem" */
static void cross_directory(prose_match *pm)
{
	char lock[64];
	capture(pm, 6, lock, sizeof lock);
	pm->each = (scoped_lock){lock, "held", "per-superblock", "cross-directory"};
	each_method(pm, 1);
}

static void no_block_in(prose_match *pm, const char *context)
{
	char name[96];
	capture(pm, 1, name, sizeof name);
	cJSON *m = method_named(pm, name);
	if (!m)
		return;
	sj_add_context(m, context, pm->line);
	sj_set_blocking(m, "no", pm->line, "prose", 0);
}

/* "->map_pages() is called with the RCU lock held and must not block" */
static void rcu_no_block(prose_match *pm) { no_block_in(pm, "rcu-read"); }
/* "->map_pages() is called with page table locked and must not block" */
static void ptl_no_block(prose_match *pm) { no_block_in(pm, "page-table-lock"); }

static void all_methods_context(prose_match *pm, const char *context)
{
	cJSON *m;
	cJSON_ArrayForEach(m, cJSON_GetObjectItemCaseSensitive(pm->c->iface, "methods"))
		sj_add_context(m, context, pm->line);
}

/* buffer_head: "called from interrupts" */
static void from_interrupts(prose_match *pm) { all_methods_context(pm, "interrupt"); }

/* "->mount() returns ERR_PTR or the root dentry; its superblock should be locked on return" */
static void sb_locked_on_return(prose_match *pm)
{
	char name[96];
	capture(pm, 1, name, sizeof name);
	cJSON *m = method_named(pm, name);
	if (m)
		prose_lock(pm, m, "s_umount", "none", "acquired", NULL, NULL);
}

/* "->kill_sb() takes a write-locked superblock, does all ... unlocks" */
static void takes_locked_sb(prose_match *pm)
{
	char name[96];
	capture(pm, 1, name, sizeof name);
	cJSON *m = method_named(pm, name);
	if (m)
		prose_lock(pm, m, "s_umount", "exclusive", "released", NULL, NULL);
}

/* "swap_slot_free_notify is called with swap_lock and sometimes the page lock held" */
static void with_and_sometimes(prose_match *pm)
{
	char name[96], lock[64];
	capture(pm, 1, name, sizeof name);
	capture(pm, 2, lock, sizeof lock);
	cJSON *m = method_named(pm, name);
	if (!m)
		return;
	prose_lock(pm, m, lock, "held", "unchanged", NULL, NULL);
	prose_lock(pm, m, "page lock", "maybe", "unchanged", NULL, NULL);
}

/* "->quota_read() and ->quota_write() functions are both guaranteed to be the
 * only ones operating on the quota file by the quota code (via dqio_sem)" */
static void via_lock(prose_match *pm)
{
	char lock[64];
	capture(pm, 5, lock, sizeof lock);
	pm->each = (scoped_lock){lock, "held", NULL, NULL};
	each_method(pm, 1);
}

static void all_block(prose_match *pm, const char *value)
{
	cJSON *m;
	cJSON_ArrayForEach(m, cJSON_GetObjectItemCaseSensitive(pm->c->iface, "methods"))
		sj_set_blocking(m, value, pm->line, "prose-all", 0);
}

/* "All except dirty_folio and free_folio may block" */
static void all_except(prose_match *pm)
{
	char a[96], b[96];
	capture(pm, 1, a, sizeof a);
	capture(pm, 2, b, sizeof b);
	cJSON *ma = method_named(pm, a), *mb = method_named(pm, b);
	if (ma)
		sj_set_blocking(ma, "no", pm->line, "prose", 0);
	if (mb)
		sj_set_blocking(mb, "no", pm->line, "prose", 0);
	all_block(pm, "yes");
}

/* "All may block [not true, see below]": the exceptions come from contexts
 * (derived in spec_build.c); the note tells the reader why. */
static void all_not_true(prose_match *pm)
{
	cJSON *m;
	cJSON_ArrayForEach(m, cJSON_GetObjectItemCaseSensitive(pm->c->iface, "methods"))
		sj_add_note(m, "[not true, see below]", pm->line);
	all_block(pm, "yes");
}

/* "all may block" */
static void all_may_block(prose_match *pm) { all_block(pm, "yes"); }

#define M "->([a-z_0-9]+)\\(\\)"
/* a method list is group 1 and holds groups 2-4; the next group is 5 */
#define MLIST "((->)?[a-z_0-9]+\\(\\)(,? and |, )?)+"

static const struct prose_rule {
	const char *pattern;
	prose_fn fn;
} rules[] = {
	/* most specific first: blocking is set by the first rule that speaks */
	{M " is called with the RCU lock held and must not block", rcu_no_block},
	{M " is called with page table locked and must not block", ptl_no_block},
	{M " is called with ([a-z_]+) (held for reading|held for writing|held exclusively|at least shared|exclusive|shared|held)",
	 called_with_lock},
	{M " is called with [^.]*, and with the file ([a-z_]+) held (exclusively|for reading)", and_file_lock},
	{"(" MLIST ") (have|has) ->([a-z_]+)( exclusive| shared)? on (victim|all non-directories involved|any subdirectory that changes parent)",
	 have_lock_on},
	{"cross-directory (" MLIST ") (has|have) \\(per-superblock\\) ->([a-z_]+)", cross_directory},
	{"called from interrupts", from_interrupts},
	{M " returns [^;.]*; its superblock should be locked on return", sb_locked_on_return},
	{M " takes a write-locked superblock, [^.]*unlocks", takes_locked_sb},
	{"([a-z_0-9]+) is called with ([a-z_]+) and sometimes the page lock held", with_and_sometimes},
	{"(" MLIST ") functions are both guaranteed to be the only ones operating on the quota file by the quota code \\(via ([a-z_]+)\\)",
	 via_lock},
	{"all except ([a-z_0-9]+) and ([a-z_0-9]+) may block", all_except},
	{"all may block \\[not true, see below\\]", all_not_true},
	{"(^|[.:] )all may block", all_may_block},
};

static int join_prose(const doc_section *s, prose_text *pt)
{
	size_t len = 0;
	for (int i = 0; i < s->nprose; i++)
		len += (s->prose[i].text ? strlen(s->prose[i].text) : 0) + 1;
	pt->text = malloc(len + 1);
	pt->line_at = malloc((len + 1) * sizeof *pt->line_at);
	if (!pt->text || !pt->line_at)
		return -1;
	size_t n = 0;
	for (int i = 0; i < s->nprose; i++) {
		const char *t = s->prose[i].text ? s->prose[i].text : "";
		size_t k = strlen(t);
		memcpy(pt->text + n, t, k);
		for (size_t j = 0; j <= k; j++)
			pt->line_at[n + j] = s->prose[i].line;
		n += k;
		pt->text[n++] = ' ';
	}
	pt->text[n] = '\0';
	pt->len = n;
	return 0;
}

void prose_apply(build_ctx *c, const doc_section *s)
{
	prose_text pt = {0};
	if (s->nprose == 0 || join_prose(s, &pt) != 0) {
		free(pt.text);
		free(pt.line_at);
		return;
	}
	for (size_t r = 0; r < sizeof rules / sizeof rules[0]; r++) {
		regex_t re;
		if (regcomp(&re, rules[r].pattern, REG_EXTENDED | REG_ICASE) != 0) {
			fprintf(stderr, "lockcheck-rules: internal error: bad prose pattern %zu\n", r);
			continue;
		}
		size_t off = 0;
		prose_match pm = {.c = c};
		while (off < pt.len && regexec(&re, pt.text + off, 10, pm.g, off ? REG_NOTBOL : 0) == 0) {
			pm.text = pt.text + off;
			size_t at = off + (size_t)pm.g[0].rm_so;
			/* skip leading separators a match may start with */
			while (at < pt.len && (pt.text[at] == ' ' || pt.text[at] == '.' || pt.text[at] == ':'))
				at++;
			pm.line = pt.line_at[at < pt.len ? at : pt.len - 1];
			rules[r].fn(&pm);
			size_t next = off + (size_t)(pm.g[0].rm_eo > 0 ? pm.g[0].rm_eo : 1);
			off = next;
		}
		regfree(&re);
	}
	free(pt.text);
	free(pt.line_at);
}

/* Messages name locks, not addresses.  The engine names an unnamed lock
 * "TYPE 0xADDR" (it builds messages under its own locks, where asking the
 * loader for symbols could deadlock against a dlopen in progress); here,
 * at report time, a global lock's variable is known, and every
 * "0xADDR" of such a lock in the message and the stack labels becomes the
 * variable's name ("mutex cache_lock"); a heap lock's becomes where it was
 * made ("mutex made in account_new+0x1c"). */
#include <string.h>

#include "lc_graph_dump.h"
#include "report/report_internal.h"

/* Copy of text with every needle replaced, into lc_alloc memory; NULL when
 * the needle is absent or memory is short. */
static char *replace_all(const char *text, const char *needle, const char *with, size_t *bytes)
{
	if (!text || !strstr(text, needle))
		return NULL;
	size_t n = strlen(needle), w = strlen(with), count = 0;
	for (const char *p = text; (p = strstr(p, needle)); p += n)
		count++;
	*bytes = strlen(text) + count * (w > n ? w - n : 0) + 1;
	char *out = lc_alloc(*bytes), *o = out;
	if (!out)
		return NULL;
	for (const char *p = text, *q; *p; p = q + n) {
		q = strstr(p, needle);
		if (!q) {
			strcpy(o, p);
			return out;
		}
		memcpy(o, p, (size_t)(q - p));
		o += q - p;
		memcpy(o, with, w);
		o += w;
		*o = 0;
	}
	return out;
}

static void hex(char *out, size_t cap, uintptr_t v)
{
	lc_buf b;
	lc_buf_init(&b, 32);
	lc_buf_hex(&b, v);
	lc_buf_char(&b, 0);
	out[0] = 0;
	if (!b.failed && b.len <= cap)
		memcpy(out, b.data, b.len);
	lc_buf_release(&b);
}

/* Replaces *text (a string owned by the finding, or one we made before). */
static void rename_in(const char **text, char **owned, size_t *owned_bytes, const char *addr, const char *var)
{
	size_t bytes;
	char *renamed = replace_all(*text, addr, var, &bytes);
	if (!renamed)
		return;
	if (*owned)
		lc_free(*owned, *owned_bytes);
	*owned = renamed;
	*owned_bytes = bytes;
	*text = renamed;
}

void lc_names_resolve(lc_resolved *r)
{
	const lc_finding *f = r->f;
	r->message = f->message;
	r->nlabels = f->nstacks < LC_NAMED_LABELS ? f->nstacks : LC_NAMED_LABELS;
	for (unsigned s = 0; s < r->nlabels; s++)
		r->labels[s] = f->stacks[s].label;
	r->nsymbols = f->nlocks < LC_NAMED_LOCKS ? f->nlocks : LC_NAMED_LOCKS;
	for (unsigned i = 0; i < r->nsymbols; i++) {
		char *var = r->symbols[i];
		var[0] = 0;
		r->origins[i][0] = 0;
		if (f->locks[i].name)
			continue;
		char made[sizeof r->origins[i] + 16];
		const char *as = var;
		if (!lc_symbolize_data(f->locks[i].addr, var, sizeof r->symbols[i])) {
			var[0] = 0;
			if (!lc_origin_name(f->locks[i].addr, r->origins[i], sizeof r->origins[i])) {
				r->origins[i][0] = 0;
				continue;
			}
			/* A heap lock: where it was made is its name. */
			memcpy(made, "made in ", 8);
			memcpy(made + 8, r->origins[i], strlen(r->origins[i]) + 1);
			as = made;
		}
		char addr[24];
		hex(addr, sizeof addr, (uintptr_t)f->locks[i].addr);
		rename_in(&r->message, &r->owned_message, &r->owned_message_bytes, addr, as);
		for (unsigned s = 0; s < r->nlabels; s++)
			rename_in(&r->labels[s], &r->owned_labels[s], &r->owned_label_bytes[s], addr, as);
	}
}

void lc_names_release(lc_resolved *r)
{
	if (r->owned_message)
		lc_free(r->owned_message, r->owned_message_bytes);
	r->owned_message = NULL;
	for (unsigned s = 0; s < LC_NAMED_LABELS; s++) {
		if (r->owned_labels[s])
			lc_free(r->owned_labels[s], r->owned_label_bytes[s]);
		r->owned_labels[s] = NULL;
	}
}

const char *lc_names_symbol(const lc_resolved *r, unsigned lock)
{
	return lock < r->nsymbols && r->symbols[lock][0] ? r->symbols[lock] : NULL;
}

const char *lc_names_origin(const lc_resolved *r, unsigned lock)
{
	return lock < r->nsymbols && r->origins[lock][0] ? r->origins[lock] : NULL;
}

const char *lc_names_label(const lc_resolved *r, unsigned stack)
{
	if (stack < r->nlabels)
		return r->labels[stack];
	return r->f->stacks[stack].label;
}

bool lc_origin_name(const void *lock, char *out, size_t cap)
{
	const void *pc = lc_lock_origin(lock);
	if (!pc || cap < 24)
		return false;
	lc_frame_info fr;
	lc_stack_symbolize((uintptr_t)pc, &fr);
	if (!fr.function[0])
		return false;
	lc_buf b;
	lc_buf_init(&b, 192);
	lc_buf_str(&b, fr.function);
	lc_buf_char(&b, '+');
	lc_buf_hex(&b, fr.function_offset);
	lc_buf_char(&b, 0);
	bool ok = !b.failed && b.len <= cap;
	if (ok)
		memcpy(out, b.data, b.len);
	lc_buf_release(&b);
	return ok;
}

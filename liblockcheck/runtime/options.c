/* LOCKCHECK_OPTIONS: sanitizer-style "key=value:key=value".
 *
 * Parsed without malloc or stdio, because the first lock event can arrive
 * before any constructor has run (another library's constructor taking a
 * mutex).  A bad option is named on stderr and ignored; the rest still apply. */
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "lc_runtime.h"

/* Usable defaults even if a detector reads them before lc_options_init. */
lc_options lc_opt = {
#include "runtime/options_defaults.inc"
};

/* The table the parser walks, from the same list. */
typedef enum opt_type { OPT_STR, OPT_INT, OPT_UINT, OPT_BOOL } opt_type;
typedef struct opt_desc {
	const char *key;
	opt_type type;
	size_t offset, size;
	long lo, hi;
	const char *wants; /* what a bad value should have been */
} opt_desc;

#define OPT_INT_TYPE(type) (sizeof(type) == sizeof(int) && (type)-1 > 0 ? OPT_UINT : OPT_INT)
static const opt_desc opts[] = {
#define LC_OPT_STR(field, key, cap, def) \
	{key, OPT_STR, offsetof(lc_options, field), cap, 0, 0, "a shorter value"},
#define LC_OPT_INT(field, key, type, def, lo, hi) \
	{key, OPT_INT_TYPE(type), offsetof(lc_options, field), sizeof(type), lo, hi, NULL},
#define LC_OPT_BOOL(field, key, def) \
	{key, OPT_BOOL, offsetof(lc_options, field), sizeof(bool), 0, 1, "0 or 1"},
#include "lc_options.def"
#undef LC_OPT_STR
#undef LC_OPT_INT
#undef LC_OPT_BOOL
};
#define NOPTS (sizeof opts / sizeof *opts)

const char *lc_option_key(unsigned i)
{
	return i < NOPTS ? opts[i].key : NULL;
}

static void set_defaults(lc_options *o)
{
	static const lc_options defaults = {
#include "runtime/options_defaults.inc"
	};
	*o = defaults;
}

/* Appends src to the message buffer, always NUL-terminated. */
static void err_append(char *err, size_t errlen, size_t *pos, const char *src, size_t n)
{
	if (!err || errlen == 0)
		return;
	while (n-- && *src && *pos + 1 < errlen)
		err[(*pos)++] = *src++;
	err[*pos] = '\0';
}

#define ERR_LIT(s) err_append(err, errlen, &pos, (s), sizeof(s) - 1)

/* One line naming the option, in the form every caller prints. */
static void format_error(char *err, size_t errlen, const char *key, size_t keylen,
			 const char *what, const char *val, size_t vallen)
{
	size_t pos = 0;
	ERR_LIT("lockcheck: LOCKCHECK_OPTIONS: ");
	if (what) {
		ERR_LIT("option '");
		err_append(err, errlen, &pos, key, keylen);
		ERR_LIT("' wants ");
		err_append(err, errlen, &pos, what, strlen(what));
		ERR_LIT(", got '");
		err_append(err, errlen, &pos, val, vallen);
		ERR_LIT("'");
	} else {
		ERR_LIT("unknown option '");
		err_append(err, errlen, &pos, key, keylen);
		ERR_LIT("'");
	}
}

static bool key_is(const char *key, size_t keylen, const char *name)
{
	return strlen(name) == keylen && memcmp(key, name, keylen) == 0;
}

static bool parse_long(const char *v, size_t n, long lo, long hi, long *out)
{
	if (n == 0 || n > 18)
		return false;
	size_t i = 0;
	bool neg = false;
	if (v[0] == '-' || v[0] == '+') {
		neg = v[0] == '-';
		if (++i == n)
			return false;
	}
	long x = 0;
	for (; i < n; i++) {
		if (v[i] < '0' || v[i] > '9')
			return false;
		x = x * 10 + (v[i] - '0');
	}
	if (neg)
		x = -x;
	if (x < lo || x > hi)
		return false;
	*out = x;
	return true;
}

static bool parse_bool(const char *v, size_t n, bool *out)
{
	static const char *const yes[] = { "1", "true", "yes", "on" };
	static const char *const no[] = { "0", "false", "no", "off" };
	for (unsigned i = 0; i < 4; i++) {
		if (key_is(v, n, yes[i])) { *out = true; return true; }
		if (key_is(v, n, no[i])) { *out = false; return true; }
	}
	return false;
}

static bool copy_str(char *dst, size_t cap, const char *v, size_t n)
{
	if (n >= cap)
		return false;
	memcpy(dst, v, n);
	dst[n] = '\0';
	return true;
}

/* "detect_lock_order_inversion" -> the kind whose name is
 * "lock-order-inversion"; -1 if none. */
static int detect_kind(const char *key, size_t keylen)
{
	static const char prefix[] = "detect_";
	size_t plen = sizeof prefix - 1;
	if (keylen <= plen || memcmp(key, prefix, plen) != 0)
		return -1;
	for (int k = 0; k < LC_KIND_COUNT; k++) {
		const char *name = lc_kind_name((lc_kind)k);
		size_t nlen = name ? strlen(name) : 0;
		if (nlen != keylen - plen)
			continue;
		size_t i = 0;
		for (; i < nlen; i++) {
			char c = name[i] == '-' ? '_' : name[i];
			if (key[plen + i] != c)
				break;
		}
		if (i == nlen)
			return k;
	}
	return -1;
}

/* "a number from LO to HI", written into buf. */
static const char *range_text(char *buf, size_t cap, long lo, long hi)
{
	char num[2][24];
	long v[2] = {lo, hi};
	for (int k = 0; k < 2; k++) {
		char tmp[24];
		size_t n = 0;
		unsigned long x = v[k] < 0 ? (unsigned long)-v[k] : (unsigned long)v[k];
		do
			tmp[n++] = (char)('0' + x % 10);
		while ((x /= 10) && n < sizeof tmp - 1);
		size_t j = 0;
		if (v[k] < 0)
			num[k][j++] = '-';
		while (n)
			num[k][j++] = tmp[--n];
		num[k][j] = '\0';
	}
	size_t pos = 0;
	char *err = buf;
	size_t errlen = cap;
	ERR_LIT("a number from ");
	err_append(err, errlen, &pos, num[0], strlen(num[0]));
	ERR_LIT(" to ");
	err_append(err, errlen, &pos, num[1], strlen(num[1]));
	return buf;
}

/* Applies one key=value; returns NULL or what the value should have been
 * ("" for an unknown key).  range_buf holds a range message. */
/* A string option with a fixed set of values (lock_classes). */
static bool choice_ok(const char *key, const char *v, size_t n)
{
	if (strcmp(key, "lock_classes"))
		return true;
	return (n == 8 && !memcmp(v, "instance", 8)) || (n == 4 && !memcmp(v, "site", 4));
}

static const char *apply(lc_options *o, const char *key, size_t keylen, const char *val,
			 size_t vallen, char *range_buf, size_t range_cap)
{
	bool b;
	long n;
	for (size_t i = 0; i < NOPTS; i++) {
		const opt_desc *d = &opts[i];
		if (!key_is(key, keylen, d->key))
			continue;
		char *field = (char *)o + d->offset;
		switch (d->type) {
		case OPT_STR:
			if (!choice_ok(d->key, val, vallen))
				return "instance or site";
			return copy_str(field, d->size, val, vallen) ? NULL : d->wants;
		case OPT_BOOL:
			if (!parse_bool(val, vallen, &b))
				return d->wants;
			*(bool *)field = b;
			return NULL;
		case OPT_INT:
		case OPT_UINT:
			if (!parse_long(val, vallen, d->lo, d->hi, &n))
				return range_text(range_buf, range_cap, d->lo, d->hi);
			if (d->type == OPT_INT)
				*(int *)field = (int)n;
			else
				*(unsigned *)field = (unsigned)n;
			return NULL;
		}
	}
	int k = detect_kind(key, keylen);
	if (k < 0)
		return "";
	if (!parse_bool(val, vallen, &b))
		return "0 or 1";
	o->detect[k] = b;
	return NULL;
}

/* Parses text on top of *o.  Every bad option gets a line on stderr
 * (when print); the first one is also left in err.  Returns 0 or -1. */
static int parse_into(lc_options *o, const char *text, char *err, size_t errlen, bool print)
{
	int rc = 0;
	if (err && errlen)
		err[0] = '\0';
	const char *p = text ? text : "";
	while (*p) {
		const char *end = p;
		while (*end && *end != ':')
			end++;
		const char *eq = p;
		while (eq < end && *eq != '=')
			eq++;
		size_t keylen = (size_t)(eq - p);
		if (end > p) { /* empty items ("a=1::b=2") are harmless */
			const char *what;
			char range[64];
			const char *val = eq < end ? eq + 1 : end;
			size_t vallen = (size_t)(end - val);
			if (eq == end) {
				/* No '=': unknown, or a known key without its value. */
				lc_options scratch = *o;
				const char *known = apply(&scratch, p, keylen, "", 0, range, sizeof range);
				what = known && known[0] == '\0' ? "" : "a value (key=value)";
			} else {
				what = apply(o, p, keylen, val, vallen, range, sizeof range);
			}
			if (what) {
				char line[512];
				format_error(line, sizeof line - 1, p, keylen, what[0] ? what : NULL, val, vallen);
				if (rc == 0 && err && errlen)
					copy_str(err, errlen, line, strnlen(line, errlen - 1));
				if (print) {
					size_t len = strlen(line);
					line[len++] = '\n';
					lc_write_all(2, line, len);
				}
				rc = -1;
			}
		}
		p = *end ? end + 1 : end;
	}
	return rc;
}

int lc_options_parse(const char *text, char *err, size_t errlen)
{
	lc_options o;
	set_defaults(&o);
	int rc = parse_into(&o, text, err, errlen, false);
	lc_opt = o;
	return rc;
}

/* 0: not parsed, 1: being parsed, 2: done.  Another thread arriving during
 * parsing waits for it (parsing is short and takes no lock), so it never
 * runs with half the user's options; the parsing thread itself (re-entered
 * from a signal handler) goes on with the defaults: waiting would hang it. */
static int init_state;
static __thread __attribute__((tls_model("initial-exec"))) bool parsing_here;

void lc_options_init(void)
{
	int state = __atomic_load_n(&init_state, __ATOMIC_ACQUIRE);
	if (state == 2)
		return;
	if (state == 0) {
		int expected = 0;
		parsing_here = true; /* before the claim: a signal handler in between must not wait */
		if (__atomic_compare_exchange_n(&init_state, &expected, 1, false,
						__ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE)) {
			lc_options o;
			static char early[4096]; /* only while init_state is 1: one thread */
			set_defaults(&o);
			parse_into(&o, lc_early_getenv("LOCKCHECK_OPTIONS", early, sizeof early), NULL, 0, true);
			lc_opt = o;
			__atomic_store_n(&init_state, 2, __ATOMIC_RELEASE);
			parsing_here = false;
			return;
		}
		parsing_here = false;
	}
	while (!parsing_here && __atomic_load_n(&init_state, __ATOMIC_ACQUIRE) != 2)
		syscall(SYS_sched_yield);
}

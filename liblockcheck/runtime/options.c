/* LOCKCHECK_OPTIONS: sanitizer-style "key=value:key=value".
 *
 * Parsed without malloc or stdio, because the first lock event can arrive
 * before any constructor has run (another library's constructor taking a
 * mutex).  A bad option is named on stderr and ignored; the rest still apply. */
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "lc_runtime.h"

/* Usable defaults even if a detector reads them before lc_options_init. */
lc_options lc_opt = {
	.exitcode = 66,
	.stack_depth = 32,
	.max_held = 65536,
	.detect = { [0 ... LC_KIND_COUNT - 1] = true },
	.detect_contracts = true,
};

static void set_defaults(lc_options *o)
{
	memset(o, 0, sizeof *o);
	o->exitcode = 66;
	o->stack_depth = 32;
	o->max_held = 65536;
	for (int i = 0; i < LC_KIND_COUNT; i++)
		o->detect[i] = true;
	o->detect_contracts = true;
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

#define STR_OPT(name, field) \
	if (key_is(key, keylen, name)) \
		return copy_str(o->field, sizeof o->field, val, vallen) ? NULL : "a shorter value"

/* Applies one key=value; returns NULL or what the value should have been
 * ("" for an unknown key). */
static const char *apply(lc_options *o, const char *key, size_t keylen, const char *val, size_t vallen)
{
	long n;
	bool b;
	STR_OPT("log_path", log_path);
	STR_OPT("report_path", report_path);
	STR_OPT("suppressions", suppressions);
	STR_OPT("spec", spec_path);
	STR_OPT("spec_era", spec_era);
	if (key_is(key, keylen, "exitcode")) {
		if (!parse_long(val, vallen, 0, 255, &n))
			return "a number from 0 to 255";
		o->exitcode = (int)n;
		return NULL;
	}
	if (key_is(key, keylen, "stack_depth")) {
		if (!parse_long(val, vallen, 0, LC_MAX_FRAMES, &n))
			return "a number from 0 to 64";
		o->stack_depth = (int)n;
		return NULL;
	}
	if (key_is(key, keylen, "verbosity")) {
		if (!parse_long(val, vallen, 0, 9, &n))
			return "a number from 0 to 9";
		o->verbosity = (int)n;
		return NULL;
	}
	if (key_is(key, keylen, "max_held")) {
		if (!parse_long(val, vallen, 1, 1L << 30, &n))
			return "a number";
		o->max_held = (unsigned)n;
		return NULL;
	}
	bool *flag = NULL;
	if (key_is(key, keylen, "halt_on_error"))
		flag = &o->halt_on_error;
	else if (key_is(key, keylen, "detect_contracts"))
		flag = &o->detect_contracts;
	else {
		int k = detect_kind(key, keylen);
		if (k >= 0)
			flag = &o->detect[k];
	}
	if (!flag)
		return "";
	if (!parse_bool(val, vallen, &b))
		return "0 or 1";
	*flag = b;
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
			const char *val = eq < end ? eq + 1 : end;
			size_t vallen = (size_t)(end - val);
			if (eq == end) {
				/* No '=': unknown, or a known key without its value. */
				lc_options scratch = *o;
				const char *known = apply(&scratch, p, keylen, "", 0);
				what = known && known[0] == '\0' ? "" : "a value (key=value)";
			} else {
				what = apply(o, p, keylen, val, vallen);
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
			set_defaults(&o);
			parse_into(&o, getenv("LOCKCHECK_OPTIONS"), NULL, 0, true);
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

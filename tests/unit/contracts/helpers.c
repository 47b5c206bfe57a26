#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <criterion/criterion.h>

#include "helpers.h"
#include "lc_builtin_specs.h"
#include "lc_runtime.h"
#include "spec/lc_spec.h"

seen_finding seen[MAX_SEEN];
unsigned nseen;

static void copy_field(const lc_finding *f, const char *key, char *out, size_t len)
{
	out[0] = '\0';
	for (unsigned i = 0; i < f->nfields; i++)
		if (!strcmp(f->fields[i].key, key) && f->fields[i].value)
			snprintf(out, len, "%s", f->fields[i].value);
}

static void hook(const lc_finding *f, void *arg)
{
	(void)arg;
	if (nseen == MAX_SEEN)
		return;
	seen_finding *s = &seen[nseen++];
	s->kind = f->kind;
	copy_field(f, "interface", s->interface, sizeof s->interface);
	copy_field(f, "method", s->method, sizeof s->method);
	copy_field(f, "lock", s->lock, sizeof s->lock);
	copy_field(f, "rule_cell", s->rule_cell, sizeof s->rule_cell);
	copy_field(f, "doc_line", s->doc_line, sizeof s->doc_line);
	copy_field(f, "object", s->object, sizeof s->object);
}

const char *source_root(void)
{
	const char *root = test_repo_root();
	cr_assert_not_null(root, "cannot find the source tree above the test binary");
	return root;
}

static void start(void)
{
	lc_options_init();
	lc_opt.detect_contracts = true;
	lc_opt.halt_on_error = false;
	/* The hook sees every finding; keep the printed copies out of the test log. */
	snprintf(lc_opt.log_path, sizeof lc_opt.log_path, "/dev/null");
	lc_report_set_hook(hook, NULL);
	nseen = 0;
	lc_spec_reset_active();
}

void use_fixture_spec(const char *name)
{
	start();
	snprintf(lc_opt.spec_path, sizeof lc_opt.spec_path, "%s/tests/fixtures/specs/%s.json",
		 source_root(), name);
	lc_opt.spec_era[0] = '\0';
	cr_assert(lc_spec_active(), "fixture spec %s did not load", lc_opt.spec_path);
}

bool builtin_has(const char *name)
{
	for (unsigned i = 0; i < lc_builtin_spec_count; i++)
		if (lc_builtin_specs[i].name && !strcmp(lc_builtin_specs[i].name, name))
			return true;
	return false;
}

bool use_builtin_spec(const char *era)
{
	char name[64];
	snprintf(name, sizeof name, "locking-%s", era);
	if (!builtin_has(name))
		return false;
	start();
	lc_opt.spec_path[0] = '\0';
	snprintf(lc_opt.spec_era, sizeof lc_opt.spec_era, "%s", era);
	cr_assert(lc_spec_active(), "built-in spec %s did not load", name);
	return true;
}

unsigned count_kind(int kind)
{
	unsigned n = 0;
	for (unsigned i = 0; i < nseen; i++)
		if (kind < 0 || (int)seen[i].kind == kind)
			n++;
	return n;
}

const seen_finding *first_kind(lc_kind kind)
{
	for (unsigned i = 0; i < nseen; i++)
		if (seen[i].kind == kind)
			return &seen[i];
	return NULL;
}

const char *seen_summary(void)
{
	static char buf[4096];
	size_t used = 0;
	buf[0] = '\0';
	for (unsigned i = 0; i < nseen && used < sizeof buf; i++)
		used += (size_t)snprintf(buf + used, sizeof buf - used, "%s %s.%s line %s; ",
					 lc_kind_name(seen[i].kind), seen[i].interface, seen[i].method,
					 seen[i].doc_line);
	return nseen ? buf : "(none)";
}

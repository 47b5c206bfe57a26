/* Options and diagnostics printing shared by the document commands. */
#include <stdio.h>
#include <string.h>
#include "cmd_common.h"
#include "../common/install_layout.h"

int rules_resolutions_option(rules_resolutions *r, int key, const char *value)
{
	if (key == RULES_OPT_RESOLUTIONS)
		r->path = value;
	else if (key == RULES_OPT_NO_RESOLUTIONS)
		r->path = NULL;
	else
		return 0;
	r->chosen = 1;
	return 1;
}

int rules_resolutions_settle(const tool_cmd *cmd, rules_resolutions *r)
{
	if (r->chosen)
		return 0;
	r->path = doc_default_resolutions();
	if (r->path)
		return 0;
	fprintf(stderr,
		"%s: cannot find resolutions.tsv (not in $LOCKCHECK_RESOLUTIONS, %s/ next to this "
		"program, nor rules/ of a source tree above it); name it with --resolutions FILE, or "
		"give --no-resolutions to compile without the reviewed placements\n",
		cmd->prog, LC_DATADIR_FROM_BINDIR);
	return -1;
}

int rules_doc_load(int argc, char **argv, const tool_cmd *cmd, doc *d, int *status)
{
	rules_resolutions res = {0};
	const char *value;
	int key, first = argc;
	while ((key = tool_next(cmd, argc, argv, &value, &first)) >= 0)
		rules_resolutions_option(&res, key, value);
	if (key != TOOL_END) {
		*status = key == TOOL_EXIT_OK ? 0 : 2;
		return 0;
	}
	*status = 2;
	if (first >= argc) {
		tool_usage_error(cmd, "FILE missing");
		return 0;
	}
	if (first + 1 < argc) {
		tool_usage_error(cmd, "one FILE expected, got '%s' too", argv[first + 1]);
		return 0;
	}
	if (rules_resolutions_settle(cmd, &res))
		return 0;
	char err[1024];
	if (doc_parse_file(argv[first], res.path, d, err, sizeof err)) {
		fprintf(stderr, "%s\n", err);
		return 0;
	}
	return 1;
}

int rules_print_diags(const doc *d, int min_severity)
{
	static const char *const sev[] = {"note", "warning", "error"};
	int errors = 0;
	for (int i = 0; i < d->ndiags; i++) {
		const doc_diag *g = &d->diags[i];
		if ((int)g->severity < min_severity)
			continue;
		fprintf(stderr, "%s:%d: %s: %s\n", d->path, g->line, sev[g->severity], g->message);
		errors += g->severity == DOC_ERROR;
	}
	return errors;
}

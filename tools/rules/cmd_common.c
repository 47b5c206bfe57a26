/* Options and diagnostics printing shared by the document commands. */
#include <stdio.h>
#include <string.h>
#include "cmd_common.h"

typedef struct rules_doc_args {
	const char *file;
	const char *resolutions; /* NULL: none */
} rules_doc_args;

/* Prints usage and returns 1 for --help, prints it and returns 2 on a usage
 * error, else returns 0. */
static int doc_args_parse(int argc, char **argv, const char *usage, rules_doc_args *a)
{
	a->file = NULL;
	a->resolutions = doc_default_resolutions();
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--resolutions") && i + 1 < argc)
			a->resolutions = argv[++i];
		else if (!strncmp(argv[i], "--resolutions=", 14))
			a->resolutions = argv[i] + 14;
		else if (!strcmp(argv[i], "--no-resolutions"))
			a->resolutions = NULL;
		else if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) {
			printf("usage: %s\n", usage);
			return 1;
		} else if (argv[i][0] == '-' && argv[i][1]) {
			fprintf(stderr, "lockcheck-rules %s: unknown option '%s'\nusage: %s\n", argv[0], argv[i], usage);
			return 2;
		} else if (a->file) {
			fprintf(stderr, "lockcheck-rules %s: one FILE expected, got '%s' too\nusage: %s\n", argv[0],
				argv[i], usage);
			return 2;
		} else
			a->file = argv[i];
	}
	if (!a->file) {
		fprintf(stderr, "lockcheck-rules %s: FILE missing\nusage: %s\n", argv[0], usage);
		return 2;
	}
	return 0;
}

int rules_doc_load(int argc, char **argv, const char *usage, doc *d, int *status)
{
	rules_doc_args a;
	int rc = doc_args_parse(argc, argv, usage, &a);
	if (rc) {
		*status = rc == 1 ? 0 : rc;
		return 0;
	}
	char err[1024];
	if (doc_parse_file(a.file, a.resolutions, d, err, sizeof err)) {
		fprintf(stderr, "%s\n", err);
		*status = 2;
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

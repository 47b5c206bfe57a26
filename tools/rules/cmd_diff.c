/* lockcheck-rules diff OLD NEW [--json] [--resolutions FILE]: what changed in
 * the locking rules between two kernels.  OLD and NEW are each a Locking
 * document or a compiled spec.  Exit 0 equal, 1 different, 2 error.
 * [--prototypes] also compares parameter types. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "doc_model.h"
#include "spec_diff.h"
#include "spec_load.h"

static int usage(void)
{
	fprintf(stderr, "usage: lockcheck-rules diff OLD NEW [--json] [--prototypes] [--resolutions FILE]\n"
			"  OLD, NEW: a Locking document or a compiled spec (.json), told apart by content.\n"
			"  --prototypes also compares return and parameter types.\n"
			"  Exit 0 when equal in meaning, 1 when different, 2 on error.\n");
	return 2;
}

int rules_cmd_diff(int argc, char **argv)
{
	const char *files[2] = {0}, *res = doc_default_resolutions();
	int nfiles = 0, json = 0, prototypes = 0;
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--json") == 0)
			json = 1;
		else if (strcmp(argv[i], "--prototypes") == 0)
			prototypes = 1;
		else if (strcmp(argv[i], "--resolutions") == 0 && i + 1 < argc)
			res = argv[++i];
		else if (strcmp(argv[i], "--no-resolutions") == 0)
			res = NULL;
		else if (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0)
			return usage(), 0;
		else if (argv[i][0] == '-' && argv[i][1])
			return fprintf(stderr, "diff: unknown option %s\n", argv[i]), usage();
		else if (nfiles < 2)
			files[nfiles++] = argv[i];
		else
			return fprintf(stderr, "diff: two files only\n"), usage();
	}
	if (nfiles != 2)
		return usage();
	cJSON *spec[2] = {0};
	for (int i = 0; i < 2; i++) {
		char err[512];
		/* undecided placements are the compile command's business, not the diff's */
		spec[i] = spec_load_any(files[i], res, NULL, err, sizeof err);
		if (!spec[i]) {
			fprintf(stderr, "diff: %s\n", err);
			cJSON_Delete(spec[0]);
			return 2;
		}
	}
	cJSON *d = spec_diff(spec[0], spec[1], prototypes);
	cJSON_Delete(spec[0]);
	cJSON_Delete(spec[1]);
	if (!d) {
		fprintf(stderr, "diff: out of memory\n");
		return 2;
	}
	int equal = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(d, "equal"));
	if (json) {
		char *text = cJSON_Print(d);
		if (text)
			printf("%s\n", text);
		free(text);
	} else {
		spec_diff_print(d, stdout);
	}
	cJSON_Delete(d);
	return equal ? 0 : 1;
}

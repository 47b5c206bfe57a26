/* lockcheck-rules diff OLD NEW [--json] [--resolutions FILE]: what changed in
 * the locking rules between two kernels.  OLD and NEW are each a Locking
 * document or a compiled spec.  Exit 0 equal, 1 different, 2 error.
 * [--prototypes] also compares parameter types. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd_common.h"
#include "commands.h"
#include "doc_model.h"
#include "spec_diff.h"
#include "spec_load.h"

enum { OPT_JSON = 'j', OPT_PROTOTYPES = 'p' };

static const tool_cmd diff_cmd = {
	.prog = "lockcheck-rules diff",
	.usage = "[--json] [--prototypes] [--resolutions FILE | --no-resolutions] OLD NEW",
	.summary = "What changed in the locking rules between two kernels.  OLD, NEW: a Locking\n"
		   "document or a compiled spec (.json), told apart by content.",
	.opts = (const tool_opt[]){
		{"json", OPT_JSON, NULL, "print the differences as JSON"},
		{"prototypes", OPT_PROTOTYPES, NULL, "also compare return and parameter types"},
		RULES_RESOLUTION_OPTS,
		{0},
	},
	.about = "exit status: 0 equal in meaning, 1 different, 2 usage or input error\n",
};

int rules_cmd_diff(int argc, char **argv)
{
	const char *value;
	rules_resolutions r = {0};
	int json = 0, prototypes = 0, key, first = argc;
	while ((key = tool_next(&diff_cmd, argc, argv, &value, &first)) >= 0) {
		if (key == OPT_JSON)
			json = 1;
		else if (key == OPT_PROTOTYPES)
			prototypes = 1;
		else
			rules_resolutions_option(&r, key, value);
	}
	if (key != TOOL_END)
		return key == TOOL_EXIT_OK ? 0 : 2;
	if (argc - first != 2)
		return tool_usage_error(&diff_cmd, "two files expected, got %d", argc - first), 2;
	const char *const *files = (const char *const *)argv + first;
	/* A spec needs no resolutions: only a document does, and then never a guessed one. */
	if (!(spec_file_is_json(files[0]) && spec_file_is_json(files[1])) && rules_resolutions_settle(&diff_cmd, &r))
		return 2;
	const char *res = r.path;
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

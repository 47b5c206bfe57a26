/* `lockcheck symbolize`: the line-oriented symbolizer the library runs as a
 * separate process (symbolize=1), as the sanitizers run llvm-symbolizer.
 * Each input line is "MODULE<TAB>OFFSET[<TAB>BUILD_ID]" (OFFSET the ELF
 * address, hex); each answer is one line per frame, innermost first,
 * "FUNCTION<TAB>FILE:LINE" ("??" and "??:0" when unknown), then an empty
 * line.  Answers are flushed line by line, so a caller can stop reading. */
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "symbolize.h"

static const tool_cmd symbolize_cmd = {
	.prog = "lockcheck symbolize",
	.usage = "< MODULE<TAB>OFFSET[<TAB>BUILD_ID] lines",
	.summary = "Answers FUNCTION<TAB>FILE:LINE lines per address (inlined frames first), "
		   "an empty line after each: the library's symbolize=1 helper.",
	.opts = (const tool_opt[]){{0}},
};

static void answer(symbolizer *s, char *line)
{
	line[strcspn(line, "\r\n")] = 0;
	char *module = line, *offset = strchr(line, '\t'), *build_id = NULL;
	sym_frame sf[SYM_MAX_INLINE];
	int n = 0;
	if (offset) {
		*offset++ = 0;
		build_id = strchr(offset, '\t');
		if (build_id)
			*build_id++ = 0;
		n = symbolize(s, module, build_id, strtoull(offset, NULL, 16), sf, NULL);
	}
	for (int i = 0; i < n; i++) {
		if (sf[i].file && sf[i].line > 0)
			printf("%s\t%s:%d\n", sf[i].function ? sf[i].function : "??", sf[i].file, sf[i].line);
		else
			printf("%s\t??:0\n", sf[i].function ? sf[i].function : "??");
	}
	if (!n)
		printf("??\t??:0\n");
	printf("\n");
	fflush(stdout);
	sym_frames_free(sf, n);
}

int cmd_symbolize(int argc, char **argv)
{
	const char *v;
	int key, first = argc;
	while ((key = tool_next(&symbolize_cmd, argc, argv, &v, &first)) >= 0)
		;
	if (key == TOOL_EXIT_OK)
		return CLI_CLEAN;
	if (key == TOOL_BAD)
		return CLI_BAD_INPUT;
	symbolizer *s = symbolizer_new();
	char *line = NULL;
	size_t cap = 0;
	while (getline(&line, &cap, stdin) >= 0)
		answer(s, line);
	free(line);
	symbolizer_free(s);
	return CLI_CLEAN;
}

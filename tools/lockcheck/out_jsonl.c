/* JSON Lines out: each distinct finding as it was reported, plus "count",
 * the number of report lines merged into it. */
#include <stdlib.h>

#include "cli.h"

void write_jsonl(FILE *out, const cli_findings *set)
{
	for (size_t i = 0; i < set->n; i++) {
		cJSON *obj = cJSON_Duplicate(set->list[i]->obj, 1);
		cJSON_DeleteItemFromObjectCaseSensitive(obj, "count");
		cJSON_AddNumberToObject(obj, "count", set->list[i]->count);
		char *text = cJSON_PrintUnformatted(obj);
		fprintf(out, "%s\n", text);
		free(text);
		cJSON_Delete(obj);
	}
}

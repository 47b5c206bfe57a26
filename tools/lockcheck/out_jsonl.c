/* JSON Lines out: each distinct finding as it was reported (symbolized),
 * plus "count" (report lines merged into it), "occurrences", "instances"
 * and "fingerprint" (the signature's hash, as in SARIF).  Read back by
 * `lockcheck report`, e.g. as a --baseline. */
#include <stdlib.h>

#include "cli.h"

void write_jsonl(FILE *out, const cli_findings *set)
{
	for (size_t i = 0; i < set->n; i++) {
		cJSON *obj = cJSON_Duplicate(set->list[i]->obj, 1);
		cJSON_DeleteItemFromObjectCaseSensitive(obj, "count");
		cJSON_AddNumberToObject(obj, "count", set->list[i]->count);
		const char *replaced[] = {"occurrences", "instances", "fingerprint", "signature"};
		for (unsigned k = 0; k < 4; k++)
			cJSON_DeleteItemFromObjectCaseSensitive(obj, replaced[k]);
		cJSON_AddNumberToObject(obj, "occurrences", set->list[i]->occurrences);
		cJSON_AddNumberToObject(obj, "instances", set->list[i]->instances);
		cJSON_AddStringToObject(obj, "fingerprint", set->list[i]->fingerprint);
		char *text = cJSON_PrintUnformatted(obj);
		fprintf(out, "%s\n", text);
		free(text);
		cJSON_Delete(obj);
	}
}

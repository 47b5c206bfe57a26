/* --baseline OLD: findings already known are dropped, so the gate fails
 * only on new ones.  OLD is any report the tool reads (best: the output of
 * `lockcheck report --format jsonl`, already symbolized, so it still
 * matches after the program was rebuilt); a finding is known when its
 * signature is in OLD. */
#include <stdlib.h>
#include <string.h>

#include "cli.h"

bool findings_drop_baseline(cli_findings *set, const char *path)
{
	cli_findings old;
	findings_init(&old);
	if (!findings_read_file(&old, path, NULL, true)) {
		findings_free(&old);
		return false;
	}
	size_t kept = 0;
	for (size_t i = 0; i < set->n; i++) {
		cli_finding *f = set->list[i], *known;
		HASH_FIND_STR(old.by_key, f->key, known);
		if (!known) {
			set->list[kept++] = f;
			continue;
		}
		set->in_baseline++;
		HASH_DEL(set->by_key, f);
		cJSON_Delete(f->obj);
		free(f->key);
		free(f->file);
		free(f);
	}
	set->n = kept;
	/* "counts" lines still to come must not reach a freed finding. */
	for (size_t i = 0; i < set->nlib; i++)
		free(set->lib[i].sig);
	set->nlib = 0;
	findings_free(&old);
	return true;
}

/* See test_util.h. */
#include <criterion/criterion.h>
#include <dirent.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "test_util.h"
#include "../../common/test_paths.h"

const char *tu_repo_path(const char *rel)
{
	static char p[PATH_MAX + 256];
	const char *root = test_repo_root();
	snprintf(p, sizeof p, "%s/%s", root ? root : "", rel);
	return p;
}

const char *tu_doc_path(const char *prefix)
{
	static char p[PATH_MAX + 512];
	const char *dir = test_docs_dir();
	DIR *dp = dir ? opendir(dir) : NULL;
	if (!dp)
		return NULL;
	const char *found = NULL;
	struct dirent *e;
	while ((e = readdir(dp)))
		if (!strncmp(e->d_name, prefix, strlen(prefix))) {
			snprintf(p, sizeof p, "%s/%s", dir, e->d_name);
			found = p;
			break;
		}
	closedir(dp);
	return found;
}

int tu_parse_doc(const char *prefix, doc *d)
{
	const char *path = tu_doc_path(prefix);
	if (!path)
		cr_skip_test("Locking document %s* not found ($LOCKING_DOCS or ../shared/locking)", prefix);
	char err[1024];
	char *res = strdup(tu_repo_path("rules/resolutions.tsv"));
	int rc = doc_parse_file(path, res, d, err, sizeof err);
	free(res);
	cr_assert_eq(rc, 0, "parse failed: %s", err);
	return rc;
}

int tu_parse_text(const char *text, const char *resolutions, doc *d, char *err, size_t errlen)
{
	return doc_parse_buffer("test.txt", text, strlen(text), resolutions, d, err, errlen);
}

const doc_section *tu_section(const doc *d, const char *title)
{
	for (int i = 0; i < d->nsections; i++)
		if (!strcmp(d->sections[i].title, title))
			return &d->sections[i];
	return NULL;
}

const doc_cell *tu_cell(const doc *d, const char *interface, const char *method, const char *column)
{
	const doc_section *s = tu_section(d, interface);
	if (!s)
		return NULL;
	for (int t = 0; t < s->ntables; t++) {
		const doc_table *tb = &s->tables[t];
		for (int c = 0; c < tb->ncols; c++) {
			if (strcmp(tb->columns[c], column))
				continue;
			for (int r = 0; r < tb->nrows; r++)
				if (!strcmp(tb->rows[r].method, method))
					return &tb->rows[r].cells[c];
		}
	}
	return NULL;
}

const char *tu_value(const doc *d, const char *interface, const char *method, const char *column)
{
	const doc_cell *c = tu_cell(d, interface, method, column);
	if (!c)
		return "<no row>";
	return c->value ? c->value : "";
}

int tu_diags_matching(const doc *d, const char *needle, int min_severity)
{
	int n = 0;
	for (int i = 0; i < d->ndiags; i++)
		if ((int)d->diags[i].severity >= min_severity && strstr(d->diags[i].message, needle))
			n++;
	return n;
}

int tu_has_proto(const doc_section *s, const char *method)
{
	for (int i = 0; s && i < s->nprotos; i++)
		if (!strcmp(s->protos[i].method, method))
			return 1;
	return 0;
}

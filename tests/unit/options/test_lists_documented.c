/* The single lists (lc_kinds.def, lc_options.def) and the user docs stay in
 * step: every option and every detect_<kind> switch has its row in
 * docs/options.md, every kind its section in docs/reports.md (contract
 * kinds: docs/contracts.md) and the engine kinds a row in the table there. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lc_finding.h"
#include "lc_runtime.h"
#include "../../common/test_files.h"
#include "../../common/test_paths.h"

static char *doc(const char *name)
{
	const char *root = test_repo_root();
	cr_assert(root, "repository root not found");
	char path[1024];
	snprintf(path, sizeof path, "%s/docs/%s", root, name);
	char *text = test_slurp(path);
	cr_assert(text, "cannot read %s", path);
	return text;
}

Test(lists_documented, every_option_has_a_row_in_options_md)
{
	char *text = doc("options.md");
	unsigned n = 0;
	for (const char *key; (key = lc_option_key(n)); n++) {
		char row[128];
		snprintf(row, sizeof row, "| `%s` |", key);
		cr_expect(strstr(text, row), "docs/options.md has no row for option %s", key);
	}
	cr_assert_geq(n, 10, "the option table is empty?");
	for (int k = 0; k < LC_KIND_COUNT; k++) {
		char row[128] = "| `detect_";
		size_t len = strlen(row);
		for (const char *c = lc_kind_name((lc_kind)k); *c && len < sizeof row - 4; c++)
			row[len++] = *c == '-' ? '_' : *c;
		memcpy(row + len, "` |", 4);
		cr_expect(strstr(text, row), "docs/options.md has no row %s", row);
	}
	free(text);
}

Test(lists_documented, every_kind_has_a_section)
{
	char *reports = doc("reports.md"), *contracts = doc("contracts.md");
	for (int k = 0; k < LC_KIND_COUNT; k++) {
		const char *name = lc_kind_name((lc_kind)k);
		bool contract = strncmp(name, "contract-", 9) == 0;
		char heading[128], row[160];
		snprintf(heading, sizeof heading, "%s %s\n", contract ? "###" : "##", name);
		cr_expect(strstr(contract ? contracts : reports, heading), "no section for %s in docs/%s",
			  name, contract ? "contracts.md" : "reports.md");
		if (contract)
			continue;
		snprintf(row, sizeof row, "| [%s](#%s) |", name, name);
		cr_expect(strstr(reports, row), "the table of docs/reports.md has no row for %s", name);
	}
	free(reports);
	free(contracts);
}

Test(lists_documented, kind_names_come_from_one_list)
{
	for (int k = 0; k < LC_KIND_COUNT; k++) {
		const char *name = lc_kind_name((lc_kind)k);
		cr_assert(name && lc_kind_summary((lc_kind)k), "kind %d has a name and a summary", k);
		cr_expect_eq(lc_kind_from_name(name), k, "%s round-trips", name);
	}
	cr_expect_null(lc_kind_name(LC_KIND_COUNT));
}

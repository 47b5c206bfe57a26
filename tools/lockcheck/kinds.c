/* Every report kind the library writes, with a one-line description: from
 * the library's single list (liblockcheck/lc_kinds.def). */
#include "cli.h"

const cli_kind cli_kinds[] = {
#define LC_KIND(e, name, summary) {name, summary},
#include "lc_kinds.def"
#undef LC_KIND
};
const unsigned cli_nkinds = sizeof cli_kinds / sizeof *cli_kinds;

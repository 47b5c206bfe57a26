/* dump_graph=1: at exit, one {"graph_edge":{...}} line per lock-order edge
 * into the report file, for `lockcheck graph`.  A lock is named as the tool
 * names it: its class name, else its global variable, else where it was
 * created ("mutex made in account_new+0x1c": instances made at one site
 * draw as one node), else its type and address.  The tool adds up edges
 * between the same two names into a count. */
#include <string.h>

#include "lc_graph_dump.h"
#include "report/report_internal.h"

/* The name `lockcheck` gives a lock (tools/lockcheck/signature.c): its
 * class name, its variable, the type and where it was made, or the type and
 * address. */
static void name_of(lc_buf *b, const lc_graph_end *end)
{
	char sym[128];
	if (end->name) {
		lc_buf_json_str(b, end->name);
		return;
	}
	if (lc_symbolize_data(end->addr, sym, sizeof sym)) {
		lc_buf_json_str(b, sym);
		return;
	}
	lc_buf_char(b, '"');
	lc_buf_str(b, lc_lock_type_name(end->type));
	lc_buf_char(b, ' ');
	if (lc_origin_name(end->addr, sym, sizeof sym)) {
		lc_buf_str(b, "made in ");
		lc_buf_json_inner(b, sym);
	} else {
		lc_buf_hex(b, (uintptr_t)end->addr);
	}
	lc_buf_char(b, '"');
}

void lc_report_write_graph(int fd)
{
	lc_graph_edge *edges;
	size_t bytes;
	unsigned n = lc_graph_dump(&edges, &bytes);
	for (unsigned i = 0; i < n; i++) {
		lc_buf b;
		lc_buf_init(&b, 512);
		lc_buf_str(&b, "{\"graph_edge\":{\"from\":");
		name_of(&b, &edges[i].from);
		lc_buf_str(&b, ",\"from_type\":");
		lc_buf_json_str(&b, lc_lock_type_name(edges[i].from.type));
		lc_buf_str(&b, ",\"to\":");
		name_of(&b, &edges[i].to);
		lc_buf_str(&b, ",\"to_type\":");
		lc_buf_json_str(&b, lc_lock_type_name(edges[i].to.type));
		lc_buf_str(&b, ",\"count\":1}}\n");
		if (!b.failed)
			lc_write_all(fd, b.data, b.len);
		lc_buf_release(&b);
	}
	if (edges)
		lc_free(edges, bytes);
}

/* `lockcheck graph [-o OUT.dot] [--svg OUT.svg] REPORT.jsonl...`
 *
 * The lock-order graph a run observed, as Graphviz DOT: one node per lock
 * name, one edge per "taken while holding" order with how many lock
 * instances showed it, and every reported cycle in red (the edge that
 * would have closed it dashed: the engine keeps that one out of its graph).
 * The edges come from the "graph_edge" lines the library writes at exit
 * with dump_graph=1; the cycles from the lock-order-inversion findings.
 * --svg runs Graphviz's dot on the result. */
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#include "cli.h"

enum { OPT_OUTPUT = 'o', OPT_SVG = 256 };

static const tool_cmd graph_cmd = {
	.prog = "lockcheck graph",
	.usage = "[-o OUT.dot] [--svg OUT.svg] REPORT.jsonl...",
	.summary = "Draws the lock-order graph of a run (LOCKCHECK_OPTIONS dump_graph=1) as Graphviz DOT.",
	.opts = (const tool_opt[]){
		{"output", OPT_OUTPUT, "OUT", "write the DOT text to OUT (default, or \"-\": standard output)"},
		{"svg", OPT_SVG, "FILE", "also draw it as SVG into FILE with Graphviz's dot"},
		{0},
	},
	.about = "exit status: 0 drawn, 1 drawn and it has a reported cycle, 2 bad input or usage.\n",
};

typedef struct gedge {
	char *from, *to;
	unsigned count;
	int cycle;       /* 1-based index of a reported cycle it is part of, or 0 */
	bool closing;    /* the acquisition that closed a cycle: not in the graph */
	UT_hash_handle hh;
	char key[];
} gedge;

typedef struct gnode {
	char *type;
	UT_hash_handle hh;
	char name[];
} gnode;

typedef struct graph {
	gedge *edges;
	gnode *nodes;
	unsigned cycles;
} graph;

static void add_node(graph *g, const char *name, const char *type)
{
	gnode *n;
	HASH_FIND_STR(g->nodes, name, n);
	if (n)
		return;
	n = calloc(1, sizeof *n + strlen(name) + 1);
	strcpy(n->name, name);
	n->type = type ? strdup(type) : NULL;
	HASH_ADD_STR(g->nodes, name, n);
}

static gedge *edge(graph *g, const char *from, const char *to)
{
	size_t n = strlen(from) + strlen(to) + 2;
	char *key = malloc(n);
	snprintf(key, n, "%s%c%s", from, 1, to);
	gedge *e;
	HASH_FIND_STR(g->edges, key, e);
	if (!e) {
		e = calloc(1, sizeof *e + n);
		memcpy(e->key, key, n);
		e->from = strdup(from);
		e->to = strdup(to);
		HASH_ADD_STR(g->edges, key, e);
	}
	free(key);
	return e;
}

static void read_edge(graph *g, const cJSON *ge)
{
	const char *from = json_str(ge, "from"), *to = json_str(ge, "to");
	if (!from || !to)
		return;
	add_node(g, from, json_str(ge, "from_type"));
	add_node(g, to, json_str(ge, "to_type"));
	const cJSON *count = cJSON_GetObjectItem(ge, "count");
	edge(g, from, to)->count += cJSON_IsNumber(count) && count->valueint > 0 ? (unsigned)count->valueint : 1;
}

/* Lock i -> lock i+1 for every lock of the cycle; 0 -> 1 is the
 * acquisition that closed it (see engine/cycle_report.c). */
static void read_cycle(graph *g, const cJSON *finding)
{
	const cJSON *locks = cJSON_GetObjectItem(finding, "locks");
	int n = cJSON_GetArraySize(locks);
	if (n < 2)
		return;
	g->cycles++;
	for (int i = 0; i < n; i++) {
		const cJSON *a = cJSON_GetArrayItem(locks, i), *b = cJSON_GetArrayItem(locks, (i + 1) % n);
		char abuf[256], bbuf[256];
		const char *an = lock_identity(a, abuf, sizeof abuf), *bn = lock_identity(b, bbuf, sizeof bbuf);
		add_node(g, an, json_str(a, "type"));
		add_node(g, bn, json_str(b, "type"));
		gedge *e = edge(g, an, bn);
		if (!e->cycle)
			e->cycle = (int)g->cycles;
		if (i == 0 && !e->count)
			e->closing = true;
	}
}

static bool read_report(graph *g, const char *path)
{
	FILE *in = strcmp(path, "-") ? fopen(path, "r") : stdin;
	if (!in) {
		fprintf(stderr, "lockcheck graph: cannot read %s\n", path);
		return false;
	}
	char *line = NULL;
	size_t cap = 0;
	unsigned lineno = 0;
	bool ok = true;
	while (getline(&line, &cap, in) >= 0) {
		lineno++;
		cJSON *obj = cJSON_Parse(line);
		if (!cJSON_IsObject(obj)) {
			/* A cut-short last line is the process dying mid-write: skip it. */
			if (!feof(in) && line[0] != '\n') {
				fprintf(stderr, "%s:%u: expected a JSON object\n", path, lineno);
				ok = false;
			}
			cJSON_Delete(obj);
			continue;
		}
		utf8_clean_json(obj->child);
		const cJSON *ge = cJSON_GetObjectItem(obj, "graph_edge");
		if (cJSON_IsObject(ge))
			read_edge(g, ge);
		else if (json_str(obj, "kind") && !strcmp(json_str(obj, "kind"), "lock-order-inversion"))
			read_cycle(g, obj);
		cJSON_Delete(obj);
	}
	free(line);
	if (in != stdin)
		fclose(in);
	return ok;
}

static void dot_id(FILE *out, const char *s)
{
	fputc('"', out);
	for (; *s; s++) {
		if (*s == '"' || *s == '\\')
			fputc('\\', out);
		fputc(*s == '\n' ? ' ' : *s, out);
	}
	fputc('"', out);
}

static int by_key(const gedge *a, const gedge *b)
{
	return strcmp(a->key, b->key);
}

static int by_name(const gnode *a, const gnode *b)
{
	return strcmp(a->name, b->name);
}

static void write_dot(FILE *out, graph *g)
{
	HASH_SORT(g->nodes, by_name);
	HASH_SORT(g->edges, by_key);
	fputs("digraph lock_order {\n"
	      "  // lockcheck: an edge A -> B: B was taken while A was held; its label: how many\n"
	      "  // lock instances showed that order.  Red: a reported cycle (dashed: the\n"
	      "  // acquisition that closed it).\n"
	      "  rankdir=LR;\n  node [shape=box, fontname=\"monospace\"];\n", out);
	for (gnode *n = g->nodes; n; n = n->hh.next) {
		fputs("  ", out);
		dot_id(out, n->name);
		fputs(" [label=", out);
		fputc('"', out);
		for (const char *s = n->name; *s; s++) {
			if (*s == '"' || *s == '\\')
				fputc('\\', out);
			fputc(*s, out);
		}
		if (n->type)
			fprintf(out, "\\n(%s)", n->type);
		fputs("\"];\n", out);
	}
	for (gedge *e = g->edges; e; e = e->hh.next) {
		fputs("  ", out);
		dot_id(out, e->from);
		fputs(" -> ", out);
		dot_id(out, e->to);
		if (e->closing)
			fprintf(out, " [label=\"closes cycle %d\", color=red, fontcolor=red, penwidth=2, style=dashed]",
				e->cycle);
		else if (e->cycle && e->count)
			fprintf(out, " [label=\"%u, cycle %d\", color=red, fontcolor=red, penwidth=2]", e->count, e->cycle);
		else if (e->cycle)
			fprintf(out, " [label=\"cycle %d\", color=red, fontcolor=red, penwidth=2]", e->cycle);
		else
			fprintf(out, " [label=\"%u\"]", e->count);
		fputs(";\n", out);
	}
	fputs("}\n", out);
}

static void graph_free(graph *g)
{
	gedge *e, *et;
	HASH_ITER(hh, g->edges, e, et) {
		HASH_DEL(g->edges, e);
		free(e->from);
		free(e->to);
		free(e);
	}
	gnode *n, *nt;
	HASH_ITER(hh, g->nodes, n, nt) {
		HASH_DEL(g->nodes, n);
		free(n->type);
		free(n);
	}
}

static bool write_svg(graph *g, const char *path)
{
	if (system("command -v dot >/dev/null 2>&1") != 0) {
		fprintf(stderr, "lockcheck graph: --svg needs Graphviz's dot (Debian: apt-get install graphviz)\n");
		return false;
	}
	char *cmd;
	if (asprintf(&cmd, "dot -Tsvg -o '%s'", path) < 0)
		return false;
	FILE *dot = strchr(path, '\'') ? NULL : popen(cmd, "w");
	free(cmd);
	if (!dot) {
		fprintf(stderr, "lockcheck graph: cannot run dot for %s\n", path);
		return false;
	}
	write_dot(dot, g);
	int st = pclose(dot);
	if (st != 0)
		fprintf(stderr, "lockcheck graph: dot failed writing %s\n", path);
	return st == 0;
}

int cmd_graph(int argc, char **argv)
{
	const char *out_path = NULL, *svg = NULL, *v;
	int key, first = argc;
	while ((key = tool_next(&graph_cmd, argc, argv, &v, &first)) >= 0) {
		if (key == OPT_OUTPUT)
			out_path = strcmp(v, "-") ? v : NULL;
		else if (key == OPT_SVG)
			svg = v;
	}
	if (key == TOOL_EXIT_OK)
		return CLI_CLEAN;
	if (key == TOOL_BAD)
		return CLI_BAD_INPUT;
	if (first >= argc) {
		tool_usage_error(&graph_cmd, "no report files given");
		return CLI_BAD_INPUT;
	}
	graph g = {0};
	bool ok = true;
	for (int i = first; i < argc && ok; i++)
		ok = read_report(&g, argv[i]);
	if (ok && !g.edges)
		fprintf(stderr, "lockcheck graph: no lock-order edges in the reports (run with LOCKCHECK_OPTIONS "
				"dump_graph=1)\n");
	if (ok && (out_path || !svg)) {
		FILE *out = out_path ? fopen(out_path, "w") : stdout;
		if (!out) {
			fprintf(stderr, "lockcheck graph: cannot write %s\n", out_path);
			ok = false;
		} else {
			write_dot(out, &g);
			if (out != stdout)
				fclose(out);
		}
	}
	if (ok && svg)
		ok = write_svg(&g, svg);
	unsigned cycles = g.cycles;
	graph_free(&g);
	return !ok ? CLI_BAD_INPUT : cycles ? CLI_FINDINGS : CLI_CLEAN;
}

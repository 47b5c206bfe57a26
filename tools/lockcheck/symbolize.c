/* See symbolize.h.  One libdwfl session per module file, opened offline on
 * first use and kept; a module whose file is gone or was rebuilt is looked
 * up by its build-id under /usr/lib/debug/.build-id/ instead. */
#include <dwarf.h>
#include <elfutils/libdwfl.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "symbolize.h"

/* libstdc++'s demangler (the tool links -lstdc++ for it). */
extern char *__cxa_demangle(const char *mangled, char *buf, size_t *len, int *status);

typedef struct module {
	char *path, *build_id;
	Dwfl *dwfl;
	Dwfl_Module *mod;
	const char *problem; /* NULL: full debug info */
	struct module *next;
} module;

struct symbolizer {
	module *modules;
};

static char *debuginfo_path;
static const Dwfl_Callbacks callbacks = {
	.find_elf = dwfl_build_id_find_elf,
	.find_debuginfo = dwfl_standard_find_debuginfo,
	.section_address = dwfl_offline_section_address,
	.debuginfo_path = &debuginfo_path,
};

symbolizer *symbolizer_new(void)
{
	return calloc(1, sizeof(symbolizer));
}

void symbolizer_free(symbolizer *s)
{
	if (!s)
		return;
	for (module *m = s->modules, *next; m; m = next) {
		next = m->next;
		if (m->dwfl)
			dwfl_end(m->dwfl);
		free(m->path);
		free(m->build_id);
		free(m);
	}
	free(s);
}

char *sym_demangle(const char *name)
{
	if (name && name[0] == '_' && name[1] == 'Z') {
		int status = -1;
		char *d = __cxa_demangle(name, NULL, NULL, &status);
		if (d && status == 0)
			return d;
		free(d);
	}
	return name ? strdup(name) : NULL;
}

static bool same_build_id(Dwfl_Module *mod, const char *want)
{
	const unsigned char *bits;
	GElf_Addr vaddr;
	int n = dwfl_module_build_id(mod, &bits, &vaddr);
	if (!want || !*want || n <= 0)
		return true; /* nothing to compare */
	if (strlen(want) != (size_t)n * 2)
		return false;
	for (int i = 0; i < n; i++) {
		unsigned v;
		if (sscanf(want + 2 * i, "%2x", &v) != 1 || v != bits[i])
			return false;
	}
	return true;
}

static Dwfl_Module *open_file(module *m, const char *file)
{
	if (access(file, R_OK))
		return NULL;
	m->dwfl = dwfl_begin(&callbacks);
	if (!m->dwfl)
		return NULL;
	m->mod = dwfl_report_offline(m->dwfl, m->path, file, -1);
	dwfl_report_end(m->dwfl, NULL, NULL);
	if (m->mod && same_build_id(m->mod, m->build_id))
		return m->mod;
	m->problem = m->mod ? "module changed since the run (build-id differs)" : "module not readable";
	dwfl_end(m->dwfl);
	m->dwfl = NULL;
	m->mod = NULL;
	return NULL;
}

static void open_module(module *m)
{
	if (!open_file(m, m->path) && m->build_id && strlen(m->build_id) > 2) {
		/* The file is gone or rebuilt: its separate debug file by build-id. */
		char alt[512];
		snprintf(alt, sizeof alt, "/usr/lib/debug/.build-id/%.2s/%s.debug", m->build_id, m->build_id + 2);
		const char *before = m->problem;
		m->problem = NULL;
		if (!open_file(m, alt))
			m->problem = before ? before : "module not found";
	}
	if (!m->mod) {
		if (!m->problem)
			m->problem = "module not found";
		return;
	}
	Dwarf_Addr bias;
	if (!dwfl_module_getdwarf(m->mod, &bias))
		m->problem = "no debug info";
}

static module *find_module(symbolizer *s, const char *path, const char *build_id)
{
	for (module *m = s->modules; m; m = m->next)
		if (!strcmp(m->path, path) && !strcmp(m->build_id ? m->build_id : "", build_id ? build_id : ""))
			return m;
	module *m = calloc(1, sizeof *m);
	m->path = strdup(path);
	m->build_id = build_id ? strdup(build_id) : NULL;
	m->next = s->modules;
	s->modules = m;
	open_module(m);
	return m;
}

/* The name a person knows a scope (subprogram or inlined copy) by. */
static char *scope_name(Dwarf_Die *die)
{
	Dwarf_Attribute attr;
	const char *name = NULL;
	if (dwarf_attr_integrate(die, DW_AT_linkage_name, &attr) ||
	    dwarf_attr_integrate(die, DW_AT_MIPS_linkage_name, &attr))
		name = dwarf_formstring(&attr);
	if (!name && dwarf_attr_integrate(die, DW_AT_name, &attr))
		name = dwarf_formstring(&attr);
	return name ? sym_demangle(name) : NULL;
}

/* DWARF may name a file relative to its unit's compile directory. */
static char *absolute(Dwarf_Die *cu, const char *file)
{
	Dwarf_Attribute attr;
	const char *dir = cu ? dwarf_formstring(dwarf_attr(cu, DW_AT_comp_dir, &attr)) : NULL;
	char *out;
	if (!file)
		return NULL;
	if (file[0] == '/' || !dir || !*dir)
		return strdup(file);
	if (file[0] == '.' && file[1] == '/')
		file += 2;
	if (asprintf(&out, "%s/%s", dir, file) < 0)
		return NULL;
	return out;
}

static char *call_file(Dwarf_Die *cu, Dwarf_Die *inl, int *line, int *col)
{
	Dwarf_Attribute attr;
	Dwarf_Word idx = 0, v = 0;
	Dwarf_Files *files;
	size_t nfiles;
	*line = *col = 0;
	if (dwarf_formudata(dwarf_attr(inl, DW_AT_call_line, &attr), &v) == 0)
		*line = (int)v;
	if (dwarf_formudata(dwarf_attr(inl, DW_AT_call_column, &attr), &v) == 0)
		*col = (int)v;
	if (dwarf_formudata(dwarf_attr(inl, DW_AT_call_file, &attr), &idx) != 0 ||
	    dwarf_getsrcfiles(cu, &files, &nfiles) != 0 || idx >= nfiles)
		return NULL;
	return absolute(cu, dwarf_filesrc(files, idx, NULL, NULL));
}

static bool is_function_scope(Dwarf_Die *die)
{
	int tag = dwarf_tag(die);
	return tag == DW_TAG_subprogram || tag == DW_TAG_inlined_subroutine;
}

/* Frames from the DWARF scopes around addr: the innermost takes the line
 * table's place, each inlined copy's caller the copy's call site.  The
 * scopes of the pc lead from an inlined copy to its abstract definition, so
 * the concrete callers come from the copy's own chain of parents. */
static int from_scopes(Dwfl_Module *mod, Dwarf_Addr addr, sym_frame *out, char *file, int line, int col)
{
	Dwarf_Addr bias;
	Dwarf_Die *cu = dwfl_module_addrdie(mod, addr, &bias);
	Dwarf_Die *scopes = NULL;
	int nscopes = cu ? dwarf_getscopes(cu, addr - bias, &scopes) : 0;
	int first = 0;
	while (first < nscopes && !is_function_scope(&scopes[first]))
		first++;
	if (first >= nscopes) {
		free(scopes);
		return 0; /* file was not taken: the caller still owns it */
	}
	Dwarf_Die *chain = NULL;
	int nchain = scopes ? dwarf_getscopes_die(&scopes[first], &chain) : 0;
	if (nchain <= 0) {
		chain = scopes + first;
		nchain = 1;
	}
	int n = 0;
	for (int i = 0; i < nchain && n < SYM_MAX_INLINE; i++) {
		if (!is_function_scope(&chain[i]))
			continue;
		out[n].function = scope_name(&chain[i]);
		out[n].file = file;
		out[n].line = line;
		out[n].column = col;
		out[n].inlined = dwarf_tag(&chain[i]) == DW_TAG_inlined_subroutine;
		file = NULL;
		n++;
		if (!out[n - 1].inlined)
			break; /* the real function: its callers are other frames */
		file = call_file(cu, &chain[i], &line, &col);
	}
	if (chain != scopes + first)
		free(chain);
	free(scopes);
	free(file); /* an inlined copy with no enclosing subprogram found */
	out[n - 1].inlined = false;
	return n;
}

int symbolize(symbolizer *s, const char *module_path, const char *build_id, uint64_t addr,
	      sym_frame out[SYM_MAX_INLINE], const char **problem)
{
	memset(out, 0, SYM_MAX_INLINE * sizeof *out);
	if (problem)
		*problem = NULL;
	if (!module_path || !*module_path) {
		if (problem)
			*problem = "module not known";
		return 0;
	}
	module *m = find_module(s, module_path, build_id);
	if (problem)
		*problem = m->problem;
	if (!m->mod)
		return 0;
	GElf_Addr bias = 0;
	dwfl_module_getelf(m->mod, &bias);
	Dwarf_Addr a = addr + bias - (addr ? 1 : 0);
	char *file = NULL;
	int line = 0, col = 0;
	Dwfl_Line *l = dwfl_module_getsrc(m->mod, a);
	const char *src = l ? dwfl_lineinfo(l, NULL, &line, &col, NULL, NULL) : NULL;
	if (src) {
		Dwarf_Addr cu_bias;
		file = absolute(dwfl_module_addrdie(m->mod, a, &cu_bias), src);
	}
	int n = from_scopes(m->mod, a, out, file, line, col);
	if (!n) {
		out[0].file = file;
		out[0].line = line;
		out[0].column = col;
		n = 1;
	}
	if (!out[n - 1].function) {
		/* No DWARF scope: the ELF symbol table still names the function. */
		GElf_Off off;
		GElf_Sym sym;
		const char *name = dwfl_module_addrinfo(m->mod, a, &off, &sym, NULL, NULL, NULL);
		out[n - 1].function = name ? sym_demangle(name) : NULL;
	}
	return n;
}

void sym_frames_free(sym_frame *f, int n)
{
	for (int i = 0; i < n; i++) {
		free(f[i].function);
		free(f[i].file);
	}
}

void symbolizer_each_problem(const symbolizer *s, void (*fn)(const char *, const char *, void *), void *arg)
{
	for (const module *m = s->modules; m; m = m->next)
		if (m->problem)
			fn(m->path, m->problem, arg);
}

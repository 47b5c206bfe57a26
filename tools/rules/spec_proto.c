/* Prototype parser.  A parameter's name is its last identifier unless that
 * word is part of the type ("unsigned int", "struct qstr", a lone type). */
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "spec_proto.h"
#include "spec_vocab.h"

/* "struct dentry*" / "struct dentry  *" -> "struct dentry *"; "void **" kept. */
static void normalize_type(const char *in, char *out, size_t outlen)
{
	char buf[256];
	size_t n = 0;
	for (const char *p = in; *p && n + 3 < sizeof buf; p++) {
		if (*p == '*' && n && buf[n - 1] != ' ' && buf[n - 1] != '*')
			buf[n++] = ' ';
		buf[n++] = *p;
	}
	buf[n] = '\0';
	vocab_collapse(buf);
	/* types are short; cutting one is better than failing */
	size_t k = strnlen(buf, outlen - 1);
	memcpy(out, buf, k);
	out[k] = '\0';
}

static int is_type_word(const char *w)
{
	static const char *words[] = {"int", "char", "short", "long", "unsigned", "signed", "bool",
				      "void", "float", "double", "const", "volatile", "__user"};
	for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
		if (strcmp(w, words[i]) == 0)
			return 1;
	return 0;
}

static void split_param(const char *text, proto_param *p)
{
	char buf[256];
	snprintf(buf, sizeof buf, "%s", text);
	vocab_collapse(buf);
	p->name[0] = '\0';
	size_t n = strlen(buf);
	size_t end = n;
	while (end && (isalnum((unsigned char)buf[end - 1]) || buf[end - 1] == '_'))
		end--;
	const char *last = buf + end;
	if (*last && end > 0) {
		/* the word before the last identifier decides whether it is a name */
		size_t pe = end;
		while (pe && buf[pe - 1] == ' ')
			pe--;
		int after_star = pe && buf[pe - 1] == '*';
		size_t ps = pe;
		while (ps && (isalnum((unsigned char)buf[ps - 1]) || buf[ps - 1] == '_'))
			ps--;
		char prev[64];
		snprintf(prev, sizeof prev, "%.*s", (int)(pe - ps), buf + ps);
		int tagged = strcmp(prev, "struct") == 0 || strcmp(prev, "enum") == 0 ||
			     strcmp(prev, "union") == 0;
		if (after_star || (!tagged && !is_type_word(last))) {
			snprintf(p->name, sizeof p->name, "%s", last);
			buf[end] = '\0';
		}
	}
	normalize_type(buf, p->type, sizeof p->type);
}

int proto_parse(const char *text, proto_info *out, char *err, size_t errlen)
{
	memset(out, 0, sizeof *out);
	const char *star = strstr(text, "(*");
	if (!star) {
		snprintf(err, errlen, "expected \"RET (*name)(params)\", no \"(*\" in '%s'", text);
		return -1;
	}
	char ret[256];
	snprintf(ret, sizeof ret, "%.*s", (int)(star - text), text);
	normalize_type(ret, out->returns, sizeof out->returns);
	const char *name = star + 2;
	while (*name == ' ')
		name++;
	const char *ne = name;
	while (isalnum((unsigned char)*ne) || *ne == '_')
		ne++;
	snprintf(out->method, sizeof out->method, "%.*s", (int)(ne - name), name);
	const char *close = strchr(ne, ')');
	const char *open = close ? strchr(close, '(') : NULL;
	if (!out->method[0] || !open) {
		snprintf(err, errlen, "expected \"(*name)(\" in '%s'", text);
		return -1;
	}
	open++;
	/* d_dname in every era: "(*d_dname)((struct dentry *dentry, ...)" */
	while (*open == '(' || *open == ' ') {
		if (*open == '(')
			out->repaired = 1;
		open++;
	}
	/* the parameter list ends at the matching ')'; a missing ';' is fine */
	const char *p = open;
	int depth = 0;
	const char *start = open;
	for (; *p; p++) {
		if (*p == '(')
			depth++;
		else if (*p == ')' && depth > 0)
			depth--;
		else if ((*p == ',' || *p == ')') && depth == 0) {
			char param[256];
			snprintf(param, sizeof param, "%.*s", (int)(p - start), start);
			vocab_collapse(param);
			if (param[0] && strcmp(param, "void") != 0 && out->nparams < PROTO_MAX_PARAMS)
				split_param(param, &out->params[out->nparams++]);
			start = p + 1;
			if (*p == ')')
				break;
		}
	}
	if (!*p) {
		snprintf(err, errlen, "unterminated parameter list in '%s'", text);
		return -1;
	}
	if (!strchr(p, ';'))
		out->repaired = 1;
	return 0;
}

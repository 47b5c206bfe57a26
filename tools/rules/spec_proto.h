/* Prototype text -> return type and parameters, tolerant of the document's
 * own slips (a doubled "((", a missing ";", continuation lines). */
#ifndef SPEC_PROTO_H
#define SPEC_PROTO_H

#include <stddef.h>

#define PROTO_MAX_PARAMS 16
#define PROTO_TEXT 96

typedef struct proto_param {
	char name[PROTO_TEXT];   /* "" when the document gives only a type */
	char type[PROTO_TEXT];   /* "struct dentry *", "unsigned int" */
} proto_param;

typedef struct proto_info {
	char method[PROTO_TEXT];
	char returns[PROTO_TEXT];
	proto_param params[PROTO_MAX_PARAMS];
	int nparams;
	int repaired;            /* 1: the text had a slip the parser stepped over */
} proto_info;

/* Returns 0, or -1 with a reason in err when text is not a method pointer
 * declaration "RET (*name)(PARAMS)". */
int proto_parse(const char *text, proto_info *out, char *err, size_t errlen);

#endif

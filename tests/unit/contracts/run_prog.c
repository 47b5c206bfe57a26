#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <criterion/criterion.h>

#include "helpers.h"
#include "run_prog.h"
#include "../../common/test_files.h"

/* The start of a file, cut to fit buf ("" when it is missing). */
static void read_start(const char *path, char *buf, size_t len)
{
	char *text = test_slurp(path);
	snprintf(buf, len, "%s", text ? text : "");
	free(text);
}

static cJSON *read_report(const char *path)
{
	cJSON *all = cJSON_CreateArray();
	FILE *f = fopen(path, "r");
	if (!f)
		return all;
	char line[65536];
	while (fgets(line, sizeof line, f)) {
		cJSON *o = cJSON_Parse(line);
		if (o && cJSON_GetObjectItem(o, "kind")) /* findings, not the "counts" lines */
			cJSON_AddItemToArray(all, o);
		else
			cJSON_Delete(o);
	}
	fclose(f);
	return all;
}

void run_prog(prog_run *r, char *const argv[], bool preload, const char *options)
{
	memset(r, 0, sizeof *r);
	char dir[] = "/tmp/lockcheck-contracts-XXXXXX";
	cr_assert(mkdtemp(dir), "mkdtemp");
	char report[PATH_MAX], out[PATH_MAX], err[PATH_MAX];
	snprintf(report, sizeof report, "%s/report.jsonl", dir);
	snprintf(out, sizeof out, "%s/stdout", dir);
	snprintf(err, sizeof err, "%s/stderr", dir);
	pid_t pid = fork();
	cr_assert(pid >= 0, "fork");
	if (pid == 0) {
		int o = open(out, O_WRONLY | O_CREAT | O_TRUNC, 0644);
		int e = open(err, O_WRONLY | O_CREAT | O_TRUNC, 0644);
		if (o < 0 || e < 0)
			_exit(127);
		dup2(o, 1);
		dup2(e, 2);
		char lib[PATH_MAX], opts[PATH_MAX + 4096];
		if (preload) {
			snprintf(lib, sizeof lib, "%s/lib/liblockcheck.so", test_build_dir());
			setenv("LD_PRELOAD", lib, 1);
		} else {
			unsetenv("LD_PRELOAD");
		}
		snprintf(opts, sizeof opts, "report_path=%s%s%s", report, options ? ":" : "",
			 options ? options : "");
		setenv("LOCKCHECK_OPTIONS", opts, 1);
		/* ASan-built library before the ASan runtime: fine for us. */
		setenv("ASAN_OPTIONS", "verify_asan_link_order=0:detect_leaks=0", 1);
		execv(argv[0], argv);
		dprintf(2, "cannot exec %s\n", argv[0]);
		_exit(127);
	}
	int status;
	cr_assert(waitpid(pid, &status, 0) == pid);
	r->exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
	r->findings = read_report(report);
	read_start(out, r->out, sizeof r->out);
	read_start(err, r->err, sizeof r->err);
	unlink(report);
	unlink(out);
	unlink(err);
	rmdir(dir);
}

void prog_run_free(prog_run *r)
{
	cJSON_Delete(r->findings);
	r->findings = NULL;
}

static const char *str(const cJSON *o, const char *key)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
	return cJSON_IsString(v) ? v->valuestring : "";
}

int count_prefixed(const prog_run *r, const char *prefix)
{
	int n = 0;
	const cJSON *f;
	cJSON_ArrayForEach(f, r->findings)
		n += !strncmp(str(f, "kind"), prefix, strlen(prefix));
	return n;
}

const cJSON *find_finding(const prog_run *r, const char *kind, const char *method, const char *line)
{
	const cJSON *f;
	cJSON_ArrayForEach(f, r->findings)
		if (!strcmp(str(f, "kind"), kind) && (!method || !strcmp(str(f, "method"), method)) &&
		    (!line || !strcmp(str(f, "doc_line"), line)))
			return f;
	return NULL;
}

const char *run_summary(const prog_run *r)
{
	static char buf[4096];
	size_t used = (size_t)snprintf(buf, sizeof buf, "exit %d; findings:", r->exit_code);
	const cJSON *f;
	cJSON_ArrayForEach(f, r->findings)
		if (used < sizeof buf)
			used += (size_t)snprintf(buf + used, sizeof buf - used, " %s %s line %s;", str(f, "kind"),
						 str(f, "method"), str(f, "doc_line"));
	if (used < sizeof buf)
		snprintf(buf + used, sizeof buf - used, " stderr: %.600s", r->err);
	return buf;
}

bool compile_c(const char *out, const char *sources, const char *extra, char *log, size_t loglen)
{
	if (system("cc --version >/dev/null 2>&1") != 0)
		cr_skip_test("no C compiler (cc) to build the test program");
	char cmd[8192], logpath[PATH_MAX], srcs[4096] = "", copy[1024];
	snprintf(copy, sizeof copy, "%s", sources);
	for (char *save = NULL, *w = strtok_r(copy, " ", &save); w; w = strtok_r(NULL, " ", &save)) {
		size_t used = strlen(srcs);
		snprintf(srcs + used, sizeof srcs - used, " %s/%s", source_root(), w);
	}
	snprintf(logpath, sizeof logpath, "%s.log", out);
	snprintf(cmd, sizeof cmd, "cc -std=c11 -Wall -Wextra -Werror -I%s/include -o %s%s %s >%s 2>&1",
		 source_root(), out, srcs, extra, logpath);
	int rc = system(cmd);
	read_start(logpath, log, loglen);
	unlink(logpath);
	if (rc != 0 && strlen(log) + strlen(cmd) + 2 < loglen) {
		strcat(log, "\n");
		strcat(log, cmd);
	}
	return rc == 0;
}

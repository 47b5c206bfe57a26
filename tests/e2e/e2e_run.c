/* See e2e_run.h.  The program runs in a fresh scratch directory with
 * report_path set there; stdout and stderr go to files. */
#include <dirent.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <criterion/criterion.h>

#include "e2e_run.h"
#include "../common/test_files.h"
#include "../common/test_paths.h"

/* Generous: a loaded CI machine under ASan is slow.  Not a timing assertion:
 * only how long to wait before declaring the program hung. */
#define MAX_WAIT_MS 60000
#define POLL_MS 10

/* Every complete line of report.jsonl and report.jsonl.PID, parsed. */
static cJSON *read_reports(const char *dir)
{
	cJSON *all = cJSON_CreateArray();
	DIR *d = opendir(dir);
	if (!d)
		return all;
	struct dirent *e;
	while ((e = readdir(d))) {
		if (strncmp(e->d_name, "report.jsonl", 12) != 0)
			continue;
		char path[PATH_MAX];
		snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
		char *text = test_slurp(path);
		for (char *line = text, *nl; line && *line; line = nl ? nl + 1 : NULL) {
			nl = strchr(line, '\n');
			if (!nl)
				break; /* still being written */
			*nl = '\0';
			cJSON *obj = cJSON_Parse(line);
			if (obj && !cJSON_GetObjectItem(obj, "kind"))
				cJSON_Delete(obj); /* a "counts" line, not a finding */
			else if (obj)
				cJSON_AddItemToArray(all, obj);
			else
				cr_log_warn("unparsable report line in %s: %s", path, line);
		}
		free(text);
	}
	closedir(d);
	return all;
}

/* The program's environment: ours, with the library's variables replaced.
 * Built before fork so the child only opens, dups and execs. */
static char **child_env(const e2e_opts *o, const char *dir, size_t *ours_from)
{
	extern char **environ;
	static const char *const ours[] = { "LD_PRELOAD=", "LOCKCHECK_OPTIONS=", "ASAN_OPTIONS=" };
	size_t n = 0;
	while (environ[n])
		n++;
	char **env = calloc(n + 4, sizeof *env);
	size_t k = 0;
	for (size_t i = 0; i < n; i++) {
		bool replaced = false;
		for (size_t j = 0; j < sizeof ours / sizeof *ours; j++)
			replaced |= strncmp(environ[i], ours[j], strlen(ours[j])) == 0;
		if (!replaced)
			env[k++] = environ[i];
	}
	size_t n_kept = k;
	char *var;
	if (!o->no_preload) {
		var = malloc(PATH_MAX + 64);
		snprintf(var, PATH_MAX + 64, "LD_PRELOAD=%s/lib/liblockcheck.so", test_build_dir());
		env[k++] = var;
	}
	var = malloc(2048);
	snprintf(var, 2048, "LOCKCHECK_OPTIONS=report_path=%s/report.jsonl%s%s", dir,
		 o->options ? ":" : "", o->options ? o->options : "");
	env[k++] = var;
#if defined(__SANITIZE_ADDRESS__)
	/* The programs are ASan-built too; the preloaded (ASan-built) library
	 * comes before the ASan runtime, which is fine for us. */
	env[k++] = strdup("ASAN_OPTIONS=verify_asan_link_order=0:detect_leaks=0");
#endif
	env[k] = NULL;
	*ours_from = n_kept;
	return env;
}

/* The array and the variables child_env made (not the inherited ones). */
static void free_child_env(char **env, size_t ours_from)
{
	for (size_t i = ours_from; env[i]; i++)
		free(env[i]);
	free(env);
}

static void child(const char *prog, const e2e_opts *o, const char *out_path, const char *err_path,
		  char **env)
{
	int out = open(out_path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	int err = open(err_path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	if (out < 0 || err < 0)
		_exit(127);
	dup2(out, 1);
	dup2(err, 2);
	char *argv[] = { (char *)prog, (char *)o->arg, NULL };
	execve(prog, argv, env);
	_exit(127);
}

static bool has_kind(const char *dir, const char *kind)
{
	cJSON *all = read_reports(dir);
	bool found = false;
	cJSON *f;
	cJSON_ArrayForEach(f, all) {
		const cJSON *k = cJSON_GetObjectItemCaseSensitive(f, "kind");
		if (cJSON_IsString(k) && strcmp(k->valuestring, kind) == 0)
			found = true;
	}
	cJSON_Delete(all);
	return found;
}

void e2e_run_prog(e2e_run *r, const char *name, const e2e_opts *opts)
{
	static const e2e_opts none;
	const e2e_opts *o = opts ? opts : &none;
	memset(r, 0, sizeof *r);
	snprintf(r->dir, sizeof r->dir, "/tmp/lockcheck-e2e-XXXXXX");
	cr_assert(mkdtemp(r->dir), "mkdtemp failed");
	char prog[PATH_MAX];
	snprintf(prog, sizeof prog, "%s/%s/%s", test_build_dir(), o->example ? "examples" : "tests/progs", name);
	cr_assert(access(prog, X_OK) == 0, "test program %s is not built", prog);

	char out_path[PATH_MAX], err_path[PATH_MAX];
	snprintf(out_path, sizeof out_path, "%s/stdout", r->dir);
	snprintf(err_path, sizeof err_path, "%s/stderr", r->dir);
	size_t ours_from;
	char **env = child_env(o, r->dir, &ours_from);
	pid_t pid = fork();
	cr_assert(pid >= 0, "fork failed");
	if (pid == 0)
		child(prog, o, out_path, err_path, env);
	free_child_env(env, ours_from);

	int status = 0;
	for (int waited = 0;; waited += POLL_MS) {
		pid_t w = waitpid(pid, &status, WNOHANG);
		if (w == pid)
			break;
		bool stop = (o->stop_on && has_kind(r->dir, o->stop_on)) || waited >= (o->max_wait_ms ? o->max_wait_ms : MAX_WAIT_MS);
		if (stop) {
			kill(pid, SIGKILL);
			waitpid(pid, &status, 0);
			r->killed_by_us = true;
			break;
		}
		struct timespec pause = { 0, POLL_MS * 1000000L };
		nanosleep(&pause, NULL);
	}
	r->exited = WIFEXITED(status);
	r->exit_code = r->exited ? WEXITSTATUS(status) : -1;
	r->signal = WIFSIGNALED(status) ? WTERMSIG(status) : 0;
	r->findings = read_reports(r->dir);
	r->out = test_slurp(out_path);
	r->err = test_slurp(err_path);
	if (!r->out)
		r->out = strdup("");
	if (!r->err)
		r->err = strdup("");
}

void e2e_run_free(e2e_run *r)
{
	cJSON_Delete(r->findings);
	free(r->out);
	free(r->err);
	DIR *d = opendir(r->dir);
	if (d) {
		struct dirent *e;
		while ((e = readdir(d))) {
			if (e->d_name[0] == '.')
				continue;
			char path[PATH_MAX];
			snprintf(path, sizeof path, "%s/%s", r->dir, e->d_name);
			unlink(path);
		}
		closedir(d);
	}
	rmdir(r->dir);
}

static const char *kind_of(const cJSON *f)
{
	const cJSON *k = cJSON_GetObjectItemCaseSensitive(f, "kind");
	return cJSON_IsString(k) ? k->valuestring : "";
}

int e2e_count(const e2e_run *r, const char *kind)
{
	int n = 0;
	const cJSON *f;
	cJSON_ArrayForEach(f, r->findings)
		n += strcmp(kind_of(f), kind) == 0;
	return n;
}

const cJSON *e2e_find(const e2e_run *r, const char *kind)
{
	const cJSON *f;
	cJSON_ArrayForEach(f, r->findings)
		if (strcmp(kind_of(f), kind) == 0)
			return f;
	return NULL;
}

const char *e2e_kinds(const e2e_run *r)
{
	static char buf[1024];
	buf[0] = '\0';
	const cJSON *f;
	cJSON_ArrayForEach(f, r->findings) {
		strncat(buf, kind_of(f), sizeof buf - strlen(buf) - 2);
		strncat(buf, " ", sizeof buf - strlen(buf) - 1);
	}
	return buf[0] ? buf : "(none)";
}

int e2e_nlocks(const cJSON *finding)
{
	const cJSON *locks = cJSON_GetObjectItemCaseSensitive(finding, "locks");
	return cJSON_IsArray(locks) ? cJSON_GetArraySize(locks) : 0;
}

const char *e2e_lock_field(const cJSON *finding, int i, const char *member)
{
	const cJSON *locks = cJSON_GetObjectItemCaseSensitive(finding, "locks");
	const cJSON *lock = cJSON_GetArrayItem(locks, i);
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(lock, member);
	return cJSON_IsString(v) ? v->valuestring : NULL;
}

bool e2e_has_lock(const cJSON *finding, const char *addr)
{
	if (!addr)
		return false;
	for (int i = 0; i < e2e_nlocks(finding); i++) {
		const char *a = e2e_lock_field(finding, i, "addr");
		if (a && strtoull(a, NULL, 16) == strtoull(addr, NULL, 16))
			return true;
	}
	return false;
}

const char *e2e_printed_lock(const e2e_run *r, const char *name)
{
	static char addrs[4][64]; /* a few may be in use in one assertion */
	static unsigned next;
	char *addr = addrs[next++ % 4];
	char key[128];
	snprintf(key, sizeof key, "lock %s ", name);
	const char *p = r->out;
	while ((p = strstr(p, key))) {
		if (p == r->out || p[-1] == '\n') {
			sscanf(p + strlen(key), "%63s", addr);
			return addr;
		}
		p++;
	}
	return NULL;
}

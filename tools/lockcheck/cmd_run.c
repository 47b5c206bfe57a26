/* `lockcheck run [--report FILE] [--options 'k=v:...'] [--quiet] -- PROG ARGS`
 *
 * Runs PROG with liblockcheck.so preloaded and the report going to FILE (or
 * a fresh $TMPDIR/lockcheck-XXXXXX.jsonl, kept), waits, prints a summary of
 * FILE and every FILE.PID the program's processes wrote, and exits 1 when
 * anything was found, else with the program's own status (128+N when it was
 * killed by signal N).  2: a spec or suppressions file named in the options
 * could not be used.  3: findings were made that the library could not
 * write to the report (a full disk): the report is incomplete.  124: the library could not be put into PROG (a
 * static binary, a preload the loader refused): nothing was checked.
 * 125: PROG could not be started, or the library was not found.
 * A sanitizer runtime PROG needs first in LD_PRELOAD is put there. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <limits.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cli.h"
#include "install_dirs.h"
#include "prog_inspect.h"

enum { OPT_REPORT = 'r', OPT_OPTIONS = 256, OPT_QUIET = 'q', OPT_NO_SYMBOLIZE = 257 };

static const tool_cmd run_cmd = {
	.prog = "lockcheck run",
	.usage = "[--report FILE] [--options 'k=v:...'] [--quiet] [--] PROG [ARGS...]",
	.summary = "Runs PROG with liblockcheck preloaded, then summarizes what it found.",
	.opts = (const tool_opt[]){
		{"report", OPT_REPORT, "FILE", "write the JSON Lines report to FILE (default: a kept temp file)"},
		{"options", OPT_OPTIONS, "OPTS", "LOCKCHECK_OPTIONS for the program, 'key=value:...'"},
		{"quiet", OPT_QUIET, NULL, "no report text from the program itself, only the summary"},
		{"no-symbolize", OPT_NO_SYMBOLIZE, NULL, "do not read debug info (function+offset instead of file:line)"},
		{0},
	},
	.about = "exit status: 1 when anything was found, else the program's own (128+N when\n"
		 "killed by signal N); 2 when a spec or suppressions file given in the options\n"
		 "could not be used; 3 when findings could not be written to the report (a\n"
		 "full disk: the report is incomplete); 124 when the library could not be put\n"
		 "into the program (a static binary, a preload the loader refused): nothing was\n"
		 "checked; 125\n"
		 "when the program could not be started, or without the library\n"
		 "(LOCKCHECK_LIBRARY names it).\n",
	.in_order = 1,
};

static pid_t child;

/* Terminal signals reach the whole foreground group, the program included;
 * we stay to summarize.  Others sent to us alone are passed on. */
static void forward(int sig)
{
	if (child > 0)
		kill(child, sig);
}

/* $LOCKCHECK_LIBRARY; else the installed library, from our own place
 * (BINDIR/../lib/MULTIARCH, ../lib64 or ../lib, as `make install` lays it
 * out, so a DESTDIR install or a moved prefix works); else the build tree's
 * build/bin/../lib. */
static bool find_library(char *out, size_t cap)
{
	const char *env = getenv("LOCKCHECK_LIBRARY");
	if (env && *env) {
		snprintf(out, cap, "%s", env);
		return access(out, R_OK) == 0;
	}
	char self[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);
	if (n <= 0)
		return false;
	self[n] = 0;
	const char *dir = dirname(self);
	static const char *const libdirs[] = {"../lib/" LC_MULTIARCH, "../lib64", "../lib"};
	for (size_t i = 0; i < sizeof libdirs / sizeof libdirs[0]; i++) {
		snprintf(out, cap, "%s/%s/%s", dir, libdirs[i], LC_SONAME);
		if (access(out, R_OK) == 0)
			return true;
	}
	snprintf(out, cap, "%s/../lib/liblockcheck.so", dir);
	return access(out, R_OK) == 0;
}

/* A report_path=... inside an options string, or NULL. */
static char *report_path_in(const char *options)
{
	const char *p = options;
	while (p && *p) {
		if (!strncmp(p, "report_path=", 12)) {
			const char *v = p + 12;
			return strndup(v, strcspn(v, ":"));
		}
		p = strchr(p, ':');
		if (p)
			p++;
	}
	return NULL;
}

static bool is_pid_file(const char *name, const char *base)
{
	size_t n = strlen(base);
	if (strncmp(name, base, n) || name[n] != '.' || !name[n + 1])
		return false;
	for (const char *p = name + n + 1; *p; p++)
		if (*p < '0' || *p > '9')
			return false;
	return true;
}

/* Calls fn on FILE.PID files next to path. */
static void each_pid_file(const char *path, void (*fn)(const char *, void *), void *arg)
{
	char *dcopy = strdup(path), *bcopy = strdup(path);
	const char *dir = dirname(dcopy), *base = basename(bcopy);
	DIR *d = opendir(dir);
	struct dirent *e;
	while (d && (e = readdir(d))) {
		if (!is_pid_file(e->d_name, base))
			continue;
		char full[PATH_MAX];
		snprintf(full, sizeof full, "%s/%s", dir, e->d_name);
		fn(full, arg);
	}
	if (d)
		closedir(d);
	free(dcopy);
	free(bcopy);
}

static void remove_file(const char *path, void *arg)
{
	(void)arg;
	unlink(path);
}

struct collect {
	cli_findings *set;
	unsigned files;
};

static void collect_file(const char *path, void *arg)
{
	struct collect *c = arg;
	if (findings_read_file(c->set, path, NULL, false))
		c->files++;
}

static char *make_temp_report(void)
{
	const char *tmp = getenv("TMPDIR");
	char *path;
	if (asprintf(&path, "%s/lockcheck-XXXXXX.jsonl", tmp && *tmp ? tmp : "/tmp") < 0)
		return NULL;
	int fd = mkstemps(path, 6);
	if (fd < 0) {
		free(path);
		return NULL;
	}
	close(fd);
	return path;
}

/* A runtime PROG needs first (ASan's) goes in front of everything, unless
 * the user's LD_PRELOAD already has it. */
static void put_runtime_first(const char *runtime)
{
	const char *preload = getenv("LD_PRELOAD");
	if (!runtime[0] || (preload && strstr(preload, runtime)))
		return;
	char *value;
	if (asprintf(&value, "%s%s%s", runtime, preload && *preload ? ":" : "", preload ? preload : "") < 0)
		exit(CLI_CANNOT_RUN);
	setenv("LD_PRELOAD", value, 1);
	free(value);
}

/* A name the library creates when it is loaded (intercept/run_marker.c):
 * how we know the preload took.  NULL if none could be made (then we
 * cannot tell, and say nothing). */
static char *make_marker(void)
{
	const char *tmp = getenv("TMPDIR");
	char *path;
	if (asprintf(&path, "%s/lockcheck-loaded-XXXXXX", tmp && *tmp ? tmp : "/tmp") < 0)
		return NULL;
	int fd = mkstemp(path);
	if (fd < 0) {
		free(path);
		return NULL;
	}
	close(fd);
	unlink(path);
	setenv("LOCKCHECK_RUN_MARKER", path, 1);
	return path;
}

/* Lines the library appended to the marker (lc_run_note) that start with
 * what: things the report itself cannot say (findings it could not write). */
static unsigned count_notes(const char *marker, const char *what)
{
	FILE *in = marker ? fopen(marker, "r") : NULL;
	if (!in)
		return 0;
	char line[256];
	unsigned n = 0;
	size_t len = strlen(what);
	while (fgets(line, sizeof line, in))
		n += !strncmp(line, what, len) && (line[len] == '\n' || line[len] == ' ' || !line[len]);
	fclose(in);
	return n;
}

static void set_environment(const char *lib, const char *user_options, const char *report, bool quiet)
{
	const char *preload = getenv("LD_PRELOAD");
	char *value;
	/* Appended: a preload the user already has (a sanitizer runtime that
	 * must come first, say) keeps its place. */
	if (preload && strstr(preload, lib)) {
		value = strdup(preload); /* already there (a nested `lockcheck run`) */
	} else if (preload && *preload) {
		if (asprintf(&value, "%s:%s", preload, lib) < 0)
			exit(CLI_CANNOT_RUN);
	} else {
		value = strdup(lib);
	}
	setenv("LD_PRELOAD", value, 1);
	free(value);
	const char *env_options = getenv("LOCKCHECK_OPTIONS");
	/* Later keys win: the environment, then --options, then ours. */
	if (asprintf(&value, "%s%s%s%sreport_path=%s%s", env_options ? env_options : "",
		     env_options && *env_options ? ":" : "", user_options ? user_options : "",
		     user_options && *user_options ? ":" : "", report, quiet ? ":log_path=/dev/null" : "") < 0)
		exit(CLI_CANNOT_RUN);
	setenv("LOCKCHECK_OPTIONS", value, 1);
	free(value);
}

/* Runs PROG; *started says whether exec succeeded (a close-on-exec pipe
 * stays silent then). */
static int run_program(char **argv, bool *started)
{
	int pipefd[2];
	if (pipe2(pipefd, O_CLOEXEC) != 0) {
		fprintf(stderr, "lockcheck run: pipe: %s\n", strerror(errno));
		return -1;
	}
	struct sigaction ign = {.sa_handler = SIG_IGN}, fwd = {.sa_handler = forward}, old_int, old_quit;
	sigaction(SIGINT, &ign, &old_int);
	sigaction(SIGQUIT, &ign, &old_quit);
	sigaction(SIGTERM, &fwd, NULL);
	sigaction(SIGHUP, &fwd, NULL);
	child = fork();
	if (child < 0) {
		fprintf(stderr, "lockcheck run: fork: %s\n", strerror(errno));
		close(pipefd[0]);
		close(pipefd[1]);
		return -1;
	}
	if (child == 0) {
		sigaction(SIGINT, &old_int, NULL);
		sigaction(SIGQUIT, &old_quit, NULL);
		signal(SIGTERM, SIG_DFL);
		signal(SIGHUP, SIG_DFL);
		close(pipefd[0]);
		execvp(argv[0], argv);
		int err = errno;
		fprintf(stderr, "lockcheck run: cannot run %s: %s\n", argv[0], strerror(err));
		if (write(pipefd[1], &err, sizeof err) < 0)
			_exit(126);
		_exit(err == ENOENT ? 127 : 126);
	}
	close(pipefd[1]);
	int exec_errno;
	ssize_t got;
	while ((got = read(pipefd[0], &exec_errno, sizeof exec_errno)) < 0 && errno == EINTR)
		;
	close(pipefd[0]);
	*started = got == 0;
	int status;
	while (waitpid(child, &status, 0) < 0)
		if (errno != EINTR)
			return -1;
	if (WIFSIGNALED(status))
		return 128 + WTERMSIG(status);
	return WEXITSTATUS(status);
}

int cmd_run(int argc, char **argv)
{
	const char *report = NULL, *options = NULL, *value;
	bool quiet = false;
	int key, i = argc;
	while ((key = tool_next(&run_cmd, argc, argv, &value, &i)) >= 0) {
		if (key == OPT_REPORT)
			report = value;
		else if (key == OPT_OPTIONS)
			options = value;
		else if (key == OPT_QUIET)
			quiet = true;
		else if (key == OPT_NO_SYMBOLIZE)
			frames_symbolize_disable();
	}
	if (key == TOOL_EXIT_OK)
		return CLI_CLEAN;
	if (key == TOOL_BAD)
		return CLI_CANNOT_RUN;
	if (i >= argc) {
		tool_usage_error(&run_cmd, "no program given");
		return CLI_CANNOT_RUN;
	}
	char lib[PATH_MAX];
	if (!find_library(lib, sizeof lib)) {
		fprintf(stderr, "lockcheck run: cannot find the library at %s (set LOCKCHECK_LIBRARY)\n", lib);
		return CLI_CANNOT_RUN;
	}
	prog_info prog;
	if (prog_inspect(argv[i], &prog) && prog.kind == PROG_STATIC) {
		fprintf(stderr,
			"lockcheck run: %s is statically linked: the library cannot be preloaded into it, so "
			"nothing would be checked (not run).  Link it dynamically; a program linked with "
			"liblockcheck.a is run directly, with LOCKCHECK_OPTIONS.\n",
			prog.path);
		return CLI_NOT_CHECKED;
	}
	char *path = options ? report_path_in(options) : NULL;
	if (!path && report)
		path = strdup(report);
	if (path && path[0] != '/') {
		/* The program may change directory before its first finding. */
		char cwd[PATH_MAX], *abs;
		if (getcwd(cwd, sizeof cwd) && asprintf(&abs, "%s/%s", cwd, path) >= 0) {
			free(path);
			path = abs;
		}
	}
	if (path) {
		/* Stale lines from an earlier run would be taken for this one's. */
		int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
		if (fd < 0) {
			fprintf(stderr, "lockcheck run: cannot write %s: %s\n", path, strerror(errno));
			free(path);
			return CLI_CANNOT_RUN;
		}
		close(fd);
		each_pid_file(path, remove_file, NULL);
	} else if (!(path = make_temp_report())) {
		fprintf(stderr, "lockcheck run: cannot create a report file: %s\n", strerror(errno));
		return CLI_CANNOT_RUN;
	}
	set_environment(lib, options, path, quiet);
	put_runtime_first(prog.first_runtime);
	char *marker = make_marker();
	bool started = false;
	int status = run_program(argv + i, &started);
	bool loaded = !marker || access(marker, F_OK) == 0;
	unsigned lost = count_notes(marker, "report-lost");
	unsigned bad_config = count_notes(marker, "config-error");
	if (marker) {
		unlink(marker);
		free(marker);
	}
	if (status < 0) {
		free(path);
		return CLI_CANNOT_RUN;
	}
	cli_findings set;
	findings_init(&set);
	struct collect c = {.set = &set};
	collect_file(path, &c);
	each_pid_file(path, collect_file, &c);
	fflush(stdout);
	int result = set.n ? CLI_FINDINGS : status;
	if (started && !loaded && !set.n) {
		/* "no findings" would be a lie: nothing was looked at. */
		fprintf(stderr,
			"lockcheck run: the library was not loaded into %s (the loader refused the preload: "
			"its message, if any, is above), so nothing was checked\n",
			argv[i]);
		result = CLI_NOT_CHECKED;
	} else {
		write_text(stderr, &set);
		frames_say_problems(stderr);
		fprintf(stderr, "lockcheck: report: %s%s\n", path, c.files > 1 ? " (and its .PID files)" : "");
	}
	if (lost) {
		/* The report is short by that many: neither "clean" nor "these findings". */
		fprintf(stderr,
			"lockcheck run: %u finding%s could not be written to the report (the program's "
			"messages above say why): the report is incomplete\n",
			lost, lost == 1 ? "" : "s");
		result = CLI_REPORT_LOST;
	}
	if (bad_config) {
		/* A spec or suppressions file that could not be used: the checks
		 * asked for did not run, whatever was found. */
		fprintf(stderr,
			"lockcheck run: the library could not use a file named in its options (the "
			"program's messages above say which): the checks did not run as asked\n");
		result = CLI_BAD_INPUT;
	}
	frames_symbolizer_free();
	findings_free(&set);
	free(path);
	return result;
}

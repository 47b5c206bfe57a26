/* Runs lib/locking-selftest.c (built in userspace on lockcheck/kernel.h by
 * run.sh): each dotest() case in a child process of its own, which ends at
 * the first finding lockcheck reports, as lockdep's debug_locks turning
 * off, and starts from the file's reset_locks(), as lockdep's own does.  Each outcome is compared with the one the file expects; cases
 * listed in the exceptions file (argument 1) may differ, any other
 * difference fails the run. */
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include "lc_finding.h"

void locking_selftest(void);
void lc_selftest_dotest(void (*fn)(void), int expected, int mask);
void lc_selftest_reset(void); /* the file's reset_locks() */

int debug_locks = 1;
int debug_locks_silent;

static char testname[128];
static unsigned column;
static const char *const lock_columns[] = {"spin", "wlock", "rlock", "mutex", "wsem", "rsem", "rtmutex"};
/* The wait-context table (CONFIG_PROVE_RAW_LOCK_NESTING) has its own columns: the inner lock. */
static const char *const wait_columns[] = {"rcu", "raw_spinlock", "spinlock", "mutex"};
static const char *const *columns = lock_columns;
static unsigned ncolumns = sizeof lock_columns / sizeof *lock_columns;

static char *exceptions; /* the file's text: one case name at the start of a line */
static unsigned total, matched, excused, unexpected, now_pass, hangs;
static char *child_kind; /* shared with the child: the kind it reported */

void lc_selftest_printk(const char *fmt, ...)
{
	char buf[512];
	va_list ap;
	va_start(ap, fmt);
	if (strcmp(fmt, "%33s:") == 0) {
		const char *name = va_arg(ap, const char *);
		snprintf(testname, sizeof testname, "%s", name);
		column = 0;
		va_end(ap);
		return;
	}
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	if (strstr(buf, "| rcu ") && strstr(buf, "| raw ")) {
		columns = wait_columns;
		ncolumns = sizeof wait_columns / sizeof *wait_columns;
	} else if (strstr(buf, "| local_lock tests")) {
		columns = lock_columns;
		ncolumns = sizeof lock_columns / sizeof *lock_columns;
	}
	/* "      |" skips a column the file has no case for. */
	if (buf[0] == ' ' && strspn(buf, " |") == strlen(buf) && strchr(buf, '|'))
		column += (unsigned)(strlen(buf) + 1) / 7;
}

static void on_finding(const lc_finding *f, void *arg)
{
	(void)arg;
	snprintf(child_kind, 64, "%s", lc_kind_name(f->kind));
	_exit(1);
}

static int listed(const char *name)
{
	size_t n = strlen(name);
	for (const char *p = exceptions; p && (p = strstr(p, name)); p += n)
		if ((p == exceptions || p[-1] == '\n') && (p[n] == ' ' || p[n] == '\t' || p[n] == '\n'))
			return 1;
	return 0;
}

void lc_selftest_dotest(void (*fn)(void), int expected, int mask)
{
	(void)mask;
	char name[192];
	if (column < ncolumns)
		snprintf(name, sizeof name, "%s/%s", testname, columns[column]);
	else
		snprintf(name, sizeof name, "%s/%u", testname, column);
	for (char *p = name; *p; p++)
		if (*p == ' ')
			*p = '_';
	column++;
	child_kind[0] = '\0';
	fflush(stdout);
	pid_t pid = fork();
	if (pid == 0) {
		lc_report_set_hook(on_finding, NULL);
		alarm(1);
		lc_selftest_reset(); /* the state lockdep's dotest() leaves for the next case */
		fn();
		_exit(0);
	}
	int status = 0;
	waitpid(pid, &status, 0);
	int hung = WIFSIGNALED(status) && WTERMSIG(status) == SIGALRM;
	int got = WIFEXITED(status) && WEXITSTATUS(status) == 1 ? 0 : 1; /* 0 FAILURE, 1 SUCCESS */
	hangs += hung;
	total++;
	int ok = got == expected;
	int excuse = listed(name);
	matched += ok;
	if (!ok && excuse)
		excused++;
	if (!ok && !excuse)
		unexpected++;
	if (ok && excuse)
		now_pass++;
	printf("%-60s expect %-7s got %-7s %s%s%s\n", name, expected ? "SUCCESS" : "FAILURE",
	       got ? "SUCCESS" : "FAILURE", child_kind, hung ? " (hung)" : "",
	       ok ? (excuse ? "  [listed, now matches]" : "") : (excuse ? "  [listed]" : "  [UNEXPECTED]"));
}

static char *slurp(const char *path)
{
	FILE *f = fopen(path, "r");
	if (!f)
		return NULL;
	static char buf[1 << 16];
	size_t n = fread(buf, 1, sizeof buf - 1, f);
	buf[n] = '\0';
	fclose(f);
	return buf;
}

int main(int argc, char **argv)
{
	if (argc > 1 && !(exceptions = slurp(argv[1]))) {
		fprintf(stderr, "selftest: cannot read exceptions file %s\n", argv[1]);
		return 2;
	}
	child_kind = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (child_kind == MAP_FAILED)
		return 2;
	locking_selftest();
	printf("selftest: %u cases, %u give lockdep's answer, %u listed exceptions, %u unexpected, %u listed but now matching, %u hung\n",
	       total, matched, excused, unexpected, now_pass, hangs);
	return unexpected ? 1 : 0;
}

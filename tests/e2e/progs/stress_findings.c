/* Many distinct findings, from two threads at once, for as long as it
 * lives: 256 call sites each unlock a mutex nobody holds.  Used to kill a
 * process while it reports.  ARG: rounds (default: until killed). */
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>

static pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;

#define SITE(n) static __attribute__((noinline)) void site##n(void) { pthread_mutex_unlock(&m); __asm__ volatile("" ::: "memory"); }
#define SITE4(n) SITE(n##0) SITE(n##1) SITE(n##2) SITE(n##3)
#define SITE16(n) SITE4(n##0) SITE4(n##1) SITE4(n##2) SITE4(n##3)
#define SITE64(n) SITE16(n##0) SITE16(n##1) SITE16(n##2) SITE16(n##3)
SITE64(0) SITE64(1) SITE64(2) SITE64(3)
#define REF(n) site##n,
#define REF4(n) REF(n##0) REF(n##1) REF(n##2) REF(n##3)
#define REF16(n) REF4(n##0) REF4(n##1) REF4(n##2) REF4(n##3)
#define REF64(n) REF16(n##0) REF16(n##1) REF16(n##2) REF16(n##3)
static void (*const sites[])(void) = { REF64(0) REF64(1) REF64(2) REF64(3) };
enum { NSITES = sizeof sites / sizeof *sites };

static long rounds;

static void *reporter(void *arg)
{
	long start = (long)(intptr_t)arg;
	for (long r = 0; rounds == 0 || r < rounds; r++)
		for (long i = 0; i < NSITES; i++)
			sites[(start + i) % NSITES]();
	return NULL;
}

int main(int argc, char **argv)
{
	rounds = argc > 1 ? atol(argv[1]) : 0;
	pthread_t t;
	pthread_create(&t, NULL, reporter, (void *)(intptr_t)(NSITES / 2));
	reporter(0);
	pthread_join(t, NULL);
	return 0;
}

/* Memory holding a locked mutex goes back to the system while the mutex is
 * held (lockdep's debug_check_no_locks_freed):
 *   free:    the mutex lives in the middle of a malloc'd struct;
 *   realloc: the block moves (grown past what fits in place);
 *   munmap:  the mutex lives in an anonymous mapping. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

struct holder {
	char before[200];
	pthread_mutex_t m;
	char after[200];
};

static pthread_mutex_t *locked_new(void *mem)
{
	pthread_mutex_t *m = mem;
	pthread_mutex_init(m, NULL);
	pthread_mutex_lock(m);
	printf("lock m %p\n", (void *)m);
	fflush(stdout);
	return m;
}

int main(int argc, char **argv)
{
	const char *how = argc > 1 ? argv[1] : "free";
	if (strcmp(how, "munmap") == 0) {
		char *page = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		if (page == MAP_FAILED)
			return 2;
		locked_new(page + 128);
		munmap(page, 4096);
	} else if (strcmp(how, "realloc") == 0) {
		char *block = malloc(64);
		locked_new(block + 8);
		char *moved = realloc(block, 8 << 20); /* too big to grow in place */
		free(moved);
	} else {
		struct holder *h = malloc(sizeof *h);
		locked_new(&h->m);
		free(h);
	}
	return 0;
}

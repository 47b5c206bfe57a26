/* A program with its own malloc, guarded by a pthread mutex: the library's
 * start-up (dlsym allocates) then calls pthread_mutex_lock before the
 * wrappers have found the real one.  It must neither crash nor recurse. */
#include <pthread.h>
#include <stddef.h>
#include <string.h>

static pthread_mutex_t heap_lock = PTHREAD_MUTEX_INITIALIZER;
static _Alignas(16) char heap[8 << 20];
static size_t used;

void *malloc(size_t n)
{
	pthread_mutex_lock(&heap_lock);
	size_t at = (used + 15) & ~(size_t)15;
	void *p = NULL;
	if (at + n + 16 <= sizeof heap) {
		*(size_t *)(heap + at) = n;
		p = heap + at + 16;
		used = at + n + 16;
	}
	pthread_mutex_unlock(&heap_lock);
	return p;
}

void free(void *p)
{
	(void)p; /* a bump allocator never frees */
}

/* Called through a volatile pointer so the compiler cannot turn
 * malloc + memset back into a call to calloc (itself). */
static void *(*volatile raw_malloc)(size_t) = malloc;

void *calloc(size_t k, size_t n)
{
	void *p = raw_malloc(k * n);
	if (p)
		memset(p, 0, k * n);
	return p;
}

void *realloc(void *old, size_t n)
{
	void *p = malloc(n);
	if (p && old) {
		size_t had = *(size_t *)((char *)old - 16);
		memcpy(p, old, had < n ? had : n);
	}
	return p;
}

static void *worker(void *arg)
{
	for (int i = 0; i < 100; i++)
		free(malloc(64));
	return arg;
}

int main(void)
{
	pthread_t t[2];
	for (int i = 0; i < 2; i++)
		pthread_create(&t[i], NULL, worker, NULL);
	for (int i = 0; i < 2; i++)
		pthread_join(t[i], NULL);
	return 0;
}

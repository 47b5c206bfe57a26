/* The shape of Helgrind's tc04_free_lock: a locked mutex inside a freed
 * struct, then two functions whose stack mutexes share one address,
 * locked and abandoned: first statically initialised, then with
 * pthread_mutex_init, then statically again.  Expected: the freed held
 * lock is reported, no self-deadlock (each stack mutex is a new lock),
 * and at exit one lock is still held (the last abandoned one). */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

typedef struct {
	int stuff[2000];
	pthread_mutex_t lock;
	int morestuff[2000];
} XX;

static __attribute__((noinline)) void bar(void)
{
	pthread_mutex_t mx = PTHREAD_MUTEX_INITIALIZER;
	pthread_mutex_lock(&mx);
	printf("lock bar %p\n", (void *)&mx);
}

static __attribute__((noinline)) void foo(void)
{
	pthread_mutex_t mx;
	pthread_mutex_init(&mx, NULL);
	pthread_mutex_lock(&mx);
	printf("lock foo %p\n", (void *)&mx);
}

int main(void)
{
	XX *xx = malloc(sizeof *xx);
	pthread_mutex_init(&xx->lock, NULL);
	pthread_mutex_lock(&xx->lock);
	printf("lock xx %p\n", (void *)&xx->lock);
	fflush(stdout);
	free(xx);
	bar();
	foo();
	bar();
	fflush(stdout);
	return 0;
}

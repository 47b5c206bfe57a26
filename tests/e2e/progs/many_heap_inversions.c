/* The same lock-order bug on 20 heap objects, from the same two code
 * sites: one finding, 20 occurrences on 20 lock instances. */
#include <pthread.h>
#include <stdlib.h>

enum { OBJECTS = 20 };

struct account {
	pthread_mutex_t balance, history;
};

static __attribute__((noinline)) void deposit(struct account *a)
{
	pthread_mutex_lock(&a->balance);
	pthread_mutex_lock(&a->history);
	pthread_mutex_unlock(&a->history);
	pthread_mutex_unlock(&a->balance);
}

static __attribute__((noinline)) void audit(struct account *a)
{
	pthread_mutex_lock(&a->history);
	pthread_mutex_lock(&a->balance);
	pthread_mutex_unlock(&a->balance);
	pthread_mutex_unlock(&a->history);
}

int main(void)
{
	struct account *accounts = calloc(OBJECTS, sizeof *accounts);
	for (int i = 0; i < OBJECTS; i++) {
		pthread_mutex_init(&accounts[i].balance, NULL);
		pthread_mutex_init(&accounts[i].history, NULL);
		deposit(&accounts[i]);
		audit(&accounts[i]);
	}
	/* Freed before exit: the graph dumped at exit still shows the orders
	 * these locks had (their edges are kept for the dump when they go). */
	free(accounts);
	return 0;
}

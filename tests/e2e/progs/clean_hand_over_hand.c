/* Hand-over-hand (lock coupling) down a list, from several threads, always
 * head to tail: take the next node's lock before dropping the current one. */
#include <pthread.h>
#include <stddef.h>

#define NODES 8
#define THREADS 4

struct node {
	pthread_mutex_t lock;
	struct node *next;
	int visits;
};

static struct node list[NODES];

static void *walk(void *arg)
{
	for (int round = 0; round < 50; round++) {
		struct node *n = &list[0];
		pthread_mutex_lock(&n->lock);
		while (n->next) {
			struct node *next = n->next;
			pthread_mutex_lock(&next->lock);
			n->visits++;
			pthread_mutex_unlock(&n->lock);
			n = next;
		}
		n->visits++;
		pthread_mutex_unlock(&n->lock);
	}
	return arg;
}

int main(void)
{
	pthread_t t[THREADS];
	for (int i = 0; i < NODES; i++) {
		pthread_mutex_init(&list[i].lock, NULL);
		list[i].next = i + 1 < NODES ? &list[i + 1] : NULL;
	}
	for (int i = 0; i < THREADS; i++)
		pthread_create(&t[i], NULL, walk, NULL);
	for (int i = 0; i < THREADS; i++)
		pthread_join(t[i], NULL);
	return list[NODES - 1].visits == THREADS * 50 ? 0 : 1;
}

/* Semaphores are signals, not locks: waited for by one thread, posted by
 * another, never "held".  Waiting may sleep, trying does not.
 *   signal:     a consumer waits, a producer posts: fine.
 *   trywait:    sem_trywait under a spinlock: fine, it cannot sleep.
 *   under-spin: sem_wait under a spinlock (a count is there, but it may sleep). */
#include <pthread.h>
#include <semaphore.h>
#include <stdio.h>
#include <string.h>

static sem_t items;

static void *consumer(void *arg)
{
	for (int i = 0; i < 100; i++)
		sem_wait(&items);
	return arg;
}

int main(int argc, char **argv)
{
	const char *how = argc > 1 ? argv[1] : "signal";
	pthread_spinlock_t s;
	pthread_spin_init(&s, PTHREAD_PROCESS_PRIVATE);
	printf("lock s %p\n", (void *)&s);
	fflush(stdout);
	if (strcmp(how, "signal") == 0) {
		pthread_t t;
		sem_init(&items, 0, 0);
		pthread_create(&t, NULL, consumer, NULL);
		for (int i = 0; i < 100; i++)
			sem_post(&items);
		pthread_join(t, NULL);
		return 0;
	}
	sem_init(&items, 0, 1);
	pthread_spin_lock(&s);
	if (strcmp(how, "trywait") == 0)
		sem_trywait(&items);
	else
		sem_wait(&items);
	pthread_spin_unlock(&s);
	return 0;
}

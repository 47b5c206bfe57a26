/* Spinlocks used correctly: short sections without sleeping, and sleeping
 * only after unlocking. */
#include <pthread.h>
#include <unistd.h>

static pthread_spinlock_t s;
static long counter;

static void *worker(void *arg)
{
	for (int i = 0; i < 1000; i++) {
		pthread_spin_lock(&s);
		counter++;
		pthread_spin_unlock(&s);
	}
	usleep(10);
	return arg;
}

int main(void)
{
	pthread_t t[4];
	pthread_spin_init(&s, PTHREAD_PROCESS_PRIVATE);
	for (int i = 0; i < 4; i++)
		pthread_create(&t[i], NULL, worker, NULL);
	for (int i = 0; i < 4; i++)
		pthread_join(t[i], NULL);
	pthread_spin_destroy(&s);
	return counter == 4000 ? 0 : 1;
}

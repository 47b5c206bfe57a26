/* Holds N locks at once (N from the command line, default 8), nested in
 * one order: fine, unless N passes the max_held option. */
#include <pthread.h>
#include <stdlib.h>

#define MAX_LOCKS 256

static pthread_mutex_t locks[MAX_LOCKS];

int main(int argc, char **argv)
{
	int n = argc > 1 ? atoi(argv[1]) : 8;
	if (n < 1 || n > MAX_LOCKS)
		return 2;
	for (int i = 0; i < n; i++)
		pthread_mutex_init(&locks[i], NULL);
	for (int i = 0; i < n; i++)
		pthread_mutex_lock(&locks[i]);
	for (int i = n - 1; i >= 0; i--)
		pthread_mutex_unlock(&locks[i]);
	return 0;
}

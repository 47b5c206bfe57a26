/* Every annotation entry point called with bad arguments, twice each: a
 * NULL lock, a kind, mode, flag or context that does not exist, callbacks
 * without names.  The library must report each misuse once and carry on;
 * the program must not crash.  With "good", only correct calls. */
#include <lockcheck/lockcheck.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>

static pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;

static void bad_calls(void)
{
	struct lockcheck_object no_role = {NULL, &m};
	lockcheck_lock_init(NULL, "nothing", LOCKCHECK_MUTEX, NULL, NULL);
	lockcheck_lock_init(&m, "bogus_kind", 1234, NULL, NULL);
	lockcheck_lock_init_flags(NULL, "nothing", LOCKCHECK_MUTEX, 0, NULL, NULL);
	lockcheck_lock_init_flags(&m, "bogus_kind", -1, 0, NULL, NULL);
	lockcheck_lock_init_flags(&m, "bogus_flags", LOCKCHECK_MUTEX, 0x100, NULL, NULL);
	lockcheck_irqs(77);
	lockcheck_lock_destroy(NULL);
	lockcheck_acquire(NULL, LOCKCHECK_WRITE, 0, 0);
	lockcheck_acquire(&m, 7, 0, 0);
	lockcheck_acquire(&m, LOCKCHECK_WRITE, 0x40, 0);
	lockcheck_acquired(NULL, LOCKCHECK_WRITE, 0, 0, 1);
	lockcheck_release(NULL);
	lockcheck_context_enter(99);
	lockcheck_context_exit(-5);
	lockcheck_callback_enter(NULL, "setattr", NULL, 0);
	lockcheck_callback_enter("inode_operations", "setattr", NULL, 2);
	lockcheck_callback_enter("inode_operations", "setattr", &no_role, 1);
	lockcheck_callback_exit("inode_operations", NULL);
	lockcheck_assert_held(NULL, -1);
	lockcheck_assert_held(&m, 42);
	lockcheck_assert_not_held(NULL);
}

int main(int argc, char **argv)
{
	if (argc > 1 && strcmp(argv[1], "good") == 0) {
		lockcheck_lock_init(&m, "good_lock", LOCKCHECK_MUTEX, NULL, NULL);
		pthread_mutex_lock(&m);
		lockcheck_assert_held(&m, -1);
		lockcheck_assert_held(&m, LOCKCHECK_WRITE);
		pthread_mutex_unlock(&m);
		lockcheck_assert_not_held(&m);
		lockcheck_context_enter(LOCKCHECK_CTX_RCU_READ);
		lockcheck_context_exit(LOCKCHECK_CTX_RCU_READ);
		lockcheck_lock_destroy(&m);
	} else {
		bad_calls();
		bad_calls();
	}
	printf("survived\n");
	return 0;
}

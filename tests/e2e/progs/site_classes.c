/* Two kinds of object, each with its own mutex made by its constructor.
 * One code path locks an account then a ledger, another locks a ledger then
 * an account: on different objects, so per-instance classes see no cycle,
 * while per-site classes (lock_classes=site) do, as lockdep would.
 *   (none)    the inversion above, on heap objects destroyed and freed
 *             between the two orders
 *   static    a PTHREAD_MUTEX_INITIALIZER global against the accounts
 *   wrapper   the constructors init through a registered lock wrapper
 *   annotated the mutexes are named with lockcheck_lock_init
 *   hoh       hand-over-hand down a list of accounts (one site nested)
 *   misuse    an account unlocked that is not held, another destroyed held
 *   kinds     the inversion between a rwlock and a C11 mtx_t, and between
 *             two spinlocks, each made by its own constructor */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <threads.h>

#include "lockcheck/lockcheck.h"

struct account {
	pthread_mutex_t lock;
	struct account *next;
};
struct ledger {
	pthread_mutex_t lock;
};

static const char *mode = "";
static int posted, audited; /* keeps post and audit two functions */
static pthread_mutex_t global_lock = PTHREAD_MUTEX_INITIALIZER;

__attribute__((noinline)) static void my_mutex_init(pthread_mutex_t *m)
{
	pthread_mutex_init(m, NULL); /* SITE wrapper */
	__asm__ volatile("" ::: "memory");
}
LOCKCHECK_LOCK_WRAPPER(my_mutex_init);

static void init(pthread_mutex_t *m, const char *name)
{
	if (!strcmp(mode, "annotated"))
		lockcheck_lock_init(m, name, LOCKCHECK_MUTEX, NULL, NULL);
}

__attribute__((noinline)) static struct account *account_new(void)
{
	struct account *a = calloc(1, sizeof *a);
	if (!strcmp(mode, "wrapper"))
		my_mutex_init(&a->lock); /* SITE account via wrapper */
	else
		pthread_mutex_init(&a->lock, NULL); /* SITE account */
	init(&a->lock, "account");
	return a;
}

__attribute__((noinline)) static struct ledger *ledger_new(void)
{
	struct ledger *l = calloc(1, sizeof *l);
	if (!strcmp(mode, "wrapper"))
		my_mutex_init(&l->lock); /* SITE ledger via wrapper */
	else
		pthread_mutex_init(&l->lock, NULL); /* SITE ledger */
	init(&l->lock, "ledger");
	return l;
}

static void account_free(struct account *a)
{
	pthread_mutex_destroy(&a->lock);
	free(a);
}

static void ledger_free(struct ledger *l)
{
	pthread_mutex_destroy(&l->lock);
	free(l);
}

__attribute__((noinline)) static void post(struct account *a, struct ledger *l)
{
	pthread_mutex_lock(&a->lock);
	pthread_mutex_lock(&l->lock);
	posted++;
	pthread_mutex_unlock(&l->lock);
	pthread_mutex_unlock(&a->lock);
}

__attribute__((noinline)) static void audit(struct ledger *l, struct account *a)
{
	pthread_mutex_lock(&l->lock);
	pthread_mutex_lock(&a->lock);
	audited += 2;
	pthread_mutex_unlock(&a->lock);
	pthread_mutex_unlock(&l->lock);
}

static void *poster(void *arg)
{
	struct account *a = account_new();
	struct ledger *l = ledger_new();
	post(a, l);
	account_free(a);
	ledger_free(l);
	return arg;
}

static void inversion(void)
{
	pthread_t t;
	pthread_create(&t, NULL, poster, NULL);
	pthread_join(t, NULL);
	struct account *a = account_new();
	struct ledger *l = ledger_new();
	audit(l, a);
	account_free(a);
	ledger_free(l);
}

static void against_a_global(void)
{
	struct account *a1 = account_new(), *a2 = account_new();
	pthread_mutex_lock(&global_lock);
	pthread_mutex_lock(&a1->lock);
	pthread_mutex_unlock(&a1->lock);
	pthread_mutex_unlock(&global_lock);
	pthread_mutex_lock(&a2->lock);
	pthread_mutex_lock(&global_lock);
	pthread_mutex_unlock(&global_lock);
	pthread_mutex_unlock(&a2->lock);
	account_free(a1);
	account_free(a2);
}

static void hand_over_hand(void)
{
	struct account *head = NULL;
	for (int i = 0; i < 8; i++) {
		struct account *a = account_new();
		a->next = head;
		head = a;
	}
	for (int round = 0; round < 3; round++) {
		struct account *n = head;
		pthread_mutex_lock(&n->lock);
		while (n->next) {
			pthread_mutex_lock(&n->next->lock);
			pthread_mutex_unlock(&n->lock);
			n = n->next;
		}
		pthread_mutex_unlock(&n->lock);
	}
	while (head) {
		struct account *next = head->next;
		account_free(head);
		head = next;
	}
}

static void misuse(void)
{
	struct account *a1 = account_new(), *a2 = account_new();
	printf("lock held 0x%lx\n", (unsigned long)&a1->lock);
	printf("lock other 0x%lx\n", (unsigned long)&a2->lock);
	fflush(stdout);
	pthread_mutex_lock(&a1->lock);
	pthread_mutex_unlock(&a2->lock); /* not held: this instance is free */
	pthread_mutex_destroy(&a1->lock); /* held */
	free(a1);
	account_free(a2);
}

struct table {
	pthread_rwlock_t rw;
};
struct queue {
	mtx_t m;
};
struct slot {
	pthread_spinlock_t s;
};

__attribute__((noinline)) static struct table *table_new(void)
{
	struct table *t = calloc(1, sizeof *t);
	pthread_rwlock_init(&t->rw, NULL);
	return t;
}

__attribute__((noinline)) static struct queue *queue_new(void)
{
	struct queue *q = calloc(1, sizeof *q);
	mtx_init(&q->m, mtx_plain);
	return q;
}

__attribute__((noinline)) static struct slot *slot_new(int pshared)
{
	struct slot *s = calloc(1, sizeof *s);
	pthread_spin_init(&s->s, pshared);
	return s;
}

__attribute__((noinline)) static struct slot *bucket_new(void)
{
	struct slot *s = calloc(1, sizeof *s);
	pthread_spin_init(&s->s, PTHREAD_PROCESS_PRIVATE);
	return s;
}

static void kinds(void)
{
	struct table *t1 = table_new(), *t2 = table_new();
	struct queue *q1 = queue_new(), *q2 = queue_new();
	pthread_rwlock_wrlock(&t1->rw);
	mtx_lock(&q1->m);
	mtx_unlock(&q1->m);
	pthread_rwlock_unlock(&t1->rw);
	mtx_lock(&q2->m);
	pthread_rwlock_wrlock(&t2->rw);
	pthread_rwlock_unlock(&t2->rw);
	mtx_unlock(&q2->m);
	struct slot *s1 = slot_new(PTHREAD_PROCESS_PRIVATE), *s2 = slot_new(PTHREAD_PROCESS_PRIVATE);
	struct slot *b1 = bucket_new(), *b2 = bucket_new();
	pthread_spin_lock(&s1->s);
	pthread_spin_lock(&b1->s);
	pthread_spin_unlock(&b1->s);
	pthread_spin_unlock(&s1->s);
	pthread_spin_lock(&b2->s);
	pthread_spin_lock(&s2->s);
	pthread_spin_unlock(&s2->s);
	pthread_spin_unlock(&b2->s);
}

int main(int argc, char **argv)
{
	mode = argc > 1 ? argv[1] : "";
	if (!strcmp(mode, "static"))
		against_a_global();
	else if (!strcmp(mode, "hoh"))
		hand_over_hand();
	else if (!strcmp(mode, "misuse"))
		misuse();
	else if (!strcmp(mode, "kinds"))
		kinds();
	else
		inversion();
	return posted + audited > 3;
}

/* The incremental topological order (graph_order.c) against a brute-force
 * model: random acquisitions of pairs of locks and random destructions,
 * and after every step the graph holds exactly the edges the model holds,
 * an edge is refused exactly when the model's reachability says it would
 * close a cycle, and every edge agrees with the maintained order. */
#include "engine_test.h"

#include "engine/lc_engine_stats.h"

#define N 40

static int locks[N];
static bool edge[N][N];

static bool reaches(int from, int to)
{
	bool seen[N] = {false};
	int queue[N], head = 0, len = 0;
	queue[len++] = from;
	seen[from] = true;
	while (head < len) {
		int u = queue[head++];
		if (u == to)
			return true;
		for (int v = 0; v < N; v++)
			if (edge[u][v] && !seen[v]) {
				seen[v] = true;
				queue[len++] = v;
			}
	}
	return false;
}

static unsigned long model_edges(void)
{
	unsigned long n = 0;
	for (int i = 0; i < N; i++)
		for (int j = 0; j < N; j++)
			n += edge[i][j];
	return n;
}

static unsigned long graph_edges(void)
{
	lc_engine_stats st;
	lc_engine_get_stats(&st);
	return st.edges;
}

/* A destroyed lock is gone with its edges; the new lock at its address is
 * a new class. */
static void recreate(int x)
{
	lc_on_lock_destroy(&locks[x]);
	make_lock(&locks[x], LC_LOCK_MUTEX, NULL);
	for (int i = 0; i < N; i++)
		edge[x][i] = edge[i][x] = false;
}

static unsigned reported;

static unsigned run_model(unsigned seed, unsigned steps)
{
	memset(edge, 0, sizeof edge);
	for (int i = 0; i < N; i++)
		make_lock(&locks[i], LC_LOCK_MUTEX, NULL);
	unsigned cycles = 0;
	for (unsigned s = 0; s < steps; s++) {
		seed = seed * 1103515245u + 12345u;
		unsigned r = seed >> 8;
		int a = (int)(r % N), b = (int)((r / N) % N);
		if (r % 100 < 4) {
			recreate(a);
		} else if (a != b) {
			bool cycle = !edge[a][b] && reaches(b, a);
			lock_w(&locks[a]);
			lock_w(&locks[b]);
			unlock(&locks[b]);
			unlock(&locks[a]);
			if (!cycle)
				edge[a][b] = true;
			/* Refused exactly when it closes a cycle.  (Reports of the
			 * same locks are deduplicated, so the edges tell.) */
			cr_assert_eq(graph_edges(), model_edges(), "seed %u step %u: %d -> %d %s",
				     seed, s, a, b, cycle ? "closes a cycle" : "is fine");
			if (cycle) {
				cycles++;
				reported += count_kind(LC_KIND_LOCK_ORDER_INVERSION) > 0;
				/* The refused chain stays cached: start the lock over. */
				recreate(a);
			}
		}
		cr_assert_eq(graph_edges(), model_edges(), "seed %u step %u: edges", seed, s);
		cr_assert(lc_graph_order_valid(), "seed %u step %u: the order holds", seed, s);
		nseen = 0;
	}
	return cycles;
}

Test(order_model, random_graphs_with_deletions_match_brute_force)
{
	engine_test_setup();
	unsigned cycles = 0;
	for (unsigned seed = 1; seed <= 6; seed++)
		cycles += run_model(seed * 7919u, 1500);
	cr_assert_gt(cycles, 10, "the random graphs did close cycles (%u)", cycles);
	cr_assert_gt(reported, 0, "and they were reported");
}

/* A cycle of read locks is no deadlock and is let in outside the order;
 * later edges are then all searched, and still found. */
Test(order_model, read_cycle_outside_the_order_keeps_cycles_found)
{
	engine_test_setup();
	static int a, b, c;
	make_lock_flags(&a, LC_LOCK_RWLOCK, LC_LOCK_READER_PREFERRING, NULL);
	make_lock_flags(&b, LC_LOCK_RWLOCK, LC_LOCK_READER_PREFERRING, NULL);
	make_lock(&c, LC_LOCK_MUTEX, NULL);
	lock_r(&a); lock_r(&b); unlock(&b); unlock(&a);
	lock_r(&b); lock_r(&a); unlock(&a); unlock(&b); /* read cycle: fine */
	cr_assert_eq(nseen, 0);
	lock_w(&c); lock_w(&a); unlock(&a); unlock(&c);   /* c -> a */
	lock_r(&a); lock_w(&c); unlock(&c); unlock(&a);   /* a -> c: closes c -> a -> c */
	cr_assert_eq(count_kind(LC_KIND_LOCK_ORDER_INVERSION), 1);
	cr_assert(lc_graph_order_valid());
}

/* An edge against the order into a lock with no edge out (or out of one
 * with no edge in) moves just that lock to the end (the start) of the
 * order: the order still holds, and a later cycle through it is found. */
Test(order_model, edge_into_a_leaf_against_the_order_moves_the_leaf)
{
	engine_test_setup();
	static int p, q, x, y;
	make_lock(&p, LC_LOCK_MUTEX, NULL);
	make_lock(&q, LC_LOCK_MUTEX, NULL);
	make_lock(&x, LC_LOCK_MUTEX, NULL);
	make_lock(&y, LC_LOCK_MUTEX, NULL);
	lock_w(&p); lock_w(&y); unlock(&y); unlock(&p); /* y ranked early, a leaf */
	lock_w(&q); lock_w(&x); unlock(&x); unlock(&q); /* x ranked after y */
	lock_w(&x); lock_w(&y); unlock(&y); unlock(&x); /* x -> y: y moves to the end */
	cr_assert(lc_graph_order_valid());
	cr_assert_eq(nseen, 0, "no cycle yet");
	lock_w(&y); lock_w(&q); unlock(&q); unlock(&y); /* y -> q: q -> x -> y -> q */
	cr_assert_eq(count_kind(LC_KIND_LOCK_ORDER_INVERSION), 1);
	cr_assert(lc_graph_order_valid());
}

Test(order_model, edge_out_of_a_root_against_the_order_moves_the_root)
{
	engine_test_setup();
	static int w, x, y, s;
	make_lock(&w, LC_LOCK_MUTEX, NULL);
	make_lock(&x, LC_LOCK_MUTEX, NULL);
	make_lock(&y, LC_LOCK_MUTEX, NULL);
	make_lock(&s, LC_LOCK_MUTEX, NULL);
	lock_w(&y); lock_w(&s); unlock(&s); unlock(&y); /* y -> s */
	lock_w(&w); lock_w(&x); unlock(&x); unlock(&w); /* x ranked after y */
	lc_on_lock_destroy(&w);                         /* x keeps no edge in */
	lock_w(&x); lock_w(&y); unlock(&y); unlock(&x); /* x -> y: x moves to the start */
	cr_assert(lc_graph_order_valid());
	cr_assert_eq(nseen, 0, "no cycle yet");
	lock_w(&s); lock_w(&x); unlock(&x); unlock(&s); /* s -> x: x -> y -> s -> x */
	cr_assert_eq(count_kind(LC_KIND_LOCK_ORDER_INVERSION), 1);
	cr_assert(lc_graph_order_valid());
}

/* Edges between busy locks (more than a few edges each way) are found by
 * hash, the others by scanning a node's list: taken again in a new chain,
 * none is added twice, whichever way it is found, and none is lost when
 * some go with a destroyed lock. */
Test(order_model, edges_of_busy_and_idle_locks_are_found_again)
{
	engine_test_setup();
	enum { K = 20 };
	static int a[K], b[K], c;
	for (int i = 0; i < K; i++) {
		make_lock(&a[i], LC_LOCK_MUTEX, NULL);
		make_lock(&b[i], LC_LOCK_MUTEX, NULL);
	}
	make_lock(&c, LC_LOCK_MUTEX, NULL);
	for (int i = 0; i < K; i++)
		for (int j = 0; j < K; j++)
			if (j <= i || i < 2) { /* a[0], a[1] and b[K-1] busy from early on */
				lock_w(&a[i]); lock_w(&b[j]); unlock(&b[j]); unlock(&a[i]);
			}
	unsigned long made = graph_edges();
	/* Under c every chain is new, so every pair is validated again. */
	for (int i = 0; i < K; i++)
		for (int j = 0; j < K; j++)
			if (j <= i || i < 2) {
				lock_w(&c); lock_w(&a[i]); lock_w(&b[j]);
				unlock(&b[j]); unlock(&a[i]); unlock(&c);
			}
	cr_assert_eq(graph_edges(), made + K, "only c -> a[i] are new (%lu, %lu)", graph_edges(), made);
	/* b[3] goes with its K - 3 + 2 edges in; the rest are still found. */
	lc_on_lock_destroy(&b[3]);
	unsigned long left = graph_edges();
	cr_assert_eq(left, made + K - (K - 3 + 2));
	static int d;
	make_lock(&d, LC_LOCK_MUTEX, NULL);
	for (int i = 0; i < K; i++)
		for (int j = 0; j < K; j++)
			if (j != 3 && (j <= i || i < 2)) {
				lock_w(&d); lock_w(&a[i]); lock_w(&b[j]);
				unlock(&b[j]); unlock(&a[i]); unlock(&d);
			}
	cr_assert_eq(graph_edges(), left + K, "only d -> a[i] are new");
	cr_assert_eq(nseen, 0, "no cycle");
	cr_assert(lc_graph_order_valid());
}

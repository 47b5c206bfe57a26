/* Randomised check of the order detector against a brute-force model: for
 * write locks and trylocks, an inversion must be reported exactly when an
 * acquisition would close a cycle in the graph of all "held -> acquired"
 * pairs seen so far (up to the first report, after which the engine keeps
 * the cycle-closing edge out of its graph). */
#include <stdlib.h>

#include "engine_test.h"

TestSuite(random, .init = engine_test_setup, .timeout = 120);

enum { NLOCKS = 7, STEPS = 60, RUNS = 1500 };

static bool edge[NLOCKS][NLOCKS];

static bool reaches(int from, int to)
{
	bool seen_node[NLOCKS] = {false};
	int stack[NLOCKS * NLOCKS], sp = 0;
	stack[sp++] = from;
	seen_node[from] = true;
	while (sp) {
		int u = stack[--sp];
		if (u == to)
			return true;
		for (int v = 0; v < NLOCKS; v++)
			if (edge[u][v] && !seen_node[v]) {
				seen_node[v] = true;
				stack[sp++] = v;
			}
	}
	return false;
}

Test(random, matches_a_brute_force_model)
{
	unsigned seed = 12345, reported_runs = 0;
	char *locks = malloc((size_t)RUNS * NLOCKS);
	for (int run = 0; run < RUNS; run++) {
		char *l = &locks[run * NLOCKS]; /* fresh locks: fresh classes */
		memset(edge, 0, sizeof edge);
		for (int i = 0; i < NLOCKS; i++)
			make_lock(&l[i], LC_LOCK_MUTEX, NULL);
		int held[NLOCKS], nheld = 0;
		bool is_held[NLOCKS] = {false};
		unsigned before = count_kind(LC_KIND_LOCK_ORDER_INVERSION);
		for (int step = 0; step < STEPS; step++) {
			int op = (int)(rand_r(&seed) % 10);
			if (op < 6 && nheld < NLOCKS) {
				int x;
				do
					x = (int)(rand_r(&seed) % NLOCKS);
				while (is_held[x]);
				bool try_acq = op == 0;
				bool expect = false;
				if (!try_acq)
					for (int i = 0; i < nheld; i++)
						if (reaches(x, held[i]))
							expect = true;
				if (try_acq)
					try_w(&l[x], true);
				else
					lock_w(&l[x]);
				bool got = count_kind(LC_KIND_LOCK_ORDER_INVERSION) != before;
				cr_assert_eq(got, expect, "run %d step %d: engine %d, model %d", run, step,
					     got, expect);
				if (!try_acq)
					for (int i = 0; i < nheld; i++)
						edge[held[i]][x] = true;
				held[nheld++] = x;
				is_held[x] = true;
				if (got) {
					reported_runs++;
					break; /* the model and the engine part ways after a report */
				}
			} else if (nheld > 0) {
				/* Mostly LIFO, sometimes out of order. */
				int i = op == 9 ? (int)(rand_r(&seed) % (unsigned)nheld) : nheld - 1;
				int x = held[i];
				unlock(&l[x]);
				for (int j = i; j + 1 < nheld; j++)
					held[j] = held[j + 1];
				nheld--;
				is_held[x] = false;
			}
		}
		for (int i = 0; i < NLOCKS; i++)
			if (is_held[i])
				unlock(&l[i]);
		for (int i = 0; i < NLOCKS; i++)
			lc_on_lock_destroy(&l[i]);
		cr_assert_eq(count_kind(LC_KIND_UNLOCK_NOT_HELD) + count_kind(LC_KIND_SELF_DEADLOCK) +
				     count_kind(LC_KIND_DESTROY_HELD), 0);
		nseen = 0; /* keep the log from filling */
	}
	free(locks);
	cr_assert_gt(reported_runs, RUNS / 10, "the sequences must exercise inversions: %u",
		     reported_runs);
}

/* ---- reader/writer locks: the recursive-read rule, checked by brute force ---- */

enum { DEP_R = 1, DEP_S = 2 }; /* to side R (else N), from side S (else E) */
static unsigned rwbits[NLOCKS][NLOCKS]; /* bit (1 << (from_s * 2 + to_r)) per kind */
static bool on_path[NLOCKS];

/* Any simple path cur -> ... -> target whose every adjacent pair of edges,
 * and the closing pair with the new edge, avoids (to R, then from S)? */
static bool strong_path(int cur, int target, int prev_to_r, int first_from_s, int close_to_r,
			int close_from_s, int depth)
{
	if (cur == target && depth > 0)
		return !(prev_to_r && close_from_s);
	on_path[cur] = true;
	bool found = false;
	for (int v = 0; v < NLOCKS && !found; v++) {
		if (on_path[v] && v != target)
			continue;
		for (int from_s = 0; from_s < 2 && !found; from_s++)
			for (int to_r = 0; to_r < 2 && !found; to_r++) {
				if (!(rwbits[cur][v] & (1u << (from_s * 2 + to_r))))
					continue;
				int fs = depth == 0 ? from_s : first_from_s;
				if (depth == 0 && close_to_r && from_s)
					continue; /* new edge enters cur as R, leaves it from S */
				if (depth > 0 && prev_to_r && from_s)
					continue;
				found = strong_path(v, target, to_r, fs, close_to_r, close_from_s,
						    depth + 1);
			}
	}
	on_path[cur] = false;
	return found;
}

Test(random, reader_writer_rule_matches_a_brute_force_model)
{
	unsigned seed = 777, reported_runs = 0, silent_read_cycles = 0;
	char *locks = malloc((size_t)RUNS * NLOCKS);
	for (int run = 0; run < RUNS; run++) {
		char *l = &locks[run * NLOCKS];
		bool reader_pref[NLOCKS];
		memset(rwbits, 0, sizeof rwbits);
		for (int i = 0; i < NLOCKS; i++) {
			reader_pref[i] = rand_r(&seed) % 2;
			make_lock_flags(&l[i], reader_pref[i] ? LC_LOCK_RWLOCK : LC_LOCK_RWSEM,
					reader_pref[i] ? LC_LOCK_READER_PREFERRING : 0, NULL);
		}
		int held[NLOCKS], nheld = 0;
		int held_read[NLOCKS];
		bool is_held[NLOCKS] = {false};
		unsigned before = count_kind(LC_KIND_LOCK_ORDER_INVERSION);
		for (int step = 0; step < STEPS; step++) {
			int op = (int)(rand_r(&seed) % 10);
			if (op < 6 && nheld < NLOCKS) {
				int x;
				do
					x = (int)(rand_r(&seed) % NLOCKS);
				while (is_held[x]);
				bool read = rand_r(&seed) % 3 != 0;
				int to_r = read && reader_pref[x];
				bool expect = false;
				bool plain_cycle = false;
				for (int i = 0; i < nheld && !expect; i++) {
					memset(on_path, 0, sizeof on_path);
					expect = strong_path(x, held[i], 0, 0, to_r, held_read[i], 0);
					for (int a = 0; a < NLOCKS; a++)
						for (int b = 0; b < NLOCKS; b++)
							edge[a][b] = rwbits[a][b] != 0;
					plain_cycle |= reaches(x, held[i]);
				}
				if (read)
					lock_r(&l[x]);
				else
					lock_w(&l[x]);
				bool got = count_kind(LC_KIND_LOCK_ORDER_INVERSION) != before;
				cr_assert_eq(got, expect, "run %d step %d: engine %d, model %d", run, step,
					     got, expect);
				if (plain_cycle && !expect)
					silent_read_cycles++;
				for (int i = 0; i < nheld; i++)
					rwbits[held[i]][x] |= 1u << (held_read[i] * 2 + to_r);
				held_read[nheld] = read;
				held[nheld++] = x;
				is_held[x] = true;
				if (got) {
					reported_runs++;
					break;
				}
			} else if (nheld > 0) {
				int i = op == 9 ? (int)(rand_r(&seed) % (unsigned)nheld) : nheld - 1;
				int x = held[i];
				unlock(&l[x]);
				for (int j = i; j + 1 < nheld; j++) {
					held[j] = held[j + 1];
					held_read[j] = held_read[j + 1];
				}
				nheld--;
				is_held[x] = false;
			}
		}
		for (int i = 0; i < NLOCKS; i++)
			if (is_held[i])
				unlock(&l[i]);
		for (int i = 0; i < NLOCKS; i++)
			lc_on_lock_destroy(&l[i]);
		nseen = 0;
	}
	free(locks);
	cr_assert_gt(reported_runs, RUNS / 10, "inversions exercised: %u", reported_runs);
	cr_assert_gt(silent_read_cycles, 10, "read-only cycles exercised: %u", silent_read_cycles);
}

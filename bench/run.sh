#!/bin/sh
# bench/run.sh BUILD: every workload of bench_locks (bench/bench_cases.c)
# plain, with the library preloaded (no report file) and, if it was built,
# under ThreadSanitizer with detect_deadlocks=1, all in this one invocation.
# Cheap cases run RUNS times, alternating so a change in machine load hits
# all alike, and keep the best run (noise on a shared machine only ever adds
# time); the big-graph cases run once.  Prints ns per operation and the
# ratios, then the memory the library adds per live lock and per order edge.
set -eu
build=${1:-build}
bin=$build/bench/bench_locks
tsan=$build/bench/bench_locks_tsan
lib=$build/lib/liblockcheck.so
runs=${RUNS:-3}
limit=${BENCH_TIMEOUT:-120}
# BENCH_CASES="a b": only those cases (bench_locks list names them).
[ -x "$bin" ] || { echo "run.sh: $bin is not built" >&2; exit 1; }
[ -f "$lib" ] || { echo "run.sh: $lib is not built" >&2; exit 1; }
[ -x "$tsan" ] || tsan=

min() { awk -v a="$1" -v b="$2" 'BEGIN { print (b == "" || (a != "-" && a + 0 < b + 0)) ? a : b }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (a == "-" || b == "-" || a + 0 == 0) print "-"; else printf "%.2fx", b / a }'; }
out=$(mktemp)
trap 'rm -f "$out"' EXIT
# One run: prints the ns figure, or "-" if it failed or ran out of time; the
# whole output line stays in $out for the memory figures.
run() {
	timeout "$limit" "$@" >"$out" 2>/dev/null || echo "-" >"$out"
	cut -d' ' -f1 "$out"
}

echo "liblockcheck overhead, ns per operation (best of $runs runs; population and dense graph: one run)"
if [ -n "$tsan" ]; then
	printf '%-22s %-26s %10s %10s %7s %10s %7s\n' case operation plain lockcheck ratio tsan ratio
else
	printf '%-22s %-26s %10s %10s %7s\n' case operation plain lockcheck ratio
fi
mem_plain= mem_checked=
"$bin" list | while IFS="$(printf '\t')" read -r name unit; do
	if [ -n "${BENCH_CASES:-}" ]; then
		case " $BENCH_CASES " in *" $name "*) ;; *) continue ;; esac
	fi
	n=$runs
	case $name in population-*|dense-*) n=1 ;; esac
	plain= checked= tsanv= i=0
	while [ $i -lt "$n" ]; do
		plain=$(min "$(run "$bin" "$name")" "$plain")
		[ "$name" = "${name#population}" ] || mem_plain=$(cat "$out")
		checked=$(min "$(run env LD_PRELOAD="$lib" LOCKCHECK_OPTIONS= "$bin" "$name")" "$checked")
		[ "$name" = "${name#population}" ] || mem_checked=$(cat "$out")
		if [ -n "$tsan" ]; then
			tsanv=$(min "$(run env TSAN_OPTIONS=detect_deadlocks=1:report_signal_unsafe=0:exitcode=0 "$tsan" "$name")" "$tsanv")
		fi
		i=$((i + 1))
	done
	if [ -n "$tsan" ]; then
		printf '%-22s %-26s %10s %10s %7s %10s %7s\n' "$name" "$unit" "$plain" "$checked" \
			"$(ratio "$plain" "$checked")" "$tsanv" "$(ratio "$plain" "$tsanv")"
	else
		printf '%-22s %-26s %10s %10s %7s\n' "$name" "$unit" "$plain" "$checked" "$(ratio "$plain" "$checked")"
	fi
	if [ "$name" != "${name#population}" ]; then
		lp=$(echo "$mem_plain" | sed -n 's/.*lock=\([0-9-]*\).*/\1/p')
		lc=$(echo "$mem_checked" | sed -n 's/.*lock=\([0-9-]*\).*/\1/p')
		ep=$(echo "$mem_plain" | sed -n 's/.*edge=\([0-9-]*\).*/\1/p')
		ec=$(echo "$mem_checked" | sed -n 's/.*edge=\([0-9-]*\).*/\1/p')
		if [ -n "$lp" ] && [ -n "$lc" ]; then
			echo "memory the library adds (RSS, $name): $((lc - lp)) B per live lock, $((ec - ep)) B per order edge" >&2
		fi
	fi
done 2>&1
# lock_classes=site (a raw lock's class is its init site): the cases where
# the class choice costs something, creating locks.  SITE_CASES= skips them.
for name in ${SITE_CASES-create-lock-destroy population-1M}; do
	plain=$(run "$bin" "$name")
	checked=$(run env LD_PRELOAD="$lib" LOCKCHECK_OPTIONS=lock_classes=site "$bin" "$name")
	printf '%-22s %-26s %10s %10s %7s\n' "$name" "(lock_classes=site)" "$plain" "$checked" "$(ratio "$plain" "$checked")"
done

#!/bin/sh
# bench/run.sh BUILD: the lock-heavy workload of bench_locks, plain and with
# the library preloaded (no report file), RUNS times each, alternating so a
# change in machine load hits both alike; per configuration the best run
# (the best, not the median: on a shared machine noise only ever adds time).
# Prints ns per acquire+release pair and the slowdown ratio, and last the
# cost of one intercepted blocking call (write to /dev/null) with no lock held.
set -eu
build=${1:-build}
bin=$build/bench/bench_locks
lib=$build/lib/liblockcheck.so
runs=${RUNS:-7}
pairs=${PAIRS:-4000000}
[ -x "$bin" ] || { echo "run.sh: $bin is not built" >&2; exit 1; }
[ -f "$lib" ] || { echo "run.sh: $lib is not built" >&2; exit 1; }

min() { awk -v a="$1" -v b="$2" 'BEGIN { print (b == "" || a + 0 < b + 0) ? a : b }'; }

echo "liblockcheck overhead: ns per mutex acquire+release pair (best of $runs runs, $pairs pairs per thread)"
printf '%-32s %10s %12s %8s\n' "configuration" "plain" "lockcheck" "ratio"
for conf in "1 1" "1 4" "1 8" "2 1" "2 4" "2 8" "1 0"; do
	set -- $conf
	plain= checked= i=0
	while [ $i -lt "$runs" ]; do
		plain=$(min "$("$bin" "$1" "$2" "$pairs")" "$plain")
		checked=$(min "$(LD_PRELOAD=$lib LOCKCHECK_OPTIONS= "$bin" "$1" "$2" "$pairs")" "$checked")
		i=$((i + 1))
	done
	ratio=$(awk -v a="$plain" -v b="$checked" 'BEGIN { printf "%.2f", b / a }')
	label="$1 thread(s), depth $2"
	[ "$1" -gt 1 ] && label="$label, own locks"
	[ "$2" -eq 0 ] && label="write(2), no lock held"
	printf '%-32s %10s %12s %7sx\n' "$label" "$plain" "$checked" "$ratio"
done

#!/bin/sh
# Runs each test binary given, sums Criterion's "Synthesis" lines, and ends with one
# total line.  Exits non-zero if any binary failed.
# True when the output has LeakSanitizer leaks and each one was allocated
# directly by libcriterion (frame #1, the caller of the allocator), not by
# our code or a test: the runner's own bookkeeping, which it sometimes drops
# under --jobs.  Any other leak still fails the binary.
criterion_own_leak() {
	printf '%s\n' "$1" | awk '
		/^(Direct|Indirect) leak of/ { leaks++; want = 1; next }
		want && /^ *#1 / { if ($0 ~ /libcriterion\.so/) ours++; want = 0 }
		END { exit !(leaks > 0 && ours == leaks) }'
}

status=0
passed=0; failed=0; skipped=0
for bin in "$@"; do
	[ -x "$bin" ] || { echo "run-all: $bin is missing"; status=1; continue; }
	echo "== $bin"
	# --verbose makes Criterion say which tests it skipped and why; its
	# per-test RUN/PASS lines are dropped again to keep the log readable.
	out=$("$bin" --jobs=2 --verbose 2>&1); rc=$?
	# A binary that passed shows only its skips and totals: the report text
	# its tests provoke on purpose would bury the log (some 240k lines for
	# the sanitizer build).  A failing one shows everything it printed.
	syn=$(printf '%s\n' "$out" | grep 'Synthesis:' | tail -n 1)
	t=$(printf '%s' "$syn" | sed -n 's/.*Tested: \([0-9]*\).*/\1/p')
	p=$(printf '%s' "$syn" | sed -n 's/.*Passing: \([0-9]*\).*/\1/p')
	f=$(printf '%s' "$syn" | sed -n 's/.*Failing: \([0-9]*\).*/\1/p')
	c=$(printf '%s' "$syn" | sed -n 's/.*Crashing: \([0-9]*\).*/\1/p')
	s=$(printf '%s\n' "$out" | grep -c '^\[SKIP\]')
	passed=$((passed + ${p:-0}))
	failed=$((failed + ${f:-0}))
	skipped=$((skipped + ${s:-0}))
	: "${t:=0}" "${c:=0}"
	if [ "$rc" -ne 0 ] && [ -n "$syn" ] && [ "${f:-0}" -eq 0 ] && [ "$c" -eq 0 ] && criterion_own_leak "$out"; then
		echo "run-all: $bin: every test passed; the only LeakSanitizer report is an allocation made by libcriterion itself (ignored)"
		rc=0
	fi
	if [ "$rc" -eq 0 ] && [ -n "$syn" ]; then
		# Criterion's own lines ([----] notes the tests log, [SKIP]) stay.
		printf '%s\n' "$out" | grep -e '^\[SKIP\]' -e '^\[----\] ' -e 'Synthesis:' | grep -v '^\[----\] Criterion v'
		n=$(printf '%s\n' "$out" | grep -c -v -e '^\[RUN \] ' -e '^\[PASS\] ' -e '^\[SKIP\]' -e '^\[----\] ' -e '^\[====\] ')
		[ "$n" -gt 0 ] && echo "run-all: $bin passed; $n lines of its output not shown (run it by hand to see them)"
	else
		printf '%s\n' "$out" | grep -v -e '^\[RUN \] ' -e '^\[PASS\] '
	fi
	if [ "$rc" -ne 0 ] || [ -z "$syn" ]; then status=1; [ "${f:-0}" -eq 0 ] && failed=$((failed + 1)); fi
done
echo "== $BUILD${SAN:+ (ASan+UBSan)}"
echo "total: $passed passed, $failed failed, $skipped skipped"
exit $status

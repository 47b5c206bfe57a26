#!/bin/sh
# Runs each test binary given, sums Criterion's "Synthesis" lines, and ends with one
# total line.  Exits non-zero if any binary failed.
status=0
passed=0; failed=0; skipped=0
for bin in "$@"; do
	[ -x "$bin" ] || { echo "run-all: $bin is missing"; status=1; continue; }
	echo "== $bin"
	# --verbose makes Criterion say which tests it skipped and why; its
	# per-test RUN/PASS lines are dropped again to keep the log readable.
	out=$("$bin" --jobs=2 --verbose 2>&1); rc=$?
	printf '%s\n' "$out" | grep -v -e '^\[RUN \] ' -e '^\[PASS\] '
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
	if [ "$rc" -ne 0 ] || [ -z "$syn" ]; then status=1; [ "${f:-0}" -eq 0 ] && failed=$((failed + 1)); fi
done
echo "== $BUILD${SAN:+ (ASan+UBSan)}"
echo "total: $passed passed, $failed failed, $skipped skipped"
exit $status

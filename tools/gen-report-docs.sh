#!/bin/sh
# Regenerates the examples and outputs in docs/reports.md from real runs of
# examples/report_kinds.c (built with -g by `make`): for each "## KIND"
# section, its ```c block becomes the example's code for KIND and the
# following ``` block what the library printed and what `lockcheck run`
# said.  Usage: sh tools/gen-report-docs.sh [BUILD]   (default build)
# KINDS="k1 k2" regenerates only those sections.
set -e
BUILD=${1:-build}
PROG=$BUILD/examples/report_kinds
[ -x "$PROG" ] && [ -x "$BUILD/bin/lockcheck" ] || { echo "make first: $PROG, $BUILD/bin/lockcheck" >&2; exit 2; }
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT
# Kernel-style kinds come from examples/report_kinds_kernel.c (lockcheck/kernel.h).
KERNEL_KINDS="nest-lock-not-held ww-mutex-misuse"
ALL_KINDS="lock-order-inversion self-deadlock recursive-locking unlock-not-held destroy-held
	exit-holding cond-wait-unheld blocking-in-atomic held-limit assert-failed
	invalid-wait-context $KERNEL_KINDS"
for kind in ${KINDS:-$ALL_KINDS}; do
	opts=""
	[ "$kind" = held-limit ] && opts="max_held=32"
	[ "$kind" = invalid-wait-context ] && opts="prove_raw_lock_nesting=1"
	prog=$PROG
	case " $KERNEL_KINDS " in *" $kind "*) prog=${PROG}_kernel ;; esac
	# Paths as a reader's own checkout would show them.
	"$BUILD/bin/lockcheck" run --report "$OUT/$kind.jsonl" --options "$opts" -- "$prog" "$kind" \
		>/dev/null 2>"$OUT/$kind.txt" || true
	sed -e "s|$(pwd)/||g" -e "s|$OUT/|/tmp/|g" "$OUT/$kind.txt" >"$OUT/$kind.out"
	awk -v k="$kind" '$0 == "/* doc: " k " */" {on = 1; next} $0 == "/* end doc */" {on = 0} on' \
		"examples/$(basename "$prog").c" >"$OUT/$kind.c"
done
python3 - "$OUT" docs/reports.md <<'PY'
import os, re, sys
out, doc = sys.argv[1], sys.argv[2]
text = open(doc).read()
def section(m):
    kind, body = m.group(1), m.group(2)
    if not os.path.exists(os.path.join(out, kind + '.out')):
        return m.group(0)
    code = open(os.path.join(out, kind + '.c')).read().rstrip('\n')
    run = open(os.path.join(out, kind + '.out')).read().rstrip('\n')
    body = re.sub(r'```c\n.*?\n```\n', lambda _: '```c\n' + code + '\n```\n', body, count=1, flags=re.S)
    body = re.sub(r'(```c\n.*?\n```\n.*?)```\n.*?\n```\n', lambda x: x.group(1) + '```\n' + run + '\n```\n',
                  body, count=1, flags=re.S)
    return '## ' + kind + '\n' + body
text = re.sub(r'## ([a-z-]+)\n(.*?)(?=\n## |\Z)', section, text, flags=re.S)
open(doc, 'w').write(text)
PY
echo "docs/reports.md: outputs regenerated from $PROG"

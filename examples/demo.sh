#!/bin/sh
# The README's main job: check real programs under liblockcheck and show the reports.
# Findings are the point here, so lockcheck's non-zero exit is shown, not treated as failure.
BUILD=${1:-build}
LC="$BUILD/bin/lockcheck"
step() { printf '\n\033[1m== %s\033[0m\n$ %s\n' "$1" "$2"; }

if command -v xz >/dev/null 2>&1; then
	input=$(mktemp); head -c 8000000 /dev/urandom > "$input"
	step "A real program from Debian, unmodified: xz compressing with two threads" \
	     "$LC run -- xz -T2 -k -c FILE > /dev/null"
	"$LC" run -- xz -T2 -k -c "$input" > /dev/null; echo "(lockcheck exit status: $?)"
	rm -f "$input"
fi

step "A program with a lock-order bug (it does not deadlock on this run)" \
     "$LC run -- $BUILD/examples/lock_order_bug"
"$LC" run -- "$BUILD/examples/lock_order_bug"; echo "(lockcheck exit status: $?)"

step "Its fixed twin" "$LC run -- $BUILD/examples/lock_order_fixed"
"$LC" run -- "$BUILD/examples/lock_order_fixed"; echo "(lockcheck exit status: $?)"

if [ -x "$BUILD/examples/memfs" ]; then
	step "A small filesystem, checked against the kernel's Locking rules" \
	     "$LC run -- $BUILD/examples/memfs"
	"$LC" run -- "$BUILD/examples/memfs"; echo "(lockcheck exit status: $?)"
	step "The same filesystem with a seeded bug: ->setattr called without i_rwsem" \
	     "$LC run -- $BUILD/examples/memfs --bug=setattr-unlocked"
	"$LC" run -- "$BUILD/examples/memfs" --bug=setattr-unlocked; echo "(lockcheck exit status: $?)"
fi
exit 0

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

if command -v redis-server >/dev/null 2>&1 && command -v redis-cli >/dev/null 2>&1; then
	# Site classes on a real server: redis parks its I/O threads by holding the mutex
	# it makes for each, so one class nests in itself (true, and meant by redis).
	# OpenSSL makes all its locks in one helper: naming it a wrapper gives each its caller's site.
	sock=$(mktemp -u)
	step "A real server by site class: redis-server with three I/O threads, stopped after 2 s" \
	     "$LC run --options lock_classes=site:skip_frames=CRYPTO_THREAD_lock_new -- redis-server --port 0 --unixsocket SOCK --save '' --io-threads 3"
	(sleep 2; redis-cli -s "$sock" shutdown nosave >/dev/null 2>&1) &
	"$LC" run --options lock_classes=site:skip_frames=CRYPTO_THREAD_lock_new -- \
	      redis-server --port 0 --unixsocket "$sock" --save '' --io-threads 3 --loglevel warning
	echo "(lockcheck exit status: $?)"; wait
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

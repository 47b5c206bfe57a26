#!/bin/sh
# Builds the kernel's lib/locking-selftest.c in userspace on lockcheck/kernel.h
# and runs its matrix (selftest_main.c).  The file is read from Debian's
# linux-source package at run time, never kept in this tree.
#   run.sh BUILD_DIR [extra cc flags]   exit 0: every case gives lockdep's
#   answer or is listed in expected-exceptions.txt; 77: source absent (skip).
set -e
build=${1:?build directory}
shift
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
tarball=${LINUX_SOURCE_TARBALL:-/usr/src/linux-source-6.1.tar.xz}
if [ ! -r "$tarball" ]; then
	echo "selftest: SKIP: $tarball is absent (apt-get install linux-source-6.1)"
	exit 77
fi
tmp=$(mktemp -d "${TMPDIR:-/tmp}/lockcheck-selftest-XXXXXX")
trap 'rm -rf "$tmp"' EXIT
top=$(tar -tJf "$tarball" | head -n 1 | cut -d/ -f1)
tar -xJf "$tarball" -C "$tmp" --wildcards "$top/lib/locking-selftest*"
src=$tmp/$top/lib
# Our dotest() runs each case in a child: the file's own is renamed away.
sed -i 's/^static void dotest(void/static void lc_unused_dotest(void/' "$src/locking-selftest.c"
# Its dotest() re-initialises every lock after each case (reset_locks());
# ours starts each case from there.
printf '\nvoid lc_selftest_reset(void) { reset_locks(); }\n' >> "$src/locking-selftest.c"
mkdir -p "$tmp/include/linux/sched"
for h in rwsem mutex ww_mutex sched sched/mm delay lockdep spinlock kallsyms interrupt \
	debug_locks irqflags rtmutex local_lock; do
	: > "$tmp/include/linux/$h.h"
done
cc=${CC:-cc}
extra="$*" # the caller's cc flags (sanitizers)
$cc -std=c11 -D_GNU_SOURCE -g -O1 -Wall -Wextra -Werror $extra -I"$repo/liblockcheck" \
	-c -o "$tmp/main.o" "$here/selftest_main.c"
# run NAME CFLAGS OPTIONS: the file built with CFLAGS, run with LOCKCHECK_OPTIONS
# plus OPTIONS.  Both runs always happen; the exit status says whether either failed.
run() {
	$cc -std=gnu11 -D_GNU_SOURCE -g -O1 -w $extra $2 -I"$tmp/include" -I"$repo/include" -I"$here" \
		-Ddotest=lc_selftest_dotest -include lc_selftest_shim.h \
		-c -o "$tmp/selftest-$1.o" "$src/locking-selftest.c"
	$cc $extra -o "$tmp/selftest-$1" "$tmp/selftest-$1.o" "$tmp/main.o" "$build/lib/liblockcheck.a" \
		-lunwind -lcjson -ldl -lpthread
	echo "selftest run: $1"
	LOCKCHECK_OPTIONS="${LOCKCHECK_OPTIONS:-log_path=/dev/null}$3" "$tmp/selftest-$1" "$here/expected-exceptions.txt"
}
# As lockdep is built by default, then with CONFIG_PROVE_RAW_LOCK_NESTING (and
# the library's prove_raw_lock_nesting=1), which adds the wait-context cases.
status=0
run default "" "" || status=1
run raw-lock-nesting -DCONFIG_PROVE_RAW_LOCK_NESTING ":prove_raw_lock_nesting=1" || status=1
exit $status

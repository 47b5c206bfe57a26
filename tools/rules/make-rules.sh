#!/bin/sh
# make rules: compile the four reference Locking documents into the checked-in
# specs.  Usage: sh tools/rules/make-rules.sh LOCKCHECK-RULES OUTDIR
# The documents are found in $LOCKING_DOCS (default ../shared/locking); when
# they are absent this says so and exits 0, leaving the checked-in specs alone.
set -eu
bin=${1:?usage: make-rules.sh LOCKCHECK-RULES OUTDIR}
out=${2:?usage: make-rules.sh LOCKCHECK-RULES OUTDIR}
docs=${LOCKING_DOCS:-../shared/locking}

# document prefix -> era of the spec it becomes (docs/spec-format.md, "Reference documents")
specs="002:4.x 003:6.3 000:6.6 001:6.8"

missing=0
for pair in $specs; do
	prefix=${pair%%:*}
	set -- "$docs"/"$prefix"_*.txt
	[ -f "$1" ] || missing=1
done
if [ "$missing" -eq 1 ]; then
	echo "make-rules: the Locking documents are not in '$docs' (set LOCKING_DOCS);" \
	     "keeping the checked-in $out/locking-*.json"
	exit 0
fi

mkdir -p "$out"
for pair in $specs; do
	prefix=${pair%%:*}
	era=${pair#*:}
	set -- "$docs"/"$prefix"_*.txt
	echo "make-rules: $1 -> $out/locking-$era.json"
	"$bin" compile "$1" -o "$out/locking-$era.json"
done

#!/bin/sh
# Builds the Locking document parser's fuzz target with clang's libFuzzer and
# runs it for SECONDS (default 60) on a seed corpus of our fixtures and, when
# present, the shared Locking documents.  Usage: tests/fuzz/run.sh [SECONDS]
# ($FUZZ_MAX_LEN bounds input size: small values explore short inputs faster)
set -eu
secs=${1:-60}
root=$(cd "$(dirname "$0")/../.." && pwd)
out=$root/build/fuzz
mkdir -p "$out/corpus"
clang -std=c11 -D_GNU_SOURCE -g -O1 -fsanitize=fuzzer,address,undefined \
	-fno-sanitize-recover=undefined -Wall -Wextra -Werror \
	-o "$out/fuzz_doc_parse" "$root/tests/fuzz/fuzz_doc_parse.c" "$root"/tools/rules/doc_*.c
cp "$root"/tests/fixtures/locking/* "$out/corpus/" 2>/dev/null || true
docs=${LOCKING_DOCS:-$root/../shared/locking}
[ -d "$docs" ] && cp "$docs"/*.txt "$out/corpus/" 2>/dev/null || true
cd "$out"
FUZZ_RESOLUTIONS=$root/rules/resolutions.tsv ./fuzz_doc_parse -max_total_time="$secs" \
	-max_len="${FUZZ_MAX_LEN:-65536}" -timeout=10 -rss_limit_mb=2048 corpus

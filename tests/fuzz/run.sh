#!/bin/sh
# Builds the fuzz targets with clang's libFuzzer and runs each for SECONDS
# (default 60): the Locking document parser, on a seed corpus of our fixtures
# and, when present, the shared Locking documents; and the library's JSON
# reader and spec loader, on the compiled specs.  Usage: tests/fuzz/run.sh [SECONDS]
# ($FUZZ_MAX_LEN bounds input size: small values explore short inputs faster)
set -eu
secs=${1:-60}
root=$(cd "$(dirname "$0")/../.." && pwd)
out=$root/build/fuzz
mkdir -p "$out/corpus" "$out/spec-corpus"
cflags="-std=c11 -D_GNU_SOURCE -g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined -Wall -Wextra -Werror"
clang $cflags -o "$out/fuzz_doc_parse" "$root/tests/fuzz/fuzz_doc_parse.c" "$root"/tools/rules/doc_*.c
clang $cflags -I"$root/include" -I"$root/liblockcheck" -o "$out/fuzz_spec_json" "$root/tests/fuzz/fuzz_spec_json.c" \
	"$root"/liblockcheck/spec/lc_json.c "$root"/liblockcheck/spec/spec_parse.c "$root"/liblockcheck/spec/spec_arena.c \
	"$root"/liblockcheck/spec/spec_table.c "$root"/liblockcheck/spec/spec_match.c
cp "$root"/tests/fixtures/locking/* "$out/corpus/" 2>/dev/null || true
docs=${LOCKING_DOCS:-$root/../shared/locking}
[ -d "$docs" ] && cp "$docs"/*.txt "$out/corpus/" 2>/dev/null || true
cp "$root"/rules/*.json "$root"/tests/fixtures/specs/*.json "$out/spec-corpus/"
cd "$out"
FUZZ_RESOLUTIONS=$root/rules/resolutions.tsv ./fuzz_doc_parse -max_total_time="$secs" \
	-max_len="${FUZZ_MAX_LEN:-65536}" -timeout=10 -rss_limit_mb=2048 corpus
./fuzz_spec_json -max_total_time="$secs" -max_len="${FUZZ_MAX_LEN:-65536}" -timeout=10 \
	-rss_limit_mb=2048 spec-corpus

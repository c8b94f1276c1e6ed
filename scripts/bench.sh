#!/usr/bin/env bash
# Benchmarks (release build): ingest throughput and peak memory on generated corpora of
# 10k and 100k articles into a cold database, and clean+extract throughput.
#   scripts/bench.sh            # 10k and 100k
#   SIZES="10000" scripts/bench.sh
set -euo pipefail
cd "$(dirname "$0")/.."
SIZES=${SIZES:-"10000 100000"}
OUT=${OUT:-bench-out}
mkdir -p "$OUT"
cargo build --release -q -p factline
BIN=target/release/factline
timefmt() { /usr/bin/time -f "%e s elapsed, %M KiB peak RSS" "$@"; }
for n in $SIZES; do
  corpus="$OUT/gen-$n.jsonl"
  [ -f "$corpus" ] || $BIN gen -n "$n" --seed 1 -o "$corpus"
  mb=$(du -m "$corpus" | cut -f1)
  echo "== $n articles ($mb MB JSON Lines)"
  rm -f "$OUT/bench-$n.db"*
  start=$(date +%s.%N)
  timefmt $BIN ingest --db "$OUT/bench-$n.db" "$corpus" 2>&1 | tail -2
  end=$(date +%s.%N)
  awk -v n="$n" -v s="$start" -v e="$end" 'BEGIN { printf "ingest: %.0f articles/s\n", n / (e - s) }'
  start=$(date +%s.%N)
  timefmt $BIN extract --json "$corpus" 2>&1 >/dev/null | tail -1
  end=$(date +%s.%N)
  awk -v n="$n" -v mb="$mb" -v s="$start" -v e="$end" 'BEGIN { printf "extract (clean+extract+JSON out, 1 thread): %.0f articles/s, %.1f MB/s\n", n / (e - s), mb / (e - s) }'
done

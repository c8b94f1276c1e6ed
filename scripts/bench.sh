#!/usr/bin/env bash
# Benchmarks (release build): ingest throughput and peak memory on generated corpora into a
# cold database, time of `factline story` on the biggest story, and single-threaded
# clean+extract throughput.
#   scripts/bench.sh                  # 10k and 100k
#   SIZES="10000" scripts/bench.sh
set -euo pipefail
cd "$(dirname "$0")/.."
SIZES=${SIZES:-"10000 100000"}
OUT=${OUT:-bench-out}
mkdir -p "$OUT"
cargo build --release -q -p factline --bins --example extract_throughput
BIN=target/release/factline
now() { date +%s.%N; }
for n in $SIZES; do
  corpus="$OUT/gen-$n.jsonl"
  [ -f "$corpus" ] || $BIN gen -n "$n" --seed 1 -o "$corpus"
  mb=$(awk -v b="$(stat -c %s "$corpus")" 'BEGIN { printf "%.1f", b / 1e6 }')
  echo "== $n articles ($mb MB JSON Lines)"
  db="$OUT/bench-$n.db"
  rm -rf "$db" "$db"-wal "$db"-shm "$db.index"
  start=$(now)
  /usr/bin/time -f "ingest: %e s elapsed, %M KiB peak RSS" $BIN ingest --db "$db" "$corpus"
  end=$(now)
  awk -v n="$n" -v s="$start" -v e="$end" 'BEGIN { printf "ingest: %.0f articles/s\n", n / (e - s) }'
  id=$($BIN stories --db "$db" --json | python3 -c 'import json,sys; print(json.load(sys.stdin)[0]["id"])')
  start=$(now)
  for _ in $(seq 20); do $BIN story "$id" --db "$db" --json >/dev/null; done
  end=$(now)
  awk -v s="$start" -v e="$end" 'BEGIN { printf "story (biggest, whole process): %.1f ms\n", (e - s) * 1000 / 20 }'
  start=$(now)
  /usr/bin/time -f "extract: %e s elapsed, %M KiB peak RSS" $BIN extract --json "$corpus" >/dev/null
  end=$(now)
  awk -v n="$n" -v mb="$mb" -v s="$start" -v e="$end" \
    'BEGIN { printf "extract command (read+clean+extract+JSON out, 1 thread): %.0f articles/s, %.1f MB/s\n", n / (e - s), mb / (e - s) }'
  echo -n "clean+extract only: "
  target/release/examples/extract_throughput "$corpus"
done

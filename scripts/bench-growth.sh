#!/usr/bin/env bash
# Does ingest slow down as the database grows? Generates N articles (`factline gen`),
# ingests them as PARTS consecutive files into one database and prints each part's time,
# articles/s and peak memory, then the time of `factline story` on the biggest story.
#   scripts/bench-growth.sh                      # N=1000000 PARTS=10
#   N=200000 PARTS=4 OUT=/tmp/growth scripts/bench-growth.sh
set -euo pipefail
cd "$(dirname "$0")/.."
N=${N:-1000000}
PARTS=${PARTS:-10}
OUT=${OUT:-bench-out/growth}
mkdir -p "$OUT"
cargo build --release -q -p factline --bins
BIN=$PWD/target/release/factline
corpus="$OUT/gen-$N.jsonl"
[ -f "$corpus" ] || $BIN gen -n "$N" --seed 1 -o "$corpus"
rm -f "$OUT"/part-*.jsonl
split -n "l/$PARTS" -d -a 3 --additional-suffix=.jsonl "$corpus" "$OUT/part-"
db="$OUT/growth.db"
rm -rf "$db" "$db"-wal "$db"-shm "$db.index"
now() { date +%s.%N; }
total_start=$(now)
for part in "$OUT"/part-*.jsonl; do
  n=$(wc -l < "$part")
  start=$(now)
  /usr/bin/time -f "%M" -o "$OUT/rss.txt" $BIN ingest --db "$db" "$part" > /dev/null
  end=$(now)
  awk -v p="$(basename "$part")" -v n="$n" -v s="$start" -v e="$end" -v rss="$(cat "$OUT/rss.txt")" \
    'BEGIN { printf "%s: %d articles in %.1f s = %.0f articles/s, peak RSS %.0f MB\n", p, n, e - s, n / (e - s), rss / 1024 }'
done
total_end=$(now)
awk -v n="$N" -v s="$total_start" -v e="$total_end" \
  'BEGIN { printf "all: %d articles in %.1f s = %.0f articles/s\n", n, e - s, n / (e - s) }'
id=$($BIN stories --db "$db" --json | python3 -c 'import json,sys; print(json.load(sys.stdin)[0]["id"])')
for _ in $(seq 20); do
  s=$(now); $BIN story "$id" --db "$db" --json > /dev/null; e=$(now)
  awk -v s="$s" -v e="$e" 'BEGIN { printf "%.2f\n", (e - s) * 1000 }'
done | sort -n | awk '{ a[NR] = $1 } END { printf "story (biggest, whole process, 20 runs): median %.1f ms, max %.1f ms\n", a[int((NR + 1) / 2)], a[NR] }'

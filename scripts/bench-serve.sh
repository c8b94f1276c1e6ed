#!/usr/bin/env bash
# HTTP benchmark of `factline serve` (loopback only, bounded): builds the release binary,
# generates a corpus with `factline gen`, ingests it into a fresh database, starts the server
# on a free 127.0.0.1 port and measures requests/s and latency percentiles with wrk for
#   GET /api/stories/{id}   the biggest story, a mid-sized one (cached states), and random
#                           stories among 3000 (mostly uncached: reconciled per request)
#   GET /api/stories?limit=50
#   GET /api/search?q=…
#
#   N=100000 DURATION=10s CONNECTIONS=16 THREADS=2 QUERIES="death toll,flood" scripts/bench-serve.sh
#
# The generated corpus and database are kept in $WORK (default /tmp/factline-bench) and
# reused when present (delete them to start over). Installs wrk (Debian) when missing.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)

N=${N:-100000}
DURATION=${DURATION:-10s}
CONNECTIONS=${CONNECTIONS:-16}
THREADS=${THREADS:-2}
WORK=${WORK:-/tmp/factline-bench}
# Comma-separated search queries.
IFS=',' read -r -a QUERIES <<<"${QUERIES:-earthquake killed,death toll,flood}"

say() { echo "bench-serve: $*" >&2; }

if ! command -v wrk >/dev/null 2>&1; then
    say "installing wrk (Debian package)"
    SUDO=""
    if [ "$(id -u)" != 0 ]; then SUDO="sudo"; fi
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq wrk >/dev/null
fi

cargo build --release -q -p factline
BIN="$ROOT/target/release/factline"
mkdir -p "$WORK"
CORPUS="$WORK/g$N.jsonl"
DB="$WORK/g$N.db"
if [ ! -s "$CORPUS" ]; then
    say "generating $N articles into $CORPUS"
    "$BIN" gen -n "$N" -o "$CORPUS"
fi
if [ ! -s "$DB" ]; then
    say "ingesting $CORPUS into $DB"
    start=$(date +%s)
    "$BIN" ingest --db "$DB" "$CORPUS"
    say "ingest took $(( $(date +%s) - start )) s"
fi

SERVER_PID=""
cleanup() {
    if [ -n "$SERVER_PID" ] && kill -0 "$SERVER_PID" 2>/dev/null; then
        kill "$SERVER_PID" 2>/dev/null || true
        wait "$SERVER_PID" 2>/dev/null || true
    fi
}
trap cleanup EXIT

LOG="$WORK/serve.log"
"$BIN" serve --db "$DB" --addr 127.0.0.1:0 2>"$LOG" &
SERVER_PID=$!
BASE=""
for _ in $(seq 1 600); do
    BASE=$(sed -n 's|.*serving .* on \(http://127\.0\.0\.1:[0-9]*\)/.*|\1|p' "$LOG" | head -1)
    if [ -n "$BASE" ] && curl -fsS "$BASE/healthz" >/dev/null 2>&1; then break; fi
    kill -0 "$SERVER_PID" 2>/dev/null || { cat "$LOG" >&2; exit 1; }
    sleep 0.5
done
say "server at $BASE ($(curl -fsS "$BASE/healthz"))"

# The biggest story and one from the middle of the list.
TOTAL=$(curl -fsS -D - -o /dev/null "$BASE/api/stories?limit=1" | tr -d '\r' | sed -n 's/^x-total-count: //ip')
BIG=$(curl -fsS "$BASE/api/stories?limit=1" | sed -n 's/^\[{"id":"\([^"]*\)".*/\1/p')
MID=$(curl -fsS "$BASE/api/stories?limit=1&offset=$((TOTAL / 2))" | sed -n 's/^\[{"id":"\([^"]*\)".*/\1/p')
ART=$(curl -fsS "$BASE/api/stories/$BIG" | grep -o '"articles":\[[^]]*' | grep -o '{"id"' | wc -l)
say "$TOTAL stories; biggest $BIG ($ART articles); middle $MID"

run() {
    local name=$1 url=$2
    # Cold first request (fills the story cache), then the timed run.
    local cold
    cold=$(curl -fsS -o /dev/null -w '%{time_total}' "$url")
    echo "== $name  (first request ${cold}s)"
    wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency "$url" \
        | grep -E 'Requests/sec|Transfer/sec| 50%| 90%| 99%|Non-2xx|Socket errors'
}

run "GET /api/stories/{biggest}" "$BASE/api/stories/$BIG"
run "GET /api/stories/{middle}" "$BASE/api/stories/$MID"
# Uncached reconciliation: random stories among 3000 (the state cache holds 512).
: >"$WORK/paths.txt"
for off in 0 1000 2000; do
    curl -fsS "$BASE/api/stories?limit=1000&offset=$off" | grep -o '"id":"[^"]*","title"' \
        | sed 's|"id":"\([^"]*\)".*|/api/stories/\1|' >>"$WORK/paths.txt"
done
cat >"$WORK/random.lua" <<LUA
local paths = {}
for line in io.lines("$WORK/paths.txt") do paths[#paths + 1] = line end
math.randomseed(1)
request = function() return wrk.format(nil, paths[math.random(#paths)]) end
LUA
echo "== GET /api/stories/{random of $(wc -l <"$WORK/paths.txt") stories}  (mostly uncached)"
wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency -s "$WORK/random.lua" "$BASE" \
    | grep -E 'Requests/sec|Transfer/sec| 50%| 90%| 99%|Non-2xx|Socket errors'
run "GET /api/stories?limit=50" "$BASE/api/stories?limit=50"
for q in "${QUERIES[@]}"; do
    enc=$(printf '%s' "$q" | sed 's/ /%20/g')
    run "GET /api/search?q=$q" "$BASE/api/search?q=$enc&limit=20"
done

#!/usr/bin/env bash
# End-to-end check of the web UI in a real browser (headless Chromium):
#   builds factline, ingests the sample corpus into a temporary database, starts
#   `factline serve` on a free loopback port, and checks that the biggest story's page, as
#   the browser builds it, holds the figure charts and the current figures; that the API docs
#   page renders from /openapi.json with no outside assets; and saves a screenshot to
#   target/browser/story.png. Exits non-zero on any failure.
#
# Installs Debian's chromium and chromium-driver when missing (needs root or sudo).
# PROFILE=release builds the release binary (default: the debug one).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)

fail() { echo "browser-test: FAIL: $*" >&2; exit 1; }
say() { echo "browser-test: $*" >&2; }

# --- Chromium --------------------------------------------------------------------------
if ! command -v chromium >/dev/null 2>&1; then
    say "installing chromium and chromium-driver (Debian packages)"
    SUDO=""
    if [ "$(id -u)" != 0 ]; then SUDO="sudo"; fi
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium chromium-driver >/dev/null \
        || command -v chromium >/dev/null 2>&1 \
        || fail "could not install chromium"
fi
command -v chromium >/dev/null 2>&1 || fail "chromium not found"
say "$(chromium --version 2>/dev/null | head -1)"

# --- Build -----------------------------------------------------------------------------
PROFILE=${PROFILE:-debug}
if [ "$PROFILE" = release ]; then
    cargo build --release -q -p factline
else
    cargo build -q -p factline
fi
BIN="$ROOT/target/$PROFILE/factline"
[ -x "$BIN" ] || fail "no binary at $BIN"

WORK=$(mktemp -d)
SERVER_PID=""
cleanup() {
    if [ -n "$SERVER_PID" ] && kill -0 "$SERVER_PID" 2>/dev/null; then
        kill "$SERVER_PID" 2>/dev/null || true
        wait "$SERVER_PID" 2>/dev/null || true
    fi
    rm -rf "$WORK"
}
trap cleanup EXIT

# --- Data and server -------------------------------------------------------------------
DB="$WORK/sample.db"
"$BIN" ingest --db "$DB" corpus/sample/articles 2>"$WORK/ingest.log" \
    || { cat "$WORK/ingest.log" >&2; fail "ingest failed"; }
say "$(tail -1 "$WORK/ingest.log")"

# Port 0: the system picks a free loopback port, which the server prints.
FACTLINE_TOKEN="" "$BIN" serve --db "$DB" --addr 127.0.0.1:0 2>"$WORK/serve.log" &
SERVER_PID=$!
BASE=""
for _ in $(seq 1 100); do
    BASE=$(sed -n 's|.*serving .* on \(http://127\.0\.0\.1:[0-9]*\)/.*|\1|p' "$WORK/serve.log" | head -1)
    if [ -n "$BASE" ] && curl -fsS "$BASE/healthz" >/dev/null 2>&1; then break; fi
    kill -0 "$SERVER_PID" 2>/dev/null || { cat "$WORK/serve.log" >&2; fail "server exited"; }
    sleep 0.1
done
[ -n "$BASE" ] || { cat "$WORK/serve.log" >&2; fail "server did not start"; }
say "server at $BASE"

STORIES=$(curl -fsS "$BASE/api/stories?limit=1") || fail "GET /api/stories"
ID=$(printf '%s' "$STORIES" | sed -n 's/^\[{"id":"\([^"]*\)".*/\1/p')
[ -n "$ID" ] || fail "no story in $STORIES"
STATE=$(curl -fsS "$BASE/api/stories/$ID") || fail "GET /api/stories/$ID"
# Figures are keyed by kind in contract order; take each kind's current value.
KINDS=$(printf '%s' "$STATE" | grep -o '"\(killed\|injured\|missing\|detained\|displaced\|evacuated\|rescued\)":{"value":[0-9]*,"qualifier":"[a-z_]*"' || true)
[ -n "$KINDS" ] || fail "story $ID has no figures"
say "biggest story: $ID"

chrome() {
    chromium --headless --no-sandbox --disable-gpu --disable-background-networking \
        --disable-component-update --disable-sync --no-first-run --disable-dev-shm-usage \
        --user-data-dir="$(mktemp -d -p "$WORK")" "$@" 2>>"$WORK/chromium.log"
}

# --- The story page, as the browser builds it -------------------------------------------
DOM="$WORK/story.html"
chrome --virtual-time-budget=5000 --dump-dom "$BASE/stories/$ID" >"$DOM" \
    || fail "chromium could not load the story page"
grep -q '<svg class="chart" id="chart-' "$DOM" || fail "no chart <svg> in the story page DOM"
grep -q 'role="img"' "$DOM" || fail "charts lack role=img"
grep -q '<title id="chart-[a-z]*-t">' "$DOM" || fail "charts lack an accessible <title>"
grep -q '<circle class="pt' "$DOM" || fail "charts have no data points"
# app.js ran (our own script, allowed by the Content-Security-Policy): points got tabindex.
grep -q '<circle class="pt[^>]*tabindex="0"' "$DOM" || fail "app.js did not run"
while IFS= read -r pair; do
    kind=$(printf '%s' "$pair" | sed 's/"\([a-z]*\)".*/\1/')
    value=$(printf '%s' "$pair" | sed 's/.*"value":\([0-9]*\),.*/\1/')
    qualifier=$(printf '%s' "$pair" | sed 's/.*"qualifier":"\([a-z_]*\)"/\1/')
    shown=$(printf '%s' "$value" | sed ':a;s/\B[0-9]\{3\}\>/,&/;ta')
    if [ "$qualifier" = vague ]; then
        case "$value" in
            12) shown=dozens ;; 40) shown=scores ;; 100) shown=hundreds ;; 1000) shown=thousands ;;
        esac
    fi
    grep -q "id=\"chart-$kind\"" "$DOM" || fail "no chart for $kind"
    grep -q "<div class=\"value\">[^<]*$shown</div>" "$DOM" \
        || fail "current $kind figure $shown not shown"
    say "  $kind: $shown, chart present"
done <<<"$KINDS"

# --- The docs page renders /openapi.json locally ------------------------------------------
DOCS="$WORK/docs.html"
chrome --virtual-time-budget=5000 --dump-dom "$BASE/docs" >"$DOCS" || fail "chromium could not load /docs"
grep -q 'class="endpoint"' "$DOCS" || fail "/docs did not render the OpenAPI document"
grep -q '/api/stories/{id}' "$DOCS" || fail "/docs lacks /api/stories/{id}"
if grep -Eq '(src|href)="(https?:)?//' "$DOCS"; then fail "/docs loads outside assets"; fi

# --- Screenshot ---------------------------------------------------------------------------
mkdir -p target/browser
rm -f target/browser/story.png
chrome --hide-scrollbars --window-size=1280,1800 --virtual-time-budget=3000 \
    --screenshot="$ROOT/target/browser/story.png" "$BASE/stories/$ID" >/dev/null \
    || fail "screenshot failed"
[ -s target/browser/story.png ] || fail "no screenshot written"
say "screenshot: target/browser/story.png"
say "OK"

#!/usr/bin/env bash
# Web extraction scores: main text (AEB, trafilatura snippets) and publication dates
# (htmldate) of factline's HTML reader, scored by ../shared/tools/webeval.py, plus pages/s
# for text + date on one thread. Usage: scripts/eval-web.sh [OUT_DIR]
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
shared="${FACTLINE_SHARED:-$root/../shared}"
out="${1:-$root/target/webeval}"
mkdir -p "$out"
if [ ! -f "$shared/tools/webeval.py" ] || [ ! -d "$shared/data/aeb" ]; then
    echo "eval-web: $shared/tools/webeval.py or $shared/data is absent; nothing to score" >&2
    exit 0
fi
export CARGO_BUILD_JOBS="${CARGO_BUILD_JOBS:-1}"
cargo build --release -q -p factline-ingest --example webeval --manifest-path "$root/Cargo.toml"
bin="${CARGO_TARGET_DIR:-$root/target}/release/examples/webeval"
for set in aeb snippets dates; do
    echo "== $set"
    "$bin" "$set" "$out/$set.jsonl" "$shared/data"
    python3 "$shared/tools/webeval.py" "$set" "$out/$set.jsonl" | tail -n 1
done
# trafilatura side by side, when it is installed (pip install trafilatura lxml_html_clean).
if python3 -c "import trafilatura" 2>/dev/null; then
    for set in aeb snippets; do
        echo "== trafilatura, $set"
        python3 "$root/scripts/eval/trafilatura_run.py" "$set" "$out/trafilatura-$set.jsonl" "$shared/data"
        python3 "$shared/tools/webeval.py" "$set" "$out/trafilatura-$set.jsonl" | tail -n 1
    done
else
    echo "trafilatura is not installed: no side-by-side (pip install trafilatura lxml_html_clean)"
fi


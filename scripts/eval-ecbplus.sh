#!/usr/bin/env bash
# Story clustering on ECB+ (../shared/data/ecbplus), end to end through the CLI:
# ingest into a fresh database, `factline stories --json`, B-cubed with
# ../shared/tools/score.py against the topic+subtopic labels and against topics alone,
# then examples/cluster_eval (threshold grid and a plain TF-IDF cosine baseline).
# ECB+ texts carry no publication dates: every article gets PUBLISHED (default 2020-01-01).
set -euo pipefail
cd "$(dirname "$0")/.."
SHARED=${SHARED:-../shared}
DATA="$SHARED/data/ecbplus"
OUT=${OUT:-target/ecbplus}
PUBLISHED=${PUBLISHED:-2020-01-01}
[ -f "$DATA/documents.jsonl" ] || { echo "eval-ecbplus: $DATA/documents.jsonl not found" >&2; exit 2; }
mkdir -p "$OUT"
python3 - "$DATA" "$OUT" "$PUBLISHED" <<'PY'
import json, sys
data, out, published = sys.argv[1:]
with open(f"{data}/documents.jsonl") as f, open(f"{out}/articles.jsonl", "w") as o:
    for line in f:
        d = json.loads(line)
        o.write(json.dumps({"id": d["id"], "published": published, "text": d["text"]}) + "\n")
with open(f"{data}/gold.jsonl") as f, open(f"{out}/gold.jsonl", "w") as g, open(f"{out}/gold-topic.jsonl", "w") as t:
    for line in f:
        d = json.loads(line)
        g.write(json.dumps({"id": d["id"], "story": d["cluster"]}) + "\n")
        t.write(json.dumps({"id": d["id"], "story": str(d["topic"])}) + "\n")
PY
cargo build --release -q -p factline --bins --example cluster_eval
db="$OUT/ecbplus.db"
rm -rf "$db" "$db"-wal "$db"-shm "$db.index"
target/release/factline ingest --db "$db" "$OUT/articles.jsonl"
target/release/factline stories --db "$db" --json > "$OUT/stories.json"
echo "== factline stories vs topic+subtopic (the target)"
python3 "$SHARED/tools/score.py" stories "$OUT/gold.jsonl" "$OUT/stories.json" > "$OUT/score.txt"
head -3 "$OUT/score.txt"
echo "== factline stories vs topic only"
python3 "$SHARED/tools/score.py" stories "$OUT/gold-topic.jsonl" "$OUT/stories.json" > "$OUT/score-topic.txt"
head -3 "$OUT/score-topic.txt"
echo "== threshold grid and TF-IDF baseline (all pairs, no candidate index)"
target/release/examples/cluster_eval "$DATA/gold.jsonl" "$OUT/articles.jsonl"

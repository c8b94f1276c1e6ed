#!/usr/bin/env bash
# Extraction and stories on real news no one on the project wrote, for every set present:
#   - Gun Violence Archive development half (GVA_DIR, default /tmp/gva-dev; build it with
#     ../shared/tools/gva/README.md): killed/injured exact match, event date against the
#     incident date, places against the incident city, story B-cubed;
#   - ECB+ fact gold (corpus/ecbplus-gold.jsonl over ../shared/data/ecbplus): figures, claims,
#     event dates, places, with score.py's metrics;
#   - our own corpus/sample and ../shared/seeds, which must stay where they are;
#   - extract throughput on ECB+ x20 (whole `extract --json` process).
# Nothing here is a test: sets that are absent are reported as absent.
#   scripts/eval-real.sh            # all of it
#   SKIP_STORIES=1 SKIP_SPEED=1 scripts/eval-real.sh
set -euo pipefail
cd "$(dirname "$0")/.."
SHARED=${SHARED:-../shared}
GVA_DIR=${GVA_DIR:-/tmp/gva-dev}
OUT=${OUT:-target/eval-real}
BIN=${BIN:-target/release/factline}
mkdir -p "$OUT"
[ -n "${NO_BUILD:-}" ] || cargo build --release -q -p factline --bins

table="$OUT/table.tsv"
: > "$table"
row() { printf '%s\t%s\n' "$1" "$2" | tee -a "$table"; }

echo "== corpus/sample and seeds (written for the project)"
$BIN extract --json corpus/sample/articles > "$OUT/sample.pred.jsonl"
python3 scripts/eval/fact_table.py sample corpus/sample/gold.jsonl "$OUT/sample.pred.jsonl" | tee -a "$table"
$BIN extract --json "$SHARED"/seeds/*.txt > "$OUT/seeds.pred.jsonl"
python3 scripts/eval/fact_table.py seeds "$SHARED/seeds/gold.jsonl" "$OUT/seeds.pred.jsonl" | tee -a "$table"

echo "== ECB+ fact gold (real news, annotated for the project)"
if [ -f corpus/ecbplus-gold.jsonl ] && [ -f "$SHARED/data/ecbplus/documents.jsonl" ]; then
  python3 scripts/eval/ecbplus_inputs.py corpus/ecbplus-gold.jsonl "$SHARED/data/ecbplus/documents.jsonl" "$OUT"
  $BIN extract --json "$OUT/ecbplus-gold-articles.jsonl" > "$OUT/ecbplus.pred.jsonl"
  python3 scripts/eval/fact_table.py ecbplus "$OUT/ecbplus-gold.score.jsonl" "$OUT/ecbplus.pred.jsonl" --dates-where-gold | tee -a "$table"
  [ -f corpus/ecbplus-gold-second.jsonl ] &&
    python3 scripts/eval/agreement.py corpus/ecbplus-gold.jsonl corpus/ecbplus-gold-second.jsonl "$OUT" | tee -a "$table"
else
  echo "ECB+ fact gold: absent"
fi

echo "== Gun Violence Archive, development half (real local news)"
if [ -f "$GVA_DIR/gold.jsonl" ]; then
  $BIN extract --json "$GVA_DIR/docs" > "$OUT/gva.pred.jsonl"
  python3 scripts/eval/gva_facts.py "$GVA_DIR" "$OUT/gva.pred.jsonl" | tee -a "$table"
  stories=()
  if [ -z "${SKIP_STORIES:-}" ]; then
    db="$OUT/gva.db"
    rm -rf "$db" "$db"-wal "$db"-shm "$db.index"
    $BIN ingest --db "$db" "$GVA_DIR/docs" > /dev/null
    $BIN stories --db "$db" --json > "$OUT/gva.stories.json"
    stories=("$OUT/gva.stories.json")
  fi
  python3 "$SHARED/tools/gva/score.py" "$GVA_DIR" "$OUT/gva.pred.jsonl" "${stories[@]}" > "$OUT/gva.score.txt"
  python3 - "$OUT/gva.score.txt" <<'PY' | tee -a "$table"
import json, sys
r = json.loads(open(sys.argv[1]).read().strip().splitlines()[-1])
print(f"gva killed, number in text\t{r['killed gold>0, number in text']:.3f}")
print(f"gva injured, number in text\t{r['injured gold>0, number in text']:.3f}")
print(f"gva killed, all articles\t{r['killed all']:.3f}")
print(f"gva injured, all articles\t{r['injured all']:.3f}")
if "bcubed_p_r_f1" in r:
    p, rc, f = r["bcubed_p_r_f1"]
    print(f"gva stories B-cubed P/R/F1\t{p:.3f} / {rc:.3f} / {f:.3f}")
PY
else
  echo "GVA development half: absent ($GVA_DIR/gold.jsonl; see $SHARED/tools/gva/README.md)"
fi

if [ -z "${SKIP_SPEED:-}" ] && [ -f "$SHARED/data/ecbplus/documents.jsonl" ]; then
  echo "== extract --json throughput, ECB+ x20 (whole process)"
  x20="$OUT/ecbplus-x20.jsonl"
  [ -f "$x20" ] || python3 - "$SHARED/data/ecbplus/documents.jsonl" "$x20" <<'PY'
import json, sys
docs = [json.loads(l) for l in open(sys.argv[1])]
with open(sys.argv[2], "w") as o:
    for k in range(20):
        for d in docs:
            o.write(json.dumps({"id": f"{d['id']}-{k}", "published": "2020-01-01", "text": d["text"]}) + "\n")
PY
  n=$(wc -l < "$x20")
  mb=$(awk -v b="$(stat -c %s "$x20")" 'BEGIN { printf "%.1f", b / 1e6 }')
  best=""
  for _ in 1 2 3; do
    s=$(date +%s.%N); $BIN extract --json "$x20" > /dev/null; e=$(date +%s.%N)
    t=$(awk -v s="$s" -v e="$e" 'BEGIN { print e - s }')
    best=$(awk -v a="${best:-1e9}" -v b="$t" 'BEGIN { print (b < a) ? b : a }')
  done
  row "extract --json, ECB+ x20 ($n articles, $mb MB), best of 3" \
    "$(awk -v n="$n" -v mb="$mb" -v t="$best" 'BEGIN { printf "%.0f articles/s, %.1f MB/s", n / t, mb / t }')"
fi
echo "== table: $table"

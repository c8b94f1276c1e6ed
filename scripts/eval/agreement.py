#!/usr/bin/env python3
"""Agreement of two blind annotations of the same ECB+ texts, with score.py's metrics: FIRST SECOND OUT.

The second annotation is scored as if it were a prediction against the first (figures and places
are symmetric up to swapping P and R); optional and background figures of the second are left
out of its predictions, as a system would not mark them. This is the ceiling an extractor can
be expected to reach on the same gold.
"""
import json
import os
import subprocess
import sys

first, second, out = sys.argv[1:4]
b = [json.loads(l) for l in open(second, encoding="utf-8") if l.strip()]
ids = {r["id"] for r in b}
a = [json.loads(l) for l in open(first, encoding="utf-8") if l.strip() and json.loads(l)["id"] in ids]
os.makedirs(out, exist_ok=True)
gold_path, pred_path = f"{out}/agreement.gold.jsonl", f"{out}/agreement.pred.jsonl"
with open(gold_path, "w", encoding="utf-8") as g:
    for r in a:
        r = dict(r, figures=[dict(f, optional=True) if f.get("background") else f for f in r["figures"]])
        g.write(json.dumps(r) + "\n")
with open(pred_path, "w", encoding="utf-8") as p:
    for r in b:
        figs = [f for f in r["figures"] if not f.get("optional") and not f.get("background")]
        claims = [dict(c, actor=c["actor"][0], target=(c.get("target") or [None])[0])
                  for c in r["claims"] if not c.get("optional")]
        p.write(json.dumps(dict(r, figures=figs, claims=claims)) + "\n")
here = os.path.dirname(__file__)
subprocess.run([sys.executable, os.path.join(here, "fact_table.py"), "ecbplus agreement (2nd vs 1st annotator, 40 texts)",
                gold_path, pred_path], check=True)

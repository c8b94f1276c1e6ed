#!/usr/bin/env python3
"""One table row per measure of `score.py extract` for a named set: SET GOLD PRED."""
import json
import os
import subprocess
import sys

name, gold, pred = sys.argv[1:4]
if "--dates-where-gold" in sys.argv[4:]:
    # Texts without a publication date: only the gold's calendar dates can be checked.
    dated = {json.loads(l)["id"] for l in open(gold, encoding="utf-8") if l.strip() and json.loads(l).get("event_date")}
    rows = [json.loads(l) for l in open(pred, encoding="utf-8") if l.strip()]
    pred = pred + ".dated"
    with open(pred, "w", encoding="utf-8") as f:
        for r in rows:
            if r["id"] not in dated:
                r["event_date"] = None
            f.write(json.dumps(r) + "\n")
shared = os.environ.get("SHARED", os.path.join(os.path.dirname(__file__), "..", "..", "..", "shared"))
out = subprocess.run([sys.executable, os.path.join(shared, "tools", "score.py"), "extract", gold, pred],
                     check=True, capture_output=True, text=True).stdout
r = json.loads(out.strip().splitlines()[-1])
fmt = lambda t: " / ".join(f"{x:.3f}" for x in t)
print(f"{name} figures P/R/F1\t{fmt(r['figures_p_r_f1'])}")
print(f"{name} claims P/R/F1\t{fmt(r['claims_p_r_f1'])}")
print(f"{name} event date P/R/F1\t{fmt(r['event_date_p_r_f1'])}")
print(f"{name} places P/R/F1\t{fmt(r['places_p_r_f1'])}")
print(f"{name} qualifier / superseded accuracy\t{r['qualifier_acc']:.3f} / {r['superseded_acc']:.3f}")

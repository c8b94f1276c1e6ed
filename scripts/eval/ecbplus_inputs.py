#!/usr/bin/env python3
"""ECB+ fact gold -> the articles to extract and the gold rows score.py reads: GOLD DOCS OUT.

ECB+ texts carry no publication date, so each article is given 2020-01-01, and event dates are
scored only where the text itself fixes the day (the gold's event_date); a predicted date of an
article whose gold has none is dropped before scoring (it can only come from a relative day).
Figures about an earlier event told as background are optional: neither a hit nor a miss.
"""
import json
import sys

gold_path, docs_path, out = sys.argv[1:4]
gold = [json.loads(l) for l in open(gold_path, encoding="utf-8") if l.strip()]
docs = {}
for line in open(docs_path, encoding="utf-8"):
    d = json.loads(line)
    docs[d["id"]] = d
with open(f"{out}/ecbplus-gold-articles.jsonl", "w", encoding="utf-8") as a, \
        open(f"{out}/ecbplus-gold.score.jsonl", "w", encoding="utf-8") as g:
    for row in gold:
        d = docs[row["id"]]
        a.write(json.dumps({"id": d["id"], "published": "2020-01-01", "text": d["text"]}) + "\n")
        row = dict(row)
        row.setdefault("story", f"{d['topic']}_{d['subtopic']}")
        row.setdefault("published", "2020-01-01")
        row["figures"] = [dict(f, optional=True) if f.get("background") else f for f in row.get("figures", [])]
        g.write(json.dumps(row) + "\n")

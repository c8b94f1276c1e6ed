#!/usr/bin/env python3
"""ECB+ fact gold -> the articles to extract and the gold rows score.py reads: GOLD DOCS OUT.

ECB+ texts carry no publication date. Each article is given the latest full calendar date its own
text writes out ("December 12, 2008", "12 Dec 2008": datelines and time stamps mostly), else
2020-01-01; event dates are scored only where the gold gives one (fact_table.py
--dates-where-gold), since a relative day can only be resolved against a real publication date.
Figures about an earlier event told as background are optional: neither a hit nor a miss.
"""
import datetime
import json
import re
import sys

MONTHS = {m: i + 1 for i, m in enumerate(
    "jan feb mar apr may jun jul aug sep oct nov dec".split())}
MDY = re.compile(r"\b([A-Z][a-z]{2,8})\.? (\d{1,2}),? (\d{4})\b")
DMY = re.compile(r"\b(\d{1,2}) ([A-Z][a-z]{2,8})\.?,? (\d{4})\b")


def published(text):
    """The latest calendar date written out in the text, if any."""
    found = []
    for m in MDY.finditer(text):
        found.append((m.group(3), m.group(1), m.group(2)))
    for m in DMY.finditer(text):
        found.append((m.group(3), m.group(2), m.group(1)))
    days = []
    for y, mon, d in found:
        month = MONTHS.get(mon[:3].lower())
        try:
            days.append(datetime.date(int(y), month, int(d)))
        except (TypeError, ValueError):
            continue
    return max(days).isoformat() if days else "2020-01-01"


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
        a.write(json.dumps({"id": d["id"], "published": published(d["text"]), "text": d["text"]}) + "\n")
        row = dict(row)
        row.setdefault("story", f"{d['topic']}_{d['subtopic']}")
        row["figures"] = [dict(f, optional=True) if f.get("background") else f for f in row.get("figures", [])]
        g.write(json.dumps(row) + "\n")

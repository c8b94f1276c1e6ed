#!/usr/bin/env python3
"""ECB+ fact gold -> the articles to extract and the gold rows score.py reads: GOLD DOCS OUT.

ECB+ texts carry no publication date. Each article is given the page's own stamp: the first full
calendar date written in its first three lines (headline, stamp: "Updated 5/5/2010 1:41 PM",
"Published: Tuesday, Aug. 2 2011", "WEDNESDAY 03 JULY 2013", "11/10/11 02:39 PM ET",
"Last updated 15:48 15/09/2013"), else the latest full date the text writes out, else
2020-01-01 — the anchor the annotators used for weekdays. Event dates are scored only where the
gold gives one (fact_table.py --dates-where-gold), since a relative day can only be resolved
against a real publication date.
Figures about an earlier event told as background are optional: neither a hit nor a miss.
"""
import datetime
import json
import re
import sys

MONTHS = {m: i + 1 for i, m in enumerate(
    "jan feb mar apr may jun jul aug sep oct nov dec".split())}
ORD = r"(?:st|nd|rd|th)?"
# "December 12, 2008", "MAR. 14, 2013", "July 2nd, 2013", "Aug. 2 2011", "November 27-2005"
MDY = re.compile(r"\b([A-Za-z]{3,9})\.? (\d{1,2})" + ORD + r"(?:,? |-)(\d{4})\b")
# "12 Dec 2008", "27 NOVEMBER, 2005", "03 JULY 2013"
DMY = re.compile(r"\b(\d{1,2})" + ORD + r" ([A-Za-z]{3,9})\.?,? (\d{4})\b")
# "5/5/2010", "11/10/11", "15/09/2013" (day first only when the first number cannot be a month)
NUM = re.compile(r"(?<![\d/])(\d{1,2})/(\d{1,2})/(\d{4}|\d{2})(?![\d/])")
# "2013-09-28", "2012. 08. 08"
ISO = re.compile(r"\b(\d{4})(?:-|\. )(\d{2})(?:-|\. )(\d{2})\b")


def dates_in(text):
    """Every full calendar date written in `text`, in text order."""
    found = []
    for m in MDY.finditer(text):
        found.append((m.start(), m.group(3), MONTHS.get(m.group(1)[:3].lower()), m.group(2)))
    for m in DMY.finditer(text):
        found.append((m.start(), m.group(3), MONTHS.get(m.group(2)[:3].lower()), m.group(1)))
    for m in NUM.finditer(text):
        a, b, y = int(m.group(1)), int(m.group(2)), m.group(3)
        y = int(y) + 2000 if len(y) == 2 else int(y)
        month, day = (b, a) if a > 12 else (a, b)
        found.append((m.start(), y, month, day))
    for m in ISO.finditer(text):
        found.append((m.start(), m.group(1), int(m.group(2)), m.group(3)))
    days = []
    for pos, y, month, d in sorted(found, key=lambda f: f[0]):
        try:
            days.append(datetime.date(int(y), month, int(d)))
        except (TypeError, ValueError):
            continue
    return days


def published(text):
    """The page's stamp near its top, else the latest date the text writes out."""
    head = dates_in("\n".join(text.split("\n")[:3]))
    if head:
        return head[0].isoformat()
    days = dates_in(text)
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

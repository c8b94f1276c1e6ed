#!/usr/bin/env python3
"""List event-date and place misses with the sentences that matter, to read errors by pattern.

  date_place_errors.py gva GVA_DIR PRED.jsonl [dates|places] [--limit N] [--seed S]
  date_place_errors.py ecbplus OUT_DIR PRED.jsonl [dates|places] [--limit N]

GVA: the gold is the incident date and city (../shared/tools/gva/README.md). ECB+: OUT_DIR is
where scripts/eval-real.sh wrote ecbplus-gold.score.jsonl and ecbplus-gold-articles.jsonl.
For each miss: the publication date, gold and predicted values, an error class, and the
sentences that name the gold date (its weekday, its month and day, "yesterday", ...) or the
gold place. Prints a count per class last. Reads the texts under /tmp; prints, never stores.
"""
import collections
import datetime
import json
import os
import random
import re
import sys

WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December"]
SENT = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"“])|\n+")
DATEWORD = re.compile(
    r"\b(" + "|".join(WEEKDAYS + MONTHS) + r"|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec"
    r"|yesterday|today|tonight|last night|this morning|last week)\b", re.I)


def sentences(text):
    return [s.strip() for s in SENT.split(text) if s.strip()]


def date_words(d):
    """Ways a text may name the day `d` (ISO)."""
    x = datetime.date.fromisoformat(d)
    mon = MONTHS[x.month - 1]
    return [WEEKDAYS[x.weekday()], f"{mon} {x.day}", f"{mon[:3]}. {x.day}", f"{mon[:3]} {x.day}",
            f"{x.day} {mon}", f"{mon[:4]}. {x.day}"]


def date_class(gold, pred, published):
    if pred is None:
        return "missed"
    if gold is None:
        return "spurious"
    g, p = datetime.date.fromisoformat(gold), datetime.date.fromisoformat(pred)
    if published and p == datetime.date.fromisoformat(published):
        return "wrong: predicted the publication day"
    if abs((g - p).days) % 7 == 0:
        return "wrong: weekday a week off"
    if abs((g - p).days) == 1:
        return "wrong: a day off"
    return "wrong: other date"


def show(text, keys, limit=4, also=None):
    out = []
    for s in sentences(text):
        low = s.lower()
        hit = any(k.lower() in low for k in keys) or (also and also.search(s))
        if hit:
            out.append(s[:300])
        if len(out) >= limit:
            break
    return out


def load(path):
    return [json.loads(l) for l in open(path, encoding="utf-8") if l.strip()]


def main():
    args = sys.argv[1:]
    limit = 40
    seed = 0
    if "--limit" in args:
        i = args.index("--limit")
        limit = int(args[i + 1])
        del args[i:i + 2]
    if "--seed" in args:
        i = args.index("--seed")
        seed = int(args[i + 1])
        del args[i:i + 2]
    kind, data, pred_path = args[:3]
    what = args[3] if len(args) > 3 else "dates"
    pred = {p["id"]: p for p in load(pred_path)}
    rows = []
    if kind == "gva":
        for g in load(os.path.join(data, "gold.jsonl")):
            text = open(os.path.join(data, "docs", g["id"] + ".txt"), encoding="utf-8").read()
            rows.append((g["id"], g["published"], g["incident_date"],
                         [g["city"]] if g.get("city") else [], g.get("state"), text))
    else:
        arts = {a["id"]: a for a in load(os.path.join(data, "ecbplus-gold-articles.jsonl"))}
        for g in load(os.path.join(data, "ecbplus-gold.score.jsonl")):
            a = arts[g["id"]]
            rows.append((g["id"], a["published"], g.get("event_date"), g.get("places") or [],
                         None, a["text"]))
    classes = collections.Counter()
    shown = 0
    rng = random.Random(seed)
    rng.shuffle(rows)
    for rid, published, gdate, gplaces, state, text in rows:
        p = pred.get(rid, {})
        lines = []
        if what == "dates":
            pdate = p.get("event_date")
            if kind == "ecbplus" and gdate is None:
                continue
            if pdate == gdate:
                continue
            c = date_class(gdate, pdate, published)
            classes[c] += 1
            lines.append(f"== {rid} published {published} gold {gdate} "
                         f"({datetime.date.fromisoformat(gdate).strftime('%A') if gdate else '-'}) "
                         f"pred {pdate}: {c}")
            keys = date_words(gdate) if gdate else []
            if pdate:
                keys += date_words(pdate)
            for s in show(text, keys, also=DATEWORD):
                lines.append("   | " + s)
        else:
            pp = p.get("places") or []
            low = [x.lower() for x in pp]
            if kind == "gva":
                city = gplaces[0].lower() if gplaces else ""
                hit = any(city and city in x for x in low)
                wrong = [x for x in pp if not (city and city in x.lower())
                         and x.lower() not in {(state or "").lower()}]
            else:
                gl = [x.lower() for x in gplaces]
                match = lambda a, b: a == b or (len(a) > 2 and (a in b or b in a))
                hit = all(any(match(g, x) for x in low) for g in gl)
                wrong = [x for x in pp if not any(match(g, x.lower()) for g in gl)]
            if hit and not wrong:
                continue
            named = any(g.lower() in text.lower() for g in gplaces)
            c = ("city missed" if not hit else "ok") + (", extra places" if wrong else "")
            if not hit and not named:
                c += " (gold place not in text)"
            classes[c] += 1
            lines.append(f"== {rid} gold {gplaces} {state or ''} pred {pp}: {c}")
            for s in show(text, gplaces + wrong):
                lines.append("   | " + s)
        if shown < limit:
            print("\n".join(lines))
            shown += 1
    print("\n== classes")
    for c, n in classes.most_common():
        print(f"{n:5d}  {c}")


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""List casualty-figure misses on the real-news development sets, grouped by pattern.

    figure_errors.py gva GVA_DIR PRED.jsonl [--kind killed|injured] [--group G] [--limit N]
    figure_errors.py ecbplus GOLD.score.jsonl PRED.jsonl [--limit N]

GVA: per article the prediction of a kind is the largest figure of that kind that is neither a
subset nor superseded (as the GVA scorer reads it), on the articles whose text states the gold
number. Each miss is put in a group: `missed` (nothing predicted), `under`, `over`, with the
rule of the winning figure, and `noise?` when the article states the gold number nowhere near a
casualty word (the incident total the article does not give, most of the time). For each miss it
prints the predicted figures and the sentences holding the gold number.

ECB+: missed and spurious figures per document with their text and rule, grouped by kind.

Reads the data under /tmp; prints to stdout; nothing of the texts is stored.
"""
import argparse
import collections
import json
import os
import re

UNITS = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
         "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen",
         "eighteen", "nineteen"]
TENS = ["", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
CASUALTY = re.compile(r"kill|dead|death|die|shot|shoot|wound|injur|hurt|hospital|victim|fatal|"
                      r"murder|slain|condition|struck|hit", re.I)


def words(n):
    if n < 20:
        return [UNITS[n]]
    t, u = divmod(n, 10)
    return [TENS[t]] if u == 0 else [TENS[t] + "-" + UNITS[u], TENS[t] + " " + UNITS[u]]


def number_re(n):
    pats = [r"(?<![\w.,:/$])" + str(n) + r"(?![\w]|[.,:/]\d)"]
    if n < 100:
        pats += [r"\b" + re.escape(w) + r"\b" for w in words(n)]
    return re.compile("|".join(pats), re.I)


def sentences(text):
    return [s.strip() for s in re.split(r"(?<=[.!?])\s+|\n+", text) if s.strip()]


def load(path):
    return {r["id"]: r for r in (json.loads(l) for l in open(path, encoding="utf-8") if l.strip())}


def main_value(figs, kind):
    vals = [f for f in figs if f["kind"] == kind and not f.get("subset") and not f.get("superseded")]
    return max(vals, key=lambda f: f["value"]) if vals else None


def gva(args):
    gold = [json.loads(l) for l in open(os.path.join(args.data, "gold.jsonl"), encoding="utf-8")]
    pred = load(args.pred)
    groups = collections.defaultdict(list)
    for g in gold:
        kind = args.kind
        gv = g[kind]
        if not (gv > 0 and g.get(kind + "_number_in_text")):
            continue
        figs = pred.get(g["id"], {}).get("figures", [])
        best = main_value(figs, kind)
        pv = best["value"] if best else 0
        if pv == gv:
            continue
        text = open(os.path.join(args.data, "docs", g["id"] + ".txt"), encoding="utf-8").read()
        rx = number_re(gv)
        holding = [s for s in sentences(text) if rx.search(s)]
        near = [s for s in holding if CASUALTY.search(s)]
        if not near:
            group = "noise? (gold number never near a casualty word)"
        elif pv == 0:
            group = "missed"
        elif pv < gv:
            group = f"under ({best['rule'].split(' ')[0]})"
        else:
            group = f"over ({best['rule'].split(' ')[0]})"
        groups[group].append((g, figs, near or holding, pv))
    total = sum(len(v) for v in groups.values())
    print(f"{args.kind}: {total} misses")
    for group, items in sorted(groups.items(), key=lambda kv: -len(kv[1])):
        print(f"  {len(items):5}  {group}")
    for group, items in sorted(groups.items(), key=lambda kv: -len(kv[1])):
        if args.group and args.group not in group:
            continue
        print(f"\n=== {group}: {len(items)}")
        for g, figs, near, pv in items[: args.limit]:
            print(f"\n-- {g['id']} gold {args.kind}={g[args.kind]} (killed {g['killed']}, injured "
                  f"{g['injured']}, suspects k{g['killed_suspects']}/i{g['injured_suspects']}) "
                  f"pred={pv}")
            for f in figs:
                flags = (" subset=" + f["subset"] if f.get("subset") else "") + (
                    " superseded" if f.get("superseded") else "")
                print(f"   fig {f['kind']} {f['value']}{flags} «{f['text']}» [{f['rule']}]")
            for s in near[:4]:
                print(f"   | {s[:300]}")


def ecbplus(args):
    gold = load(args.data)
    pred = load(args.pred)
    groups = collections.defaultdict(list)
    for gid, g in gold.items():
        gf = g.get("figures", [])
        pf = pred.get(gid, {}).get("figures", [])
        used, hit = set(), set()
        order = sorted(range(len(gf)), key=lambda i: bool(gf[i].get("optional")))
        for gi in order:
            x = gf[gi]
            for pi, p in enumerate(pf):
                if pi in used or p["kind"] != x["kind"] or p["value"] != x["value"]:
                    continue
                if not x.get("optional") and (p.get("subset") is None) != (x.get("subset") is None):
                    continue
                used.add(pi)
                hit.add(gi)
                break
        for gi, x in enumerate(gf):
            if gi not in hit and not x.get("optional"):
                sub = " subset" if x.get("subset") else ""
                groups[f"missed {x['kind']}{sub}"].append((gid, x, pf))
        for pi, p in enumerate(pf):
            if pi not in used:
                sub = " subset" if p.get("subset") else ""
                groups[f"spurious {p['kind']}{sub}"].append((gid, p, gf))
    for group, items in sorted(groups.items(), key=lambda kv: -len(kv[1])):
        print(f"  {len(items):5}  {group}")
    for group, items in sorted(groups.items(), key=lambda kv: -len(kv[1])):
        print(f"\n=== {group}: {len(items)}")
        for gid, x, other in items[: args.limit]:
            desc = f"{x['kind']} {x['value']} subset={x.get('subset')} sup={x.get('superseded')}"
            extra = f" «{x['text']}» [{x['rule']}]" if "text" in x else ""
            print(f"-- {gid}: {desc}{extra}")
            for o in other:
                oe = f" «{o['text']}»" if "text" in o else (" optional" if o.get("optional") else "")
                print(f"     other: {o['kind']} {o['value']} subset={o.get('subset')}{oe}")


if __name__ == "__main__":
    ap = argparse.ArgumentParser()
    ap.add_argument("set", choices=["gva", "ecbplus"])
    ap.add_argument("data")
    ap.add_argument("pred")
    ap.add_argument("--kind", default="killed", choices=["killed", "injured"])
    ap.add_argument("--group")
    ap.add_argument("--limit", type=int, default=40)
    a = ap.parse_args()
    gva(a) if a.set == "gva" else ecbplus(a)

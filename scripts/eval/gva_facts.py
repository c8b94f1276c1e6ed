#!/usr/bin/env python3
"""Event dates and places on the GVA development half: GVA_DIR PRED.jsonl.

The gold is the incident's date and city (GVA's, not an annotation of the article). Event date:
a predicted date is right when it is the incident date; P over articles with a predicted date,
R over all articles. Places: R is the share of articles whose predicted places name the incident's
city; P is the share of predicted places that are the city, its state (full name or postal code)
or a place whose name contains the city (a county is not). Follow-ups published long after the
incident rarely restate its date, so R has a ceiling well below 1.
"""
import json
import os
import sys

STATES = {
    "AL": "Alabama", "AK": "Alaska", "AZ": "Arizona", "AR": "Arkansas", "CA": "California",
    "CO": "Colorado", "CT": "Connecticut", "DE": "Delaware", "FL": "Florida", "GA": "Georgia",
    "HI": "Hawaii", "ID": "Idaho", "IL": "Illinois", "IN": "Indiana", "IA": "Iowa", "KS": "Kansas",
    "KY": "Kentucky", "LA": "Louisiana", "ME": "Maine", "MD": "Maryland", "MA": "Massachusetts",
    "MI": "Michigan", "MN": "Minnesota", "MS": "Mississippi", "MO": "Missouri", "MT": "Montana",
    "NE": "Nebraska", "NV": "Nevada", "NH": "New Hampshire", "NJ": "New Jersey",
    "NM": "New Mexico", "NY": "New York", "NC": "North Carolina", "ND": "North Dakota",
    "OH": "Ohio", "OK": "Oklahoma", "OR": "Oregon", "PA": "Pennsylvania", "RI": "Rhode Island",
    "SC": "South Carolina", "SD": "South Dakota", "TN": "Tennessee", "TX": "Texas", "UT": "Utah",
    "VT": "Vermont", "VA": "Virginia", "WA": "Washington", "WV": "West Virginia",
    "WI": "Wisconsin", "WY": "Wyoming", "DC": "District of Columbia",
}


def prf(tp_p, n_pred, tp_r, n_gold):
    p = tp_p / n_pred if n_pred else 0.0
    r = tp_r / n_gold if n_gold else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def main(gva_dir, pred_path):
    gold = [json.loads(l) for l in open(os.path.join(gva_dir, "gold.jsonl"), encoding="utf-8")]
    pred = {}
    for line in open(pred_path, encoding="utf-8"):
        if line.strip():
            p = json.loads(line)
            pred[p["id"]] = p
    date_ok = date_pred = 0
    city_hit = place_ok = place_pred = 0
    for g in gold:
        p = pred.get(g["id"], {})
        if p.get("event_date"):
            date_pred += 1
            date_ok += p["event_date"] == g["incident_date"]
        city = (g.get("city") or "").lower()
        state = g.get("state") or ""
        state_names = {state.lower(), STATES.get(state, state).lower()}
        places = [x.lower() for x in p.get("places") or []]
        city_hit += any(city and (x == city or city in x) for x in places)
        place_pred += len(places)
        place_ok += sum(1 for x in places if (city and city in x) or x in state_names)
    n = len(gold)
    d = prf(date_ok, date_pred, date_ok, n)
    pl = prf(place_ok, place_pred, city_hit, n)
    print(f"gva event date P/R/F1\t{d[0]:.3f} / {d[1]:.3f} / {d[2]:.3f}")
    print(f"gva places (city) P/R/F1\t{pl[0]:.3f} / {pl[1]:.3f} / {pl[2]:.3f}")


if __name__ == "__main__":
    main(*sys.argv[1:3])

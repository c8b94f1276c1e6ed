//! Places: where the article's event happened.
//!
//! The gazetteer (`data/places.tsv`, built by `tools/gazetteer/convert.py` from GeoNames data,
//! CC BY 4.0, see `data/PLACES-LICENSE.md`) holds countries, regions and cities of 15,000+
//! people. Names are matched case-sensitively as whole words (Aho-Corasick, leftmost-longest);
//! names that are usually English words or person names are skipped or accepted only after a
//! locative preposition (`data/places-stoplist.txt`). An ambiguous name is the country, else a
//! city of 500,000+, else a region, else the most populous city.
//!
//! Each mention is weighted by its context: after "in", "at", "near", "outside", "across", "on
//! the outskirts of", or before a venue word ("a Moscow concert hall") it locates the event;
//! after "from", "to", "towards", "citizens of", or as a distance reference ("50 km north of")
//! it does not; a name followed by a capitalised word is part of another name ("US Embassy");
//! a name followed by "said"/"denied" is a government (metonymy). Lead sentences weigh more.
//! A country is dropped when a chosen city lies in it and the text never locates the event in
//! the country itself.

use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;

use aho_corasick::{AhoCorasick, MatchKind};
use factline_model::CleanText;

/// At most this many places per article.
const MAX_PLACES: usize = 5;

/// What a place is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PlaceKind {
    Country,
    Region,
    City,
}

/// One gazetteer entry.
#[derive(Debug, Clone)]
pub struct Place {
    pub name: &'static str,
    pub kind: PlaceKind,
    /// ISO 3166 alpha-2 code ("" when none).
    pub country: &'static str,
    pub population: u64,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Stop {
    None,
    Soft,
    Hard,
}

struct Inner {
    places: Vec<Place>,
    ac: AhoCorasick,
    /// Per pattern: the place it names, how restricted the name is, and whether it is only
    /// an alternate name of that place.
    pattern_place: Vec<(u32, Stop, bool)>,
    /// Exact name → place (for datelines).
    by_name: HashMap<&'static str, u32>,
}

static PLACES_TSV: &str = include_str!("../data/places.tsv");
static STOPLIST: &str = include_str!("../data/places-stoplist.txt");

static BUNDLED: LazyLock<Inner> = LazyLock::new(|| Inner::build(PLACES_TSV, STOPLIST));

/// A gazetteer of countries, regions and cities.
pub struct Gazetteer {
    inner: &'static Inner,
}

fn rank(p: &Place) -> (u8, std::cmp::Reverse<u64>) {
    let r = match p.kind {
        PlaceKind::Country => 0,
        PlaceKind::City if p.population >= 500_000 => 1,
        PlaceKind::Region => 2,
        PlaceKind::City => 3,
    };
    (r, std::cmp::Reverse(p.population))
}

impl Inner {
    fn build(tsv: &'static str, stoplist: &'static str) -> Inner {
        let mut soft: Vec<&str> = Vec::new();
        let mut hard: Vec<&str> = Vec::new();
        for line in stoplist.lines().filter(|l| !l.starts_with('#')) {
            match line.split_once('\t') {
                Some(("soft", n)) => soft.push(n.trim()),
                Some(("hard", n)) => hard.push(n.trim()),
                _ => {}
            }
        }
        let mut places = Vec::new();
        // surface form → (place, is an alternate name)
        let mut best: HashMap<&'static str, (u32, bool)> = HashMap::new();
        for line in tsv.lines() {
            if line.starts_with('#') || line.is_empty() {
                continue;
            }
            let cols: Vec<&'static str> = line.split('\t').collect();
            if cols.len() < 4 {
                continue;
            }
            let kind = match cols[1] {
                "country" => PlaceKind::Country,
                "region" => PlaceKind::Region,
                _ => PlaceKind::City,
            };
            let idx = places.len() as u32;
            places.push(Place {
                name: cols[0],
                kind,
                country: cols[2],
                population: cols[3].parse().unwrap_or(0),
            });
            let alts = cols.get(4).copied().unwrap_or("");
            let names = std::iter::once((cols[0], false))
                .chain(alts.split('|').filter(|a| !a.is_empty()).map(|a| (a, true)));
            for (name, alt) in names {
                if !name.chars().next().is_some_and(char::is_uppercase) {
                    continue;
                }
                let better = match best.get(name) {
                    None => true,
                    Some(&(cur, cur_alt)) => {
                        let (a, b) = (&places[idx as usize], &places[cur as usize]);
                        (rank(a), alt) < (rank(b), cur_alt)
                    }
                };
                if better {
                    best.insert(name, (idx, alt));
                }
            }
        }
        let mut pats: Vec<&'static str> = Vec::with_capacity(best.len());
        let mut pattern_place = Vec::with_capacity(best.len());
        let mut by_name = HashMap::new();
        let mut entries: Vec<(&'static str, u32, bool)> =
            best.into_iter().map(|(k, (v, alt))| (k, v, alt)).collect();
        entries.sort_unstable();
        for (name, idx, alt) in entries {
            let stop = if soft.contains(&name) {
                Stop::Soft
            } else if hard.contains(&name) {
                Stop::Hard
            } else {
                Stop::None
            };
            if stop == Stop::Hard {
                continue;
            }
            pats.push(name);
            pattern_place.push((idx, stop, alt));
            by_name.insert(name, idx);
        }
        let ac = AhoCorasick::builder()
            .match_kind(MatchKind::LeftmostLongest)
            .build(&pats)
            .expect("gazetteer patterns");
        Inner {
            places,
            ac,
            pattern_place,
            by_name,
        }
    }
}

/// Prepositions and verbs that put the event at the place that follows.
const LOCATIVE: &[&str] = &[
    "in",
    "at",
    "near",
    "outside",
    "across",
    "throughout",
    "inside",
    "around",
    "hit",
    "struck",
    "rocked",
    "targeted",
    "targeting",
    "shook",
    "devastated",
    "pounded",
    "shelled",
    "bombed",
    "stormed",
    "attacked",
    "besieged",
    "flooded",
];
/// Locatives that also license a "soft" stoplisted name ("in Reading").
const STRICT_LOCATIVE: &[&str] = &[
    "in",
    "near",
    "outside",
    "at",
    "across",
    "around",
    "throughout",
    "inside",
];
/// After these the place is an origin, destination or partner, not the scene.
const AWAY: &[&str] = &[
    "from", "to", "towards", "toward", "with", "against", "for", "by", "into", "via", "than",
    "between", "like", "visit", "visited", "flee", "fled", "fleeing", "returned",
];
/// Nouns that make "X of <place>" the scene ("the outskirts of Moscow").
const SCENE_OF: &[&str] = &[
    "outskirts",
    "suburbs",
    "suburb",
    "centre",
    "center",
    "heart",
    "streets",
    "part",
    "parts",
    "area",
    "areas",
    "region",
    "province",
    "district",
    "city",
    "town",
    "village",
    "capital",
    "county",
    "residents",
    "outside",
    "edge",
    "west",
    "east",
    "north",
    "south",
    "downtown",
    "people",
];
/// Nouns that make "X of/in <place>" a reference elsewhere ("citizens of Tajikistan").
const ORIGIN_OF: &[&str] = &[
    "citizens",
    "citizen",
    "nationals",
    "national",
    "native",
    "natives",
    "government",
    "president",
    "leader",
    "leaders",
    "embassy",
    "ambassador",
    "involvement",
    "war",
    "conflict",
    "troops",
    "presence",
    "operations",
    "interests",
    "people's",
    "history",
    "king",
    "queen",
    "minister",
    "ministry",
    "representative",
    "envoy",
    "allies",
    "ally",
    "support",
    "intervention",
    "invasion",
    "consulate",
];
/// Event and venue nouns after an adjectival place ("a Moscow concert hall").
const VENUE: &[&str] = &[
    "concert",
    "attack",
    "attacks",
    "bombing",
    "shooting",
    "hospital",
    "market",
    "mosque",
    "church",
    "synagogue",
    "school",
    "airport",
    "station",
    "hotel",
    "mall",
    "theatre",
    "theater",
    "suburb",
    "region",
    "province",
    "district",
    "area",
    "metro",
    "subway",
    "quake",
    "earthquake",
    "explosion",
    "blast",
    "fire",
    "floods",
    "flooding",
    "massacre",
    "hall",
    "stadium",
    "venue",
    "neighbourhood",
    "neighborhood",
    "street",
    "square",
    "port",
    "harbour",
    "harbor",
    "factory",
    "plant",
    "mine",
    "prison",
    "camp",
    "building",
    "tower",
    "office",
    "offices",
    "restaurant",
    "cafe",
    "nightclub",
    "club",
    "bus",
    "train",
    "resort",
    "beach",
    "village",
    "town",
    "city",
    "hotel",
    "shopping",
    "crash",
    "collapse",
    "landslide",
    "storm",
];
/// A place followed by one of these (optionally after an adverb) is a government speaking.
const SPEECH_VERBS: &[&str] = &[
    "said",
    "says",
    "denied",
    "denies",
    "accused",
    "accuses",
    "blamed",
    "blames",
    "claimed",
    "claims",
    "condemned",
    "condemns",
    "announced",
    "warned",
    "insisted",
    "rejected",
    "dismissed",
    "responded",
    "vowed",
    "stated",
    "confirmed",
    "reported",
    "urged",
    "called",
    "demanded",
    "threatened",
    "retaliated",
    "sent",
    "offered",
    "expressed",
    "shared",
    "navigates",
    "has",
    "had",
    "have",
    "is",
    "was",
    "will",
    "would",
];
/// Capitalised words after a place that keep it a place ("Gaza City", "Moscow Oblast").
const PLACE_SUFFIX: &[&str] = &[
    "City",
    "Province",
    "Region",
    "Oblast",
    "County",
    "District",
    "Governorate",
    "Prefecture",
    "State",
];
/// Capitalised words before a place that keep it a place ("Northern Gaza", "Greater London").
const PLACE_PREFIX: &[&str] = &[
    "Northern",
    "Southern",
    "Eastern",
    "Western",
    "Central",
    "North",
    "South",
    "East",
    "West",
    "Greater",
    "Upper",
    "Lower",
    "Downtown",
    "Metropolitan",
    "Old",
    "Occupied",
];

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric()
}

/// Up to `n` words before byte `pos` in `s`, nearest first, with whether punctuation (other
/// than an apostrophe or hyphen) separates each from what follows it.
fn words_before(s: &str, pos: usize, n: usize) -> Vec<(&str, bool)> {
    let mut out = Vec::new();
    let mut end = pos;
    let mut punct = false;
    while out.len() < n {
        let before = &s[..end];
        let Some((i, c)) = before.char_indices().next_back() else {
            break;
        };
        if c.is_whitespace() {
            end = i;
            continue;
        }
        if !is_word_char(c) && c != '\'' && c != '’' && c != '-' {
            punct = true;
            end = i;
            continue;
        }
        let start = before
            .char_indices()
            .rev()
            .find(|&(_, ch)| !(is_word_char(ch) || ch == '\'' || ch == '’' || ch == '-'))
            .map_or(0, |(k, ch)| k + ch.len_utf8());
        out.push((&s[start..end], punct));
        punct = false;
        end = start;
    }
    out
}

/// Up to `n` words after byte `pos`, with whether punctuation comes before each.
fn words_after(s: &str, pos: usize, n: usize) -> Vec<(&str, bool)> {
    let mut out = Vec::new();
    let mut start = pos;
    let mut punct = false;
    while out.len() < n {
        let rest = &s[start..];
        let Some(c) = rest.chars().next() else { break };
        if c.is_whitespace() {
            start += c.len_utf8();
            continue;
        }
        if !is_word_char(c) {
            punct = true;
            start += c.len_utf8();
            continue;
        }
        let len = rest
            .char_indices()
            .find(|&(_, ch)| !(is_word_char(ch) || ch == '\'' || ch == '’' || ch == '-'))
            .map_or(rest.len(), |(k, _)| k);
        out.push((&rest[..len], punct));
        punct = false;
        start += len;
    }
    out
}

fn lower_is(w: &str, list: &[&str]) -> bool {
    list.iter().any(|x| w.eq_ignore_ascii_case(x))
}

fn strip_poss(w: &str) -> &str {
    w.strip_suffix("'s")
        .or_else(|| w.strip_suffix("’s"))
        .unwrap_or(w)
}

/// Skippable words between a governing word and the place ("in the northern city of").
const SKIP_BEFORE: &[&str] = &[
    "the",
    "a",
    "an",
    "northern",
    "southern",
    "eastern",
    "western",
    "central",
    "north",
    "south",
    "east",
    "west",
    "north-eastern",
    "north-western",
    "south-eastern",
    "south-western",
    "northeastern",
    "northwestern",
    "southeastern",
    "southwestern",
    "rural",
    "suburban",
    "downtown",
    "nearby",
    "neighbouring",
    "neighboring",
    "coastal",
    "just",
    "occupied",
    "besieged",
    "war-torn",
    "city",
    "town",
    "village",
    "province",
    "region",
    "state",
    "capital",
];

#[derive(Default, Clone)]
struct Score {
    total: f64,
    first: usize,
    in_lead: bool,
    locative: bool,
    /// Named at least once by its own name, not only by an alternate spelling.
    primary: bool,
}

impl Gazetteer {
    /// The gazetteer bundled with factline (compiled once per process).
    pub fn bundled() -> Self {
        Gazetteer { inner: &BUNDLED }
    }

    /// Number of places in the gazetteer.
    pub fn len(&self) -> usize {
        self.inner.places.len()
    }

    /// Is the gazetteer empty?
    pub fn is_empty(&self) -> bool {
        self.inner.places.is_empty()
    }

    /// The place a name denotes (exact, case-sensitive), after ambiguity resolution.
    pub fn lookup(&self, name: &str) -> Option<&Place> {
        self.inner
            .by_name
            .get(name)
            .map(|&i| &self.inner.places[i as usize])
    }

    /// Places the text names as where the event happened, most prominent first.
    pub fn event_places(&self, text: &CleanText) -> Vec<String> {
        let inner = self.inner;
        let body = text.body.as_str();
        let mut scores: HashMap<u32, Score> = HashMap::new();
        let mut add = |idx: u32, w: f64, pos: usize, lead: bool, loc: bool, primary: bool| {
            let e = scores.entry(idx).or_insert_with(|| Score {
                first: pos,
                ..Score::default()
            });
            e.primary |= primary;
            e.total += w;
            e.in_lead |= lead;
            e.locative |= loc;
        };
        // Dateline: "MOSCOW (Reuters) —", "KYIV, Ukraine —".
        if let Some((idx, end)) = self.dateline(body) {
            add(idx, 0.5, end, false, false, true);
        }
        for m in inner.ac.find_iter(body) {
            let (s, e) = (m.start(), m.end());
            let (idx, stop, alt) = inner.pattern_place[m.pattern().as_usize()];
            // Whole words only.
            if body[..s]
                .chars()
                .next_back()
                .is_some_and(|c| is_word_char(c) || c == '-')
            {
                continue;
            }
            let mut rest = body[e..].chars();
            match rest.next() {
                Some(c) if is_word_char(c) => continue,
                Some('-') if rest.next().is_some_and(is_word_char) => continue,
                _ => {}
            }
            let si = text.sentence_of(s).unwrap_or(usize::MAX);
            let sent_start = text.sentences.get(si).map_or(0, |x| x.start);
            let matched = &body[s..e];
            let w = mention_weight(body, sent_start, s, e, matched, stop);
            if w <= 0.0 {
                continue;
            }
            let pos_w = match si {
                0 => 3.0,
                1 | 2 => 2.0,
                3..=5 => 1.25,
                _ => 1.0,
            };
            add(idx, w * pos_w, s, si <= 1, w >= 2.0, !alt);
        }
        // A small place named only by an alternate spelling ("Sinja" for Singa, Sudan) is kept
        // only when the text also names something else in its country.
        let named_countries: HashSet<&str> = scores
            .iter()
            .filter(|(_, sc)| sc.primary)
            .map(|(i, _)| inner.places[*i as usize].country)
            .collect();
        scores.retain(|i, sc| {
            let p = &inner.places[*i as usize];
            sc.primary || p.population >= 1_000_000 || named_countries.contains(p.country)
        });
        if scores.is_empty() {
            return Vec::new();
        }
        let top = scores.values().map(|s| s.total).fold(0.0, f64::max);
        let mut chosen: Vec<(u32, Score)> = scores
            .into_iter()
            .filter(|(_, s)| s.total >= 2.0 && (s.total >= 0.25 * top || s.locative && s.in_lead))
            .collect();
        // A country containing a chosen city or region stays only when the text locates the
        // event in the country itself ("across Russia").
        let inner_codes: Vec<&str> = chosen
            .iter()
            .map(|(i, _)| &inner.places[*i as usize])
            .filter(|p| p.kind != PlaceKind::Country)
            .map(|p| p.country)
            .collect();
        chosen.retain(|(i, s)| {
            let p = &inner.places[*i as usize];
            p.kind != PlaceKind::Country || s.locative || !inner_codes.contains(&p.country)
        });
        // Lead places first, the most specific first among them: city, region, country, and
        // the smaller of two cities ("Krasnogorsk" before "Moscow").
        let spec = |i: u32| match inner.places[i as usize].kind {
            PlaceKind::City => 0,
            PlaceKind::Region => 1,
            PlaceKind::Country => 2,
        };
        chosen.sort_by(|a, b| {
            b.1.in_lead
                .cmp(&a.1.in_lead)
                .then(spec(a.0).cmp(&spec(b.0)))
                .then_with(|| {
                    if a.1.in_lead && b.1.in_lead {
                        let pop = |i: u32| inner.places[i as usize].population;
                        pop(a.0).cmp(&pop(b.0))
                    } else {
                        std::cmp::Ordering::Equal
                    }
                })
                .then(b.1.total.total_cmp(&a.1.total))
                .then(a.1.first.cmp(&b.1.first))
        });
        chosen
            .into_iter()
            .take(MAX_PLACES)
            .map(|(i, _)| inner.places[i as usize].name.to_string())
            .collect()
    }

    fn dateline(&self, body: &str) -> Option<(u32, usize)> {
        let head = body.get(..body.len().min(60))?;
        let end = head
            .find([',', '(', '—', '–'])
            .or_else(|| head.find(" - "))?;
        let cand = head[..end].trim();
        if cand.len() < 3
            || !cand
                .chars()
                .all(|c| c.is_uppercase() || c == ' ' || c == '-')
        {
            return None;
        }
        // MOSCOW → Moscow, NEW YORK → New York
        let mut title = String::with_capacity(cand.len());
        let mut start = true;
        for c in cand.chars() {
            if start {
                title.push(c);
            } else {
                title.extend(c.to_lowercase());
            }
            start = c == ' ' || c == '-';
        }
        let &idx = self.inner.by_name.get(title.as_str())?;
        Some((idx, end))
    }
}

/// The weight of one gazetteer match at `body[s..e]` in its context (0 = not a place here).
fn mention_weight(
    body: &str,
    sent_start: usize,
    s: usize,
    e: usize,
    matched: &str,
    stop: Stop,
) -> f64 {
    let prev = words_before(&body[sent_start.min(s)..], s - sent_start.min(s), 4);
    let next = words_after(body, e, 2);
    let at_sentence_start = prev.is_empty();
    let possessive = body[e..].starts_with("'s") || body[e..].starts_with("’s");
    // Abbreviations ("US", "U.K.") only as clear locations: "in the US".
    let abbrev = matched
        .chars()
        .filter(|c| c.is_alphabetic())
        .all(char::is_uppercase);

    // Part of a longer name: "US Embassy", "Michael Jackson", "Moscow State University".
    if let Some(&(nw, false)) = next.first() {
        let cap = nw.chars().next().is_some_and(char::is_uppercase);
        if cap && !possessive && !PLACE_SUFFIX.contains(&nw) {
            return 0.0;
        }
    }
    if let Some(&(pw, false)) = prev.first() {
        let cap = pw.chars().next().is_some_and(char::is_uppercase);
        if cap && prev.len() > 1 && !PLACE_PREFIX.contains(&pw) {
            return 0.0;
        }
    }
    // Metonymy: "Kyiv vehemently denies", "Moscow said".
    if let Some(&(nw, false)) = next.first() {
        let verb = if nw.ends_with("ly") && nw.len() > 4 {
            next.get(1).map_or("", |x| x.0)
        } else {
            nw
        };
        if lower_is(verb, SPEECH_VERBS) && !possessive {
            return 0.0;
        }
    }
    // The governing word: skip determiners, adjectives and place-type words.
    let mut gov: Option<&str> = None;
    let mut after_gov: Option<&str> = None;
    for (k, &(w, punct)) in prev.iter().enumerate() {
        if punct {
            break; // punctuation between: the name opens a phrase
        }
        let before = prev.get(k + 1).filter(|x| !x.1).map(|x| x.0);
        if w.eq_ignore_ascii_case("of") || !lower_is(w, SKIP_BEFORE) {
            gov = Some(w);
            after_gov = before;
            break;
        }
    }
    let gov_l = gov.map(str::to_ascii_lowercase);
    let g = gov_l.as_deref().unwrap_or("");
    let strict = lower_is(g, STRICT_LOCATIVE);
    let licensed = strict && !at_sentence_start;
    if (stop == Stop::Soft || abbrev) && !licensed {
        return 0.0;
    }
    let mut w: f64 = if gov.is_none() {
        1.0
    } else if lower_is(g, LOCATIVE) {
        // "embassy in Moscow", "involvement in Ukraine"
        if after_gov.is_some_and(|a| lower_is(strip_poss(a), ORIGIN_OF)) {
            0.2
        } else {
            2.0
        }
    } else if g == "of" {
        let noun = after_gov.map(strip_poss).unwrap_or("");
        if lower_is(noun, SCENE_OF) {
            // "50 km north of Kabul" is a distance reference.
            let dist = prev
                .iter()
                .any(|(x, _)| lower_is(x, &["km", "kilometres", "kilometers", "miles", "mi"]));
            if dist { 0.3 } else { 2.0 }
        } else if lower_is(noun, ORIGIN_OF) {
            0.2
        } else {
            0.7
        }
    } else if g == "on" {
        // "attack on Kharkiv", "strike on Gaza"
        if after_gov.is_some_and(|a| lower_is(strip_poss(a), VENUE)) {
            2.0
        } else {
            0.7
        }
    } else if lower_is(g, AWAY) || g == "route" {
        0.2
    } else {
        1.0
    };
    if possessive {
        w = w.min(0.5);
    } else if let Some(&(nw, false)) = next.first() {
        // Adjectival: "a Moscow concert hall".
        if lower_is(nw, VENUE) {
            w = w.max(2.0);
        }
    }
    w
}

#[cfg(test)]
mod tests {
    use super::*;
    use factline_model::Span;

    fn places(s: &str) -> Vec<String> {
        let t = CleanText {
            body: s.to_string(),
            sentences: vec![Span::new(0, s.len())],
        };
        Gazetteer::bundled().event_places(&t)
    }

    #[test]
    fn ambiguity_prefers_country_then_big_city() {
        let g = Gazetteer::bundled();
        assert_eq!(g.lookup("Moscow").unwrap().country, "RU");
        assert_eq!(g.lookup("Georgia").unwrap().kind, PlaceKind::Country);
        assert_eq!(g.lookup("Kiev").unwrap().name, "Kyiv");
        assert!(g.lookup("Of").is_none());
        assert!(g.len() > 30_000);
    }

    #[test]
    fn scene_not_origin() {
        let v = places(
            "Gunmen attacked a concert hall in Krasnogorsk, just outside Moscow, and the suspects, citizens of Tajikistan, fled towards Ukraine.",
        );
        assert_eq!(v, vec!["Krasnogorsk", "Moscow"]);
    }
}

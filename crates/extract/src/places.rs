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
//! the country itself. Places of treatment, statements, arrests and journeys' ends ("the
//! hospital in X", "a medical center in X", "told reporters in X", "arrested at a flat in X",
//! "moved to tents in X"), the city a county is named after ("Berkeley County") and news
//! agencies after a dateline ("March 14 (Meridian)") are not the scene. A dateline (at the
//! start of the text or after its headline) weighs little, unless it names its state or
//! country too ("CLIFTON, Colo. -"): local news placing its own story. So does a city's
//! police at work ("Memphis Police Department", "Houston police said").
//!
//! Places too small for the gazetteer are taken where the text itself marks them as places:
//! a place noun ("Jumla district", "Tila rural municipality", "the towns of Bulo Burte and
//! Jowhar", "Chala, a fishing town"), a name suffix ("Karnali Province", "the Sibuyan Sea"), a
//! locative before a bare name ("near Atico"), or a venue ("at Crocus City Hall").

use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;

use aho_corasick::{AhoCorasick, MatchKind};
use factline_model::CleanText;

use crate::claims::entities::TABLE;
use crate::tokens::{Token, TokenKind};

/// At most this many places per article.
const MAX_PLACES: usize = 5;

/// A dateline is looked for at the start of this many sentences (a headline may come first).
const DATELINE_SENTENCES: usize = 3;
/// What the place of a dateline that also names its state or country weighs (a bare one
/// weighs 0.5: wire datelines are often where the reporter sits).
const LOCAL_DATELINE_WEIGHT: f64 = 2.0;

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
    "between", "like", "visit", "visited", "flee", "fled", "fleeing", "returned", "left",
    "departed", "leaving", "bound",
];
/// Before "in <place>", these put the place elsewhere than the event: where the wounded were
/// treated or died, where someone spoke, what was built or is based there ("the hospital in
/// Camaná where they died", "told reporters in Manila", "built in Japan").
const ELSEWHERE_IN: &[&str] = &[
    "office",
    "offices",
    "headquarters",
    "hospital",
    "hospitals",
    "morgue",
    "clinic",
    "clinics",
    "conference",
    "reporters",
    "journalists",
    "university",
    "built",
    "made",
    "manufactured",
    "based",
    "headquartered",
    "registered",
    "listed",
    "born",
    "upstream",
    "downstream",
];
/// Before such a noun, these make it the scene after all ("an airstrike on a hospital in Gaza").
const SCENE_VERBS: &[&str] = &[
    "on",
    "hit",
    "struck",
    "attacked",
    "bombed",
    "shelled",
    "stormed",
    "raided",
    "targeted",
    "targeting",
];

/// Do the words before "in <place>" (nearest first, "in" included) put the place elsewhere?
fn elsewhere_before(prev: &[(&str, bool)]) -> bool {
    let Some(k) = prev.iter().position(|(w, _)| lower_is(w, LOCATIVE)) else {
        return false;
    };
    let Some(&(noun, false)) = prev.get(k + 1) else {
        return false;
    };
    if !lower_is(strip_poss(noun), ELSEWHERE_IN) && !care_centre(noun, prev.get(k + 2).map(|x| x.0))
    {
        return false;
    }
    !prev[k + 2..]
        .iter()
        .take(3)
        .any(|(w, _)| lower_is(w, SCENE_VERBS))
}
/// "Loyola University Medical Center", "a trauma centre": a place of treatment, as a hospital.
fn care_centre(noun: &str, before: Option<&str>) -> bool {
    lower_is(noun, &["center", "centre"])
        && before.is_some_and(|a| lower_is(a, &["medical", "trauma", "health", "burn"]))
}

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
/// Compass points before "side": "the north side of".
const COMPASS: &[&str] = &[
    "north",
    "south",
    "east",
    "west",
    "northeast",
    "northwest",
    "southeast",
    "southwest",
    "far",
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
    "delegation",
];
/// Event and venue nouns after an adjectival place ("a Moscow concert hall").
const VENUE: &[&str] = &[
    "concert",
    "attack",
    "attacks",
    "bombing",
    "shooting",
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

/// Is `plain` `name` with its accented letters written as plain ASCII ones ("Indapur",
/// "Indāpur")? Letter for letter, so another spelling ("Sinja" for Singa) is not.
fn same_but_diacritics(name: &str, plain: &str) -> bool {
    name.chars().count() == plain.chars().count()
        && name
            .chars()
            .zip(plain.chars())
            .all(|(a, b)| a == b || !a.is_ascii() && b.is_ascii_alphabetic())
}

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
    "northeast",
    "northwest",
    "southeast",
    "southwest",
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

/// A place chosen or not: a gazetteer entry or a name the text itself marks as a place.
struct Cand {
    name: String,
    kind: PlaceKind,
    country: &'static str,
    population: u64,
    score: Score,
}

#[derive(Default, Clone)]
struct Score {
    total: f64,
    first: usize,
    in_lead: bool,
    locative: bool,
    /// Named at least once by its own name, not only by an alternate spelling.
    primary: bool,
    /// Marked as a place by the text itself ("Jumla district", "near Atico").
    cue: bool,
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
        self.locate(text)
            .into_iter()
            .map(|(name, _)| name)
            .collect()
    }

    /// [`Gazetteer::event_places`], each with whether it is local: a place too small for
    /// the gazetteer that the text itself marks as a place (a district, village or venue:
    /// "the Rosengård district of Malmö", "at Crocus City Hall").
    pub fn locate(&self, text: &CleanText) -> Vec<(String, bool)> {
        self.locate_in(&crate::analysis::Analysis::new(text))
    }

    /// [`Gazetteer::locate`] over an analysis the other extractors share.
    pub fn locate_in(&self, an: &crate::analysis::Analysis) -> Vec<(String, bool)> {
        let text = an.text;
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
        // Dateline: "MOSCOW (Reuters) —", "KYIV, Ukraine —", at the start of the text or,
        // after a headline, of one of its first sentences.
        let dateline = text
            .sentences
            .iter()
            .take(DATELINE_SENTENCES)
            .filter(|sp| text.holds(**sp))
            .find_map(|sp| {
                self.dateline(&body[sp.start..])
                    .map(|(idx, end, q)| (idx, sp.start + end, q))
            });
        if let Some((idx, end, qualified)) = dateline {
            let w = if qualified {
                LOCAL_DATELINE_WEIGHT
            } else {
                0.5
            };
            add(idx, w, end, false, false, true);
        }
        let mut last: Option<(usize, f64, &str)> = None;
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
            let mut w = mention_weight(body, sent_start, s, e, matched, stop);
            // A list item weighs what the first item of the list weighs: "in hospitals in
            // Katowice, Sosnowiec and Częstochowa", "researchers from Ecuador and Spain".
            // Not an apposition: "Kharkiv, Ukraine's second city", "Kharkiv, Ukraine".
            let place = &inner.places[idx as usize];
            if let Some((prev_end, prev_w, prev_country)) = last
                && prev_end <= s
                && matches!(
                    body[prev_end..s].trim(),
                    "," | "and" | "or" | ", and" | ", or"
                )
                && w > 0.0
                && !body[e..].starts_with("'s")
                && !body[e..].starts_with("’s")
                && !(place.kind == PlaceKind::Country && place.country == prev_country)
            {
                w = prev_w;
            }
            if w <= 0.0 {
                last = None;
                continue;
            }
            last = Some((e, w, place.country));
            add(idx, w * position_weight(si), s, si <= 1, w >= 2.0, !alt);
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
        let mut cands: Vec<Cand> = scores
            .into_iter()
            .map(|(i, score)| {
                let p = &inner.places[i as usize];
                Cand {
                    name: p.name.to_string(),
                    kind: p.kind,
                    country: p.country,
                    population: p.population,
                    score,
                }
            })
            .collect();
        for c in self.cue_places(an) {
            match cands.iter_mut().find(|x| x.name == c.name) {
                Some(x) => {
                    x.score.total += c.score.total;
                    x.score.in_lead |= c.score.in_lead;
                    x.score.locative = true;
                    x.score.cue = true;
                }
                None => cands.push(c),
            }
        }
        if cands.is_empty() {
            return Vec::new();
        }
        let top = cands.iter().map(|c| c.score.total).fold(0.0, f64::max);
        let mut chosen: Vec<Cand> = cands
            .into_iter()
            .filter(|c| {
                let s = &c.score;
                s.total >= 2.0 && (s.total >= 0.25 * top || s.locative && s.in_lead || s.cue)
            })
            .collect();
        // A country containing a chosen city or region stays only when the text locates the
        // event in the country itself ("across Russia").
        let inner_codes: Vec<&str> = chosen
            .iter()
            .filter(|c| c.kind != PlaceKind::Country && !c.country.is_empty())
            .map(|c| c.country)
            .collect();
        chosen.retain(|c| {
            c.kind != PlaceKind::Country || c.score.locative || !inner_codes.contains(&c.country)
        });
        // Lead places first, the most specific first among them: city, region, country, and
        // the smaller of two cities ("Krasnogorsk" before "Moscow").
        let spec = |c: &Cand| match c.kind {
            PlaceKind::City => 0,
            PlaceKind::Region => 1,
            PlaceKind::Country => 2,
        };
        chosen.sort_by(|a, b| {
            b.score
                .in_lead
                .cmp(&a.score.in_lead)
                .then(spec(a).cmp(&spec(b)))
                .then_with(|| {
                    if a.score.in_lead && b.score.in_lead {
                        a.population.cmp(&b.population)
                    } else {
                        std::cmp::Ordering::Equal
                    }
                })
                .then(b.score.total.total_cmp(&a.score.total))
                .then(a.score.first.cmp(&b.score.first))
        });
        chosen
            .into_iter()
            .take(MAX_PLACES)
            .map(|c| (c.name, c.country.is_empty()))
            .collect()
    }

    /// Places the gazetteer does not know but the text marks as places: "Jumla district",
    /// "Karnali Province", "Mugu and Dailekh districts", "the towns of Bulo Burte and Jowhar",
    /// "Chala, a fishing town", "Tila and Sinja, two rural municipalities", "the Sibuyan Sea",
    /// "near Atico", "at Crocus City Hall".
    fn cue_places(&self, an: &crate::analysis::Analysis) -> Vec<Cand> {
        let text = an.text;
        let body = an.body;
        let mut found: Vec<(String, PlaceKind, usize, usize)> = Vec::new();
        for (si, sp) in text.sentences.iter().enumerate() {
            if !text.holds(*sp) {
                continue;
            }
            let toks = an.tokens(si);
            for (first, last, kind) in cue_runs(toks) {
                if away_context(body, sp.start, toks[first].start) {
                    continue;
                }
                let name = body[toks[first].start..toks[last].end].to_string();
                let name = strip_poss(&name).to_string();
                found.push((name, kind, toks[first].start, si));
            }
        }
        // One mention found by two cues ("in Tila and Sinja, two rural municipalities") counts
        // once.
        found.sort_by_key(|f| f.2);
        found.dedup_by_key(|f| f.2);
        let mut out: Vec<Cand> = Vec::new();
        for (name, kind, pos, si) in found {
            if !self.plausible_new_place(&name) {
                continue;
            }
            // A gazetteer place under its own name ("Chala, a fishing town"), or spelt
            // without its diacritics ("Indapur" for Indāpur): one place, not two.
            let (name, kind, country, population) = match self.lookup(&name) {
                Some(p) if p.name == name || same_but_diacritics(p.name, &name) => {
                    (p.name.to_string(), p.kind, p.country, p.population)
                }
                _ => (name, kind, "", 0),
            };
            let w = 2.0 * position_weight(si);
            match out.iter_mut().find(|c| c.name == name) {
                Some(c) => {
                    c.score.total += w;
                    c.score.in_lead |= si <= 1;
                }
                None => out.push(Cand {
                    name,
                    kind,
                    country,
                    population,
                    score: Score {
                        total: w,
                        first: pos,
                        in_lead: si <= 1,
                        locative: true,
                        primary: true,
                        cue: true,
                    },
                }),
            }
        }
        out
    }

    /// A name found by a place cue: not a known actor, demonym, month or common word.
    fn plausible_new_place(&self, name: &str) -> bool {
        if TABLE.lookup(name).is_some() || name.chars().count() < 3 || self.is_demonym(name) {
            return false;
        }
        // "in Alesund-based Havbrink": a company said to be based somewhere.
        if name.contains("-based") {
            return false;
        }
        const LONE: &[&str] = &[
            "northern",
            "southern",
            "eastern",
            "western",
            "central",
            "north",
            "south",
            "east",
            "west",
            "jewish",
            "islamic",
            "arab",
            "muslim",
            "christian",
            "catholic",
            "federal",
            "capital",
            "metropolitan",
            "greater",
        ];
        !lower_is(name, LONE) && !name.split(' ').any(|w| lower_is(w, NOT_PLACE_WORDS))
    }

    /// "Peruvian", "Nepalese", "Somali", "Colombian": one word made from a country's name (the
    /// name itself, or the name without its final "a", followed by more letters).
    fn is_demonym(&self, name: &str) -> bool {
        if name.contains(' ') {
            return false;
        }
        let country = |n: &str| self.lookup(n).is_some_and(|p| p.kind == PlaceKind::Country);
        name.char_indices().skip(4).any(|(i, _)| {
            let stem = &name[..i];
            country(stem) || country(&format!("{stem}a"))
        }) || country(&format!("{name}a"))
    }

    /// The place of a dateline at the start of `body`, the byte where it ends, and whether
    /// the dateline names the place's state or country too ("CLIFTON, Colo. -", "KYIV,
    /// Ukraine —"), as local news does for its own area, not a date ("DHAKA, March 3 -").
    fn dateline(&self, body: &str) -> Option<(u32, usize, bool)> {
        let mut cut = body.len().min(60);
        while !body.is_char_boundary(cut) {
            cut -= 1;
        }
        let head = &body[..cut];
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
        let qualifier = head[end..]
            .strip_prefix(',')
            .and_then(|r| r.split_whitespace().next())
            .unwrap_or("");
        const MONTHS: &[&str] = &[
            "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
        ];
        let qualified = qualifier.chars().next().is_some_and(char::is_uppercase)
            && !MONTHS.iter().any(|m| qualifier.starts_with(m));
        Some((idx, end, qualified))
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

    // A news agency after a dateline: "LIMA, March 14 (Meridian) —".
    let before_paren = body[..s].strip_suffix('(').map(str::trim_end);
    if body[e..].starts_with(')')
        && before_paren.is_some_and(|b| b.ends_with(|c: char| c.is_ascii_digit()))
    {
        return 0.0;
    }
    // The city's own police at work: "Memphis Police Department", "Houston police say".
    if let Some(&(nw, false)) = next.first()
        && lower_is(nw, &["police", "sheriff's", "sheriff"])
        && !possessive
        && stop == Stop::None
        && !abbrev
    {
        return CITY_POLICE_WEIGHT;
    }
    // Part of a longer name: "US Embassy", "Michael Jackson", "Moscow State University".
    if let Some(&(nw, false)) = next.first() {
        let cap = nw.chars().next().is_some_and(char::is_uppercase);
        if cap && !possessive && !PLACE_SUFFIX.contains(&nw) {
            return 0.0;
        }
    }
    if let Some(&(pw, false)) = prev.first() {
        let cap = pw.chars().next().is_some_and(char::is_uppercase);
        // Opening the sentence, a capitalised word is a name's first part ("Taiquan Moss was
        // one of five victims") unless it is a word any sentence may open with ("In Moscow").
        let opener = prev.len() == 1
            && (lower_is(pw, LOCATIVE)
                || lower_is(pw, AWAY)
                || lower_is(pw, SKIP_BEFORE)
                || lower_is(pw, SENTENCE_OPENERS));
        if cap && !opener && !PLACE_PREFIX.contains(&pw) {
            return 0.0;
        }
    }
    // "Berkeley County", "Orleans Parish": the county, not the city it is named after (the
    // county itself is found by its suffix, see `cue_places`).
    if let Some(&(nw, false)) = next.first()
        && matches!(nw, "County" | "Parish" | "Township" | "Borough")
    {
        return 0.0;
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
    // The word before `after_gov` ("north" in "the north side of").
    let mut before_noun: Option<&str> = None;
    for (k, &(w, punct)) in prev.iter().enumerate() {
        if punct {
            break; // punctuation between: the name opens a phrase
        }
        let before = prev.get(k + 1).filter(|x| !x.1).map(|x| x.0);
        if w.eq_ignore_ascii_case("of") || !lower_is(w, SKIP_BEFORE) {
            gov = Some(w);
            after_gov = before;
            before_noun = before.and(prev.get(k + 2)).map(|x| x.0);
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
    if away_context(body, sent_start, s) {
        return 0.2;
    }
    let mut w: f64 = if gov.is_none() {
        1.0
    } else if lower_is(g, LOCATIVE) {
        // "embassy in Moscow", "involvement in Ukraine", "died in hospital in Sosnowiec"
        if after_gov.is_some_and(|a| lower_is(strip_poss(a), ORIGIN_OF)) || elsewhere_before(&prev)
        {
            0.2
        } else {
            2.0
        }
    } else if g == "of" {
        let noun = after_gov.map(strip_poss).unwrap_or("");
        // "the north side of Columbia" (not "the other side of the Andes").
        let side =
            noun.eq_ignore_ascii_case("side") && before_noun.is_some_and(|b| lower_is(b, COMPASS));
        if lower_is(noun, SCENE_OF) || side {
            // "50 km north of Kabul" is a distance reference.
            let dist = prev
                .iter()
                .any(|(x, _)| lower_is(x, &["km", "kilometres", "kilometers", "miles", "mi"]));
            // "the valley, north of Porto" is a reference point; "the north of Porto" a scene.
            let bare_direction = lower_is(noun, &["north", "south", "east", "west"])
                && !prev
                    .iter()
                    .skip_while(|(x, _)| !lower_is(x, &["north", "south", "east", "west"]))
                    .nth(1)
                    .is_some_and(|(x, _)| x.eq_ignore_ascii_case("the"));
            if dist || bare_direction { 0.3 } else { 2.0 }
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
    // "died in a Cali hospital"
    if let Some(&(nw, false)) = next.first()
        && lower_is(nw, &["hospital", "hospitals", "morgue", "clinic"])
    {
        w = w.min(0.2);
    }
    if possessive {
        w = w.min(0.5);
    } else if let Some(&(nw, false)) = next.first() {
        // Adjectival: "a Moscow concert hall" (but "left Batangas port").
        if lower_is(nw, VENUE) && !lower_is(g, AWAY) {
            w = w.max(2.0);
        }
    }
    w
}

/// Function words a sentence may open with before a place ("After Moscow", "Like Paris").
const SENTENCE_OPENERS: &[&str] = &[
    "of",
    "on",
    "after",
    "before",
    "when",
    "while",
    "as",
    "but",
    "and",
    "or",
    "since",
    "if",
    "unlike",
    "both",
    "all",
    "in",
    "within",
    "beyond",
    "outside",
    "inside",
    "throughout",
];

/// What a place naming the police at work weighs ("Memphis Police Department").
const CITY_POLICE_WEIGHT: f64 = 2.0;

/// Verbs of an arrest: a place after one is where someone was caught, not the event's scene
/// ("arrested at a flat in nearby Seraing").
const ARREST_VERBS: &[&str] = &[
    "arrested",
    "detained",
    "apprehended",
    "captured",
    "nabbed",
    "remanded",
];
/// Where people are arrested: "at a house in X".
const LODGINGS: &[&str] = &[
    "house",
    "flat",
    "home",
    "apartment",
    "farm",
    "hideout",
    "hotel",
    "property",
    "compound",
];
/// Verbs of a journey: with "to", the place after them is a destination ("moved to tents in
/// the neighbouring district of Jaquí", "heading to the beaches of Tablas island").
const TRAVEL_VERBS: &[&str] = &[
    "moved",
    "taken",
    "flown",
    "fled",
    "heading",
    "headed",
    "bound",
    "travelling",
    "traveling",
    "returning",
    "transferred",
    "driven",
    "evacuated",
    "relocated",
];
/// Words of the event itself: after one of them, an earlier arrest verb no longer governs.
const EVENT_BETWEEN: &[&str] = &[
    "exploded",
    "attack",
    "attacked",
    "bombing",
    "blast",
    "explosion",
    "fire",
    "blaze",
    "shooting",
    "stabbing",
    "killed",
    "struck",
    "hit",
    "collapsed",
    "crashed",
    "crash",
    "collision",
    "quake",
    "earthquake",
    "flood",
    "floods",
    "landslide",
    "capsized",
    "sank",
];

/// Is the place at byte `s` the place of an arrest or the destination of a journey, by the
/// words before it in its sentence?
fn away_context(body: &str, sent_start: usize, s: usize) -> bool {
    let from = sent_start.min(s);
    let prev = words_before(&body[from..], s - from, 16);
    // "at a house in", "on a farm near": the arrest's own place.
    let lodging = prev.windows(4).take(8).any(|w| {
        lower_is(w[0].0, &["in", "near", "outside"])
            && lower_is(w[1].0, LODGINGS)
            && lower_is(w[2].0, &["a", "an", "the"])
            && lower_is(w[3].0, &["at", "on"])
    });
    let mut saw_to = false;
    for (w, _) in &prev {
        if lower_is(w, EVENT_BETWEEN) {
            return false;
        }
        if lodging && lower_is(w, ARREST_VERBS) || saw_to && lower_is(w, TRAVEL_VERBS) {
            return true;
        }
        saw_to |= w.eq_ignore_ascii_case("to");
    }
    false
}

fn position_weight(si: usize) -> f64 {
    match si {
        0 => 3.0,
        1 | 2 => 2.0,
        3..=5 => 1.25,
        _ => 1.0,
    }
}

/// Lowercase nouns after a place name that make it one: "Jumla district", "Tila rural
/// municipality" (regions), "the Kashimpur industrial area", "Yauca, a farming valley".
const REGION_NOUNS: &[&str] = &[
    "district",
    "districts",
    "province",
    "provinces",
    "region",
    "regions",
    "department",
    "departments",
    "municipality",
    "municipalities",
    "county",
    "counties",
    "governorate",
    "governorates",
    "prefecture",
    "oblast",
    "state",
];
const LOCALITY_NOUNS: &[&str] = &[
    "town",
    "towns",
    "village",
    "villages",
    "city",
    "hamlet",
    "hamlets",
    "settlement",
    "area",
    "valley",
    "island",
    "islands",
    "port",
    "suburb",
    "neighbourhood",
    "neighborhood",
];
/// Capitalised words ending a place's name: "Karnali Province", "the Sibuyan Sea".
const NAME_SUFFIXES: &[&str] = &[
    "Province", "Region", "District", "County", "Sea", "Bay", "Gulf", "Strait", "Island",
    "Islands", "Valley",
];
/// Lowercase words after "X County" that make it an institution's name: "the Cook County
/// medical examiner", "Madison County sheriff's deputies".
const INSTITUTION_WORDS: &[&str] = &[
    "sheriff",
    "sheriffs",
    "medical",
    "coroner",
    "prosecutor",
    "prosecutors",
    "jail",
    "court",
    "courts",
    "deputies",
    "deputy",
    "officials",
    "attorney",
    "commissioners",
    "commission",
    "records",
    "school",
    "schools",
    "police",
    "government",
    "council",
    "board",
    "authorities",
    "officers",
];
/// Capitalised words heading a venue's name: "Crocus City Hall", "Boulevard de la Sauvenière".
const VENUE_WORDS: &[&str] = &[
    "Hall",
    "Stadium",
    "Arena",
    "Theatre",
    "Theater",
    "Mall",
    "Airport",
    "Boulevard",
    "Street",
    "Avenue",
    "Square",
    "Bridge",
    "Plaza",
];
/// Lowercase words between a name and its place noun: "Tila rural municipality", "the two
/// worst-hit districts", "a fishing and mining town".
const PLACE_MODIFIERS: &[&str] = &[
    "rural",
    "urban",
    "industrial",
    "coastal",
    "mountain",
    "mountainous",
    "border",
    "farming",
    "fishing",
    "mining",
    "market",
    "remote",
    "small",
    "neighbouring",
    "neighboring",
    "worst-hit",
    "hardest-hit",
    "worst-affected",
    "affected",
    "two",
    "three",
    "four",
    "and",
];
/// Words that never belong to a place found by a cue.
const NOT_PLACE_WORDS: &[&str] = &[
    "the",
    "a",
    "an",
    "in",
    "on",
    "at",
    "of",
    "near",
    "after",
    "as",
    "when",
    "while",
    "but",
    "and",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
    "president",
    "minister",
    "police",
    "army",
    "government",
    "ministry",
    "committee",
    "party",
    "council",
    "company",
    "group",
    "union",
    "agency",
    "office",
    "hospital",
    "university",
    "school",
    "institute",
    "centre",
    "center",
    "college",
    "academy",
    "service",
    "services",
    "mission",
    "news",
    "radio",
    "press",
    "read",
    "share",
    "more",
    "his",
    "her",
    "their",
    "its",
    "this",
    "that",
    "mr",
    "mrs",
    "ms",
    "dr",
    "parliament",
    "congress",
    "senate",
    "court",
    "god",
    "islam",
    "christianity",
    "english",
    "internet",
    "twitter",
    "facebook",
    "instagram",
    "telegram",
    "youtube",
    "tiktok",
    "whatsapp",
];
/// Locative words before a bare name: "near Atico", "in Sinja", "at Crocus City Hall".
const CUE_LOCATIVES: &[&str] = &[
    "in", "near", "around", "outside", "inside", "at", "off", "across", "above", "stormed",
];
/// Adjectives between such a locative and the name: "in neighbouring Kalikot".
const NEAR_ADJECTIVES: &[&str] = &["neighbouring", "neighboring", "nearby"];

const CONNECTORS: &[&str] = &["de", "del", "la", "da", "do", "el", "al", "di", "des", "du"];

fn cap(t: &Token) -> bool {
    t.is_capitalised()
}

/// The run of capitalised words (with "de", "la" inside) ending at token `end` (inclusive):
/// its first token.
fn run_back(toks: &[Token], end: usize) -> Option<usize> {
    if !cap(&toks[end]) {
        return None;
    }
    let mut a = end;
    while a > 0 {
        let p = &toks[a - 1];
        if cap(p) && strip_poss(p.text) == p.text {
            a -= 1;
            continue;
        }
        // "Boulevard de la Sauvenière", "Valle del Cauca"
        let mut c = a;
        while c > 0 && lower_is(toks[c - 1].text, CONNECTORS) && a - c < 2 {
            c -= 1;
        }
        if c < a && c > 0 && cap(&toks[c - 1]) {
            a = c - 1;
        } else {
            break;
        }
    }
    Some(a)
}

/// The run of capitalised words starting at token `a`: its last token.
fn run_fwd(toks: &[Token], a: usize) -> Option<usize> {
    if !toks.get(a).is_some_and(cap) {
        return None;
    }
    let mut e = a;
    while e + 1 < toks.len() {
        let n = &toks[e + 1];
        if strip_poss(toks[e].text) != toks[e].text {
            break;
        }
        if cap(n) {
            e += 1;
            continue;
        }
        let mut c = e + 1;
        while toks.get(c).is_some_and(|x| lower_is(x.text, CONNECTORS)) && c - e <= 2 {
            c += 1;
        }
        if c > e + 1 && toks.get(c).is_some_and(cap) {
            e = c;
        } else {
            break;
        }
    }
    Some(e)
}

/// Capitalised runs coordinated before token `end` ("Jumla and Kalikot", "Mugu, Dailekh and
/// Jajarkot"), each as (first, last).
fn runs_back(toks: &[Token], end: usize) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut e = end;
    while let Some(a) = run_back(toks, e) {
        out.push((a, e));
        if out.len() >= 4 || a < 2 {
            break;
        }
        let sep = &toks[a - 1];
        if !(sep.text == "," || sep.text.eq_ignore_ascii_case("and")) {
            break;
        }
        e = a - 2;
        if toks[e].text == "," {
            if e == 0 {
                break;
            }
            e -= 1;
        }
    }
    out
}

/// Capitalised runs coordinated from token `a` on ("Bulo Burte and Jowhar").
fn runs_fwd(toks: &[Token], a: usize) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut s = a;
    while let Some(e) = run_fwd(toks, s) {
        out.push((s, e));
        let sep = toks.get(e + 1);
        if out.len() >= 4 || !sep.is_some_and(|t| t.text == "," || t.is("and")) {
            break;
        }
        s = e + 2;
        if toks.get(s).is_some_and(|t| t.is("and")) {
            s += 1;
        }
    }
    out
}

/// Token runs a place cue marks as places, with their kind.
fn cue_runs(toks: &[Token]) -> Vec<(usize, usize, PlaceKind)> {
    let mut out = Vec::new();
    let words = toks.iter().filter(|t| t.kind == TokenKind::Word).count();
    let caps = toks.iter().filter(|t| cap(t)).count();
    let heading = words >= 3 && caps * 2 > words;
    for k in 0..toks.len() {
        let t = &toks[k];
        if t.kind != TokenKind::Word {
            continue;
        }
        let word = strip_poss(t.text);
        let possessive = word.len() < t.text.len();
        let region = lower_is(word, REGION_NOUNS) && !cap(t);
        let locality = lower_is(word, LOCALITY_NOUNS) && !cap(t);
        if region || locality {
            let kind = if region {
                PlaceKind::Region
            } else {
                PlaceKind::City
            };
            // "Jumla district", "Tila rural municipality", "Jumla and Kalikot, the two
            // worst-hit districts", "Chala, a fishing and mining town".
            let mut j = k;
            let mut det = false;
            while j > 0 && k - j < 5 {
                let p = &toks[j - 1];
                if lower_is(p.text, PLACE_MODIFIERS) && !cap(p) {
                    j -= 1;
                } else if lower_is(p.text, &["the", "a", "an"]) && !cap(p) {
                    j -= 1;
                    det = true;
                    break;
                } else {
                    break;
                }
            }
            let before = j.checked_sub(1);
            match before {
                // "the region's main hospital" is no apposition of a place.
                Some(b) if possessive && (det || toks[b].text == ",") => {}
                Some(b) if det && toks[b].text == "," && b > 0 => {
                    for (a, e) in runs_back(toks, b - 1) {
                        out.push((a, e, kind));
                    }
                }
                Some(b) if !det && toks[b].text == "," && j < k && b > 0 => {
                    // "Tila and Sinja, two rural municipalities"
                    for (a, e) in runs_back(toks, b - 1) {
                        out.push((a, e, kind));
                    }
                }
                Some(b) if !det && cap(&toks[b]) => {
                    for (a, e) in runs_back(toks, b) {
                        out.push((a, e, kind));
                    }
                }
                _ => {}
            }
            // "the towns of Bulo Burte and Jowhar", "the island of Tablas".
            if toks.get(k + 1).is_some_and(|n| n.is("of")) && k > 0 && toks[k - 1].is("the")
                || toks.get(k + 1).is_some_and(|n| n.is("of"))
                    && k > 1
                    && toks[k - 2].is("the")
                    && !cap(&toks[k - 1])
            {
                for (a, e) in runs_fwd(toks, k + 2) {
                    out.push((a, e, kind));
                }
            }
            continue;
        }
        // "Karnali Province", "the Sibuyan Sea": the suffix is part of the name.
        if NAME_SUFFIXES.contains(&word) && k > 0 && cap(&toks[k - 1]) {
            if let Some(a) = run_back(toks, k) {
                let kind = if matches!(word, "Province" | "Region" | "District" | "County") {
                    PlaceKind::Region
                } else {
                    PlaceKind::City
                };
                // "the Cook County Sheriff's Office", "the Lucas County medical examiner": an
                // institution named after the place, not the place of the event.
                let institution = toks.get(k + 1).is_some_and(|n| {
                    n.kind == TokenKind::Word
                        && (cap(n) && !lower_is(n.text, NOT_PLACE_WORDS)
                            || lower_is(strip_poss(n.text), INSTITUTION_WORDS))
                });
                if a < k && !institution {
                    out.push((a, k, kind));
                }
            }
            continue;
        }
        // "near Atico", "at Crocus City Hall", "on the Boulevard de la Sauvenière"; not in a
        // title-case heading ("A Nation in Mourning") nor after "hospital in".
        let elsewhere = k > 0
            && (lower_is(strip_poss(toks[k - 1].text), ELSEWHERE_IN)
                || lower_is(strip_poss(toks[k - 1].text), ORIGIN_OF)
                || care_centre(toks[k - 1].text, k.checked_sub(2).map(|j| toks[j].text)));
        if (lower_is(t.text, CUE_LOCATIVES) || t.is("on")) && !heading && !elsewhere {
            let mut a = k + 1;
            let the = toks.get(a).is_some_and(|n| n.is("the"));
            if the {
                a += 1;
            }
            // "in neighbouring Kalikot", "in nearby Seraing"
            if !the
                && toks
                    .get(a)
                    .is_some_and(|n| lower_is(n.text, NEAR_ADJECTIVES))
            {
                a += 1;
            }
            for (a, e) in runs_fwd(toks, a) {
                // A longer name goes on ("in Karnali Province"): the suffix rule has it.
                let venue = toks[a..=e].iter().any(|x| VENUE_WORDS.contains(&x.text));
                // "In Kalikot's Raskot area", "in Gaza's north" (not "in Smith's view").
                let next_ok = if strip_poss(toks[e].text) != toks[e].text {
                    toks.get(e + 1).is_some_and(|n| {
                        cap(n) || lower_is(n.text, &["north", "south", "east", "west", "centre"])
                    })
                } else {
                    toks.get(e + 1)
                        .is_none_or(|n| n.kind != TokenKind::Word || !cap(n))
                };
                // A bare name only after "in", "near" and the like: "at" and "on" take venues.
                let bare_ok = !the && !t.is("on") && !t.is("at");
                if next_ok && (venue || bare_ok && e - a < 3) {
                    out.push((a, e, PlaceKind::City));
                }
            }
        }
    }
    out
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

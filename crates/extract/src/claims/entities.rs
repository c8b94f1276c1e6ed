//! Named-entity mentions inside one sentence, for the claim rules: known actors from the bundled
//! table (`data/actors.tsv`: groups, countries with demonyms and capital metonyms, international
//! bodies, a few public figures), plus unknown people and organisations found as runs of
//! capitalised words, with titles ("Secretary-General", "President") stripped.
//!
//! Each mention records how it is governed (what word stands before its noun phrase), which the
//! rules use to tell a clause's subject from an object or a prepositional phrase.

use std::sync::LazyLock;

use aho_corasick::{AhoCorasick, MatchKind};

use crate::tokens::{Token, TokenKind};

/// What an actor is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ActorKind {
    Group,
    Country,
    Org,
    Person,
}

/// One row of the actor table.
#[derive(Debug)]
pub struct Actor {
    pub canonical: &'static str,
    pub kind: ActorKind,
}

/// The compiled actor table.
pub struct ActorTable {
    pub actors: Vec<Actor>,
    ac: AhoCorasick,
    /// Per pattern: (actor index, is a demonym).
    patterns: Vec<(u32, bool)>,
}

static ACTORS_TSV: &str = include_str!("../../data/actors.tsv");

/// The bundled actor table, compiled once.
pub static TABLE: LazyLock<ActorTable> = LazyLock::new(|| ActorTable::parse(ACTORS_TSV));

impl ActorTable {
    fn parse(tsv: &'static str) -> ActorTable {
        let mut actors = Vec::new();
        let mut pats: Vec<&'static str> = Vec::new();
        let mut patterns = Vec::new();
        for line in tsv.lines() {
            if line.starts_with('#') || line.trim().is_empty() {
                continue;
            }
            let mut cols = line.split('\t');
            let (Some(canonical), Some(kind)) = (cols.next(), cols.next()) else {
                continue;
            };
            let kind = match kind {
                "group" => ActorKind::Group,
                "country" => ActorKind::Country,
                "org" => ActorKind::Org,
                _ => ActorKind::Person,
            };
            let idx = actors.len() as u32;
            actors.push(Actor { canonical, kind });
            let aliases = cols.next().unwrap_or("");
            let demonyms = cols.next().unwrap_or("");
            let mut seen_canonical = false;
            for a in aliases.split('|').map(str::trim).filter(|a| !a.is_empty()) {
                seen_canonical |= a == canonical;
                pats.push(a);
                patterns.push((idx, false));
            }
            if !seen_canonical {
                pats.push(canonical);
                patterns.push((idx, false));
            }
            for d in demonyms.split('|').map(str::trim).filter(|a| !a.is_empty()) {
                pats.push(d);
                patterns.push((idx, true));
            }
        }
        let ac = AhoCorasick::builder()
            .match_kind(MatchKind::LeftmostLongest)
            .build(&pats)
            .expect("actor table patterns");
        ActorTable {
            actors,
            ac,
            patterns,
        }
    }

    /// Canonical name of an alias, when the whole string is one.
    pub fn lookup(&self, s: &str) -> Option<&'static str> {
        let m = self.ac.find(s)?;
        (m.start() == 0 && m.end() == s.len())
            .then(|| self.actors[self.patterns[m.pattern().as_usize()].0 as usize].canonical)
    }
}

/// What a mention is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MentionKind {
    Known(ActorKind),
    /// A demonym or adjective of a known country ("Ukrainian").
    Demonym,
    /// An unknown person name.
    Person,
    /// An unknown organisation name.
    Org,
    /// A bare title ("The Russian President"), not an actor on its own.
    Title,
}

/// How a mention's noun phrase is governed: the word before it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Gov {
    /// Sentence start, punctuation, a conjunction, "led by": can be a subject.
    Free,
    /// After "by" (an agent: "condemned by X").
    Agent,
    /// After "from".
    From,
    /// After another preposition.
    Prep,
    /// After a verb or other word: an object.
    Verb,
}

/// One entity mention in a sentence.
#[derive(Debug, Clone)]
pub struct Mention {
    pub name: String,
    pub kind: MentionKind,
    /// Byte span of the name itself.
    pub start: usize,
    pub end: usize,
    /// First token of the noun phrase (titles and demonym modifiers included).
    pub first_tok: usize,
    /// Last token of the name.
    pub last_tok: usize,
    pub possessive: bool,
    pub gov: Gov,
    /// May be the actor of a claim (bare demonyms and titles may not).
    pub actor_ok: bool,
    /// May be the target of a claim.
    pub target_ok: bool,
    /// A parenthesised alias of the mention before it ("Islamic State Khorasan Province (ISIS-K)").
    pub alias_of_prev: bool,
    /// The country a person speaks for, from a title like "Ukrainian President".
    pub affil: Option<String>,
}

fn lower_in(t: &Token, list: &[&str]) -> bool {
    list.iter().any(|w| t.text.eq_ignore_ascii_case(w))
}

/// Strip a possessive ending from a word: ("Jinping's", true) -> "Jinping".
pub fn strip_possessive(w: &str) -> (&str, bool) {
    for suf in ["'s", "’s", "'", "’"] {
        if let Some(s) = w.strip_suffix(suf)
            && !s.is_empty()
            && (suf.len() > 1 || s.ends_with('s'))
        {
            return (s, true);
        }
    }
    (w, false)
}

/// Titles stripped from the front of a person's name.
pub const TITLES: &[&str] = &[
    "president",
    "vice",
    "prime",
    "minister",
    "foreign",
    "defence",
    "defense",
    "interior",
    "secretary",
    "secretary-general",
    "general",
    "gen",
    "chancellor",
    "king",
    "queen",
    "prince",
    "princess",
    "crown",
    "pope",
    "governor",
    "mayor",
    "senator",
    "sen",
    "rep",
    "representative",
    "spokesman",
    "spokeswoman",
    "spokesperson",
    "ambassador",
    "envoy",
    "chief",
    "commander",
    "leader",
    "supreme",
    "ayatollah",
    "sheikh",
    "emir",
    "sultan",
    "premier",
    "deputy",
    "mr",
    "mrs",
    "ms",
    "dr",
    "lt",
    "col",
    "colonel",
    "major",
    "captain",
    "sergeant",
    "director",
    "head",
    "chairman",
    "chairwoman",
    "chair",
    "speaker",
    "justice",
    "judge",
    "archbishop",
    "bishop",
    "cardinal",
    "rabbi",
    "imam",
    "patriarch",
    "commissioner",
    "undersecretary",
    "attorney",
    "former",
    "acting",
    "interim",
    "federal",
    "state",
    "national",
    "security",
    "adviser",
    "advisor",
    "high",
    "first",
    "lady",
    "lord",
    "sir",
    "dame",
    "gov",
    "rev",
    "mp",
    "field",
    "marshal",
    "admiral",
    "brigadier",
    "lieutenant",
    "officer",
    "official",
    "spokesperson",
    "president-elect",
    "opposition",
    "health",
    "finance",
    "economy",
    "home",
    "lawmaker",
    "ceo",
    "founder",
    "commissioner",
    "police",
    "army",
    "military",
    "top",
    "senior",
    "u.n.",
    "un",
    "us",
    "u.s.",
];

/// Titles of people who speak for their country ("Ukrainian President", "Russian Foreign
/// Minister", "Chinese Foreign Ministry spokesman").
const OFFICE_TITLES: &[&str] = &[
    "president",
    "prime",
    "minister",
    "chancellor",
    "king",
    "queen",
    "spokesman",
    "spokeswoman",
    "spokesperson",
    "ambassador",
    "envoy",
    "premier",
    "emir",
    "sultan",
    "secretary",
];

/// Words that make a capitalised run an organisation.
pub const ORG_WORDS: &[&str] = &[
    "party",
    "council",
    "ministry",
    "committee",
    "front",
    "army",
    "forces",
    "force",
    "brigade",
    "brigades",
    "organization",
    "organisation",
    "union",
    "movement",
    "group",
    "agency",
    "embassy",
    "department",
    "office",
    "government",
    "association",
    "church",
    "university",
    "hall",
    "court",
    "police",
    "guard",
    "guards",
    "corps",
    "command",
    "service",
    "services",
    "institute",
    "bank",
    "company",
    "corporation",
    "authority",
    "commission",
    "assembly",
    "parliament",
    "congress",
    "senate",
    "network",
    "news",
    "times",
    "post",
    "federation",
    "league",
    "alliance",
    "coalition",
    "foundation",
    "society",
    "centre",
    "center",
    "hospital",
    "school",
    "airport",
    "station",
    "republic",
    "kingdom",
    "unit",
    "battalion",
    "regiment",
    "division",
    "mission",
    "watch",
    "international",
    "jihad",
    "brotherhood",
    "liberation",
    "revolutionary",
    "democratic",
    "national",
    "council's",
    "cabinet",
    "presidency",
    "kremlin",
    "board",
    "club",
    "federation",
    "directorate",
    "inc",
    "ltd",
    "co",
    "media",
    "tv",
    "radio",
    "agency",
];

/// Organisation words that, after a demonym, name that country's state ("Russian Foreign
/// Ministry", "Ukrainian Army").
const GOV_ORG_WORDS: &[&str] = &[
    "ministry",
    "government",
    "embassy",
    "army",
    "forces",
    "office",
    "cabinet",
    "presidency",
    "military",
    "navy",
    "defence",
    "defense",
    "foreign",
    "parliament",
    "police",
    "guard",
    "intelligence",
    "security",
    "service",
    "services",
    "consulate",
    "mission",
];

/// Lowercase nouns that, after a demonym, make it the country's state acting
/// ("Ukrainian officials denied").
pub const GOV_NOUNS: &[&str] = &[
    "government",
    "authorities",
    "officials",
    "official",
    "military",
    "forces",
    "army",
    "troops",
    "leadership",
    "ministry",
    "embassy",
    "diplomats",
    "diplomat",
    "spokesman",
    "spokeswoman",
    "spokesperson",
    "president",
    "leader",
    "leaders",
    "state",
    "side",
    "intelligence",
    "regime",
    "administration",
    "prosecutors",
    "investigators",
    "media",
    "security",
    "services",
    "politicians",
    "lawmakers",
    "parliament",
    "cabinet",
    "navy",
    "police",
    "officers",
];

/// Capitalised words that do not start or belong to a name (sentence starters, function words,
/// frequent heading words).
const COMMON: &[&str] = &[
    "the",
    "a",
    "an",
    "in",
    "on",
    "at",
    "after",
    "following",
    "among",
    "according",
    "despite",
    "meanwhile",
    "however",
    "this",
    "that",
    "these",
    "those",
    "as",
    "while",
    "when",
    "but",
    "and",
    "amid",
    "amidst",
    "since",
    "with",
    "without",
    "for",
    "from",
    "by",
    "of",
    "to",
    "under",
    "over",
    "during",
    "before",
    "coming",
    "moreover",
    "furthermore",
    "also",
    "it",
    "its",
    "their",
    "there",
    "here",
    "what",
    "who",
    "why",
    "how",
    "where",
    "which",
    "if",
    "although",
    "though",
    "yet",
    "so",
    "then",
    "now",
    "later",
    "earlier",
    "today",
    "yesterday",
    "tomorrow",
    "last",
    "next",
    "some",
    "many",
    "several",
    "all",
    "both",
    "each",
    "every",
    "no",
    "not",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "such",
    "other",
    "another",
    "more",
    "most",
    "our",
    "we",
    "they",
    "he",
    "she",
    "his",
    "her",
    "i",
    "you",
    "my",
    "your",
    "us",
    "them",
    "unlike",
    "like",
    "across",
    "through",
    "throughout",
    "within",
    "beyond",
    "near",
    "outside",
    "inside",
    "around",
    "toward",
    "towards",
    "upon",
    "into",
    "until",
    "unless",
    "whether",
    "because",
    "once",
    "even",
    "just",
    "only",
    "still",
    "already",
    "again",
    "perhaps",
    "additionally",
    "nonetheless",
    "nevertheless",
    "instead",
    "indeed",
    "overall",
    "elsewhere",
    "local",
    "global",
    "international",
    "national",
    "witnesses",
    "eyewitnesses",
    "authorities",
    "officials",
    "emergency",
    "rescue",
    "rescuers",
    "investigators",
    "sources",
    "reports",
    "attack",
    "attacks",
    "details",
    "immediate",
    "responses",
    "response",
    "aftermath",
    "investigation",
    "investigations",
    "reactions",
    "reaction",
    "tragedy",
    "implications",
    "beyond",
    "reflections",
    "security",
    "solidarity",
    "terror",
    "terrorism",
    "human",
    "cost",
    "nation",
    "mourning",
    "looking",
    "ahead",
    "measures",
    "chaos",
    "courage",
    "cooperation",
    "pursuit",
    "justice",
    "quest",
    "accountability",
    "unraveling",
    "repercussions",
    "world",
    "global",
    "breaking",
    "update",
    "updates",
    "live",
    "video",
    "photos",
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
    "god",
    "allah",
    "hundreds",
    "thousands",
    "dozens",
    "scores",
    "police",
    "troops",
    "soldiers",
    "militants",
    "gunmen",
    "attackers",
    "people",
    "residents",
    "victims",
    "families",
    "survivors",
    "analysts",
    "experts",
    "critics",
    "observers",
    "leaders",
    "officers",
    "is",
    "was",
    "were",
    "are",
    "has",
    "have",
    "had",
    "will",
    "would",
    "could",
    "should",
    "can",
    "may",
    "might",
    "must",
    "do",
    "does",
    "did",
    "said",
    "says",
    "speaking",
    "asked",
    "earlier",
    "western",
    "eastern",
    "northern",
    "southern",
    "central",
    "new",
    "old",
    "north",
    "south",
    "east",
    "west",
    "day",
    "night",
    "evening",
    "morning",
    "week",
    "month",
    "year",
    "statement",
    "ukrainian",
    "russian",
    "islamic",
    "state",
    "group",
    "army",
    "forces",
    "government",
    "ministry",
    "spokesman",
    "spokeswoman",
    "president",
    "prime",
    "minister",
    "foreign",
];

/// Common words that may open an organisation's name.
const NAME_ADJECTIVES: &[&str] = &[
    "northern",
    "southern",
    "eastern",
    "western",
    "central",
    "north",
    "south",
    "east",
    "west",
    "new",
    "national",
    "international",
    "islamic",
    "global",
    "united",
    "popular",
    "free",
];

/// Determiners and possessive pronouns skipped when looking for the word that governs a noun
/// phrase.
const DETERMINERS: &[&str] = &[
    "the",
    "a",
    "an",
    "its",
    "their",
    "his",
    "her",
    "our",
    "these",
    "those",
    "both",
    "all",
    "other",
    "several",
    "some",
    "many",
    "various",
    "fellow",
    "neighbouring",
    "neighboring",
    "rival",
    "militant",
    "extremist",
    "jihadist",
    "terrorist",
    "armed",
];

/// Words after which a noun phrase can be a clause subject.
const OPENERS: &[&str] = &[
    "and",
    "or",
    "but",
    "that",
    "when",
    "while",
    "as",
    "after",
    "because",
    "since",
    "before",
    "although",
    "though",
    "whereas",
    "if",
    "once",
    "meanwhile",
    "then",
    "also",
    "so",
    "yet",
    "nor",
    "where",
    "including",
    "notably",
    "like",
    "however",
    "later",
    "earlier",
    "now",
    "today",
    "yesterday",
    "saying",
    "said",
    "says",
    "stating",
    "noting",
    "adding",
    "which",
    "who",
    "whom",
];

/// Prepositions: a noun phrase after one is not a subject.
const PREPS: &[&str] = &[
    "of",
    "to",
    "in",
    "on",
    "at",
    "with",
    "against",
    "for",
    "into",
    "over",
    "about",
    "towards",
    "toward",
    "across",
    "near",
    "outside",
    "inside",
    "between",
    "amid",
    "amidst",
    "during",
    "than",
    "via",
    "upon",
    "onto",
    "within",
    "throughout",
    "around",
    "behind",
    "under",
    "among",
    "alongside",
    "beside",
    "despite",
    "per",
    "through",
    "without",
    "unlike",
    "beyond",
];

/// Possessive words that occur inside organisation names.
const INNER_POSSESSIVES: &[&str] = &[
    "people's",
    "people’s",
    "workers'",
    "workers’",
    "women's",
    "women’s",
    "martyrs'",
    "martyrs’",
    "mujahideen's",
];

const PERSON_CONNECTORS: &[&str] = &[
    "al", "al-", "bin", "ibn", "de", "van", "von", "der", "den", "da", "del", "la", "le", "abu",
    "el", "di", "du",
];

fn is_cap_word(t: &Token) -> bool {
    t.is_capitalised()
}

fn all_upper(s: &str) -> bool {
    let mut letters = 0;
    for c in s.chars() {
        if c.is_alphabetic() {
            if !c.is_uppercase() {
                return false;
            }
            letters += 1;
        }
    }
    letters >= 2
}

/// Is `body[pos..]` the end of a word (for a name match ending at `pos`)?
fn word_end_ok(body: &str, pos: usize) -> (bool, bool) {
    let rest = &body[pos..];
    let mut chars = rest.chars();
    match chars.next() {
        None => (true, false),
        Some(c) if c.is_alphanumeric() => (false, false),
        Some('\'' | '’') => {
            let after = chars.next();
            if after == Some('s') {
                let after2 = chars.next();
                (after2.is_none_or(|c| !c.is_alphanumeric()), true)
            } else {
                (after.is_none_or(|c| !c.is_alphanumeric()), false)
            }
        }
        Some('-' | '‑') => (chars.next().is_none_or(|c| !c.is_alphanumeric()), false),
        Some(_) => (true, false),
    }
}

fn word_start_ok(body: &str, pos: usize) -> bool {
    body[..pos]
        .chars()
        .next_back()
        .is_none_or(|c| !(c.is_alphanumeric() || c == '-' || c == '\''))
}

/// Index of the token containing byte `pos` (the first one starting at or after it when none).
fn tok_at(toks: &[Token], pos: usize) -> usize {
    let i = toks.partition_point(|t| t.end <= pos);
    i.min(toks.len().saturating_sub(1))
}

/// All mentions of one sentence, ordered by position.
pub fn mentions(body: &str, toks: &[Token], span_start: usize, span_end: usize) -> Vec<Mention> {
    let table = &*TABLE;
    let mut out: Vec<Mention> = Vec::new();
    if toks.is_empty() {
        return out;
    }
    let mut covered = vec![false; toks.len()];
    let text = &body[span_start..span_end];
    for m in table.ac.find_iter(text) {
        let (s, e) = (span_start + m.start(), span_start + m.end());
        if !word_start_ok(body, s) {
            continue;
        }
        let (end_ok, possessive) = word_end_ok(body, e);
        if !end_ok {
            continue;
        }
        let (ai, demonym) = table.patterns[m.pattern().as_usize()];
        let actor = &table.actors[ai as usize];
        let a = tok_at(toks, s);
        let b = tok_at(toks, e.saturating_sub(1));
        for c in covered.iter_mut().take(b + 1).skip(a) {
            *c = true;
        }
        let kind = if demonym {
            MentionKind::Demonym
        } else {
            MentionKind::Known(actor.kind)
        };
        out.push(Mention {
            name: actor.canonical.to_string(),
            kind,
            start: s,
            end: e,
            first_tok: a,
            last_tok: b,
            possessive,
            gov: Gov::Free,
            actor_ok: !demonym,
            target_ok: true,
            alias_of_prev: false,
            affil: None,
        });
    }

    // Runs of capitalised words not covered by the table.
    let mut i = 0;
    while i < toks.len() {
        if covered[i] || !is_cap_word(&toks[i]) {
            i += 1;
            continue;
        }
        let a = i;
        let mut b = i + 1;
        while b < toks.len() && !covered[b] {
            let t = &toks[b];
            if is_cap_word(t) {
                // A possessive ends the name, except inside organisation names
                // ("Tigray People's Liberation Front").
                let prev = toks[b - 1].text;
                if strip_possessive(prev).1 && !lower_in(&toks[b - 1], INNER_POSSESSIVES) {
                    break;
                }
                b += 1;
            } else if matches!(t.text, "'" | "’")
                && toks[b - 1].text.ends_with('s')
                && t.start == toks[b - 1].end
                && b + 1 < toks.len()
                && !covered[b + 1]
                && is_cap_word(&toks[b + 1])
            {
                // A plural possessive inside an organisation name: "Workers' Rights Committee".
                b += 2;
            } else if t.kind == TokenKind::Word
                && lower_in(t, PERSON_CONNECTORS)
                && b + 1 < toks.len()
                && !covered[b + 1]
                && is_cap_word(&toks[b + 1])
            {
                b += 2;
            } else {
                break;
            }
        }
        i = b;
        run_mention(body, toks, a, b, &mut out);
    }
    out.sort_by_key(|m| (m.first_tok, m.last_tok));

    link_modifiers(body, toks, &mut out);
    country_officials(body, toks, &mut out);
    for m in &mut out {
        m.gov = governance(toks, m.first_tok);
    }
    // Coordination and parenthetical aliases inherit the governance of the mention before them.
    for k in 1..out.len() {
        let (prev, cur) = (&out[k - 1], &out[k]);
        if cur.first_tok == 0 || prev.last_tok >= cur.first_tok {
            continue;
        }
        let between = &toks[prev.last_tok + 1..cur.first_tok];
        let paren = between.len() == 1 && between[0].text == "(";
        let coord = !between.is_empty()
            && between.iter().all(|t| {
                matches!(t.text, "," | "and" | "or" | "&" | "the")
                    || t.is("as")
                    || t.is("well")
                    || t.is("along")
                    || t.is("together")
                    || t.is("with")
            })
            // "In Parliament the Communist Party": a bare article joins no list.
            && !between.iter().all(|t| t.is("the"));
        // "The governor of Valle del Cauca, Hernán Quintero, condemned": an apposition closed
        // by a comma before a verb is not a list item.
        let lone_comma = between.len() == 1 && between[0].text == ",";
        let closes_apposition = lone_comma
            && toks.get(cur.last_tok + 1).is_some_and(|t| t.text == ",")
            && toks.get(cur.last_tok + 2).is_some_and(|t| {
                t.kind == TokenKind::Word
                    && !t.is_capitalised()
                    && !lower_in(
                        t,
                        &["and", "or", "but", "as", "the", "a", "an", "who", "which"],
                    )
            });
        if paren {
            out[k].alias_of_prev = true;
            out[k].gov = out[k - 1].gov;
        } else if coord
            && !closes_apposition
            && out[k].gov == Gov::Free
            && out[k - 1].gov != Gov::Free
        {
            let g = out[k - 1].gov;
            out[k].gov = g;
        }
    }
    out
}

/// Turn one run of capitalised tokens `[a, b)` into a mention, if it is a name.
fn run_mention(body: &str, toks: &[Token], a: usize, b: usize, out: &mut Vec<Mention>) {
    let mut s = a;
    while s < b && lower_in(&toks[s], COMMON) && !lower_in(&toks[s], TITLES) {
        s += 1;
    }
    // An organisation keeps the adjectives of its name: "Northern Resistance Brigade".
    let head = strip_possessive(toks[b - 1].text).0;
    let org_head = ORG_WORDS.iter().any(|w| head.eq_ignore_ascii_case(w));
    if org_head {
        while s > a && lower_in(&toks[s - 1], NAME_ADJECTIVES) {
            s -= 1;
        }
    }
    let np_start = s;
    let mut titled = false;
    while s < b && (lower_in(&toks[s], TITLES) || toks[s].text.ends_with('.') && s + 1 < b) {
        s += 1;
        titled = true;
    }
    if s >= b {
        if titled {
            out.push(Mention {
                name: String::new(),
                kind: MentionKind::Title,
                start: toks[np_start].start,
                end: toks[b - 1].end,
                first_tok: np_start,
                last_tok: b - 1,
                possessive: false,
                gov: Gov::Free,
                actor_ok: false,
                target_ok: false,
                alias_of_prev: false,
                affil: None,
            });
        }
        return;
    }
    let last = &toks[b - 1];
    let (last_text, possessive) = strip_possessive(last.text);
    let start = toks[s].start;
    let end = last.start + last_text.len();
    let words = &toks[s..b];
    let is_org = words.iter().any(|t| lower_in(t, ORG_WORDS));
    let has_common = words
        .iter()
        .any(|t| lower_in(t, COMMON) && !lower_in(t, ORG_WORDS));
    let n = words.len();
    // A run ending in an organisation word is one, whatever common words it holds ("Miners'
    // Solidarity Union"), unless it is a heading ("Security and Solidarity").
    let org_named = org_head
        && n >= 2
        && !words
            .iter()
            .any(|t| lower_in(t, &["and", "or", "of", "the", "for", "in", "on"]));
    let kind = if is_org && (!has_common || org_named) {
        Some(MentionKind::Org)
    } else if has_common {
        None
    } else if (2..=4).contains(&n) {
        Some(MentionKind::Person)
    } else if n == 1 && all_upper(words[0].text) && words[0].text.len() <= 6 {
        Some(MentionKind::Org)
    } else if n == 1
        && (titled || s > 0 || full_name(body, strip_possessive(words[0].text).0).is_some())
    {
        // At a sentence start, a single word is a surname only when the article gives the
        // full name elsewhere ("Gotcher also denied ..." after "Warren Gotcher").
        Some(MentionKind::Person)
    } else {
        None
    };
    let Some(kind) = kind else { return };
    let mut name = body[start..end].to_string();
    // A single surname ("Barzani") takes the full name used elsewhere in the article.
    if kind == MentionKind::Person && n == 1 {
        match full_name(body, &name) {
            Some(full) => name = full,
            None if !titled => return,
            None => {}
        }
    }
    out.push(Mention {
        name,
        kind,
        start,
        end,
        first_tok: np_start,
        last_tok: b - 1,
        possessive,
        gov: Gov::Free,
        actor_ok: true,
        target_ok: true,
        alias_of_prev: false,
        affil: None,
    });
}

/// "Barzani" → "Masoud Barzani" when the body names "Masoud Barzani" somewhere.
fn full_name(body: &str, surname: &str) -> Option<String> {
    let mut from = 0;
    while let Some(k) = body[from..].find(surname) {
        let pos = from + k;
        from = pos + surname.len();
        let end_ok = body[from..]
            .chars()
            .next()
            .is_none_or(|c| !c.is_alphanumeric());
        if !end_ok || !body[..pos].ends_with(' ') {
            continue;
        }
        let before = &body[..pos - 1];
        let wstart = before
            .rfind(|c: char| !(c.is_alphanumeric() || c == '-'))
            .map_or(0, |k| {
                k + before[k..].chars().next().map_or(1, char::len_utf8)
            });
        let first = &before[wstart..];
        let first_ok = first.chars().next().is_some_and(char::is_uppercase)
            && first.chars().skip(1).all(|c| c.is_lowercase() || c == '-')
            && first.len() >= 2;
        if first_ok
            && !TITLES.iter().any(|t| first.eq_ignore_ascii_case(t))
            && !COMMON.iter().any(|t| first.eq_ignore_ascii_case(t))
        {
            return Some(format!("{first} {surname}"));
        }
    }
    None
}

/// Demonyms and titles before a name modify it; a country name before a capitalised non-org
/// word is part of a person's name ("Jordan Peterson").
fn link_modifiers(body: &str, toks: &[Token], out: &mut Vec<Mention>) {
    let mut drop = vec![false; out.len()];
    for k in 0..out.len() {
        if drop[k] {
            continue;
        }
        let next = out
            .get(k + 1)
            .filter(|n| n.first_tok == out[k].last_tok + 1)
            .map(|n| (n.kind, n.first_tok, n.last_tok));
        match out[k].kind {
            MentionKind::Demonym | MentionKind::Known(ActorKind::Country) => {
                let Some((nk, nf, nl)) = next else {
                    if out[k].kind == MentionKind::Demonym {
                        // "Ukrainian officials" acts; "Ukrainian operatives" is only a target.
                        let after = toks.get(out[k].last_tok + 1);
                        out[k].actor_ok = after.is_some_and(|t| lower_in(t, GOV_NOUNS));
                    }
                    continue;
                };
                let gov_org = toks[nf..=nl].iter().any(|t| lower_in(t, GOV_ORG_WORDS));
                match nk {
                    MentionKind::Org if gov_org => {
                        // "Russian Foreign Ministry" is Russia.
                        out[k].last_tok = nl;
                        out[k].end = out[k + 1].end;
                        out[k].possessive = out[k + 1].possessive;
                        out[k].actor_ok = true;
                        drop[k + 1] = true;
                    }
                    MentionKind::Title => {
                        // "Russian President" (+ a name after it, handled below).
                        drop[k] = true;
                        out[k + 1].first_tok = out[k].first_tok;
                        let speaks_for = toks[nf..=nl].iter().any(|t| lower_in(t, OFFICE_TITLES))
                            && !toks[nf..=nl]
                                .iter()
                                .any(|t| lower_in(t, &["opposition", "former", "ex"]));
                        if speaks_for {
                            out[k + 1].affil = Some(out[k].name.clone());
                        }
                    }
                    _ => {
                        drop[k] = true;
                        out[k + 1].first_tok = out[k].first_tok;
                        // "Kenyan President William Ruto": the title is inside the run.
                        let name_start = out[k + 1].start;
                        let titles = toks[nf..=nl].iter().take_while(|t| t.start < name_start);
                        let speaks_for = titles.clone().any(|t| lower_in(t, OFFICE_TITLES))
                            && !titles
                                .clone()
                                .any(|t| lower_in(t, &["opposition", "former", "ex"]));
                        if nk == MentionKind::Person && speaks_for {
                            out[k + 1].affil = Some(out[k].name.clone());
                        }
                    }
                }
            }
            MentionKind::Known(ActorKind::Org) => {
                // "UN Verification Mission": a known body's own unit is one name.
                if let Some((MentionKind::Org, _, _)) = next
                    && !out[k].possessive
                {
                    out[k + 1].name = body[out[k].start..out[k + 1].end].to_string();
                    out[k + 1].start = out[k].start;
                    out[k + 1].first_tok = out[k].first_tok;
                    drop[k] = true;
                }
            }
            MentionKind::Title => {
                if let Some((nk, _, _)) = next
                    && matches!(
                        nk,
                        MentionKind::Known(ActorKind::Person) | MentionKind::Person
                    )
                {
                    drop[k] = true;
                    out[k + 1].first_tok = out[k].first_tok;
                    out[k + 1].affil = out[k].affil.take();
                }
            }
            _ => {}
        }
    }
    // "Greek prime minister X", "Sudan Armed Forces spokesman X": lowercase titles between a
    // country and a person make the person its official, and the country a modifier.
    for k in 0..out.len() {
        let country = matches!(
            out[k].kind,
            MentionKind::Demonym | MentionKind::Known(ActorKind::Country)
        );
        if drop[k] || !country || out[k].possessive {
            continue;
        }
        let Some(n) = (k + 1..out.len()).find(|&n| !drop[n]) else {
            continue;
        };
        if !matches!(
            out[n].kind,
            MentionKind::Person | MentionKind::Known(ActorKind::Person)
        ) || out[n].first_tok <= out[k].last_tok + 1
        {
            continue;
        }
        let between = &toks[out[k].last_tok + 1..out[n].first_tok];
        let titles = between.len() <= 4
            && between
                .iter()
                .all(|t| t.kind == TokenKind::Word && !t.is_capitalised() && lower_in(t, TITLES));
        if !titles {
            continue;
        }
        let speaks_for = between.iter().any(|t| lower_in(t, OFFICE_TITLES))
            && !between
                .iter()
                .any(|t| lower_in(t, &["opposition", "former", "ex"]));
        drop[k] = true;
        out[n].first_tok = out[k].first_tok;
        if speaks_for {
            out[n].affil = Some(out[k].name.clone());
        }
    }
    let mut k = 0;
    out.retain(|_| {
        k += 1;
        !drop[k - 1]
    });
}

/// Lowercase nouns naming one official: the head of a title after a country's possessive.
const OFFICIAL_NOUNS: &[&str] = &[
    "minister",
    "president",
    "prime",
    "chancellor",
    "premier",
    "spokesman",
    "spokeswoman",
    "spokesperson",
    "ambassador",
    "envoy",
    "secretary",
    "governor",
    "mayor",
    "commander",
    "chief",
    "king",
    "queen",
    "leader",
];

/// "Belgium's interior minister", "the Colombian defence minister": one official of a country. The
/// mention becomes the person when the article names whoever holds that title ("Defence Minister
/// Ricardo Salcedo"), else the phrase itself; either way it speaks for the country.
fn country_officials(body: &str, toks: &[Token], out: &mut [Mention]) {
    for k in 0..out.len() {
        let m = &out[k];
        let country_poss = m.kind == MentionKind::Known(ActorKind::Country) && m.possessive;
        let demonym = m.kind == MentionKind::Demonym && !m.possessive;
        if !country_poss && !demonym {
            continue;
        }
        let mut e = m.last_tok;
        while e + 1 < toks.len() {
            let t = &toks[e + 1];
            if t.kind != TokenKind::Word || t.is_capitalised() || !lower_in(t, TITLES) {
                break;
            }
            e += 1;
        }
        if e == m.last_tok || !lower_in(&toks[e], OFFICIAL_NOUNS) {
            continue;
        }
        // A name right after the title is its own mention ("Russia's foreign minister Sergei
        // Lavrov"): leave it to that one.
        if out
            .get(k + 1)
            .is_some_and(|n| n.first_tok == e + 1 && n.kind == MentionKind::Person)
        {
            continue;
        }
        let title = &body[toks[m.last_tok + 1].start..toks[e].end];
        let country = m.name.clone();
        let phrase = body[m.start..toks[e].end].to_string();
        let name = holder_of(body, title, &country).unwrap_or(phrase);
        let m = &mut out[k];
        m.kind = MentionKind::Person;
        m.name = name;
        m.end = toks[e].end;
        m.last_tok = e;
        m.possessive = false;
        m.actor_ok = true;
        m.affil = Some(country);
    }
}

/// The person the article names with `title` of `country` ("Defence Minister Ricardo Salcedo",
/// "the interior minister, Anna Verbeek,"), if any. A one-word title ("president") must be
/// qualified by the same country there; another country's qualifier never fits.
fn holder_of(body: &str, title: &str, country: &str) -> Option<String> {
    let specific = title.contains(' ');
    let hay = body.to_ascii_lowercase();
    let needle = title.to_ascii_lowercase();
    let mut from = 0;
    while let Some(off) = hay[from..].find(&needle) {
        let pos = from + off;
        from = pos + needle.len();
        if !word_start_ok(body, pos) {
            continue;
        }
        let before = body[..pos].trim_end();
        let qualifier = before
            .rsplit(|c: char| !(c.is_alphanumeric() || c == '\'' || c == '’' || c == '-'))
            .next()
            .map(|w| strip_possessive(w).0)
            .and_then(|w| TABLE.lookup(w));
        match qualifier {
            Some(q) if q != country => continue,
            None if !specific => continue,
            _ => {}
        }
        let mut rest = &body[from..];
        if let Some(r) = rest.strip_prefix(", ") {
            rest = r;
        } else if let Some(r) = rest.strip_prefix(' ') {
            rest = r;
        } else {
            continue;
        }
        let mut words = Vec::new();
        for raw in rest.split(' ').take(4) {
            let w = raw.trim_end_matches([',', '.', ';', ':']);
            let ends_phrase = w.len() < raw.len();
            let w = strip_possessive(w).0;
            let cap = w.chars().next().is_some_and(char::is_uppercase)
                && w.chars()
                    .all(|c| c.is_alphabetic() || c == '-' || c == '\'');
            let common = COMMON.iter().any(|c| w.eq_ignore_ascii_case(c))
                || TITLES.iter().any(|c| w.eq_ignore_ascii_case(c));
            if cap && !common {
                words.push(w);
                if ends_phrase {
                    break;
                }
            } else if !words.is_empty() && PERSON_CONNECTORS.contains(&w) {
                words.push(w);
            } else {
                break;
            }
        }
        while words.last().is_some_and(|w| PERSON_CONNECTORS.contains(w)) {
            words.pop();
        }
        if words.len() >= 2 {
            return Some(words.join(" "));
        }
    }
    None
}

/// How the noun phrase starting at token `first` is governed.
fn governance(toks: &[Token], first: usize) -> Gov {
    let mut j = first;
    while j > 0 {
        j -= 1;
        let t = &toks[j];
        if t.kind == TokenKind::Word && lower_in(t, DETERMINERS) {
            continue;
        }
        if t.kind == TokenKind::Word && t.text.ends_with("ly") && t.text.len() > 4 {
            continue;
        }
        // A lowercase title is part of the name's noun phrase: "Greek prime minister X".
        if t.kind == TokenKind::Word && !t.is_capitalised() && lower_in(t, TITLES) {
            continue;
        }
        return match t.kind {
            TokenKind::Punct | TokenKind::Number => Gov::Free,
            TokenKind::Word => {
                // "a group calling itself the X Front": X names the group.
                let named = lower_in(t, &["itself", "themselves"])
                    && j > 0
                    && lower_in(&toks[j - 1], &["calling", "calls", "called", "call"]);
                if named {
                    Gov::Free
                } else if t.is("by") {
                    let led = j > 0
                        && lower_in(
                            &toks[j - 1],
                            &["led", "headed", "joined", "spearheaded", "followed"],
                        );
                    if led { Gov::Free } else { Gov::Agent }
                } else if t.is("from") {
                    Gov::From
                } else if lower_in(t, OPENERS) {
                    Gov::Free
                } else if lower_in(t, PREPS) {
                    Gov::Prep
                } else if is_cap_word(t) {
                    Gov::Free
                } else {
                    Gov::Verb
                }
            }
        };
    }
    Gov::Free
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tokens::tokenize;

    fn names(s: &str) -> Vec<(String, MentionKind, Gov)> {
        let toks = tokenize(s, 0, s.len());
        mentions(s, &toks, 0, s.len())
            .into_iter()
            .map(|m| (m.name, m.kind, m.gov))
            .collect()
    }

    #[test]
    fn titles_and_demonyms() {
        let v = names("Russian President Vladimir Putin accused Ukrainian operatives.");
        assert_eq!(v[0].0, "Vladimir Putin");
        assert_eq!(v[1].0, "Ukraine");
        assert_eq!(v.len(), 2);
        let v = names("Secretary-General Antonio Guterres and Masoud Barzani spoke.");
        assert_eq!(v[0].0, "Antonio Guterres");
        assert_eq!(v[1].0, "Masoud Barzani");
        assert_eq!(v[1].1, MentionKind::Person);
        let v = names("The Russian Foreign Ministry denied it.");
        assert_eq!(v[0].0, "Russia");
        assert_eq!(v.len(), 1);
    }

    #[test]
    fn governance_of_objects() {
        let v = names("The United States, having warned Russia of a threat, denied it.");
        assert_eq!(v[0].2, Gov::Free);
        assert_eq!(v[1].2, Gov::Verb);
        let v = names(
            "It was led by the U.N. Security Council and Secretary-General Antonio Guterres.",
        );
        assert_eq!(v[0].0, "U.N. Security Council");
        assert_eq!(v[0].2, Gov::Free);
        assert_eq!(v[1].2, Gov::Free);
    }

    #[test]
    fn lookup_aliases() {
        assert_eq!(TABLE.lookup("Kyiv"), Some("Ukraine"));
        assert_eq!(TABLE.lookup("ISKP"), Some("ISIS-K"));
        assert_eq!(TABLE.lookup("Daesh"), Some("Islamic State"));
        assert_eq!(TABLE.lookup("Kremlin"), Some("Russia"));
        assert_eq!(TABLE.lookup("nobody"), None);
    }
}

//! Event date: the day the story's main event happened, when the text says it.
//!
//! Every date expression of the article is found (explicit dates "22 March 2024", "March 22",
//! "2024-03-22"; weekdays "on Friday", "late on Tuesday", "on a seemingly ordinary Friday",
//! "Friday evening", "Friday's attack", "Tuesday night's quake", bare as local news writes them
//! ("was shot Sunday"; a weekday followed by its calendar date is that date); "yesterday", "last night";
//! "today", "this morning") and classified by what it attaches to, the nearest verb or event noun
//! before it in its clause (or after it, when it opens the clause: "On Friday, a bomber struck",
//! "Police on Friday arrested"):
//!
//! 1. the onset of the event: an onset verb ("struck", "broke out", "exploded", "went off",
//!    "capsized", "burst its banks") or an event noun ("the quake on 11 March", "a fire on
//!    Tuesday", "Saturday's car bomb attack", "the 11 March quake");
//! 2. a casualty verb ("were killed on Friday", "died on Tuesday");
//! 3. in a story about an incident, an explicit calendar date attached to some other verb
//!    ("when the train was routed onto an occupied track at 9.20 pm on 3 April");
//! 4. in the lead of such a story, any date attached to a verb of the first response or the
//!    first care ("officers were dispatched Thursday", "was rushed to a hospital Friday night").
//!
//! A date attached to a change of the toll ("rose to 21 on Wednesday"), a report ("officials
//! said on Friday"), a later action ("were detained on Sunday", "appealed on Sunday") or to the
//! future ("will be held on Monday") is never the event's date. The best class wins, the first
//! in the text among equals. An article that is not about an incident (no casualty or disaster
//! word in its lead) is dated by its lead's own news: a win, a launch, an announcement, a
//! publication, a statement of plans ("said on Thursday it would cut 1,200 jobs").
//!
//! Relative days resolve against `published`: a weekday is the most recent such day on or before
//! the publication day (news published on a Friday about "an attack on Friday" reports that same
//! day). Dates after `published`, more than 400 days before it, anniversaries, datelines and the
//! stamps of pages and embedded posts ("Posted: Sunday, February 16", "(@handle) May 4, 2017")
//! are ignored.

use std::sync::LazyLock;

use aho_corasick::{AhoCorasick, MatchKind};
use factline_model::{CleanText, Date};

use crate::tokens::{Token, TokenKind};

/// A non-incident story is dated only from its first sentences (headline included).
const LEAD_SENTENCES: usize = 4;
/// Casualty-verb and calendar-date fallbacks are looked for in the first sentences only.
const FALLBACK_SENTENCES: usize = 9;
/// How far before a date expression its governing word is looked for.
const SCAN_BACK: usize = 16;
/// How far before a date expression an event noun may stand ("a fire at the X plant on ...").
const MAX_NOUN_GAP: usize = 8;
/// How far after a clause-opening date expression its verb is looked for.
const SCAN_FORWARD: usize = 10;

const MONTHS: &[(&str, i8)] = &[
    ("january", 1),
    ("jan", 1),
    ("february", 2),
    ("feb", 2),
    ("march", 3),
    ("mar", 3),
    ("april", 4),
    ("apr", 4),
    ("may", 5),
    ("june", 6),
    ("jun", 6),
    ("july", 7),
    ("jul", 7),
    ("august", 8),
    ("aug", 8),
    ("september", 9),
    ("sep", 9),
    ("sept", 9),
    ("october", 10),
    ("oct", 10),
    ("november", 11),
    ("nov", 11),
    ("december", 12),
    ("dec", 12),
];

const WEEKDAYS: &[&str] = &[
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
];

/// Parts of a day after a weekday: "Friday evening", "Tuesday night's".
const DAY_PARTS: &[&str] = &[
    "morning",
    "afternoon",
    "evening",
    "night",
    "dawn",
    "midday",
    "lunchtime",
];

/// Nouns naming the event itself: "the quake on 11 March", "Saturday's car bomb attack".
/// (Not "aftershock" or "raid": a later or a police action.)
const EVENT_NOUNS: &[&str] = &[
    "quake",
    "earthquake",
    "tremor",
    "fire",
    "fires",
    "blaze",
    "inferno",
    "wildfire",
    "wildfires",
    "explosion",
    "explosions",
    "blast",
    "blasts",
    "bomb",
    "bombing",
    "bombings",
    "car-bombing",
    "attack",
    "attacks",
    "assault",
    "ambush",
    "massacre",
    "shooting",
    "shootings",
    "gunfire",
    "shootout",
    "standoff",
    "killing",
    "killings",
    "slaying",
    "slayings",
    "stabbing",
    "stabbings",
    "rampage",
    "siege",
    "hijacking",
    "kidnapping",
    "abduction",
    "airstrike",
    "airstrikes",
    "strike",
    "strikes",
    "shelling",
    "onslaught",
    "crash",
    "collision",
    "derailment",
    "capsizing",
    "sinking",
    "shipwreck",
    "flood",
    "floods",
    "flooding",
    "landslide",
    "landslides",
    "mudslide",
    "cloudburst",
    "avalanche",
    "collapse",
    "eruption",
    "storm",
    "hurricane",
    "cyclone",
    "typhoon",
    "tornado",
    "tsunami",
    "landfall",
    "stampede",
    "accident",
    "disaster",
    "tragedy",
    "incident",
    "violence",
    "clashes",
    "riot",
    "riots",
    "unrest",
];

/// Verbs of the event's onset: the date they carry is the event's.
const ONSET_VERBS: &[&str] = &[
    "struck",
    "hit",
    "hits",
    "exploded",
    "explodes",
    "erupted",
    "erupts",
    "broke",
    "burst",
    "bursts",
    "collapsed",
    "collapses",
    "capsized",
    "capsizes",
    "overturned",
    "sank",
    "derailed",
    "crashed",
    "crashes",
    "collided",
    "ploughed",
    "plowed",
    "occurred",
    "occurs",
    "happened",
    "unfolded",
    "tore",
    "swept",
    "slammed",
    "rocked",
    "shook",
    "jolted",
    "stormed",
    "attacked",
    "ambushed",
    "bombed",
    "shelled",
    "detonated",
    "flooded",
    "engulfed",
    "razed",
    "levelled",
    "leveled",
    "flattened",
    "lashed",
    "battered",
    "pounded",
    "devastated",
    "inundated",
    "stabbed",
    "shot",
    "fired",
    "gunned",
    "kidnapped",
    "abducted",
    "hijacked",
    "buried",
    "plunged",
    "veered",
    "skidded",
    "rammed",
    "toppled",
    "tumbled",
    "caved",
    "blew",
    "ignited",
    "torched",
    "swamped",
    "submerged",
    "breached",
    "overflowed",
    "crash-landed",
    "vanished",
    "disappeared",
    "targeted",
    "rattled",
    "aground",
    "ablaze",
];

/// Verbs that are the onset only with the event as subject: "the fire started on Tuesday", "the
/// attack took place on Friday" (but "the search began on Monday").
const SUBJECT_ONSET_VERBS: &[&str] = &["began", "begun", "started", "took", "came"];

/// Casualty verbs: a date they carry is the event's unless an onset says otherwise.
const CASUALTY_VERBS: &[&str] = &[
    "killed", "died", "injured", "wounded", "hurt", "drowned", "perished",
];

/// Verbs of a change in the toll or a count: "rose to 21 on Wednesday".
const TOLL_VERBS: &[&str] = &[
    "rose",
    "rises",
    "rise",
    "risen",
    "rising",
    "climbed",
    "climbs",
    "climbing",
    "reached",
    "reaches",
    "reaching",
    "raised",
    "raising",
    "lowered",
    "lowering",
    "revised",
    "revising",
    "increased",
    "jumped",
    "soared",
    "doubled",
    "tripled",
    "topped",
    "passed",
    "surpassed",
    "exceeded",
    "stood",
    "stands",
];

/// Nouns whose verb is a toll change even when it is an onset verb ("the toll hit 50").
const COUNT_NOUNS: &[&str] = &[
    "toll", "tally", "number", "figure", "count", "total", "deaths",
];

/// Reporting verbs: "officials said on Friday" dates the statement.
const REPORTING: &[&str] = &[
    "said",
    "says",
    "told",
    "announced",
    "reported",
    "confirmed",
    "stated",
    "added",
    "warned",
    "tweeted",
    "posted",
    "wrote",
    "published",
    "released",
    "updated",
    "according",
    "briefed",
    "declared",
    "insisted",
];

/// Past tenses that do not end in "-ed".
const IRREGULAR_PAST: &[&str] = &[
    "gave", "held", "left", "took", "came", "made", "found", "sent", "met", "began", "begun",
    "fled", "ran", "won", "lost", "brought", "kept", "saw", "spent", "became", "fell", "paid",
    "put", "led", "laid", "flew", "drove", "threw", "caught", "chose", "sold", "bought", "built",
    "heard", "felt", "sought", "fought", "beat", "grew", "knew", "spoke", "got", "dug", "hid",
    "shut", "win", "wins", "begins", "opens", "ends", "visits", "meets", "holds",
];

/// "-ed" words that are rarely verbs before a date.
const ED_NOT_VERB: &[&str] = &[
    "red",
    "bed",
    "hundred",
    "need",
    "speed",
    "seed",
    "shed",
    "feed",
    "armed",
    "masked",
    "suspected",
    "alleged",
    "unidentified",
    "so-called",
    "detailed",
    "limited",
    "advanced",
    "experienced",
    "crowded",
    "packed",
    "sacred",
    "naked",
    "beloved",
    "wicked",
    "rugged",
];

/// Verbs of the first response to an incident and of the wounded's first care: in the lead
/// of an incident story the day they carry is the incident's ("was rushed to the hospital
/// Friday night", "officers were dispatched Thursday", "the gun discharged early Sunday").
const RESPONSE_VERBS: &[&str] = &[
    "responded",
    "dispatched",
    "called",
    "summoned",
    "found",
    "discovered",
    "rushed",
    "hospitalized",
    "hospitalised",
    "transported",
    "airlifted",
    "treated",
    "pronounced",
    "discharged",
    "sustained",
    "suffered",
    "escalated",
    "heard",
    "fled",
];

/// Verbs of what follows an incident, and states: a bare day they carry is not the
/// incident's ("was arrested Sunday", "were recovered on Friday", "remained in hospital").
const LATER_VERBS: &[&str] = &[
    "was",
    "were",
    "is",
    "are",
    "remained",
    "remains",
    "arrested",
    "detained",
    "charged",
    "booked",
    "arraigned",
    "indicted",
    "convicted",
    "sentenced",
    "pleaded",
    "appeared",
    "identified",
    "released",
    "recovered",
    "rescued",
    "resumed",
    "searched",
    "evacuated",
    "reopened",
    "gathered",
    "marched",
    "mourned",
    "buried",
    "held",
    "met",
    "visited",
    "returned",
    "declared",
    "ordered",
    "filed",
    "issued",
    "asked",
    "urged",
    "gave",
    "spoke",
    "surrendered",
    "captured",
    "caught",
    "extradited",
    "testified",
    "began",
    "begun",
    "started",
    "ended",
    "continued",
    "appealed",
    "pledged",
    "sent",
    "delivered",
    "distributed",
    "deployed",
    "donated",
];

/// Before a verb, these put it in the future.
const FUTURE: &[&str] = &[
    "will",
    "would",
    "shall",
    "'ll",
    "due",
    "scheduled",
    "expected",
    "planned",
    "plans",
];

/// Determiners before an "-ed" word make it an adjective ("the injured").
const DETERMINERS: &[&str] = &[
    "the", "a", "an", "its", "their", "his", "her", "this", "that", "these", "those",
];

/// A story with one of these in its lead (headline included) is about an incident, and only
/// the incident's own date is its event date.
const INCIDENT_WORDS: &[&str] = &[
    "killed",
    "kills",
    "kill",
    "killing",
    "dead",
    "died",
    "dies",
    "death",
    "deaths",
    "deadly",
    "injured",
    "injuring",
    "wounded",
    "shot",
    "gunshot",
    "casualties",
    "victims",
    "drowned",
    "missing",
    "quake",
    "earthquake",
    "fire",
    "blaze",
    "flood",
    "floods",
    "flooding",
    "floodwaters",
    "explosion",
    "blast",
    "bomb",
    "bombing",
    "attack",
    "attacked",
    "shooting",
    "gunmen",
    "crash",
    "crashed",
    "collision",
    "derailed",
    "derailment",
    "capsized",
    "sank",
    "collapsed",
    "collapse",
    "landslide",
    "storm",
    "hurricane",
    "cyclone",
    "typhoon",
    "tornado",
    "tsunami",
    "eruption",
    "stampede",
    "avalanche",
    "massacre",
    "stabbing",
    "ambush",
    "disaster",
    "tragedy",
    "accident",
    "wildfire",
    "violence",
    "clashes",
];

/// In a story that is not about an incident, the lead's news verbs that date it.
const NEWS_VERBS: &[&str] = &[
    "won",
    "win",
    "wins",
    "winning",
    "clinched",
    "announced",
    "announces",
    "unveiled",
    "unveils",
    "launched",
    "launches",
    "began",
    "begins",
    "started",
    "opened",
    "opens",
    "published",
    "released",
    "signed",
    "elected",
    "inaugurated",
    "awarded",
    "approved",
    "agreed",
    "named",
    "presented",
    "introduced",
];

/// Before a bare date expression, these make it not the event's day.
const BAD_BEFORE: &[&str] = &[
    "since",
    "until",
    "till",
    "by",
    "before",
    "next",
    "this",
    "coming",
    "from",
    "born",
    "through",
    "every",
    "each",
    "following",
    "between",
    "good",
    "black",
];

/// Capitalised words that make a weekday after them a name: "Easter Sunday", "Super Tuesday".
const DAY_NAMES_BEFORE: &[&str] = &[
    "easter",
    "palm",
    "super",
    "black",
    "cyber",
    "good",
    "ash",
    "holy",
    "bloody",
    "fat",
    "shrove",
    "maundy",
    "whit",
    "trinity",
    "pentecost",
    "giving",
    "mardi",
    "manic",
    "blue",
    "this",
    "last",
    "next",
    "every",
    "each",
    "by",
    "since",
    "until",
    "on",
    "and",
    "or",
    "of",
    "the",
];

static GATE: LazyLock<AhoCorasick> = LazyLock::new(|| {
    let mut pats: Vec<&str> = MONTHS.iter().map(|m| m.0).collect();
    pats.extend(WEEKDAYS);
    pats.extend([
        "yesterday",
        "last night",
        "today",
        "this morning",
        "this afternoon",
        "this evening",
        "tonight",
        "-",
    ]);
    AhoCorasick::builder()
        .ascii_case_insensitive(true)
        .match_kind(MatchKind::LeftmostFirst)
        .build(pats)
        .expect("date gate")
});

/// Days since 1970-01-01 of a civil date.
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (if m <= 2 { y + 1 } else { y }, m, d)
}

fn to_days(d: Date) -> i64 {
    days_from_civil(
        i64::from(d.year()),
        i64::from(d.month()),
        i64::from(d.day()),
    )
}

fn from_days(z: i64) -> Option<Date> {
    let (y, m, d) = civil_from_days(z);
    let y = i16::try_from(y).ok()?;
    Date::new(y, m as i8, d as i8).ok()
}

fn make_date(y: i64, m: i8, d: i64) -> Option<Date> {
    Date::new(i16::try_from(y).ok()?, m, i8::try_from(d).ok()?).ok()
}

/// Monday = 0.
fn weekday_of(days: i64) -> i64 {
    (days + 3).rem_euclid(7)
}

/// A date expression found in a sentence.
struct Found {
    date: Date,
    /// Token range of the expression.
    first: usize,
    last: usize,
    /// "today"-like expressions need a past-tense event verb nearby.
    needs_past_verb: bool,
    /// An explicit calendar date (not relative).
    explicit: bool,
    /// "Friday's", "Tuesday night's", "yesterday's": the date of the noun after it.
    possessive: bool,
}

/// What a date expression attaches to.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Attach {
    /// An onset verb or (`noun`) an event noun.
    Onset { noun: bool },
    /// A casualty verb.
    Casualty,
    /// A change of the toll.
    Toll,
    /// A reporting verb; `plans` when what is reported is a plan ("said on Thursday it would").
    Report { verb: String, plans: bool },
    /// Any other verb (`future` when a modal stands before it).
    Other { verb: String, future: bool },
    /// Nothing found.
    Nothing,
}

/// The date the article's event happened, when the text gives it.
pub fn event_date(text: &CleanText, published: Date) -> Option<Date> {
    event_date_of(&crate::analysis::Analysis::new(text), published)
}

/// [`event_date`] over an analysis the other extractors share.
pub fn event_date_of(an: &crate::analysis::Analysis, published: Date) -> Option<Date> {
    event_date_traced(an, published, None)
}

/// [`event_date_of`], writing each date expression it weighs and what it made of it to
/// `trace` (for tuning: `examples/dates_places.rs --explain`).
pub fn event_date_traced(
    an: &crate::analysis::Analysis,
    published: Date,
    mut trace: Option<&mut Vec<String>>,
) -> Option<Date> {
    let text = an.text;
    let body = an.body;
    let pub_days = to_days(published);
    let incident = is_incident(an);
    // (rank, date): lower rank wins, the first in the text among equals.
    let mut best: Option<(u8, Date)> = None;
    for (si, s) in text.sentences.iter().enumerate() {
        if !text.holds(*s) {
            continue;
        }
        if !GATE.is_match(&body[s.start..s.end]) {
            continue;
        }
        // A sentence cut after "a.m." goes on from the one before: both sentences' tokens.
        let toks: std::borrow::Cow<[Token]> = if continued_from(text, si) < s.start {
            [an.tokens(si - 1), an.tokens(si)].concat().into()
        } else {
            an.tokens(si).into()
        };
        let lower: Vec<String> = toks
            .iter()
            .map(|t| an.lower[t.start..t.end].to_string())
            .collect();
        for f in expressions(&toks, &lower, published, pub_days) {
            let d = to_days(f.date);
            if d > pub_days || d < pub_days - 400 {
                continue;
            }
            if f.explicit && si <= 2 && is_dateline(&toks, f.first, f.last) {
                continue;
            }
            // "the second deadly fire this week, after five died in Esenyurt on Monday":
            // an earlier event the text compares its own with.
            if compared_event(&lower, f.first) {
                continue;
            }
            // A page's or a post's own stamp: "Posted: Sunday, February 16, 2014", "(Updated
            // Feb 6, 2017)", "— A Reporter (@areporter) February 4, 2017".
            if is_stamp(&toks, &lower, f.first) {
                continue;
            }
            // A stamp on a line of its own dates the page; in an incident story it stands for
            // the event only when nothing else dates it (the news of the day: "A fire destroyed
            // the warehouse early this morning").
            if f.explicit && stamp_line(body, &toks, &f) {
                if incident && best.is_none_or(|(r, _)| r > 5) {
                    best = Some((5, f.date));
                }
                continue;
            }
            // "as of Friday" dates a count, not the event.
            if f.first >= 2 && lower[f.first - 2] == "as" && lower[f.first - 1] == "of" {
                continue;
            }
            // "the anniversary of the 12 March 2023 landslide" is another, earlier event.
            if lower[f.first.saturating_sub(4)..f.first]
                .iter()
                .any(|w| w.starts_with("anniversar"))
            {
                continue;
            }
            // "called off the search on Monday, six days after the quake": the event is dated
            // by its distance from a dated later action.
            if incident
                && let Some(back) = offset_days(&lower, &f)
                && let Some(date) = from_days(d - back)
                && best.is_none_or(|(r, _)| r > 0)
            {
                best = Some((0, date));
            }
            let att = attach(&toks, &lower, &f);
            if let Some(t) = trace.as_deref_mut() {
                let words = lower[f.first..=f.last].join(" ");
                t.push(format!("s{si} {} «{words}» {att:?}", f.date));
            }
            let rank = match &att {
                // "the threats facing societies today" is not the attack's day.
                // "A fire destroyed the warehouse early this morning": in an incident story, a
                // past verb that is no later action dates the event too, as a last resort.
                Attach::Other {
                    verb,
                    future: false,
                } if f.needs_past_verb
                    && incident
                    && si < FALLBACK_SENTENCES
                    && verb.ends_with("ed")
                    && !LATER_VERBS.contains(&verb.as_str()) =>
                {
                    4
                }
                _ if f.needs_past_verb
                    && !matches!(att, Attach::Onset { noun: false } | Attach::Casualty) =>
                {
                    continue;
                }
                Attach::Onset { .. } => 0,
                Attach::Casualty if si < FALLBACK_SENTENCES => 1,
                Attach::Other { future: false, .. } | Attach::Nothing
                    if incident && f.explicit && si < FALLBACK_SENTENCES =>
                {
                    2
                }
                // "six people were shot and one was rushed to hospital Friday night".
                Attach::Other {
                    verb,
                    future: false,
                } if incident && si < LEAD_SENTENCES && RESPONSE_VERBS.contains(&verb.as_str()) => {
                    3
                }
                // Local news dates the incident by a bare day on whatever verb the sentence
                // has ("a man was found in the 600 block of Elm Street Sunday night", "the
                // gunshot death of a teenager outside Danielsville Sunday night"): in an
                // incident story's first sentences, the last resort, unless the verb is a later
                // action or a state ("was arrested Sunday", "were still in hospital Tuesday").
                Attach::Other {
                    verb,
                    future: false,
                } if incident
                    && !f.explicit
                    && si < FALLBACK_SENTENCES
                    && !verb.is_empty()
                    && !LATER_VERBS.contains(&verb.as_str()) =>
                {
                    4
                }
                Attach::Nothing if incident && !f.explicit && si < FALLBACK_SENTENCES => 4,
                Attach::Report { verb, plans } if !incident && si < LEAD_SENTENCES => {
                    if *plans || NEWS_VERBS.contains(&verb.as_str()) {
                        3
                    } else {
                        continue;
                    }
                }
                Attach::Other {
                    verb,
                    future: false,
                } if !incident && si < LEAD_SENTENCES && NEWS_VERBS.contains(&verb.as_str()) => 3,
                _ => continue,
            };
            if let Some(t) = trace.as_deref_mut() {
                t.push(format!("    rank {rank}"));
            }
            if best.is_none_or(|(r, _)| rank < r) {
                best = Some((rank, f.date));
            }
        }
    }
    best.map(|(_, d)| d)
}

/// Where sentence `si` really starts: a sentence cut after a clock time ("shot at 2:30 a.m." |
/// "Thursday in Dalby.") goes on from the start of the one before, in the same paragraph.
fn continued_from(text: &CleanText, si: usize) -> usize {
    let s = text.sentences[si];
    let Some(p) = si.checked_sub(1).map(|p| text.sentences[p]) else {
        return s.start;
    };
    let body = text.body.as_str();
    let clock = body
        .get(p.start..p.end)
        .is_some_and(|t| t.ends_with("a.m.") || t.ends_with("p.m."));
    let gap = body.get(p.end..s.start);
    if clock && text.holds(p) && gap.is_some_and(|g| g.trim().is_empty() && !g.contains('\n')) {
        p.start
    } else {
        s.start
    }
}

/// Is token `k` a dot of "a.m." or "p.m." (no clause break)?
fn clock_dot(toks: &[Token], k: usize) -> bool {
    toks[k].text == "."
        && k > 0
        && matches!(toks[k - 1].text, "a" | "p" | "m")
        && toks[k - 1].end == toks[k].start
}

/// Is the date expression at `first` the stamp of a page or a post: after a capitalised
/// "Posted", "Updated", "Published" or one with a colon (colons, "on" and brackets between), or after an embedded post's
/// "(@handle)"?
fn is_stamp(toks: &[Token], lower: &[String], first: usize) -> bool {
    let mut k = first;
    while k > 0 && first - k < 4 {
        k -= 1;
        match lower[k].as_str() {
            ":" | "(" | "," | "on" | "at" | "last" | "-" | "|" => continue,
            w if WEEKDAYS.contains(&w) => continue,
            // Lowercase it is a verb of the text: "a paper published on Tuesday".
            "posted" | "updated" | "published" | "modified" => {
                return toks[k].is_capitalised() || toks.get(k + 1).is_some_and(|t| t.text == ":");
            }
            ")" => {
                return toks[k.saturating_sub(6)..k].iter().any(|t| t.text == "@");
            }
            _ => return false,
        }
    }
    false
}

/// Does the explicit date `f` stand on a line of its own with nothing but a page's stamp words
/// around it ("April 04, 2007", "Updated Thu 6 May 2010, 9:03am AEST", "16 September 2013
/// Last updated at 12:42 GMT", "TNN Nov 12, 2011, 05. 51AM IST MUMBAI:")? That is when the page
/// was written, not what happened.
fn stamp_line(body: &str, toks: &[Token], f: &Found) -> bool {
    let (s, e) = (toks[f.first].start, toks[f.last].end);
    let line_start = body[..s].rfind('\n').map_or(0, |i| i + 1);
    let line_end = body[e..].find('\n').map_or(body.len(), |i| e + i);
    let stamp_word = |w: &str| {
        let l = w.to_ascii_lowercase();
        !w.chars().any(char::is_lowercase)
            || STAMP_WORDS.contains(&l.as_str())
            || l.len() >= 3 && WEEKDAYS.iter().any(|d| d.starts_with(l.as_str()))
    };
    let mut before = body[line_start..s]
        .split(|c: char| !c.is_alphabetic())
        .filter(|w| !w.is_empty());
    // After the stamp the line ends, or (a stamp line the cleaner joined to the paragraph it
    // heads: "22 Jul 2013 A supermarket caught fire") the next sentence starts.
    let after = body[e..line_end]
        .split(|c: char| !c.is_alphabetic())
        .find(|w| !w.is_empty() && !stamp_word(w))
        .is_none_or(|w| w.starts_with(char::is_uppercase));
    before.all(stamp_word) && after
}

/// Words of a page's date stamp.
const STAMP_WORDS: &[&str] = &[
    "posted",
    "published",
    "updated",
    "last",
    "first",
    "created",
    "modified",
    "story",
    "on",
    "at",
    "am",
    "pm",
    "a",
    "p",
    "m",
    "hrs",
    "by",
    "date",
    "time",
];

/// Is the date at `first` inside a comparison with an earlier event: "the second deadly
/// fire in the city this week, after five people died in Esenyurt on Monday", "the third
/// attack since Monday's bombing"? An ordinal (or "another", "latest") before an event
/// noun, then "after", "since" or "following", then the date. ("A second suspect was
/// arrested on Friday after the attack on Monday" is not: a suspect is no event.)
fn compared_event(lower: &[String], first: usize) -> bool {
    let Some(link) = (0..first)
        .rev()
        .find(|&k| matches!(lower[k].as_str(), "after" | "since" | "following"))
    else {
        return false;
    };
    (0..link).any(|k| {
        matches!(
            lower[k].as_str(),
            "second" | "third" | "fourth" | "fifth" | "another" | "latest"
        ) && lower[k + 1..(k + 5).min(link)]
            .iter()
            .any(|w| EVENT_NOUNS.contains(&bare(w)) || w == "such")
    })
}

/// Does the lead (headline and first sentences) tell of an incident: a disaster, an attack, a
/// casualty? A past event dated by its year ("the 2015 bombing") does not count.
fn is_incident(an: &crate::analysis::Analysis) -> bool {
    (0..an.text.sentences.len().min(LEAD_SENTENCES)).any(|si| {
        let toks = an.tokens(si);
        (0..toks.len()).any(|k| {
            let w = toks[k].text.to_ascii_lowercase();
            let b = bare(&w);
            toks[k].kind == TokenKind::Word
                && (INCIDENT_WORDS.contains(&b)
                    || EVENT_NOUNS.contains(&b) && !matches!(b, "strike" | "strikes" | "incident"))
                && !toks[k.saturating_sub(3)..k].iter().any(|t| {
                    year_num(Some(t)).is_some()
                        || t.text.to_ascii_lowercase().starts_with("anniversar")
                })
        })
    })
}

fn bare(w: &str) -> &str {
    w.strip_suffix("'s")
        .or_else(|| w.strip_suffix("’s"))
        .unwrap_or(w)
}

fn is_possessive(w: &str) -> bool {
    w.ends_with("'s") || w.ends_with("’s")
}

/// What the date expression `f` attaches to.
fn attach(toks: &[Token], lower: &[String], f: &Found) -> Attach {
    // Attributive: "Saturday's car bomb attack", "the 11 March quake", "the Wednesday attack".
    let det_before = f.first > 0 && matches!(lower[f.first - 1].as_str(), "the" | "a" | "an");
    if f.possessive || det_before {
        for k in f.last + 1..(f.last + 5).min(toks.len()) {
            let t = &toks[k];
            if t.kind != TokenKind::Word || t.is_capitalised() {
                break;
            }
            let w = bare(&lower[k]);
            if EVENT_NOUNS.contains(&w) {
                return event_noun(lower, k);
            }
            if verb_class(toks, lower, k).is_some() {
                break;
            }
        }
        if f.possessive {
            return Attach::Other {
                verb: String::new(),
                future: false,
            };
        }
    }
    // Backward: the nearest verb or event noun of the clause before the date. Reaching the
    // clause start without one, the date opens the clause: "Police on Friday arrested".
    let mut at_clause_start = f.first == 0
        || matches!(
            lower[f.first - 1].as_str(),
            "and" | "but" | "then" | "while"
        );
    if !at_clause_start {
        let lim = f.first.saturating_sub(SCAN_BACK);
        let mut k = f.first;
        at_clause_start = loop {
            if k == lim {
                break lim == 0;
            }
            k -= 1;
            let t = &toks[k];
            // "11:02 p.m." is a time, not a clause break.
            let clock = t.text == ":"
                && toks.get(k + 1).is_some_and(|n| n.kind == TokenKind::Number)
                && k > 0
                && toks[k - 1].kind == TokenKind::Number;
            match t.kind {
                TokenKind::Punct
                    if !clock && matches!(t.text, ";" | ":" | "—" | "–" | "\"" | "“" | "”") =>
                {
                    break true;
                }
                TokenKind::Punct | TokenKind::Number => continue,
                TokenKind::Word => {}
            }
            // "four people injured in the fire were still in hospital on Tuesday": the state
            // the date carries is not the event's.
            // ("Police are investigating the death of a man found Sunday" is no state.)
            let progressive = lower
                .get(k + 1)
                .is_some_and(|n| n.len() > 5 && n.ends_with("ing"));
            if matches!(
                lower[k].as_str(),
                "was" | "were" | "is" | "are" | "remained" | "remains"
            ) && !progressive
            {
                return Attach::Other {
                    verb: lower[k].clone(),
                    future: false,
                };
            }
            // "a fire at the Nurjahan Knit Composite plant on 18 February"; not the charge
            // of a later action ("was charged with murder Monday").
            if EVENT_NOUNS.contains(&bare(&lower[k]))
                && f.first - k <= MAX_NOUN_GAP
                && !(k > 0 && matches!(lower[k - 1].as_str(), "with" | "for"))
            {
                return event_noun(lower, k);
            }
            if let Some(a) = verb_class(toks, lower, k) {
                return finish_report(a, lower, f);
            }
        };
    }
    if !at_clause_start {
        return Attach::Nothing;
    }
    // Forward: "On Friday, a suicide bomber struck", "Police on Friday arrested".
    for k in f.last + 1..(f.last + 1 + SCAN_FORWARD).min(toks.len()) {
        let t = &toks[k];
        if t.kind == TokenKind::Punct
            && matches!(t.text, ";" | ":" | "." | "—" | "–")
            && !clock_dot(toks, k)
        {
            break;
        }
        if t.kind != TokenKind::Word {
            continue;
        }
        if EVENT_NOUNS.contains(&bare(&lower[k])) {
            return event_noun(lower, k);
        }
        if let Some(a) = verb_class(toks, lower, k) {
            return finish_report(a, lower, f);
        }
    }
    Attach::Nothing
}

/// An event noun: the main event, unless a later one ("a second tremor", "another attack").
fn event_noun(lower: &[String], k: usize) -> Attach {
    let later = lower[k.saturating_sub(3)..k].iter().any(|w| {
        matches!(
            w.as_str(),
            "second" | "third" | "another" | "fresh" | "new" | "further" | "later"
        )
    });
    if later {
        Attach::Other {
            verb: String::new(),
            future: false,
        }
    } else {
        Attach::Onset { noun: true }
    }
}

/// Days back from the expression `f` to the event, when it is given as a distance: "on Monday,
/// six days after an earthquake", "on Friday, a week after the storm".
fn offset_days(lower: &[String], f: &Found) -> Option<i64> {
    if f.needs_past_verb || f.possessive {
        return None;
    }
    let mut k = f.last + 1;
    if lower.get(k).is_some_and(|t| t == ",") {
        k += 1;
    }
    let n = count_word(lower.get(k)?)?;
    let unit = match lower.get(k + 1).map(String::as_str) {
        Some("day" | "days") => 1,
        Some("week" | "weeks") => 7,
        _ => return None,
    };
    if lower.get(k + 2).map(String::as_str) != Some("after") {
        return None;
    }
    // The event itself must follow: "after an earthquake", "after the bridge collapsed".
    let tied = (k + 3..(k + 11).min(lower.len())).any(|j| {
        let w = bare(&lower[j]);
        EVENT_NOUNS.contains(&w) && matches!(event_noun(lower, j), Attach::Onset { .. })
            || ONSET_VERBS.contains(&w)
    });
    tied.then_some(n * unit)
}

/// A small count in words or digits: "six", "a", "10".
fn count_word(w: &str) -> Option<i64> {
    const WORDS: &[&str] = &[
        "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
    ];
    match w {
        "a" | "an" => Some(1),
        _ => WORDS
            .iter()
            .position(|x| *x == w)
            .map(|i| i as i64 + 1)
            .or_else(|| w.parse().ok().filter(|n| (1..=60).contains(n))),
    }
}

/// A report of plans ("said on Thursday it would cut") is itself the news.
fn finish_report(a: Attach, lower: &[String], f: &Found) -> Attach {
    match a {
        Attach::Report { verb, .. } => {
            let after = &lower[(f.last + 1).min(lower.len())..(f.last + 5).min(lower.len())];
            let plans = after
                .iter()
                .any(|w| matches!(w.as_str(), "would" | "will" | "plans" | "intends"));
            Attach::Report { verb, plans }
        }
        a => a,
    }
}

/// The class of the word at `k` when it is a verb.
fn verb_class(toks: &[Token], lower: &[String], k: usize) -> Option<Attach> {
    let t = &toks[k];
    if t.kind != TokenKind::Word || t.is_capitalised() && k > 0 {
        return None;
    }
    let w = bare(&lower[k]);
    let prev = |j: usize| k.checked_sub(j).map(|x| lower[x].as_str());
    let next = lower.get(k + 1).map(String::as_str);
    // "the toll hit 50 on Friday"
    let count_subject = || (1..=2).any(|j| prev(j).is_some_and(|p| COUNT_NOUNS.contains(&bare(p))));
    // "went off", "gave way", "opened fire", "caught fire"
    if w == "off" && prev(1) == Some("went")
        || w == "way" && prev(1) == Some("gave")
        || w == "fire" && matches!(prev(1), Some("opened" | "caught"))
    {
        return Some(Attach::Onset { noun: false });
    }
    if SUBJECT_ONSET_VERBS.contains(&w)
        && (w != "took" || next == Some("place"))
        && (1..=4).any(|j| prev(j).is_some_and(|p| EVENT_NOUNS.contains(&bare(p))))
    {
        return Some(Attach::Onset { noun: false });
    }
    if ONSET_VERBS.contains(&w) {
        return Some(if count_subject() {
            Attach::Toll
        } else {
            Attach::Onset { noun: false }
        });
    }
    // A change of a count needs the count: its noun before ("the toll rose") or a number
    // or count noun just after ("rose to 21", "reached 50", "raised the death toll");
    // "fell while climbing to a hut", "rescuers reached the village" are no toll.
    if TOLL_VERBS.contains(&w) {
        let counted = count_subject()
            || lower[k + 1..(k + 4).min(lower.len())].iter().any(|x| {
                COUNT_NOUNS.contains(&bare(x))
                    || x.starts_with(|c: char| c.is_ascii_digit())
                    || matches!(
                        x.as_str(),
                        "at" | "more"
                            | "nearly"
                            | "almost"
                            | "about"
                            | "around"
                            | "over"
                            | "dozens"
                            | "hundreds"
                            | "thousands"
                    )
                    || count_word(x).is_some_and(|_| x != "a" && x != "an")
            });
        if counted {
            return Some(Attach::Toll);
        }
    }
    if CASUALTY_VERBS.contains(&w) {
        // "the injured", "a wounded officer" are not verbs.
        if prev(1).is_some_and(|p| DETERMINERS.contains(&p)) {
            return None;
        }
        // "was shot and seriously wounded on Thursday": the onset verb it is coordinated
        // with dates the event, as "was shot on Thursday" would.
        let and = (1..=2).find(|&j| prev(j) == Some("and"));
        if let Some(j) = and
            && (j == 1 || prev(1).is_some_and(|p| p.ends_with("ly")))
            && prev(j + 1).is_some_and(|p| ONSET_VERBS.contains(&bare(p)))
        {
            return Some(Attach::Onset { noun: false });
        }
        return Some(Attach::Casualty);
    }
    if REPORTING.contains(&w) {
        return Some(Attach::Report {
            verb: w.to_string(),
            plans: false,
        });
    }
    let ed = w.len() >= 4
        && w.ends_with("ed")
        && !ED_NOT_VERB.contains(&w)
        && !prev(1).is_some_and(|p| DETERMINERS.contains(&p));
    if ed || IRREGULAR_PAST.contains(&w) || NEWS_VERBS.contains(&w) {
        let future = (1..=3).any(|j| prev(j).is_some_and(|p| FUTURE.contains(&p)));
        return Some(Attach::Other {
            verb: w.to_string(),
            future,
        });
    }
    None
}

/// "MOSCOW, March 23 (Reuters) -": a date right after a capitalised place and before an agency
/// tag or a dash.
fn is_dateline(toks: &[Token], first: usize, last: usize) -> bool {
    let after = toks.get(last + 1).map(|t| t.text);
    let dashy = |s: Option<&str>| matches!(s, Some("(" | "-" | "—" | "–" | ":"));
    let tail = dashy(after)
        || (after == Some(",")
            && toks
                .get(last + 2)
                .is_some_and(|t| t.kind == TokenKind::Number)
            && dashy(toks.get(last + 3).map(|t| t.text)));
    first <= 6 && tail
}

fn month_of(t: &Token, l: &str) -> Option<i8> {
    if !t.is_capitalised() {
        return None;
    }
    MONTHS.iter().find(|m| m.0 == bare(l)).map(|m| m.1)
}

fn day_num(t: &Token) -> Option<i64> {
    if t.kind != TokenKind::Number || t.text.len() > 2 {
        return None;
    }
    let d: i64 = t.text.parse().ok()?;
    (1..=31).contains(&d).then_some(d)
}

fn year_num(t: Option<&Token>) -> Option<i64> {
    let t = t?;
    if t.kind != TokenKind::Number || t.text.len() != 4 {
        return None;
    }
    let y: i64 = t.text.parse().ok()?;
    (1900..=2200).contains(&y).then_some(y)
}

fn expressions(toks: &[Token], lower: &[String], published: Date, pub_days: i64) -> Vec<Found> {
    let mut out = Vec::new();
    let n = toks.len();
    let ordinal = |k: usize| {
        lower
            .get(k)
            .is_some_and(|l| matches!(l.as_str(), "st" | "nd" | "rd" | "th"))
    };
    let mut k = 0;
    while k < n {
        let t = &toks[k];
        let l = lower[k].as_str();
        // ISO 2024-03-22
        if t.kind == TokenKind::Number
            && t.text.len() == 4
            && k + 4 < n
            && toks[k + 1].text == "-"
            && toks[k + 3].text == "-"
        {
            let (y, m, d) = (
                t.text.parse::<i64>().ok(),
                toks[k + 2].text.parse::<i8>().ok(),
                toks[k + 4].text.parse::<i64>().ok(),
            );
            if let (Some(y), Some(m), Some(d)) = (y, m, d)
                && toks[k + 2].text.len() == 2
                && toks[k + 4].text.len() == 2
                && let Some(date) = make_date(y, m, d)
            {
                out.push(Found {
                    date,
                    first: k,
                    last: k + 4,
                    needs_past_verb: false,
                    explicit: true,
                    possessive: false,
                });
                k += 5;
                continue;
            }
        }
        if let Some(m) = month_of(t, l) {
            // "March 22(nd)(, 2024)"
            let mut found = None;
            let mut j = k + 1;
            if toks.get(j).is_some_and(|x| x.text == ".") {
                j += 1;
            }
            if let Some(d) = toks.get(j).and_then(day_num) {
                let mut e = j;
                if ordinal(e + 1) {
                    e += 1;
                }
                let mut y = None;
                if toks.get(e + 1).is_some_and(|x| x.text == ",") {
                    if let Some(yy) = year_num(toks.get(e + 2)) {
                        y = Some(yy);
                        e += 2;
                    }
                } else if let Some(yy) = year_num(toks.get(e + 1)) {
                    y = Some(yy);
                    e += 1;
                }
                found = Some((k, e, d, y));
            } else if k >= 1 {
                // "22(nd) (of) March (2024)"
                let mut b = k - 1;
                if lower[b] == "of" && b >= 1 {
                    b -= 1;
                }
                if ordinal(b) && b >= 1 {
                    b -= 1;
                }
                if let Some(d) = day_num(&toks[b]) {
                    let mut e = k;
                    let y = year_num(toks.get(k + 1));
                    if y.is_some() {
                        e += 1;
                    }
                    found = Some((b, e, d, y));
                }
            }
            if let Some((first, last, d, y)) = found {
                if let Some(date) = resolve_month_day(m, d, y, published, pub_days)
                    && !(first > 0
                        && BAD_BEFORE.contains(&lower[first - 1].as_str())
                        && lower[first - 1] != "following")
                {
                    out.push(Found {
                        date,
                        first,
                        last,
                        needs_past_verb: false,
                        explicit: true,
                        possessive: false,
                    });
                }
                k = last + 1;
                continue;
            }
        }
        if t.is_capitalised()
            && let Some(wd) = WEEKDAYS.iter().position(|w| *w == bare(l))
            && let Some(f) = weekday_expr(toks, lower, k, wd as i64, pub_days)
        {
            out.push(f);
        }
        match bare(l) {
            "yesterday" => {
                let poss = is_possessive(l);
                push_rel(&mut out, (k, k), pub_days - 1, false, poss);
            }
            "last" if lower.get(k + 1).is_some_and(|x| bare(x) == "night") => {
                let poss = is_possessive(&lower[k + 1]);
                push_rel(&mut out, (k, k + 1), pub_days - 1, false, poss);
            }
            "today" | "tonight" => {
                // "societies today" is not a date of anything.
                push_rel(&mut out, (k, k), pub_days, true, false);
            }
            "this"
                if lower
                    .get(k + 1)
                    .is_some_and(|x| matches!(x.as_str(), "morning" | "afternoon" | "evening")) =>
            {
                push_rel(&mut out, (k, k + 1), pub_days, true, false);
            }
            _ => {}
        }
        k += 1;
    }
    // "on Saturday, Oct. 29": the calendar date says which Saturday.
    let explicit_at: Vec<usize> = out.iter().filter(|f| f.explicit).map(|f| f.first).collect();
    out.retain(|f| {
        f.explicit || {
            let mut j = f.last + 1;
            if toks.get(j).is_some_and(|t| t.text == ",") {
                j += 1;
            }
            !explicit_at.contains(&j)
        }
    });
    out
}

fn push_rel(
    out: &mut Vec<Found>,
    (first, last): (usize, usize),
    days: i64,
    needs_past_verb: bool,
    possessive: bool,
) {
    if let Some(date) = from_days(days) {
        out.push(Found {
            date,
            first,
            last,
            needs_past_verb,
            explicit: false,
            possessive,
        });
    }
}

/// A month/day with or without year; without one, the year that puts it on or before
/// `published` (a date up to 60 days ahead is a future reference, not last year's).
fn resolve_month_day(
    m: i8,
    d: i64,
    y: Option<i64>,
    published: Date,
    pub_days: i64,
) -> Option<Date> {
    if let Some(y) = y {
        return make_date(y, m, d);
    }
    let py = i64::from(published.year());
    let this = make_date(py, m, d)?;
    let td = to_days(this);
    if td <= pub_days {
        Some(this)
    } else if td - pub_days <= 60 {
        None
    } else {
        make_date(py - 1, m, d)
    }
}

/// A weekday used as a day: "on (a seemingly ordinary) Friday", "Friday evening", "late (on)
/// Tuesday", "last Sunday", "Friday's attack", "Tuesday night's quake", "the Wednesday attack".
fn weekday_expr(
    toks: &[Token],
    lower: &[String],
    k: usize,
    wd: i64,
    pub_days: i64,
) -> Option<Found> {
    let prev = |j: usize| k.checked_sub(j).map(|x| lower[x].as_str());
    let next = lower.get(k + 1).map(String::as_str);
    let day_part = next.is_some_and(|n| DAY_PARTS.contains(&bare(n)));
    let possessive = is_possessive(&lower[k]) || day_part && next.is_some_and(is_possessive);
    if matches!(prev(1), Some(p) if BAD_BEFORE.contains(&p)) && !possessive {
        return None;
    }
    let next_event = next.is_some_and(|n| EVENT_NOUNS.contains(&n));
    // "in the early hours of Sunday", "on the night of Tuesday"
    let part_of = prev(1) == Some("of")
        && prev(2).is_some_and(|p| matches!(p, "hours" | "morning" | "night" | "evening"));
    let mut ok = possessive
        || next_event
        || day_part
        || part_of
        || matches!(prev(1), Some("late" | "early" | "last" | "overnight"));
    let mut first = if part_of { k - 2 } else { k };
    if !ok {
        // "on", possibly with a few lowercase modifiers: "on a seemingly ordinary Friday".
        for j in 1..=4 {
            let Some(x) = k.checked_sub(j) else { break };
            let t = &toks[x];
            if lower[x] == "on" {
                ok = true;
                first = x;
                break;
            }
            if t.kind != TokenKind::Word || t.is_capitalised() {
                break;
            }
        }
        if ok && first >= 1 && BAD_BEFORE.contains(&lower[first - 1].as_str()) {
            return None;
        }
    }
    // A bare weekday, as local news writes it: "was shot Sunday", "a shooting Thursday in",
    // "around 7:30 p.m., Monday". Not inside a name ("Easter Sunday", "Super Tuesday",
    // "Sunday School") nor a page's own stamp ("Posted Monday").
    if !ok {
        // After a capitalised word only when that word names no day itself: "in Yonkers
        // Saturday", "on Elm Street Sunday" (but "Easter Sunday", "Super Tuesday").
        let prev_ok = k == 0
            || toks[k - 1].kind != TokenKind::Word
            || if toks[k - 1].is_capitalised() {
                !DAY_NAMES_BEFORE.contains(&lower[k - 1].as_str())
            } else {
                !BAD_BEFORE.contains(&lower[k - 1].as_str())
            };
        let next_ok = toks
            .get(k + 1)
            .is_none_or(|t| !t.is_capitalised() || month_of(t, &lower[k + 1]).is_some());
        ok = prev_ok && next_ok;
    }
    if !ok {
        return None;
    }
    if matches!(prev(1), Some("late" | "early" | "last" | "overnight")) {
        first = k - 1;
    }
    // The most recent such weekday on or before the publication day.
    let back = (weekday_of(pub_days) - wd).rem_euclid(7);
    let date = from_days(pub_days - back)?;
    Some(Found {
        date,
        first,
        last: if day_part { k + 1 } else { k },
        needs_past_verb: false,
        explicit: false,
        possessive,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use factline_model::Span;

    fn d(s: &str) -> Date {
        s.parse().unwrap()
    }

    fn ev(s: &str, published: &str) -> Option<String> {
        let t = CleanText {
            body: s.to_string(),
            sentences: vec![Span::new(0, s.len())],
        };
        event_date(&t, d(published)).map(|x| x.to_string())
    }

    fn ev_lines(s: &str, published: &str) -> Option<String> {
        let t = factline_model::CleanText {
            body: s.to_string(),
            sentences: s
                .split_inclusive('\n')
                .scan(0, |at, l| {
                    let sp = Span::new(*at, *at + l.trim_end().len());
                    *at += l.len();
                    Some(sp)
                })
                .collect(),
        };
        event_date(&t, d(published)).map(|x| x.to_string())
    }

    #[test]
    fn a_stamp_on_its_own_line_dates_the_page_not_the_event() {
        // The stamp loses to the day the text gives ...
        assert_eq!(
            ev_lines(
                "Mill fire in Orvel\nUpdated Sat 23 Mar 2024, 9:03am\nThe mill caught fire on Friday night.",
                "2024-03-23"
            )
            .as_deref(),
            Some("2024-03-22")
        );
        assert_eq!(
            ev_lines(
                "Three hurt in Orvel crash\nMarch 23, 2024\nA bus overturned on Friday near the bridge.",
                "2024-03-23"
            )
            .as_deref(),
            Some("2024-03-22")
        );
        // ... and stands for the event only when nothing else dates it.
        assert_eq!(
            ev_lines(
                "Mill fire in Orvel\nMarch 23, 2024\nA fire destroyed the old mill before dawn.",
                "2024-03-23"
            )
            .as_deref(),
            Some("2024-03-23")
        );
        assert_eq!(
            ev_lines(
                "Orvel mill to reopen\nMarch 23, 2024\nThe old mill will reopen in May.",
                "2024-03-23"
            ),
            None
        );
    }

    #[test]
    fn civil_round_trip() {
        for s in [
            "1970-01-01",
            "2000-02-29",
            "2024-03-22",
            "1999-12-31",
            "2100-03-01",
        ] {
            assert_eq!(from_days(to_days(d(s))).unwrap(), d(s));
        }
        assert_eq!(weekday_of(to_days(d("2024-03-22"))), 4); // a Friday
    }

    #[test]
    fn weekdays_and_relative_days() {
        assert_eq!(
            ev("The attack occurred on Friday evening.", "2024-03-23").as_deref(),
            Some("2024-03-22")
        );
        assert_eq!(
            ev("The attack occurred on Friday.", "2024-03-22").as_deref(),
            Some("2024-03-22")
        );
        assert_eq!(
            ev("A quake struck the region yesterday.", "2024-03-23").as_deref(),
            Some("2024-03-22")
        );
        assert_eq!(
            ev("A quake struck the coast this morning.", "2024-03-23").as_deref(),
            Some("2024-03-23")
        );
        assert_eq!(
            ev("Threats facing societies today remain.", "2024-03-23"),
            None
        );
    }
}

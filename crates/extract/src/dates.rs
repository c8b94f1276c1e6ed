//! Event date: the day the story's event happened, when the text says it.
//!
//! Date expressions (explicit dates "22 March 2024", "March 22", "2024-03-22"; weekdays "on
//! Friday", "late on Tuesday", "on a seemingly ordinary Friday", "Friday evening", "Friday's
//! attack"; "yesterday", "last night"; "today", "this morning") are read from the first
//! sentences and kept only when tied to the event: near an event word ("attack", "struck",
//! "occurred", "killed", ...) or in the lead sentence of an event story. Relative days resolve
//! against `published`: a weekday is the most recent such day on or before the publication day
//! (news published on a Friday about "an attack on Friday" reports that same day). Dates after `published`, more than 400
//! days before it, birth dates, reporting dates ("said on Friday") and datelines are ignored.

use std::sync::LazyLock;

use aho_corasick::{AhoCorasick, MatchKind};
use factline_model::{CleanText, Date};

use crate::tokens::{Token, TokenKind, tokenize};

/// Only the lead of an article dates its event.
const MAX_SENTENCES: usize = 12;

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

/// Words naming or narrating the event.
const EVENT_WORDS: &[&str] = &[
    "attack",
    "attacks",
    "attacked",
    "explosion",
    "explosions",
    "exploded",
    "blast",
    "blasts",
    "quake",
    "earthquake",
    "tremor",
    "struck",
    "strike",
    "strikes",
    "crashed",
    "crash",
    "occurred",
    "unfolded",
    "happened",
    "killed",
    "died",
    "dead",
    "erupted",
    "eruption",
    "hit",
    "bombing",
    "bombings",
    "bombed",
    "shooting",
    "shot",
    "stormed",
    "fire",
    "blaze",
    "flood",
    "floods",
    "flooding",
    "collapsed",
    "collapse",
    "derailed",
    "derailment",
    "sank",
    "capsized",
    "landslide",
    "storm",
    "hurricane",
    "cyclone",
    "typhoon",
    "tornado",
    "massacre",
    "raid",
    "raids",
    "clashes",
    "incident",
    "tragedy",
    "accident",
    "riot",
    "riots",
    "stampede",
    "assault",
    "gunmen",
    "opened",
    "detonated",
    "injured",
    "wounded",
    "evacuated",
    "burst",
    "swept",
    "slammed",
    "rocked",
    "shelling",
    "airstrike",
    "airstrikes",
    "hijacked",
    "kidnapped",
    "abducted",
    "began",
    "broke",
    "started",
    "event",
    "disaster",
    "violence",
    "massacred",
    "stabbed",
    "stabbing",
    "rampage",
    "siege",
    "onslaught",
    "landfall",
    "avalanche",
    "buried",
    "wildfire",
    "wildfires",
    "mudslide",
    "tsunami",
    "tore",
    "ambush",
    "ambushed",
    "gunfire",
    "hostage",
    "hostages",
];

/// Past-tense event verbs: "today" and "this morning" must stand near one.
const PAST_EVENT_VERBS: &[&str] = &[
    "struck",
    "killed",
    "hit",
    "exploded",
    "erupted",
    "occurred",
    "happened",
    "crashed",
    "died",
    "collapsed",
    "stormed",
    "attacked",
    "opened",
    "unfolded",
    "detonated",
    "derailed",
    "sank",
    "capsized",
    "swept",
    "slammed",
    "rocked",
    "bombed",
    "shot",
    "injured",
    "wounded",
    "broke",
    "began",
    "started",
    "burst",
    "stabbed",
    "kidnapped",
    "abducted",
    "hijacked",
    "tore",
    "ambushed",
    "buried",
];

/// A date expression right after one of these is not the event's date.
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
}

/// The date the article's event happened, when the text gives it.
pub fn event_date(text: &CleanText, published: Date) -> Option<Date> {
    let body = text.body.as_str();
    let pub_days = to_days(published);
    for (si, s) in text.sentences.iter().enumerate().take(MAX_SENTENCES) {
        if s.start >= s.end
            || s.end > body.len()
            || !body.is_char_boundary(s.start)
            || !body.is_char_boundary(s.end)
        {
            continue;
        }
        if !GATE.is_match(&body[s.start..s.end]) {
            continue;
        }
        let toks = tokenize(body, s.start, s.end);
        let lower: Vec<String> = toks.iter().map(|t| t.text.to_ascii_lowercase()).collect();
        let event_idx: Vec<usize> = (0..toks.len())
            .filter(|&k| toks[k].kind == TokenKind::Word && EVENT_WORDS.contains(&bare(&lower[k])))
            .collect();
        if event_idx.is_empty() {
            continue;
        }
        for f in expressions(&toks, &lower, published, pub_days) {
            let d = to_days(f.date);
            if d > pub_days || d < pub_days - 400 {
                continue;
            }
            if f.explicit && si == 0 && is_dateline(&toks, f.first, f.last) {
                continue;
            }
            if reporting_before(&toks, &lower, f.first) {
                continue;
            }
            // "the anniversary of the 12 March 2023 landslide" is another, earlier event.
            if lower[f.first.saturating_sub(4)..f.first]
                .iter()
                .any(|w| w.starts_with("anniversar"))
            {
                continue;
            }
            let near = |max: usize, verbs: &[&str]| {
                event_idx.iter().any(|&k| {
                    let dist = if k < f.first {
                        f.first - k
                    } else {
                        k.saturating_sub(f.last)
                    };
                    dist <= max
                        && verbs.contains(&bare(&lower[k]))
                        && !crosses_clause(&toks, k, f.first, f.last)
                })
            };
            let tied = if f.needs_past_verb {
                near(8, PAST_EVENT_VERBS)
            } else {
                near(10, EVENT_WORDS) || si <= 1
            };
            if tied {
                return Some(f.date);
            }
        }
    }
    None
}

fn bare(w: &str) -> &str {
    w.strip_suffix("'s")
        .or_else(|| w.strip_suffix("’s"))
        .unwrap_or(w)
}

/// Is there a ';' between the event word and the expression?
fn crosses_clause(toks: &[Token], k: usize, first: usize, last: usize) -> bool {
    // An event word inside the expression itself crosses nothing.
    let (a, b) = if k < first {
        (k, first)
    } else if k > last {
        (last, k)
    } else {
        return false;
    };
    toks.get(a..b).is_some_and(|ts| ts.iter().any(|t| t.text == ";"))
}

/// "MOSCOW, March 23 (Reuters) -": a date right after a capitalised place and before an agency
/// tag or a dash.
fn is_dateline(toks: &[Token], first: usize, last: usize) -> bool {
    let after = toks.get(last + 1).map(|t| t.text);
    let after2 = toks.get(last + 2).map(|t| t.text);
    let dashy = |s: Option<&str>| matches!(s, Some("(" | "-" | "—" | "–" | ":"));
    let tail = dashy(after)
        || (after == Some(",")
            && toks
                .get(last + 2)
                .is_some_and(|t| t.kind == TokenKind::Number)
            && dashy(toks.get(last + 3).map(|t| t.text)));
    let _ = after2;
    first <= 6 && tail
}

fn reporting_before(toks: &[Token], lower: &[String], first: usize) -> bool {
    let mut k = first;
    // Skip the preposition of "said on Friday".
    if k > 0 && matches!(lower[k - 1].as_str(), "on" | "late" | "early" | "last") {
        k -= 1;
    }
    k > 0 && toks[k - 1].kind == TokenKind::Word && REPORTING.contains(&lower[k - 1].as_str())
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
            "yesterday" => push_rel(&mut out, k, k, pub_days - 1, false),
            "last" if lower.get(k + 1).is_some_and(|x| x == "night") => {
                push_rel(&mut out, k, k + 1, pub_days - 1, false)
            }
            "today" | "tonight" => {
                // "societies today" is not a date of anything.
                push_rel(&mut out, k, k, pub_days, true)
            }
            "this"
                if lower
                    .get(k + 1)
                    .is_some_and(|x| matches!(x.as_str(), "morning" | "afternoon" | "evening")) =>
            {
                push_rel(&mut out, k, k + 1, pub_days, true)
            }
            _ => {}
        }
        k += 1;
    }
    out
}

fn push_rel(out: &mut Vec<Found>, first: usize, last: usize, days: i64, needs_past_verb: bool) {
    if let Some(date) = from_days(days) {
        out.push(Found {
            date,
            first,
            last,
            needs_past_verb,
            explicit: false,
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

/// A weekday used as the event's day: "on (a seemingly ordinary) Friday", "Friday evening",
/// "late (on) Tuesday", "last Sunday", "Friday's attack".
fn weekday_expr(
    toks: &[Token],
    lower: &[String],
    k: usize,
    wd: i64,
    pub_days: i64,
) -> Option<Found> {
    let prev = |j: usize| k.checked_sub(j).map(|x| lower[x].as_str());
    let next = lower.get(k + 1).map(String::as_str);
    let possessive = lower[k].ends_with("'s") || lower[k].ends_with("’s");
    if matches!(prev(1), Some(p) if BAD_BEFORE.contains(&p)) && !possessive {
        return None;
    }
    let next_event = next.is_some_and(|n| EVENT_WORDS.contains(&n));
    if possessive && !next_event {
        return None; // "Sunday's vote"
    }
    let mut ok = next_event
        || matches!(
            next,
            Some("morning" | "afternoon" | "evening" | "night" | "dawn" | "midday" | "lunchtime")
        )
        || matches!(prev(1), Some("late" | "early" | "last"));
    let mut first = k;
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
    if !ok {
        return None;
    }
    if matches!(prev(1), Some("late" | "early" | "last")) {
        first = k - 1;
    }
    // The most recent such weekday on or before the publication day.
    let back = (weekday_of(pub_days) - wd).rem_euclid(7);
    let date = from_days(pub_days - back)?;
    Some(Found {
        date,
        first,
        last: k,
        needs_past_verb: false,
        explicit: false,
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

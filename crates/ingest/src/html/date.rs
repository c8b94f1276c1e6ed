//! Publication day of a parsed page.
//!
//! Every date the page gives is collected with where it came from ([`Tier`]); the most
//! trusted wins: a full date in the page's own URL (`/2020/03/23/`, `/20200323`,
//! `/23-03-2020`), publication `<meta>` keys (Open Graph, Dublin Core, parsely, sailthru,
//! …), JSON-LD `datePublished` (article types first; `@graph` and nesting searched), other
//! `itemprop="datePublished"` elements, `<time>` (a `pubdate` or publication class first),
//! elements whose class or id names a date, generic `<meta name="date">`, a date in the
//! visible text around the headline, then anywhere in it; modification dates only when
//! nothing else is found. A timestamp written in UTC is read in the page's own offset when
//! another timestamp on the page gives one (the day a reader of the page saw).

use factline_model::Date;
use scraper::{ElementRef, Html, Node};
use serde_json::Value;

use super::elements;

/// A parsed date, with time of day and UTC offset when the source gave them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Stamp {
    pub date: Date,
    /// Minutes after midnight.
    pub minute: Option<i32>,
    /// Offset from UTC in minutes (`Z` is 0).
    pub offset: Option<i32>,
}

impl Stamp {
    fn day(date: Date) -> Stamp {
        Stamp {
            date,
            minute: None,
            offset: None,
        }
    }

    /// The day at `offset` for a stamp with a time and an offset of its own.
    fn day_at(&self, offset: i32) -> Date {
        let (Some(m), Some(o)) = (self.minute, self.offset) else {
            return self.date;
        };
        let local = m - o + offset;
        if local < 0 {
            self.date.yesterday().unwrap_or(self.date)
        } else if local >= 24 * 60 {
            self.date.tomorrow().unwrap_or(self.date)
        } else {
            self.date
        }
    }
}

/// Meta keys naming the publication time, best first (lower-cased).
const PUBLISHED_META: &[&str] = &[
    "article:published_time",
    "og:article:published_time",
    "og:published_time",
    "article:published",
    "datepublished",
    "article.published",
    "published_time",
    "published-date",
    "publish-date",
    "publish_date",
    "publishdate",
    "publication_date",
    "publication-date",
    "date_published",
    "pubdate",
    "pub_date",
    "parsely-pub-date",
    "sailthru.date",
    "dc.date.issued",
    "dcterms.issued",
    "dc.date.published",
    "dc.date.created",
    "dcterms.created",
    "dc.date",
    "dcterms.date",
    "citation_publication_date",
    "citation_date",
    "article_date_original",
    "originalpublicationdate",
    "cxenseparse:recs:publishtime",
    "rnews:datepublished",
    "article:post_date",
    "bt:pubdate",
    "og:pubdate",
    "displaydate",
    // Generic keys from here on (GENERIC_META).
    "date",
    "datecreated",
    "created",
    "creation_date",
];
/// Index of the first generic key in [`PUBLISHED_META`].
const GENERIC_META: usize = 35;
/// Meta keys naming a modification time: used only when nothing names publication.
const MODIFIED_META: &[&str] = &[
    "article:modified_time",
    "og:updated_time",
    "article:modified",
    "datemodified",
    "dcterms.modified",
    "dc.date.modified",
    "last-modified",
    "lastmod",
    "modified",
    "article.updated",
    "updated_time",
];

/// Class/id words of elements that show the publication date.
const DATE_HINTS: &[&str] = &[
    "published",
    "publish",
    "pubdate",
    "pub-date",
    "post-date",
    "postdate",
    "posted",
    "entry-date",
    "article-date",
    "articledate",
    "dateline",
    "date",
    "datum",
    "time",
    "byline",
    "meta",
];
const UPDATE_WORDS: &[&str] = &[
    "updated",
    "update",
    "modified",
    "aktualisiert",
    "geändert",
    "mis à jour",
    "actualizado",
    "aggiornato",
];

/// Where a date was found; lower is more trusted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Tier {
    /// A full date in the page's own URL.
    Url,
    /// A specific publication `<meta>` key.
    Meta,
    /// JSON-LD `datePublished` of an article-like object.
    LdArticle,
    /// JSON-LD `datePublished` of another object.
    LdOther,
    /// Another element with `itemprop="datePublished"`.
    Itemprop,
    /// `<time pubdate>` or a `<time>` classed as a publication time.
    TimePub,
    /// The first other `<time>`.
    Time,
    /// An element whose class or id names a date.
    Classed,
    /// A generic `<meta>` key (`date`, `created`).
    MetaGeneric,
    /// Visible text just after (or before) the headline.
    Headline,
    /// Anywhere in the visible text.
    Text,
    /// A modification date.
    Modified,
}

#[derive(Debug, Clone, Copy)]
struct Found {
    tier: Tier,
    /// Order within a tier (meta key rank), then document order.
    rank: usize,
    stamp: Stamp,
}

/// The publication day of a page, if it gives one.
pub(crate) fn published(html: &Html, url: Option<&str>) -> Option<Date> {
    let found = candidates(html, url);
    let best = found.iter().min_by_key(|f| (f.tier, f.rank))?;
    let stamp = best.stamp;
    // A UTC stamp is read in the page's own offset when the page shows one.
    if stamp.offset == Some(0)
        && let Some(own) = found
            .iter()
            .filter_map(|f| f.stamp.offset)
            .find(|&o| o != 0)
    {
        return Some(stamp.day_at(own));
    }
    Some(stamp.date)
}

/// Class and id of an element, lower-cased only when they are not already (most are).
fn hints_of(e: &scraper::node::Element) -> std::borrow::Cow<'_, str> {
    let class = e.attr("class").unwrap_or("");
    let id = e.attr("id").unwrap_or("");
    let joined = match (class.is_empty(), id.is_empty()) {
        (_, true) => std::borrow::Cow::Borrowed(class),
        (true, false) => std::borrow::Cow::Borrowed(id),
        (false, false) => std::borrow::Cow::Owned(format!("{class} {id}")),
    };
    if joined.bytes().any(|b| b.is_ascii_uppercase()) {
        std::borrow::Cow::Owned(joined.to_ascii_lowercase())
    } else {
        joined
    }
}

fn push(out: &mut Vec<Found>, tier: Tier, rank: usize, stamp: Stamp) {
    let rank = rank * 100_000 + out.len();
    out.push(Found { tier, rank, stamp });
}

fn candidates(html: &Html, url: Option<&str>) -> Vec<Found> {
    let mut out: Vec<Found> = Vec::new();
    let mut own_url: Option<String> = url.map(str::to_string);
    let mut og_url: Option<String> = None;
    let mut classed = false;
    for el in elements(html) {
        let e = el.value();
        let name = e.name();
        match name {
            "script" => {
                let ty = e.attr("type").unwrap_or("");
                if !ty.eq_ignore_ascii_case("application/ld+json") {
                    continue;
                }
                let body: String = el.text().collect();
                match serde_json::from_str::<Value>(body.trim()) {
                    Ok(v) => json_dates(&v, &mut out),
                    Err(_) => {
                        if let Some(s) = json_key_fallback(&body, "datePublished") {
                            push(&mut out, Tier::LdOther, 0, s);
                        }
                        if let Some(s) = json_key_fallback(&body, "dateModified") {
                            push(&mut out, Tier::Modified, 0, s);
                        }
                    }
                }
                continue;
            }
            "link" => {
                if own_url.is_none()
                    && e.attr("rel")
                        .is_some_and(|r| r.eq_ignore_ascii_case("canonical"))
                {
                    own_url = e.attr("href").map(|h| h.trim().to_string());
                }
                continue;
            }
            "meta" => {
                meta_date(e, &mut out, &mut og_url);
                continue;
            }
            "style" | "head" | "noscript" | "template" => continue,
            _ => {}
        }
        let prop = e.attr("itemprop").unwrap_or("");
        let machine = || {
            e.attr("content")
                .or_else(|| e.attr("datetime"))
                .and_then(parse_stamp)
        };
        if prop.eq_ignore_ascii_case("datePublished") || prop.eq_ignore_ascii_case("dateCreated") {
            if let Some(s) = machine().or_else(|| short_text_date(el)) {
                push(&mut out, Tier::Itemprop, 0, s);
            }
            continue;
        }
        if prop.eq_ignore_ascii_case("dateModified") {
            if let Some(s) = machine() {
                push(&mut out, Tier::Modified, 0, s);
            }
            continue;
        }
        let hints = hints_of(e);
        let updated = UPDATE_WORDS.iter().any(|w| hints.contains(w));
        if name == "time" {
            if let Some(s) = machine().or_else(|| short_text_date(el)) {
                let tier = if updated {
                    Tier::Modified
                } else if e.attr("pubdate").is_some() || hints.contains("pub") {
                    Tier::TimePub
                } else {
                    Tier::Time
                };
                push(&mut out, tier, 0, s);
            }
            continue;
        }
        if !classed && !updated && DATE_HINTS.iter().any(|w| hints.contains(w)) {
            let s = e
                .attr("datetime")
                .or_else(|| e.attr("title"))
                .or_else(|| e.attr("content"))
                .and_then(parse_stamp)
                .or_else(|| short_text_date(el));
            if let Some(s) = s {
                classed = true;
                push(&mut out, Tier::Classed, 0, s);
            }
        }
    }
    if let Some(d) = own_url.or(og_url).as_deref().and_then(url_date) {
        push(&mut out, Tier::Url, 0, Stamp::day(d));
    }
    if out.iter().all(|f| f.tier > Tier::MetaGeneric) {
        let (headline, any) = text_dates(html);
        if let Some(d) = headline {
            push(&mut out, Tier::Headline, 0, Stamp::day(d));
        }
        if let Some(d) = any {
            push(&mut out, Tier::Text, 0, Stamp::day(d));
        }
    }
    out
}

/// A `<meta>` naming a publication or modification time, or the page's URL.
fn meta_date(e: &scraper::node::Element, out: &mut Vec<Found>, og_url: &mut Option<String>) {
    let Some(key) = e
        .attr("property")
        .or_else(|| e.attr("name"))
        .or_else(|| e.attr("itemprop"))
        .or_else(|| e.attr("http-equiv"))
    else {
        return;
    };
    let key = key.trim().to_ascii_lowercase();
    let Some(content) = e.attr("content").or_else(|| e.attr("datetime")) else {
        return;
    };
    if key == "og:url" || key == "twitter:url" {
        og_url.get_or_insert_with(|| content.trim().to_string());
    } else if key == "parsely-page" {
        if let Ok(v) = serde_json::from_str::<Value>(content)
            && let Some(s) = v
                .get("pub_date")
                .and_then(Value::as_str)
                .and_then(parse_stamp)
        {
            push(out, Tier::Meta, 16, s);
        }
    } else if let Some(rank) = PUBLISHED_META.iter().position(|k| *k == key) {
        if let Some(s) = parse_stamp(content) {
            let tier = if rank < GENERIC_META {
                Tier::Meta
            } else {
                Tier::MetaGeneric
            };
            push(out, tier, rank, s);
        }
    } else if MODIFIED_META.contains(&key.as_str()) {
        if let Some(s) = parse_stamp(content) {
            push(out, Tier::Modified, 0, s);
        }
    } else if (key.contains("date") || key.contains("publish"))
        && !["modif", "updat", "expir", "revis", "valid"]
            .iter()
            .any(|w| key.contains(w))
        && let Some(s) = iso(content.trim())
    {
        // An unlisted key that names a date (`five_hundred_pixels:created_date`).
        push(out, Tier::MetaGeneric, PUBLISHED_META.len(), s);
    }
}

/// A date in the first text of a small element.
fn short_text_date(el: ElementRef<'_>) -> Option<Stamp> {
    let t: String = el.text().take(20).collect();
    if t.len() > 300 {
        return None;
    }
    text_date(&t).map(Stamp::day)
}

/// The page's own URL: `<link rel=canonical>` or `og:url`.
pub(crate) fn page_url(html: &Html) -> Option<String> {
    let mut og = None;
    for el in elements(html) {
        let e = el.value();
        match e.name() {
            "link"
                if e.attr("rel")
                    .is_some_and(|r| r.eq_ignore_ascii_case("canonical")) =>
            {
                if let Some(h) = e.attr("href").filter(|h| !h.trim().is_empty()) {
                    return Some(h.trim().to_string());
                }
            }
            "meta"
                if og.is_none()
                    && e.attr("property")
                        .is_some_and(|p| p.eq_ignore_ascii_case("og:url")) =>
            {
                og = e
                    .attr("content")
                    .map(|c| c.trim().to_string())
                    .filter(|c| !c.is_empty());
            }
            "body" => break,
            _ => {}
        }
    }
    og
}

/// JSON-LD: `datePublished` (article-like objects first), `dateModified`; nested objects
/// and `@graph` searched.
fn json_dates(v: &Value, out: &mut Vec<Found>) {
    match v {
        Value::Array(items) => {
            for i in items {
                json_dates(i, out);
            }
        }
        Value::Object(map) => {
            let ty = match map.get("@type") {
                Some(Value::String(s)) => s.clone(),
                Some(Value::Array(a)) => a
                    .iter()
                    .filter_map(Value::as_str)
                    .collect::<Vec<_>>()
                    .join(" "),
                _ => String::new(),
            };
            let articleish = ["Article", "Posting", "Report", "Blog", "Story"]
                .iter()
                .any(|w| ty.contains(w));
            let tier = if articleish {
                Tier::LdArticle
            } else {
                Tier::LdOther
            };
            for key in ["datePublished", "dateCreated", "uploadDate"] {
                if let Some(s) = map.get(key).and_then(Value::as_str).and_then(parse_stamp) {
                    push(out, tier, 0, s);
                    break;
                }
            }
            if let Some(s) = map
                .get("dateModified")
                .and_then(Value::as_str)
                .and_then(parse_stamp)
            {
                push(out, Tier::Modified, 0, s);
            }
            for (k, child) in map {
                if matches!(child, Value::Object(_) | Value::Array(_)) && k != "publisher" {
                    json_dates(child, out);
                }
            }
        }
        _ => {}
    }
}
/// `"key": "value"` in text that is not valid JSON.
fn json_key_fallback(body: &str, key: &str) -> Option<Stamp> {
    let needle = format!("\"{key}\"");
    let i = body.find(&needle)?;
    let rest = body[i + needle.len()..]
        .trim_start()
        .strip_prefix(':')?
        .trim_start();
    let rest = rest.strip_prefix('"')?;
    let end = rest.find('"')?;
    parse_stamp(&rest[..end])
}

/// A date in a URL: `/2020/03/23/`, `/2020-03-23`, `/20200323`, `_20200323`.
pub(crate) fn url_date(url: &str) -> Option<Date> {
    let path = url.split_once("://").map_or(url, |(_, r)| r);
    let path = path.find('/').map_or("", |i| &path[i..]);
    let toks = tokens(path);
    for i in 0..toks.len() {
        if let Tok::Num(y, 4) = toks[i]
            && let (
                Some(Tok::Sep(a)),
                Some(&Tok::Num(m, 1..=2)),
                Some(Tok::Sep(b)),
                Some(&Tok::Num(d, 1..=2)),
            ) = (
                toks.get(i + 1),
                toks.get(i + 2),
                toks.get(i + 3),
                toks.get(i + 4),
            )
            && a == b
            && matches!(a, '/' | '-' | '_' | '.')
            && let Some(date) = ymd(y, m, d)
        {
            return Some(date);
        }
        if let Tok::Num(d, 1..=2) = toks[i]
            && let (
                Some(Tok::Sep(a)),
                Some(&Tok::Num(m, 1..=2)),
                Some(Tok::Sep(b)),
                Some(&Tok::Num(y, 4)),
            ) = (
                toks.get(i + 1),
                toks.get(i + 2),
                toks.get(i + 3),
                toks.get(i + 4),
            )
            && a == b
            && matches!(a, '-' | '.')
            && (i == 0 || matches!(toks[i - 1], Tok::Sep('/')))
            && let Some(date) = ymd(y, m, d)
        {
            return Some(date);
        }
        if let Tok::Num(n, 8) = toks[i]
            && let Some(date) = ymd(n / 10000, n / 100 % 100, n % 100)
        {
            return Some(date);
        }
    }
    None
}

/// Dates in the visible text: the first just after the first `h1` (or before it), and the
/// first anywhere.
fn text_dates(html: &Html) -> (Option<Date>, Option<Date>) {
    let mut before: Vec<String> = Vec::new();
    let mut after = String::new();
    let mut seen_h1 = false;
    let mut any = None;
    let mut searched = 0usize;
    for node in html.root_element().descendants() {
        match node.value() {
            Node::Element(e) if e.name() == "h1" => seen_h1 = true,
            Node::Text(t) if !t.trim().is_empty() => {
                let hidden = node
                    .parent()
                    .and_then(|p| p.value().as_element().map(|e| e.name()))
                    .is_some_and(|n| matches!(n, "script" | "style" | "noscript" | "title"));
                if hidden {
                    continue;
                }
                if any.is_none() && searched < 200_000 {
                    searched += t.len();
                    any = text_date(t);
                }
                if seen_h1 {
                    if after.len() < 800 {
                        after.push_str(t);
                        after.push(' ');
                    } else if any.is_some() {
                        break;
                    }
                } else {
                    before.push(t.to_string());
                    if before.len() > 12 {
                        before.remove(0);
                    }
                }
            }
            _ => {}
        }
    }
    let headline = if seen_h1 {
        text_date(&after).or_else(|| text_date(&before.join(" ")))
    } else {
        None
    };
    (headline, any)
}
#[derive(Debug, Clone, PartialEq)]
enum Tok {
    /// Value and digit count.
    Num(u32, usize),
    Word(String),
    Sep(char),
}

fn tokens(s: &str) -> Vec<Tok> {
    let mut out = Vec::new();
    let mut chars = s.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if c.is_ascii_digit() {
            let mut end = i + 1;
            while let Some(&(j, d)) = chars.peek() {
                if !d.is_ascii_digit() {
                    break;
                }
                end = j + 1;
                chars.next();
            }
            let digits = &s[i..end];
            let v = if digits.len() <= 9 {
                digits.parse().unwrap_or(0)
            } else {
                0
            };
            out.push(Tok::Num(v, digits.len()));
        } else if c.is_alphabetic() {
            let mut end = i + c.len_utf8();
            while let Some(&(j, d)) = chars.peek() {
                if !d.is_alphabetic() {
                    break;
                }
                end = j + d.len_utf8();
                chars.next();
            }
            out.push(Tok::Word(s[i..end].to_lowercase()));
        } else if !c.is_whitespace() {
            out.push(Tok::Sep(c));
        }
    }
    out
}

fn ymd(y: u32, m: u32, d: u32) -> Option<Date> {
    if !(1995..=2100).contains(&y) {
        return None;
    }
    Date::new(y as i16, m.try_into().ok()?, d.try_into().ok()?).ok()
}

fn month(w: &str) -> Option<u32> {
    const MONTHS: &[(&str, u32)] = &[
        ("january", 1),
        ("jan", 1),
        ("januar", 1),
        ("janvier", 1),
        ("enero", 1),
        ("gennaio", 1),
        ("januari", 1),
        ("jänner", 1),
        ("february", 2),
        ("feb", 2),
        ("februar", 2),
        ("février", 2),
        ("febrero", 2),
        ("febbraio", 2),
        ("februari", 2),
        ("march", 3),
        ("mar", 3),
        ("märz", 3),
        ("mars", 3),
        ("marzo", 3),
        ("maart", 3),
        ("mär", 3),
        ("april", 4),
        ("apr", 4),
        ("avril", 4),
        ("abril", 4),
        ("aprile", 4),
        ("may", 5),
        ("mai", 5),
        ("mayo", 5),
        ("maggio", 5),
        ("mei", 5),
        ("june", 6),
        ("jun", 6),
        ("juni", 6),
        ("juin", 6),
        ("junio", 6),
        ("giugno", 6),
        ("july", 7),
        ("jul", 7),
        ("juli", 7),
        ("juillet", 7),
        ("julio", 7),
        ("luglio", 7),
        ("august", 8),
        ("aug", 8),
        ("août", 8),
        ("agosto", 8),
        ("augustus", 8),
        ("september", 9),
        ("sep", 9),
        ("sept", 9),
        ("septembre", 9),
        ("septiembre", 9),
        ("settembre", 9),
        ("october", 10),
        ("oct", 10),
        ("oktober", 10),
        ("okt", 10),
        ("octobre", 10),
        ("octubre", 10),
        ("ottobre", 10),
        ("november", 11),
        ("nov", 11),
        ("novembre", 11),
        ("noviembre", 11),
        ("december", 12),
        ("dec", 12),
        ("dezember", 12),
        ("dez", 12),
        ("décembre", 12),
        ("diciembre", 12),
        ("dicembre", 12),
    ];
    MONTHS.iter().find(|(n, _)| *n == w).map(|&(_, m)| m)
}

fn ordinal(t: Option<&Tok>) -> bool {
    matches!(t, Some(Tok::Word(w)) if matches!(w.as_str(), "st" | "nd" | "rd" | "th" | "er"))
}

/// The first date written in free text (skipping one introduced as an update).
pub(crate) fn text_date(s: &str) -> Option<Date> {
    let toks = tokens(s);
    let mut i = 0;
    while i < toks.len() {
        if let Some((date, used)) = date_at(&toks, i) {
            let updated = toks[i.saturating_sub(3)..i].iter().any(|t| {
                matches!(t, Tok::Word(w) if UPDATE_WORDS.iter().any(|u| u.starts_with(w.as_str()) && w.len() >= 6))
            });
            if !updated {
                return Some(date);
            }
            i += used;
            continue;
        }
        i += 1;
    }
    None
}

fn date_at(t: &[Tok], i: usize) -> Option<(Date, usize)> {
    let g = |k: usize| t.get(i + k);
    match g(0)? {
        &Tok::Num(y, 4) => {
            // 2020-03-23, 2020/03/23, 2020.03.23
            if let (
                Some(Tok::Sep(a)),
                Some(&Tok::Num(m, 1..=2)),
                Some(Tok::Sep(b)),
                Some(&Tok::Num(d, 1..=2)),
            ) = (g(1), g(2), g(3), g(4))
                && a == b
                && matches!(a, '-' | '/' | '.')
            {
                return ymd(y, m, d).map(|x| (x, 5));
            }
            None
        }
        &Tok::Num(a, 1..=2) => {
            // 23.03.2020, 03/23/2020, 23-03-2020
            if let (
                Some(Tok::Sep(s1)),
                Some(&Tok::Num(b, 1..=2)),
                Some(Tok::Sep(s2)),
                Some(&Tok::Num(y, n)),
            ) = (g(1), g(2), g(3), g(4))
                && s1 == s2
                && (n == 4 || (n == 2 && *s1 == '.'))
            {
                let y = if n == 2 { 2000 + y } else { y };
                let d = match s1 {
                    '.' | '-' => ymd(y, b, a),
                    '/' if a > 12 => ymd(y, b, a),
                    '/' => ymd(y, a, b),
                    _ => None,
                };
                return d.map(|x| (x, 5));
            }
            // 23 March 2020, 23. März 2020, 23rd of March, 2020
            let mut k = 1;
            if ordinal(g(k)) {
                k += 1;
            }
            if matches!(g(k), Some(Tok::Sep('.'))) {
                k += 1;
            }
            if matches!(g(k), Some(Tok::Word(w)) if w == "of" || w == "de") {
                k += 1;
            }
            if let Some(Tok::Word(w)) = g(k)
                && let Some(m) = month(w)
            {
                k += 1;
                if matches!(g(k), Some(Tok::Sep('.' | ','))) {
                    k += 1;
                }
                if matches!(g(k), Some(Tok::Word(w)) if w == "de") {
                    k += 1;
                }
                if let Some(&Tok::Num(y, 4)) = g(k) {
                    return ymd(y, m, a).map(|x| (x, k + 1));
                }
            }
            None
        }
        Tok::Word(w) => {
            // March 23, 2020; Mar. 23rd 2020
            let m = month(w)?;
            let mut k = 1;
            if matches!(g(k), Some(Tok::Sep('.'))) {
                k += 1;
            }
            let &Tok::Num(d, 1..=2) = g(k)? else {
                return None;
            };
            k += 1;
            if ordinal(g(k)) {
                k += 1;
            }
            if matches!(g(k), Some(Tok::Sep(','))) {
                k += 1;
            }
            if let Some(&Tok::Num(y, 4)) = g(k) {
                return ymd(y, m, d).map(|x| (x, k + 1));
            }
            None
        }
        _ => None,
    }
}

/// A machine-readable timestamp: ISO 8601 / RFC 3339 (`2020-03-23`, `2020-03-23T10:00Z`,
/// `2020-03-23 10:00:00+0100`), `20200323`, RFC 2822 (`Mon, 23 Mar 2020 10:00:00 +0100`),
/// or any date [`text_date`] reads (then without time).
pub(crate) fn parse_stamp(s: &str) -> Option<Stamp> {
    let s = s.trim();
    if let Some(st) = iso(s) {
        return Some(st);
    }
    if s.len() >= 8
        && s.as_bytes()[..8].iter().all(u8::is_ascii_digit)
        && s.as_bytes()
            .get(8)
            .is_none_or(|b| !b.is_ascii_digit() || s.len() == 14)
    {
        let n: u32 = s[..8].parse().ok()?;
        return ymd(n / 10000, n / 100 % 100, n % 100).map(Stamp::day);
    }
    if let Some(st) = rfc2822(s) {
        return Some(st);
    }
    text_date(s).map(Stamp::day)
}

fn digits(b: &[u8], at: usize, n: usize) -> Option<u32> {
    let d = b.get(at..at + n)?;
    if !d.iter().all(u8::is_ascii_digit) {
        return None;
    }
    Some(d.iter().fold(0, |v, &c| v * 10 + (c - b'0') as u32))
}

fn iso(s: &str) -> Option<Stamp> {
    let b = s.as_bytes();
    let y = digits(b, 0, 4)?;
    let sep = *b.get(4)?;
    if !matches!(sep, b'-' | b'/') || b.get(7) != Some(&sep) {
        return None;
    }
    let date = ymd(y, digits(b, 5, 2)?, digits(b, 8, 2)?)?;
    let mut st = Stamp::day(date);
    let rest = &b[10.min(b.len())..];
    if rest.is_empty() || !matches!(rest[0], b'T' | b't' | b' ') {
        return Some(st);
    }
    let (Some(h), Some(m)) = (digits(rest, 1, 2), digits(rest, 4, 2)) else {
        return Some(st);
    };
    if rest.get(3) != Some(&b':') || h > 23 || m > 59 {
        return Some(st);
    }
    st.minute = Some((h * 60 + m) as i32);
    // Skip seconds and fractions.
    let mut k = 6;
    while k < rest.len() && (rest[k].is_ascii_digit() || matches!(rest[k], b':' | b'.' | b',')) {
        k += 1;
    }
    let zone = std::str::from_utf8(&rest[k..]).unwrap_or("").trim();
    st.offset = offset(zone);
    Some(st)
}

/// `Z`, `UTC`, `GMT`, `+01:00`, `+0100`, `+01`, `-05:00`.
fn offset(z: &str) -> Option<i32> {
    if z.eq_ignore_ascii_case("z") || z.eq_ignore_ascii_case("utc") || z.eq_ignore_ascii_case("gmt")
    {
        return Some(0);
    }
    let b = z.as_bytes();
    let sign = match b.first()? {
        b'+' => 1,
        b'-' => -1,
        _ => return None,
    };
    let h = digits(b, 1, 2)? as i32;
    let m = if b.get(3) == Some(&b':') {
        digits(b, 4, 2)? as i32
    } else {
        digits(b, 3, 2).unwrap_or(0) as i32
    };
    if h > 14 || m > 59 {
        return None;
    }
    Some(sign * (h * 60 + m))
}

fn rfc2822(s: &str) -> Option<Stamp> {
    // [Day,] DD Mon YYYY HH:MM[:SS] zone
    let s = s.split_once(',').map_or(s, |(d, r)| {
        if d.trim().chars().all(char::is_alphabetic) {
            r
        } else {
            s
        }
    });
    let mut parts = s.split_whitespace();
    let d: u32 = parts.next()?.parse().ok()?;
    let m = month(&parts.next()?.trim_end_matches('.').to_lowercase())?;
    let y: u32 = parts.next()?.parse().ok()?;
    let date = ymd(y, m, d)?;
    let mut st = Stamp::day(date);
    if let Some(t) = parts.next() {
        let b = t.as_bytes();
        if let (Some(h), Some(mi)) = (digits(b, 0, 2), digits(b, 3, 2))
            && b.get(2) == Some(&b':')
            && h < 24
            && mi < 60
        {
            st.minute = Some((h * 60 + mi) as i32);
            st.offset = parts.next().and_then(offset);
        }
    }
    Some(st)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Date {
        s.parse().unwrap()
    }

    #[test]
    fn stamps() {
        let s = parse_stamp("2023-11-09T01:09:55+00:00").unwrap();
        assert_eq!(
            (s.date, s.minute, s.offset),
            (d("2023-11-09"), Some(69), Some(0))
        );
        assert_eq!(s.day_at(-5 * 60), d("2023-11-08"));
        let s = parse_stamp("2020-03-23T23:30:00.000-0500").unwrap();
        assert_eq!(s.offset, Some(-300));
        assert_eq!(s.day_at(60), d("2020-03-24"));
        assert_eq!(parse_stamp("20200323").unwrap().date, d("2020-03-23"));
        let s = parse_stamp("Mon, 23 Mar 2020 10:00:00 GMT").unwrap();
        assert_eq!((s.date, s.offset), (d("2020-03-23"), Some(0)));
        assert_eq!(parse_stamp("March 23, 2020").unwrap().date, d("2020-03-23"));
        assert_eq!(parse_stamp("23. März 2020").unwrap().date, d("2020-03-23"));
        assert_eq!(
            parse_stamp("23.03.2020, 10:00 Uhr").unwrap().date,
            d("2020-03-23")
        );
        assert!(parse_stamp("1234").is_none());
        assert!(parse_stamp("2020-13-45").is_none());
    }

    #[test]
    fn text_dates_skip_updates() {
        assert_eq!(
            text_date("Updated: 24 March 2020 — Published 23 March 2020"),
            Some(d("2020-03-23"))
        );
        assert_eq!(
            text_date("By Ann Lee | Mar. 23rd, 2020"),
            Some(d("2020-03-23"))
        );
        assert_eq!(text_date("Kein Datum hier 2020"), None);
    }

    #[test]
    fn url_dates() {
        assert_eq!(
            url_date("https://x.org/2020/03/23/quake"),
            Some(d("2020-03-23"))
        );
        assert_eq!(
            url_date("https://x.org/news/20200323-quake.html"),
            Some(d("2020-03-23"))
        );
        assert_eq!(
            url_date("https://x.org/2020-03-23_quake"),
            Some(d("2020-03-23"))
        );
        assert_eq!(url_date("https://20200323.example/a"), None);
        assert_eq!(url_date("https://x.org/id/12345678"), None);
        assert_eq!(
            url_date("https://x.org/news/29-10-2021"),
            Some(d("2021-10-29"))
        );
    }
}

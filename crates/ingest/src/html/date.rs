//! Publication day of a parsed page.
//!
//! Sources, most trusted first: JSON-LD `datePublished` (article types first, `@graph`
//! and nesting searched), `<meta>` publication keys (Open Graph, `itemprop`, Dublin Core,
//! parsely, sailthru, …), other `itemprop="datePublished"` elements, `<time>` elements
//! (a `pubdate` or publication class first, then the first in the page), elements whose
//! class or id names a publication date, the URL (`/2020/03/23/`, `/20200323/`), dates in
//! the visible text around the headline; modification dates only when nothing else is
//! found. A timestamp written in UTC is moved to the page's own offset when another
//! timestamp on the page gives one (the day a reader of the page saw).

use factline_model::Date;
use scraper::{ElementRef, Html, Node};
use serde_json::Value;

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
    "date",
    "datecreated",
    "created",
    "creation_date",
];
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

/// The publication day of a page, if it gives one.
pub(crate) fn published(html: &Html, url: Option<&str>) -> Option<Date> {
    let mut stamps: Vec<Stamp> = Vec::new();
    let found = find(html, url, &mut stamps)?;
    // A UTC stamp is read in the page's own offset when the page shows one.
    if found.offset == Some(0)
        && let Some(own) = stamps.iter().filter_map(|s| s.offset).find(|&o| o != 0)
    {
        return Some(found.day_at(own));
    }
    Some(found.date)
}

fn find(html: &Html, url: Option<&str>, stamps: &mut Vec<Stamp>) -> Option<Stamp> {
    let mut modified: Option<Stamp> = None;
    let mut best: Option<(usize, Stamp)> = None;
    // JSON-LD
    let mut ld_published: Option<(u8, Stamp)> = None;
    for script in elements(html, "script") {
        let ty = script.value().attr("type").unwrap_or("");
        if !ty.eq_ignore_ascii_case("application/ld+json") {
            continue;
        }
        let body: String = script.text().collect();
        match serde_json::from_str::<Value>(body.trim()) {
            Ok(v) => json_dates(&v, &mut ld_published, &mut modified, stamps),
            Err(_) => {
                if let Some(s) = json_key_fallback(&body, "datePublished") {
                    stamps.push(s);
                    if ld_published.is_none() {
                        ld_published = Some((1, s));
                    }
                }
            }
        }
    }
    // <meta>
    let mut meta_best: Option<(usize, Stamp)> = None;
    for m in elements(html, "meta") {
        let e = m.value();
        let Some(key) = e
            .attr("property")
            .or_else(|| e.attr("name"))
            .or_else(|| e.attr("itemprop"))
            .or_else(|| e.attr("http-equiv"))
        else {
            continue;
        };
        let key = key.trim().to_ascii_lowercase();
        let Some(content) = e.attr("content").or_else(|| e.attr("datetime")) else {
            continue;
        };
        if key == "parsely-page" {
            if let Ok(v) = serde_json::from_str::<Value>(content)
                && let Some(s) = v
                    .get("pub_date")
                    .and_then(Value::as_str)
                    .and_then(parse_stamp)
            {
                stamps.push(s);
                take(&mut meta_best, 16, s);
            }
            continue;
        }
        if let Some(rank) = PUBLISHED_META.iter().position(|k| *k == key) {
            if let Some(s) = parse_stamp(content) {
                stamps.push(s);
                take(&mut meta_best, rank, s);
            }
        } else if MODIFIED_META.contains(&key.as_str())
            && let Some(s) = parse_stamp(content)
        {
            stamps.push(s);
            modified.get_or_insert(s);
        }
    }
    if let Some((_, s)) = ld_published {
        take(&mut best, 0, s);
    }
    if let Some((rank, s)) = meta_best {
        // Specific publication keys rank with JSON-LD (which was taken first); generic
        // ones ("date", "created") after it.
        take(&mut best, if rank < 20 { 0 } else { 1 }, s);
    }
    // itemprop / <time> / date-classed elements, in document order.
    let mut time_first: Option<Stamp> = None;
    let mut time_pub: Option<Stamp> = None;
    let mut itemprop: Option<Stamp> = None;
    let mut classed: Option<Stamp> = None;
    for el in html
        .root_element()
        .descendants()
        .filter_map(ElementRef::wrap)
    {
        let e = el.value();
        let name = e.name();
        if matches!(name, "script" | "style" | "meta" | "head") {
            continue;
        }
        let prop = e.attr("itemprop").unwrap_or("");
        if prop.eq_ignore_ascii_case("datePublished") || prop.eq_ignore_ascii_case("dateCreated") {
            if itemprop.is_none() {
                itemprop = e
                    .attr("content")
                    .or_else(|| e.attr("datetime"))
                    .and_then(parse_stamp)
                    .or_else(|| text_date(&el.text().collect::<String>()).map(Stamp::day));
                if let Some(s) = itemprop {
                    stamps.push(s);
                }
            }
            continue;
        }
        if prop.eq_ignore_ascii_case("dateModified") {
            if let Some(s) = e
                .attr("content")
                .or_else(|| e.attr("datetime"))
                .and_then(parse_stamp)
            {
                stamps.push(s);
                modified.get_or_insert(s);
            }
            continue;
        }
        let hints = format!(
            "{} {}",
            e.attr("class").unwrap_or(""),
            e.attr("id").unwrap_or("")
        )
        .to_ascii_lowercase();
        let updated = UPDATE_WORDS.iter().any(|w| hints.contains(w));
        if name == "time" {
            let s = e
                .attr("datetime")
                .and_then(parse_stamp)
                .or_else(|| text_date(&el.text().collect::<String>()).map(Stamp::day));
            if let Some(s) = s {
                stamps.push(s);
                if updated {
                    modified.get_or_insert(s);
                } else {
                    if (e.attr("pubdate").is_some()
                        || hints.contains("publish")
                        || hints.contains("pub"))
                        && time_pub.is_none()
                    {
                        time_pub = Some(s);
                    }
                    time_first.get_or_insert(s);
                }
            }
            continue;
        }
        if classed.is_none()
            && !updated
            && !hints.trim().is_empty()
            && DATE_HINTS.iter().any(|w| hints.contains(w))
        {
            let s = e
                .attr("datetime")
                .or_else(|| {
                    if name == "abbr" {
                        e.attr("title")
                    } else {
                        None
                    }
                })
                .and_then(parse_stamp)
                .or_else(|| {
                    let t: String = el.text().take(20).collect();
                    if t.len() > 300 {
                        return None;
                    }
                    text_date(&t).map(Stamp::day)
                });
            if let Some(s) = s {
                classed = Some(s);
            }
        }
    }
    for (tier, s) in [(2, itemprop), (3, time_pub), (4, time_first), (5, classed)] {
        if let Some(s) = s {
            take(&mut best, tier, s);
        }
    }
    if let Some((_, s)) = best {
        return Some(s);
    }
    // URL
    let own_url = url.map(str::to_string).or_else(|| page_url(html));
    if let Some(d) = own_url.as_deref().and_then(url_date) {
        return Some(Stamp::day(d));
    }
    // Visible text around the headline.
    if let Some(d) = headline_date(html) {
        return Some(Stamp::day(d));
    }
    modified
}

fn take(best: &mut Option<(usize, Stamp)>, rank: usize, s: Stamp) {
    if best.is_none_or(|(r, _)| rank < r) {
        *best = Some((rank, s));
    }
}

fn elements<'a>(html: &'a Html, name: &'a str) -> impl Iterator<Item = ElementRef<'a>> + 'a {
    html.root_element()
        .descendants()
        .filter_map(ElementRef::wrap)
        .filter(move |e| e.value().name() == name)
}

/// The page's own URL: `<link rel=canonical>` or `og:url`.
pub(crate) fn page_url(html: &Html) -> Option<String> {
    let mut og = None;
    for el in html
        .root_element()
        .descendants()
        .filter_map(ElementRef::wrap)
    {
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

/// JSON-LD: the `datePublished` of an article-like object first, then of any object.
fn json_dates(
    v: &Value,
    published: &mut Option<(u8, Stamp)>,
    modified: &mut Option<Stamp>,
    stamps: &mut Vec<Stamp>,
) {
    match v {
        Value::Array(items) => {
            for i in items {
                json_dates(i, published, modified, stamps);
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
            let rank = if articleish { 0 } else { 1 };
            for key in ["datePublished", "dateCreated", "uploadDate"] {
                if let Some(s) = map.get(key).and_then(Value::as_str).and_then(parse_stamp) {
                    stamps.push(s);
                    if published.is_none_or(|(r, _)| rank < r) {
                        *published = Some((rank, s));
                    }
                    break;
                }
            }
            if let Some(s) = map
                .get("dateModified")
                .and_then(Value::as_str)
                .and_then(parse_stamp)
            {
                stamps.push(s);
                modified.get_or_insert(s);
            }
            for (k, child) in map {
                if matches!(child, Value::Object(_) | Value::Array(_)) && k != "publisher" {
                    json_dates(child, published, modified, stamps);
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
        if let Tok::Num(n, 8) = toks[i]
            && let Some(date) = ymd(n / 10000, n / 100 % 100, n % 100)
        {
            return Some(date);
        }
    }
    None
}

/// A date in the visible text just after the first `h1` (or, failing that, before it).
fn headline_date(html: &Html) -> Option<Date> {
    let mut before: Vec<String> = Vec::new();
    let mut after = String::new();
    let mut seen_h1 = false;
    let mut after_len = 0usize;
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
                if seen_h1 {
                    after.push_str(t);
                    after.push(' ');
                    after_len += t.len();
                    if after_len > 800 {
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
    if !seen_h1 {
        return None;
    }
    text_date(&after).or_else(|| text_date(&before.join(" ")))
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
    }
}

//! Feeds: RSS 0.9x, 1.0 (RDF) and 2.0, Atom and JSON Feed, parsed by `feed-rs`. Each item
//! becomes one article: its date, its title, its link as `url`, its id `u_<hash>` of the
//! link (else of the item's guid/id), so the same item read again, or its page fetched by
//! URL, gets the same id.
//!
//! An item that carries only a summary is read from that summary here; fetching its page
//! instead (`--fetch-links`) is the network layer's job (`factline-fetch`), which uses
//! [`FeedItem::needs_page`] and [`FeedItem::page_article`].

use std::io::Read;
use std::path::Path;

use factline_model::{Date, RawArticle, content_hash, parse_date};

use crate::html::{PageHints, html_to_text, parse_html};
use crate::{Input, InputError, NO_DATE_HINT, ReadOptions, Reader, read_all};

/// Reads one feed file (or stdin) as one article per item.
#[derive(Debug, Clone, Copy, Default)]
pub struct FeedReader {
    pub opts: ReadOptions,
}

impl Reader for FeedReader {
    fn read(&self, input: &Input) -> Box<dyn Iterator<Item = Result<RawArticle, InputError>>> {
        let name = input.name();
        match read_all(input) {
            Ok(bytes) => Box::new(read_bytes(&name, &bytes, &self.opts).into_iter()),
            Err(e) => Box::new(std::iter::once(Err(e))),
        }
    }
}

/// Every item of a feed as an article (items with only a summary are read from it).
pub(crate) fn read_bytes(
    name: &str,
    bytes: &[u8],
    opts: &ReadOptions,
) -> Vec<Result<RawArticle, InputError>> {
    match parse_feed(name, bytes) {
        Ok(items) => items.iter().map(|i| i.article(opts)).collect(),
        Err(e) => vec![Err(e)],
    }
}

/// One item of a feed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FeedItem {
    /// `u_<hash>` of the link, else of the item's own id.
    pub id: String,
    /// How the item is named in messages and `source`: `<feed>#<n>` (1-based).
    pub source: String,
    pub link: Option<String>,
    pub title: Option<String>,
    /// Its publication date, else its update date.
    pub published: Option<Date>,
    /// The full text (`content:encoded`, Atom `content`, `content_html`/`content_text`).
    pub content: Option<String>,
    /// The summary (`description`, Atom `summary`, JSON Feed `summary`).
    pub summary: Option<String>,
    /// Changes whenever the item does (its text, dates or link): a watcher's "seen" key.
    pub version: String,
}

impl FeedItem {
    /// Whether the item's page should be fetched for its text: it has a link and no full
    /// content of its own.
    pub fn needs_page(&self) -> bool {
        self.content.is_none() && self.link.is_some()
    }

    /// The article the item itself carries: its content, else its summary.
    pub fn article(&self, opts: &ReadOptions) -> Result<RawArticle, InputError> {
        let body = self
            .content
            .as_ref()
            .or(self.summary.as_ref())
            .ok_or_else(|| {
                InputError::new(
                    &self.source,
                    if self.link.is_some() {
                        "feed item has no text, only a link (fetch its page with --fetch-links)"
                    } else {
                        "feed item has no text"
                    },
                )
            })?;
        let published = self.published.or(opts.published).ok_or_else(|| {
            InputError::new(
                &self.source,
                format!("feed item has no date; {NO_DATE_HINT}"),
            )
        })?;
        Ok(RawArticle {
            id: self.id.clone(),
            source: self.source.clone(),
            url: self.link.clone(),
            published,
            title: self.title.clone(),
            body: body.clone(),
        })
    }

    /// The article read from the item's fetched page: the page's text, its own date, else
    /// the item's, else `fallback` (HTTP `Last-Modified`, `--published`); the item's id,
    /// link and title (the page's title when the item has none).
    pub fn page_article(
        &self,
        page_name: &str,
        bytes: &[u8],
        charset: Option<&str>,
        fallback: Option<Date>,
    ) -> Result<RawArticle, InputError> {
        let hints = PageHints {
            charset,
            url: self.link.as_deref(),
            published: self.published.or(fallback),
        };
        let mut a = parse_html(page_name, bytes, &hints)?;
        a.id = self.id.clone();
        a.url = self.link.clone();
        if self.title.is_some() {
            a.title = self.title.clone();
        }
        Ok(a)
    }
}

/// Whether `bytes` look like a feed: XML whose root is `rss`, `feed` or `rdf:RDF`, or JSON
/// naming a JSON Feed version.
pub fn is_feed(bytes: &[u8]) -> bool {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let start = bytes.iter().position(|b| !b.is_ascii_whitespace());
    let Some(start) = start else { return false };
    let bytes = &bytes[start..];
    if bytes.starts_with(b"{") {
        // One JSON document (JSON Lines has more) whose `version` names JSON Feed.
        return find(bytes, b"jsonfeed.org/version").is_some()
            && serde_json::from_slice::<serde_json::Value>(bytes).is_ok_and(|v| {
                v.get("version")
                    .and_then(|v| v.as_str())
                    .is_some_and(|v| v.contains("jsonfeed.org/version"))
            });
    }
    if !bytes.starts_with(b"<") {
        return false;
    }
    // Skip the XML declaration, comments, processing instructions and a doctype.
    let mut rest = bytes;
    loop {
        let trimmed = trim(rest);
        if let Some(r) = trimmed.strip_prefix(b"<?") {
            rest = after(r, b"?>");
        } else if let Some(r) = trimmed.strip_prefix(b"<!--") {
            rest = after(r, b"-->");
        } else if let Some(r) = trimmed.strip_prefix(b"<!") {
            rest = after(r, b">");
        } else {
            rest = trimmed;
            break;
        }
    }
    let Some(tag) = rest.strip_prefix(b"<") else {
        return false;
    };
    let end = tag
        .iter()
        .position(|b| b.is_ascii_whitespace() || matches!(b, b'>' | b'/'))
        .unwrap_or(tag.len());
    let name = tag[..end].to_ascii_lowercase();
    let local = name.rsplit(|&b| b == b':').next().unwrap_or(&[]);
    matches!(local, b"rss" | b"feed" | b"rdf")
}

/// Whether a `.xml`/`.json` file found in a directory walk is a feed (`.rss`, `.atom` and
/// `.rdf` always count).
pub(crate) fn looks_like_feed_file(path: &Path) -> bool {
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .map(|e| e.to_ascii_lowercase());
    if matches!(ext.as_deref(), Some("rss" | "atom" | "rdf")) {
        return true;
    }
    let Ok(f) = std::fs::File::open(path) else {
        return true; // reported when read
    };
    let mut head = Vec::new();
    let limit = if ext.as_deref() == Some("json") {
        crate::MAX_ARTICLE_BYTES
    } else {
        4096
    };
    let _ = f.take(limit).read_to_end(&mut head);
    is_feed(&head)
}

/// Parse a feed into its items, in feed order.
pub fn parse_feed(name: &str, bytes: &[u8]) -> Result<Vec<FeedItem>, InputError> {
    if !is_feed(bytes) {
        return Err(InputError::new(
            name,
            "not an RSS, Atom or JSON Feed document",
        ));
    }
    let feed = feed_rs::parser::Builder::new()
        .sanitize_content(false)
        .build()
        .parse(bytes)
        .map_err(|e| InputError::new(name, format!("invalid feed: {e}")))?;
    Ok(feed
        .entries
        .into_iter()
        .enumerate()
        .map(|(i, e)| item(name, i, e))
        .collect())
}

fn item(feed: &str, i: usize, e: feed_rs::model::Entry) -> FeedItem {
    let link = e
        .links
        .iter()
        .find(|l| l.rel.as_deref().is_none_or(|r| r == "alternate"))
        .or(e.links.first())
        .map(|l| l.href.trim().to_string())
        .filter(|h| h.starts_with("http://") || h.starts_with("https://"));
    let id = format!(
        "u_{}",
        &content_hash(link.as_deref().unwrap_or(&e.id))[..16]
    );
    let published = e
        .published
        .or(e.updated)
        .and_then(|t| parse_date(&t.to_rfc3339()).ok());
    let text = |t: &feed_rs::model::Text| {
        let plain = t.content_type.essence().to_string() == "text/plain";
        text_of(&t.content, plain)
    };
    let content = e.content.as_ref().and_then(|c| {
        let plain = c.content_type.essence().to_string() == "text/plain";
        c.body.as_deref().and_then(|b| text_of(b, plain))
    });
    let summary = e.summary.as_ref().and_then(text);
    let title = e
        .title
        .as_ref()
        .and_then(|t| text_of(&t.content, false))
        .map(|t| t.split_whitespace().collect::<Vec<_>>().join(" "));
    let version = content_hash(&format!(
        "{:?}\u{1}{:?}\u{1}{:?}\u{1}{:?}\u{1}{:?}\u{1}{:?}",
        link, title, e.published, e.updated, content, summary
    ));
    FeedItem {
        id,
        source: format!("{feed}#{}", i + 1),
        link,
        title,
        published,
        content,
        summary,
        version,
    }
}

/// Text of an item's field: HTML is reduced to its text (plain text passes through the
/// HTML reader harmlessly, but a literal `<` in it is kept).
fn text_of(s: &str, plain: bool) -> Option<String> {
    let t = if plain || !s.contains('<') && !s.contains('&') {
        s.trim().to_string()
    } else {
        html_to_text(s).trim().to_string()
    };
    (!t.is_empty()).then_some(t)
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

fn trim(b: &[u8]) -> &[u8] {
    let n = b.iter().take_while(|c| c.is_ascii_whitespace()).count();
    &b[n..]
}

fn after<'a>(b: &'a [u8], end: &[u8]) -> &'a [u8] {
    match find(b, end) {
        Some(i) => &b[i + end.len()..],
        None => &[],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const RSS: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<!-- a comment -->
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel><title>Harbour Gazette</title><link>https://example.org/</link>
<item><title>Silo fire in the harbour</title><link>https://example.org/2025/silo-fire</link>
<guid>silo-1</guid><pubDate>Sun, 02 Mar 2025 09:00:00 GMT</pubDate>
<description>Short summary.</description>
<content:encoded><![CDATA[<p>Firefighters contained a fire at a grain silo on Sunday.</p><p>Nobody was hurt.</p>]]></content:encoded></item>
<item><title>Ferry timetable</title><link>https://example.org/2025/ferry</link>
<description>The island ferry returns to its &lt;b&gt;summer&lt;/b&gt; timetable.</description></item>
</channel></rss>"#;

    const ATOM: &str = r#"<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Valley News</title><id>urn:valley</id>
<updated>2025-03-04T10:00:00Z</updated>
<entry><title>Bridge closed after flood</title><id>urn:valley:1</id>
<link rel="alternate" href="https://valley.example/bridge"/>
<published>2025-03-03T22:30:00-05:00</published><updated>2025-03-04T10:00:00Z</updated>
<summary>The old bridge was closed.</summary></entry></feed>"#;

    const JSON_FEED: &str = r#"{"items":[{"id":"7","url":"https://json.example/quake",
"title":"Quake shakes town","date_published":"2025-03-05T08:00:00Z",
"content_html":"<p>A quake shook the town on Wednesday. Two people were injured.</p>"}],
"title":"JSON News","version":"https://jsonfeed.org/version/1.1"}"#;

    #[test]
    fn sniffs_feeds() {
        assert!(is_feed(RSS.as_bytes()));
        assert!(is_feed(ATOM.as_bytes()));
        assert!(is_feed(JSON_FEED.as_bytes()));
        assert!(is_feed(b"<rdf:RDF xmlns:rdf='x'>"));
        assert!(!is_feed(b"<!doctype html><html><body>feed</body></html>"));
        assert!(!is_feed(b"{\"published\":\"2024-01-01\",\"text\":\"x\"}"));
        // JSON Lines whose text mentions JSON Feed is still JSON Lines.
        assert!(!is_feed(
            b"{\"published\":\"2024-01-01\",\"text\":\"see https://jsonfeed.org/version/1.1\"}\n{\"published\":\"2024-01-02\",\"text\":\"y\"}\n"
        ));
        assert!(!is_feed(b"<?xml version='1.0'?><urlset></urlset>"));
    }

    #[test]
    fn rss_items_become_articles() {
        let items = parse_feed("f.rss", RSS.as_bytes()).unwrap();
        assert_eq!(items.len(), 2);
        let a = items[0].article(&ReadOptions::default()).unwrap();
        assert_eq!(a.published.to_string(), "2025-03-02");
        assert_eq!(a.title.as_deref(), Some("Silo fire in the harbour"));
        assert_eq!(a.url.as_deref(), Some("https://example.org/2025/silo-fire"));
        assert_eq!(
            a.id,
            format!(
                "u_{}",
                &content_hash("https://example.org/2025/silo-fire")[..16]
            )
        );
        assert!(a.body.starts_with("Firefighters contained"), "{}", a.body);
        assert!(!items[0].needs_page());
        // Summary only, no date.
        assert!(items[1].needs_page());
        let e = items[1].article(&ReadOptions::default()).unwrap_err();
        assert_eq!(e.input, "f.rss#2");
        assert!(e.reason.contains("--published"), "{e}");
        let opts = ReadOptions {
            published: Some(parse_date("2025-03-09").unwrap()),
        };
        let b = items[1].article(&opts).unwrap();
        assert_eq!(b.published.to_string(), "2025-03-09");
        assert_eq!(b.body, "The island ferry returns to its summer timetable.");
    }

    #[test]
    fn atom_and_json_feed() {
        let items = parse_feed("f.atom", ATOM.as_bytes()).unwrap();
        let a = items[0].article(&ReadOptions::default()).unwrap();
        assert_eq!(a.url.as_deref(), Some("https://valley.example/bridge"));
        assert_eq!(a.published.to_string(), "2025-03-04"); // the UTC day
        assert!(items[0].needs_page());
        let items = parse_feed("f.json", JSON_FEED.as_bytes()).unwrap();
        let a = items[0].article(&ReadOptions::default()).unwrap();
        assert_eq!(a.title.as_deref(), Some("Quake shakes town"));
        assert!(a.body.contains("Two people were injured"));
        assert_eq!(a.published.to_string(), "2025-03-05");
    }

    #[test]
    fn item_page_keeps_item_identity_and_date_fallback() {
        let items = parse_feed("f.atom", ATOM.as_bytes()).unwrap();
        let page = b"<html><head><title>Bridge</title></head><body><article><p>The old \
            bridge over the river was closed on Monday after flood water damaged its piers, \
            the council said.</p></article></body></html>";
        let a = items[0]
            .page_article("https://valley.example/bridge", page, None, None)
            .unwrap();
        assert_eq!(a.id, items[0].id);
        assert_eq!(a.published.to_string(), "2025-03-04");
        assert!(a.body.contains("flood water"), "{}", a.body);
    }

    #[test]
    fn broken_feed_is_one_error() {
        let e = parse_feed("f.xml", b"<rss version=\"2.0\"><channel><item>").unwrap_err();
        assert_eq!(e.input, "f.xml");
        let e = parse_feed("f.xml", b"<html></html>").unwrap_err();
        assert!(e.reason.contains("not an RSS"), "{e}");
    }
}

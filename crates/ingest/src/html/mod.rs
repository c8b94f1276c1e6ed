//! HTML pages → text, title and publication date.
//!
//! Bytes are decoded by [`charset`], parsed by html5ever (through `scraper`) the way a
//! browser would, the main text is picked by factline's own content scoring ([`text`]) and
//! the publication day is looked for in the page's metadata, markup, URL and visible text
//! ([`date`]). Markup is never executed: hostile pages yield inert text.

mod charset;
mod date;
mod text;

use factline_model::{Date, RawArticle, content_hash};
use scraper::{ElementRef, Html};

use crate::{Input, InputError, NO_DATE_HINT, ReadOptions, Reader, check_id, read_all};

/// Reads one HTML page as one article.
#[derive(Debug, Clone, Copy, Default)]
pub struct HtmlReader {
    pub opts: ReadOptions,
}

impl Reader for HtmlReader {
    fn read(&self, input: &Input) -> Box<dyn Iterator<Item = Result<RawArticle, InputError>>> {
        let name = input.name();
        let hints = PageHints {
            published: self.opts.published,
            ..PageHints::default()
        };
        let result = read_all(input).and_then(|bytes| {
            let mut a = parse_html(&name, &bytes, &hints)?;
            if let Some(stem) = input
                .path
                .as_ref()
                .and_then(|p| p.file_name())
                .and_then(|n| n.to_str())
                .and_then(|n| n.split('.').next())
            {
                check_id(stem).map_err(|r| InputError::new(&name, r))?;
                a.id = stem.to_string();
            }
            Ok(a)
        });
        Box::new(std::iter::once(result))
    }
}

/// What factline reads from one HTML page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Page {
    /// `og:title`, else `<title>`, else the first `h1`.
    pub title: Option<String>,
    /// The main text, paragraphs separated by blank lines.
    pub text: String,
    /// The publication day, in the page's own UTC offset when it gives one.
    pub published: Option<Date>,
    /// The page's own URL (`<link rel=canonical>` or `og:url`).
    pub url: Option<String>,
}

/// What is known about a page from outside it (HTTP headers, a feed item, the command line).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PageHints<'a> {
    /// The charset label of an HTTP `Content-Type` header: used unless a byte-order mark
    /// says otherwise or the bytes plainly contradict it (see [`charset`]).
    pub charset: Option<&'a str>,
    /// Where the page was fetched from: its URL (the article's `url` when the page names
    /// none) and the id `u_<hash>` of that URL.
    pub url: Option<&'a str>,
    /// The publication day when the page's own is not found (a feed item's date, HTTP
    /// `Last-Modified`, `--published`).
    pub published: Option<Date>,
}

/// Read a page from its bytes (any charset; see [`charset`]). Never panics.
pub fn read_page(bytes: &[u8]) -> Page {
    read_page_with(bytes, None)
}

/// [`read_page`] with the charset an HTTP header declared.
pub fn read_page_with(bytes: &[u8], http_charset: Option<&str>) -> Page {
    let html = Html::parse_document(&charset::decode_with(bytes, http_charset));
    let title = find_title(&html);
    let doc = text::Doc::new(&html);
    let text = text::main_text(&doc, title.as_deref());
    let url = date::page_url(&html);
    let published = date::published(&html, url.as_deref());
    Page {
        title,
        text,
        published,
        url,
    }
}

/// Parse a page into an article; a page with no text or no publication date is refused.
#[cfg(test)]
pub(crate) fn parse_page(name: &str, bytes: &[u8]) -> Result<RawArticle, InputError> {
    parse_html(name, bytes, &PageHints::default())
}

/// Parse a page into an article, with what is known of it from outside. The page's own
/// publication date wins over `hints.published`; a page with no text, or with no date of
/// its own and none in the hints, is refused. The id is `u_<hash of hints.url>` when the
/// page was fetched, else `c_<hash of the text>`.
pub fn parse_html(name: &str, bytes: &[u8], hints: &PageHints) -> Result<RawArticle, InputError> {
    let page = read_page_with(bytes, hints.charset);
    if page.text.trim().is_empty() {
        return Err(InputError::new(name, "no text found in the HTML page"));
    }
    let published = page.published.or(hints.published).ok_or_else(|| {
        InputError::new(
            name,
            format!(
                "no publication date found in the page (no JSON-LD datePublished, publication \
                 <meta>, itemprop, <time>, dated URL or date near the headline); {NO_DATE_HINT}"
            ),
        )
    })?;
    let id = match hints.url {
        Some(u) => format!("u_{}", &content_hash(u)[..16]),
        None => format!("c_{}", &content_hash(&page.text)[..16]),
    };
    Ok(RawArticle {
        id,
        source: name.to_string(),
        url: page.url.or_else(|| hints.url.map(str::to_string)),
        published,
        title: page.title,
        body: page.text,
    })
}

/// Main text of an HTML page or fragment, paragraphs separated by blank lines (all its
/// visible text when content scoring finds nothing).
pub fn html_to_text(html: &str) -> String {
    let parsed = Html::parse_document(html);
    let doc = text::Doc::new(&parsed);
    let main = text::main_text(&doc, find_title(&parsed).as_deref());
    if main.is_empty() {
        text::all_text(&doc)
    } else {
        main
    }
}

/// Every element of the page, in document order.
pub(crate) fn elements(html: &Html) -> impl Iterator<Item = ElementRef<'_>> {
    html.root_element()
        .descendants()
        .filter_map(ElementRef::wrap)
}

fn find_title(html: &Html) -> Option<String> {
    let mut title = None;
    let mut h1 = None;
    for el in elements(html) {
        let e = el.value();
        match e.name() {
            "meta"
                if e.attr("property")
                    .or_else(|| e.attr("name"))
                    .is_some_and(|p| p.eq_ignore_ascii_case("og:title")) =>
            {
                if let Some(t) = e.attr("content").map(squash).filter(|t| !t.is_empty()) {
                    return Some(t);
                }
            }
            "title" if title.is_none() => {
                title = Some(squash(&el.text().collect::<String>())).filter(|t| !t.is_empty());
            }
            "h1" if h1.is_none() => {
                h1 = Some(squash(&el.text().collect::<String>())).filter(|t| !t.is_empty());
            }
            _ => {}
        }
    }
    title.or(h1)
}

fn squash(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests;

//! HTML pages → text, title and publication date.
//!
//! A small, forgiving scanner (no DOM): it drops non-content elements (scripts, styles,
//! navigation, headers, footers, forms), turns block elements into paragraph breaks and
//! decodes entities. Markup is never interpreted, so hostile pages yield inert text.

use factline_model::{RawArticle, content_hash, parse_date};

use crate::{Input, InputError, Reader, check_id, read_all};

/// Reads one HTML page as one article.
pub struct HtmlReader;

impl Reader for HtmlReader {
    fn read(&self, input: &Input) -> Box<dyn Iterator<Item = Result<RawArticle, InputError>>> {
        let name = input.name();
        let result = read_all(input).and_then(|bytes| {
            let mut a = parse_page(&name, &bytes)?;
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

/// Parse a page: UTF-8 when valid, else decoded as Windows-1252 (the usual legacy charset).
pub(crate) fn parse_page(name: &str, bytes: &[u8]) -> Result<RawArticle, InputError> {
    let html = match std::str::from_utf8(bytes) {
        Ok(s) => s.to_string(),
        Err(_) => bytes.iter().map(|&b| cp1252(b)).collect(),
    };
    let body = html_to_text(&html);
    if body.trim().is_empty() {
        return Err(InputError::new(name, "no text found in the HTML page"));
    }
    let published = find_published(&html).ok_or_else(|| {
        InputError::new(
            name,
            "no publication date found in the page (meta article:published_time, <time datetime>, or datePublished)",
        )
    })?;
    let title = find_title(&html);
    Ok(RawArticle {
        id: format!("c_{}", &content_hash(&body)[..16]),
        source: name.to_string(),
        url: find_meta(&html, "og:url"),
        published,
        title,
        body,
    })
}

fn cp1252(b: u8) -> char {
    const HIGH: [char; 32] = [
        '€', '\u{81}', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\u{8d}', 'Ž',
        '\u{8f}', '\u{90}', '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', '\u{9d}',
        'ž', 'Ÿ',
    ];
    match b {
        0x80..=0x9f => HIGH[(b - 0x80) as usize],
        _ => b as char,
    }
}

const SKIP: &[&str] = &[
    "script",
    "style",
    "noscript",
    "nav",
    "header",
    "footer",
    "aside",
    "form",
    "svg",
    "iframe",
    "template",
    "button",
    "select",
    "figcaption",
    "head",
];
const BLOCK: &[&str] = &[
    "p",
    "div",
    "br",
    "li",
    "ul",
    "ol",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "article",
    "section",
    "blockquote",
    "tr",
    "table",
    "pre",
    "main",
    "dd",
    "dt",
    "hr",
    "figure",
];

/// Visible text of an HTML fragment or page, paragraphs separated by blank lines.
pub fn html_to_text(html: &str) -> String {
    let mut out = String::with_capacity(html.len() / 2);
    let mut skip_depth: Vec<String> = Vec::new();
    let mut rest = html;
    while let Some(lt) = rest.find('<') {
        if skip_depth.is_empty() {
            push_text(&mut out, &rest[..lt]);
        }
        rest = &rest[lt..];
        if rest.starts_with("<!--") {
            rest = rest.find("-->").map(|e| &rest[e + 3..]).unwrap_or("");
            continue;
        }
        let Some(gt) = rest.find('>') else {
            // An unterminated tag: the rest is markup debris.
            rest = "";
            break;
        };
        let tag = &rest[1..gt];
        rest = &rest[gt + 1..];
        let closing = tag.starts_with('/');
        let name: String = tag
            .trim_start_matches('/')
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect::<String>()
            .to_ascii_lowercase();
        if name.is_empty() {
            continue;
        }
        let self_closing = tag.ends_with('/');
        if SKIP.contains(&name.as_str()) {
            if closing {
                if let Some(pos) = skip_depth.iter().rposition(|n| *n == name) {
                    skip_depth.truncate(pos);
                }
            } else if !self_closing {
                skip_depth.push(name);
            }
            continue;
        }
        if skip_depth.is_empty() && BLOCK.contains(&name.as_str()) {
            out.push_str("\n\n");
        }
    }
    if skip_depth.is_empty() {
        push_text(&mut out, rest);
    }
    // Normalise: trim lines, collapse blank runs.
    let mut clean = String::with_capacity(out.len());
    let mut blank = true;
    for line in out.lines() {
        let line = line.split_whitespace().collect::<Vec<_>>().join(" ");
        if line.is_empty() {
            if !blank {
                clean.push_str("\n\n");
                blank = true;
            }
        } else {
            if !blank {
                clean.push(' ');
            }
            clean.push_str(&line);
            blank = false;
        }
    }
    clean.trim().to_string()
}

fn push_text(out: &mut String, raw: &str) {
    // Newlines inside text are plain spaces in HTML.
    out.push_str(&decode_entities(raw).replace(['\n', '\r'], " "));
}

/// Decode the common named entities and all numeric ones.
pub(crate) fn decode_entities(s: &str) -> String {
    if !s.contains('&') {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        rest = &rest[amp..];
        let end = rest[..rest.len().min(12)].find(';');
        let decoded = end.and_then(|e| {
            let ent = &rest[1..e];
            let c = if let Some(num) = ent.strip_prefix('#') {
                let v = match num.strip_prefix(['x', 'X']) {
                    Some(h) => u32::from_str_radix(h, 16).ok(),
                    None => num.parse().ok(),
                };
                v.and_then(char::from_u32)
                    .filter(|c| !c.is_control() || *c == '\n')
            } else {
                Some(match ent {
                    "amp" => '&',
                    "lt" => '<',
                    "gt" => '>',
                    "quot" => '"',
                    "apos" => '\'',
                    "nbsp" => ' ',
                    "ndash" => '–',
                    "mdash" => '—',
                    "lsquo" => '‘',
                    "rsquo" => '’',
                    "ldquo" => '“',
                    "rdquo" => '”',
                    "hellip" => '…',
                    "eacute" => 'é',
                    "copy" => '©',
                    _ => return None,
                })
            };
            c.map(|c| (c, e + 1))
        });
        match decoded {
            Some((c, len)) => {
                out.push(c);
                rest = &rest[len..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

fn attr<'a>(tag: &'a str, name: &str) -> Option<&'a str> {
    let lower = tag.to_ascii_lowercase();
    let mut from = 0;
    while let Some(i) = lower[from..].find(name) {
        let at = from + i;
        from = at + name.len();
        let before_ok = at == 0 || lower.as_bytes()[at - 1].is_ascii_whitespace();
        let after = lower[from..].trim_start();
        if !before_ok || !after.starts_with('=') {
            continue;
        }
        let vstart = tag.len() - after.len() + 1;
        let v = tag[vstart..].trim_start();
        let (q, v) = match v.chars().next() {
            Some(q @ ('"' | '\'')) => (q, &v[1..]),
            _ => (' ', v),
        };
        let end = v.find([q, '>']).unwrap_or(v.len());
        return Some(&v[..end]);
    }
    None
}

fn tags<'a>(html: &'a str, name: &'a str) -> impl Iterator<Item = &'a str> + 'a {
    let lower = html.to_ascii_lowercase();
    let needle = format!("<{name}");
    let mut positions = Vec::new();
    let mut from = 0;
    while let Some(i) = lower[from..].find(&needle) {
        let at = from + i;
        let end = html[at..].find('>').map(|e| at + e).unwrap_or(html.len());
        positions.push((at, end));
        from = at + needle.len();
    }
    positions.into_iter().map(move |(a, e)| &html[a..e])
}

fn find_meta(html: &str, key: &str) -> Option<String> {
    tags(html, "meta")
        .find(|t| {
            attr(t, "property")
                .or_else(|| attr(t, "name"))
                .or_else(|| attr(t, "itemprop"))
                .is_some_and(|v| v.eq_ignore_ascii_case(key))
        })
        .and_then(|t| attr(t, "content"))
        .map(|v| decode_entities(v).trim().to_string())
        .filter(|v| !v.is_empty())
}

fn find_title(html: &str) -> Option<String> {
    if let Some(t) = find_meta(html, "og:title") {
        return Some(t);
    }
    let lower = html.to_ascii_lowercase();
    let start = lower.find("<title")?;
    let open_end = start + html[start..].find('>')? + 1;
    let end = open_end + lower[open_end..].find("</title")?;
    let t = decode_entities(&html[open_end..end])
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    (!t.is_empty()).then_some(t)
}

fn find_published(html: &str) -> Option<factline_model::Date> {
    for key in [
        "article:published_time",
        "datePublished",
        "pubdate",
        "publishdate",
        "date",
        "dc.date",
        "og:published_time",
    ] {
        if let Some(d) = find_meta(html, key).and_then(|v| parse_date(&v).ok()) {
            return Some(d);
        }
    }
    if let Some(i) = html.find("\"datePublished\"") {
        let rest = &html[i + 15..];
        let q = rest.find('"')?;
        if let Ok(d) = parse_date(&rest[q + 1..]) {
            return Some(d);
        }
    }
    tags(html, "time")
        .filter_map(|t| attr(t, "datetime"))
        .find_map(|v| parse_date(v).ok())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_title_date() {
        let page = r#"<html><head><title>Ignored</title>
            <meta property="og:title" content="Quake &amp; aftermath">
            <meta property="article:published_time" content="2024-03-23T10:00:00Z">
            <script>var x = "<p>not text</p>";</script><style>p{}</style></head>
            <body><nav>Home | World</nav><article><h1>Quake</h1><p>At least 12
            people died.</p><p>Rescuers&nbsp;dug.</p></article><footer>© Paper</footer></body></html>"#;
        let a = parse_page("p.html", page.as_bytes()).unwrap();
        assert_eq!(a.title.as_deref(), Some("Quake & aftermath"));
        assert_eq!(a.published.to_string(), "2024-03-23");
        assert_eq!(a.body, "Quake\n\nAt least 12 people died.\n\nRescuers dug.");
    }

    #[test]
    fn hostile_and_broken_markup_is_inert() {
        let t = html_to_text(
            "<p onclick=\"x()\">Hi <script>alert(1)</script>there</p><a href=\"javascript:alert(1)\">link</a><p>unclosed <b",
        );
        assert_eq!(t, "Hi there\n\nlink\n\nunclosed");
        assert_eq!(
            html_to_text("&#0; &#xD800; &bogus; &amp"),
            "&#0; &#xD800; &bogus; &amp"
        );
    }

    #[test]
    fn page_without_date_is_rejected() {
        let e = parse_page("p.html", b"<p>Text only.</p>").unwrap_err();
        assert!(e.reason.contains("no publication date"));
    }
}

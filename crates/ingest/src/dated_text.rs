//! The plain dated-text format: optional whitespace, the word `date`, `YYYY-MM-DD`,
//! whitespace, then the article body. The article id is the file stem.

use factline_model::{RawArticle, content_hash, parse_date};

use crate::{
    Input, InputError, NO_DATE_HINT, ReadOptions, Reader, check_id, decode_text, read_all,
};

/// Reads one dated-text file (or stdin) as one article. A text with no `date` line is
/// taken, whole, when [`ReadOptions::published`] gives its date.
#[derive(Debug, Clone, Copy, Default)]
pub struct DatedTextReader {
    pub opts: ReadOptions,
}

impl Reader for DatedTextReader {
    fn read(&self, input: &Input) -> Box<dyn Iterator<Item = Result<RawArticle, InputError>>> {
        let name = input.name();
        let stem = input
            .path
            .as_ref()
            .and_then(|p| p.file_name())
            .and_then(|n| n.to_str())
            .map(|n| {
                let n = n.strip_suffix(".gz").unwrap_or(n);
                n.rsplit_once('.').map(|(s, _)| s).unwrap_or(n).to_string()
            })
            .unwrap_or_else(|| "stdin".to_string());
        let result =
            read_all(input).and_then(|bytes| parse_bytes(&name, &stem, &bytes, &self.opts));
        Box::new(std::iter::once(result))
    }
}

/// Parse one dated-text article from bytes. `stem` becomes the id (`stdin` gets a content hash).
pub(crate) fn parse_bytes(
    name: &str,
    stem: &str,
    bytes: &[u8],
    opts: &ReadOptions,
) -> Result<RawArticle, InputError> {
    parse_text_with(name, stem, &decode_text(bytes), opts)
}

#[cfg(test)]
fn parse_text(name: &str, stem: &str, text: &str) -> Result<RawArticle, InputError> {
    parse_text_with(name, stem, text, &ReadOptions::default())
}

fn parse_text_with(
    name: &str,
    stem: &str,
    text: &str,
    opts: &ReadOptions,
) -> Result<RawArticle, InputError> {
    let err = |reason: String| InputError::new(name, reason);
    let rest = text.trim_start();
    if rest.is_empty() {
        return Err(err("empty file".into()));
    }
    let Some(after_word) = rest
        .get(..4)
        .filter(|w| w.eq_ignore_ascii_case("date"))
        .map(|_| &rest[4..])
        .filter(|r| r.starts_with(|c: char| c.is_whitespace() || c == ':'))
    else {
        return match opts.published {
            Some(published) => article(name, stem, published, rest.trim()),
            None => Err(err(format!(
                "no date line (expected the text to start with `date YYYY-MM-DD`); {NO_DATE_HINT}"
            ))),
        };
    };
    let after_word = after_word.trim_start_matches(':').trim_start();
    let date_str: String = after_word.chars().take(10).collect();
    let published = parse_date(&date_str).map_err(|e| err(e.to_string()))?;
    let body_start = date_str.len();
    let rest = &after_word[body_start..];
    if !rest.is_empty() && !rest.starts_with(char::is_whitespace) {
        return Err(err(format!(
            "invalid date {:?} (expected YYYY-MM-DD followed by whitespace)",
            after_word.split_whitespace().next().unwrap_or("")
        )));
    }
    let body = rest.trim();
    if body.is_empty() {
        return Err(err("empty article body after the date".into()));
    }
    article(name, stem, published, body)
}

fn article(
    name: &str,
    stem: &str,
    published: factline_model::Date,
    body: &str,
) -> Result<RawArticle, InputError> {
    let err = |reason: String| InputError::new(name, reason);
    let id = if stem == "stdin" {
        format!("c_{}", &content_hash(body)[..16])
    } else {
        stem.to_string()
    };
    check_id(&id).map_err(err)?;
    Ok(RawArticle {
        id,
        source: name.to_string(),
        url: None,
        published,
        title: headline(body),
        body: body.to_string(),
    })
}

/// The first line is a headline when it stands alone (a blank line follows), is short,
/// and does not end like a sentence.
fn headline(body: &str) -> Option<String> {
    let (first, rest) = body.split_once('\n')?;
    let first = first.trim();
    let stands_alone = rest.trim_start_matches([' ', '\t', '\r']).starts_with('\n');
    let words = first.split_whitespace().count();
    (stands_alone
        && (2..=25).contains(&words)
        && first.len() <= 200
        && !first.ends_with(['.', ',', ';', ':']))
    .then(|| first.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_seed_shape() {
        let a = parse_text(
            "x.txt",
            "x",
            " date 2024-03-24 In a solemn gesture, 12 died.",
        )
        .unwrap();
        assert_eq!(a.id, "x");
        assert_eq!(a.published.to_string(), "2024-03-24");
        assert_eq!(a.body, "In a solemn gesture, 12 died.");
        assert_eq!(a.title, None);
    }

    #[test]
    fn headline_line_becomes_title_and_stays_in_body() {
        let a = parse_text(
            "x.txt",
            "x",
            "date 2024-03-24\nQuake kills 40 in coastal town\n\nBody text here.",
        )
        .unwrap();
        assert_eq!(a.title.as_deref(), Some("Quake kills 40 in coastal town"));
        assert!(a.body.starts_with("Quake kills 40"));
    }

    #[test]
    fn rejects_bad_files_with_reasons() {
        let e = parse_text("f.txt", "f", "no date here").unwrap_err();
        assert!(e.reason.contains("no date line"), "{e}");
        let e = parse_text("f.txt", "f", " date 2024-13-01 body").unwrap_err();
        assert!(e.reason.contains("invalid or out-of-range date"), "{e}");
        let e = parse_text("f.txt", "f", " date 1066-10-14 body").unwrap_err();
        assert!(e.reason.contains("out-of-range"), "{e}");
        let e = parse_text("f.txt", "f", "   ").unwrap_err();
        assert_eq!(e.reason, "empty file");
        let e = parse_text("f.txt", "f", " date 2024-01-01   ").unwrap_err();
        assert!(e.reason.contains("empty article body"), "{e}");
        let e = parse_text("f.txt", "f", " date 2024-01-011 body").unwrap_err();
        assert!(e.reason.contains("invalid date"), "{e}");
        // Legacy charsets are decoded, not rejected.
        let a = parse_bytes(
            "f.txt",
            "f",
            b" date 2024-01-01 caf\xe9",
            &ReadOptions::default(),
        )
        .unwrap();
        assert_eq!(a.body, "café");
    }

    #[test]
    fn published_option_dates_undated_text_only() {
        let opts = ReadOptions {
            published: Some(factline_model::parse_date("2025-02-03").unwrap()),
        };
        let a = parse_text_with("f.txt", "f", "A fire broke out.\n", &opts).unwrap();
        assert_eq!(
            (a.published.to_string().as_str(), a.body.as_str()),
            ("2025-02-03", "A fire broke out.")
        );
        let a = parse_text_with("f.txt", "f", "date 2024-01-01 Own date.", &opts).unwrap();
        assert_eq!(a.published.to_string(), "2024-01-01");
        let e = parse_text("f.txt", "f", "No date.").unwrap_err();
        assert!(e.reason.contains("--published"), "{e}");
    }

    #[test]
    fn stdin_gets_content_id() {
        let a = parse_text("-", "stdin", "date 2024-01-01 Some body.").unwrap();
        assert!(a.id.starts_with("c_") && a.id.len() == 18);
    }
}

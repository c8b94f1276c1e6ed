//! JSON Lines: one article per line,
//! `{"id"?, "url"?, "published", "title"?, "text"?, "html"?}` with exactly one of text/html.

use std::io::BufRead;

use factline_model::{RawArticle, content_hash, parse_date};
use serde::Deserialize;

use crate::{
    Input, InputError, MAX_ARTICLE_BYTES, NO_DATE_HINT, ReadOptions, Reader, check_id, html, open,
};

/// Reads `.jsonl` / `.jsonl.gz` streams line by line; a line with no `published` takes
/// [`ReadOptions::published`].
#[derive(Debug, Clone, Copy, Default)]
pub struct JsonLinesReader {
    pub opts: ReadOptions,
}

impl Reader for JsonLinesReader {
    fn read(&self, input: &Input) -> Box<dyn Iterator<Item = Result<RawArticle, InputError>>> {
        match open(input) {
            Ok(r) => Box::new(parse_stream(input.name(), r, self.opts)),
            Err(e) => Box::new(std::iter::once(Err(e))),
        }
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Line {
    id: Option<String>,
    url: Option<String>,
    published: Option<String>,
    title: Option<String>,
    text: Option<String>,
    html: Option<String>,
}

/// Parse a stream of JSON lines; blank lines are skipped, each bad line is one error.
pub(crate) fn parse_stream(
    name: String,
    mut reader: impl BufRead,
    opts: ReadOptions,
) -> impl Iterator<Item = Result<RawArticle, InputError>> {
    let mut line_no = 0usize;
    let mut buf = Vec::new();
    let mut done = false;
    std::iter::from_fn(move || {
        loop {
            if done {
                return None;
            }
            buf.clear();
            line_no += 1;
            let here = format!("{name}:{line_no}");
            let n = match std::io::Read::take(&mut reader, MAX_ARTICLE_BYTES + 1)
                .read_until(b'\n', &mut buf)
            {
                Ok(n) => n,
                Err(e) => {
                    done = true;
                    return Some(Err(InputError::new(here, format!("read error: {e}"))));
                }
            };
            if n == 0 {
                return None;
            }
            if buf.len() as u64 > MAX_ARTICLE_BYTES {
                // Skip the rest of the oversize line.
                let mut sink = Vec::new();
                while !buf.ends_with(b"\n") {
                    sink.clear();
                    match std::io::Read::take(&mut reader, 1 << 20).read_until(b'\n', &mut sink) {
                        Ok(0) | Err(_) => break,
                        Ok(_) => buf = sink.clone(),
                    }
                }
                return Some(Err(InputError::new(
                    here,
                    format!(
                        "line too large (over {} MiB)",
                        MAX_ARTICLE_BYTES / 1024 / 1024
                    ),
                )));
            }
            if buf.iter().all(u8::is_ascii_whitespace) {
                continue;
            }
            return Some(parse_line(&name, &here, &buf, &opts));
        }
    })
}

/// Parse one JSON article object (the JSON Lines fields) that arrived on its own, e.g. in
/// an HTTP request body; `source` names it in errors and becomes the article's `source`.
pub fn parse_json_article(source: &str, json: &str) -> Result<RawArticle, InputError> {
    parse_line(source, source, json.as_bytes(), &ReadOptions::default()).map_err(|mut e| {
        // There is no command line to give a date on.
        if let Some(r) = e.reason.strip_suffix(&format!("; {NO_DATE_HINT}")) {
            e.reason = r.to_string();
        }
        e
    })
}

fn parse_line(
    name: &str,
    here: &str,
    bytes: &[u8],
    opts: &ReadOptions,
) -> Result<RawArticle, InputError> {
    let err = |r: String| InputError::new(here, r);
    let text = std::str::from_utf8(bytes).map_err(|e| {
        err(format!(
            "not valid UTF-8 (invalid byte at offset {})",
            e.valid_up_to()
        ))
    })?;
    let line: Line = serde_json::from_str(text.trim()).map_err(|e| {
        let msg = e.to_string();
        if e.is_eof() {
            err(format!("truncated JSON: {msg}"))
        } else {
            err(format!("invalid JSON article: {msg}"))
        }
    })?;
    let published = match (&line.published, opts.published) {
        (Some(p), _) => parse_date(p).map_err(|e| err(e.to_string()))?,
        (None, Some(d)) => d,
        (None, None) => return Err(err(format!("missing field `published`; {NO_DATE_HINT}"))),
    };
    let body = match (line.text, line.html) {
        (Some(t), None) => t,
        (None, Some(h)) => html::html_to_text(&h),
        (Some(_), Some(_)) => return Err(err("has both \"text\" and \"html\"; give one".into())),
        (None, None) => return Err(err("has neither \"text\" nor \"html\"".into())),
    };
    let body = body.trim().to_string();
    if body.is_empty() {
        return Err(err("empty article body".into()));
    }
    let id = match line.id {
        Some(id) => id,
        None => match &line.url {
            Some(u) => format!("u_{}", &content_hash(u)[..16]),
            None => format!("c_{}", &content_hash(&body)[..16]),
        },
    };
    check_id(&id).map_err(err)?;
    let title = line
        .title
        .map(|t| t.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|t| !t.is_empty());
    Ok(RawArticle {
        id,
        source: name.to_string(),
        url: line.url,
        published,
        title,
        body,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(s: &str) -> Vec<Result<RawArticle, InputError>> {
        parse_stream(
            "in.jsonl".into(),
            std::io::Cursor::new(s.as_bytes().to_vec()),
            ReadOptions::default(),
        )
        .collect()
    }

    #[test]
    fn good_and_bad_lines() {
        let got = parse(concat!(
            "{\"id\":\"a\",\"published\":\"2024-03-22T18:00:00Z\",\"title\":\"T\",\"text\":\"Body one.\"}\n",
            "\n",
            "{\"id\":\"b\",\"published\":\"2024-03-22\",\"text\":\"Bo\n",
            "{\"published\":\"2024-03-23\",\"url\":\"https://x/y\",\"html\":\"<p>Hello &amp; bye</p>\"}\n",
            "{\"published\":\"3024-03-23\",\"text\":\"x\"}\n",
            "{\"published\":\"2024-03-23\"}\n",
            "[1,2]\n",
        ));
        assert_eq!(got.len(), 6);
        let a = got[0].as_ref().unwrap();
        assert_eq!((a.id.as_str(), a.body.as_str()), ("a", "Body one."));
        let e = got[1].as_ref().unwrap_err();
        assert_eq!(e.input, "in.jsonl:3");
        assert!(e.reason.contains("JSON"), "{e}");
        let c = got[2].as_ref().unwrap();
        assert!(c.id.starts_with("u_"));
        assert_eq!(c.body, "Hello & bye");
        assert!(got[3].as_ref().unwrap_err().reason.contains("out-of-range"));
        assert!(got[4].as_ref().unwrap_err().reason.contains("neither"));
        assert!(got[5].is_err());
    }

    #[test]
    fn published_option_fills_missing_dates_only() {
        let opts = ReadOptions {
            published: Some(parse_date("2025-02-03").unwrap()),
        };
        let got: Vec<_> = parse_stream(
            "in.jsonl".into(),
            std::io::Cursor::new(
                b"{\"text\":\"No date.\"}\n{\"published\":\"2024-01-01\",\"text\":\"Own.\"}\n"
                    .to_vec(),
            ),
            opts,
        )
        .collect();
        assert_eq!(got[0].as_ref().unwrap().published.to_string(), "2025-02-03");
        assert_eq!(got[1].as_ref().unwrap().published.to_string(), "2024-01-01");
        let e = parse("{\"text\":\"No date.\"}\n").remove(0).unwrap_err();
        assert!(e.reason.contains("published"), "{e}");
    }

    #[test]
    fn one_object_on_its_own() {
        let a = parse_json_article(
            "api[0]",
            r#"{"id":"x","published":"2024-03-22","html":"<p>A &amp; B</p>"}"#,
        )
        .unwrap();
        assert_eq!((a.id.as_str(), a.body.as_str()), ("x", "A & B"));
        let e = parse_json_article("api[1]", r#"{"published":"2024-03-22"}"#).unwrap_err();
        assert_eq!(e.input, "api[1]");
        assert!(e.reason.contains("neither"), "{e}");
    }

    #[test]
    fn id_is_stable_hash_of_content_without_url() {
        let a = parse("{\"published\":\"2024-03-23\",\"text\":\"Same.\"}\n");
        let b = parse("{\"published\":\"2024-03-24\",\"text\":\"Same.\"}\n");
        assert_eq!(a[0].as_ref().unwrap().id, b[0].as_ref().unwrap().id);
    }
}

//! Text helpers for pages: highlighted segments by byte span, cited briefings, safe links,
//! and the words of figures. Everything returns plain strings; the templates escape them.

use std::collections::BTreeSet;

use factline_model::{Date, FigureKind, Qualifier};

/// A piece of text, possibly highlighted, with the anchors that start at it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Segment {
    pub text: String,
    /// `None`: plain text. `Some`: highlighted, with the explanation shown on hover.
    pub mark: Option<Mark>,
    /// Element ids to place right before this segment (`fact-3`).
    pub anchors: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mark {
    /// CSS class (`fig`, `claim`, `hit`).
    pub class: String,
    /// Explanation (the `title` attribute).
    pub title: String,
}

/// A span to highlight.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Highlight {
    pub start: usize,
    pub end: usize,
    pub class: String,
    pub title: String,
    /// Anchor id placed at its start, if any.
    pub anchor: Option<String>,
}

/// Split `text` into segments so that each highlight's byte range is covered by marks.
/// Overlapping highlights are flattened: a piece covered by several gets all their
/// explanations. Ranges out of bounds, empty, or not on character boundaries are skipped
/// and their indexes returned.
pub fn segments(text: &str, highlights: &[Highlight]) -> (Vec<Segment>, Vec<usize>) {
    let mut bad = Vec::new();
    let mut good = Vec::new();
    for (i, h) in highlights.iter().enumerate() {
        if h.start < h.end
            && h.end <= text.len()
            && text.is_char_boundary(h.start)
            && text.is_char_boundary(h.end)
        {
            good.push(h);
        } else {
            bad.push(i);
        }
    }
    let mut cuts: BTreeSet<usize> = BTreeSet::new();
    cuts.insert(0);
    cuts.insert(text.len());
    for h in &good {
        cuts.insert(h.start);
        cuts.insert(h.end);
    }
    let cuts: Vec<usize> = cuts.into_iter().collect();
    let mut out: Vec<Segment> = Vec::new();
    for w in cuts.windows(2) {
        let (a, b) = (w[0], w[1]);
        let covering: Vec<&&Highlight> =
            good.iter().filter(|h| h.start <= a && b <= h.end).collect();
        let anchors: Vec<String> = good
            .iter()
            .filter(|h| h.start == a)
            .filter_map(|h| h.anchor.clone())
            .collect();
        let mark = if covering.is_empty() {
            None
        } else {
            let mut classes: Vec<&str> = covering.iter().map(|h| h.class.as_str()).collect();
            classes.dedup();
            Some(Mark {
                class: classes.join(" "),
                title: covering
                    .iter()
                    .map(|h| h.title.as_str())
                    .collect::<Vec<_>>()
                    .join("\n"),
            })
        };
        let piece = &text[a..b];
        // Merge plain neighbours.
        if let Some(last) = out.last_mut()
            && last.mark.is_none()
            && mark.is_none()
            && anchors.is_empty()
        {
            last.text.push_str(piece);
            continue;
        }
        out.push(Segment {
            text: piece.to_string(),
            mark,
            anchors,
        });
    }
    if out.is_empty() {
        out.push(Segment {
            text: String::new(),
            mark: None,
            anchors: Vec::new(),
        });
    }
    (out, bad)
}

/// A piece of a cited text: words, or a citation of an article.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Cited {
    Text(String),
    Cite { id: String, href: String },
}

/// Split a briefing into paragraphs of text and `[article-id]` citations; only ids in
/// `known` become links (anything else stays text).
pub fn cited_paragraphs(text: &str, known: &dyn Fn(&str) -> bool) -> Vec<Vec<Cited>> {
    let mut paras = Vec::new();
    for para in text.split("\n\n") {
        let para = para.trim();
        if para.is_empty() {
            continue;
        }
        let mut parts: Vec<Cited> = Vec::new();
        let mut plain = String::new();
        let mut rest = para;
        while let Some(open) = rest.find('[') {
            let after = &rest[open + 1..];
            let close = after.find(']');
            let id = close.map(|c| &after[..c]);
            match id {
                Some(id) if !id.is_empty() && !id.contains('[') && id.len() <= 200 && known(id) => {
                    plain.push_str(&rest[..open]);
                    if !plain.is_empty() {
                        parts.push(Cited::Text(std::mem::take(&mut plain)));
                    }
                    parts.push(Cited::Cite {
                        id: id.to_string(),
                        href: article_href(id),
                    });
                    rest = &after[id.len() + 1..];
                }
                _ => {
                    plain.push_str(&rest[..open + 1]);
                    rest = after;
                }
            }
        }
        plain.push_str(rest);
        if !plain.is_empty() {
            parts.push(Cited::Text(plain));
        }
        paras.push(parts);
    }
    paras
}

/// Percent-encode one path segment (everything but unreserved characters).
pub fn encode_segment(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// Percent-encode a query value.
pub fn encode_query(s: &str) -> String {
    encode_segment(s)
}

pub fn story_href(id: &str) -> String {
    format!("/stories/{}", encode_segment(id))
}

pub fn article_href(id: &str) -> String {
    format!("/articles/{}", encode_segment(id))
}

/// A link target that is safe to follow: only absolute http(s) URLs.
pub fn safe_url(url: &str) -> Option<String> {
    let u = url.trim();
    let lower = u.to_ascii_lowercase();
    let ok = (lower.starts_with("http://") || lower.starts_with("https://"))
        && !u.chars().any(|c| c.is_control() || c.is_whitespace());
    ok.then(|| u.to_string())
}

/// "killed" → "Killed".
pub fn kind_label(kind: FigureKind) -> &'static str {
    match kind {
        FigureKind::Killed => "Killed",
        FigureKind::Injured => "Injured",
        FigureKind::Missing => "Missing",
        FigureKind::Detained => "Detained",
        FigureKind::Displaced => "Displaced",
        FigureKind::Evacuated => "Evacuated",
        FigureKind::Rescued => "Rescued",
    }
}

/// Group digits: 52000 → "52,000".
pub fn thousands(n: u64) -> String {
    let s = n.to_string();
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// A figure as words: "at least 133", "40–60", "dozens".
pub fn figure_words(value: u64, value_max: Option<u64>, q: Qualifier) -> String {
    let v = thousands(value);
    match q {
        Qualifier::Exact => v,
        Qualifier::AtLeast => format!("at least {v}"),
        Qualifier::MoreThan => format!("more than {v}"),
        Qualifier::About => format!("about {v}"),
        Qualifier::Nearly => format!("nearly {v}"),
        Qualifier::UpTo => format!("up to {v}"),
        Qualifier::FewerThan => format!("fewer than {v}"),
        Qualifier::Range => match value_max {
            Some(m) => format!("{v}–{}", thousands(m)),
            None => v,
        },
        Qualifier::Vague => match value {
            12 => "dozens".into(),
            40 => "scores".into(),
            100 => "hundreds".into(),
            1000 => "thousands".into(),
            _ => format!("~{v}"),
        },
    }
}

const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// "12 Mar 2025".
pub fn long_date(d: Date) -> String {
    format!(
        "{} {} {}",
        d.day(),
        MONTHS[(d.month() - 1) as usize],
        d.year()
    )
}

/// "12 Mar".
pub fn short_date(d: Date) -> String {
    format!("{} {}", d.day(), MONTHS[(d.month() - 1) as usize])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hl(start: usize, end: usize, title: &str) -> Highlight {
        Highlight {
            start,
            end,
            class: "fig".into(),
            title: title.into(),
            anchor: Some(format!("a{start}")),
        }
    }

    #[test]
    fn segments_cover_and_flatten_overlaps() {
        let text = "Über 40 dead, 3 missing.";
        // "40" at bytes 6..8 (Ü is two bytes), "40 dead" 6..13, "3 missing" 15..24.
        let (segs, bad) = segments(
            text,
            &[
                hl(6, 13, "a"),
                hl(6, 8, "b"),
                hl(15, 24, "c"),
                hl(1, 2, "bad"),
            ],
        );
        assert_eq!(bad, vec![3]);
        let joined: String = segs.iter().map(|s| s.text.as_str()).collect();
        assert_eq!(joined, text);
        let marked: Vec<(&str, &str)> = segs
            .iter()
            .filter_map(|s| s.mark.as_ref().map(|m| (s.text.as_str(), m.title.as_str())))
            .collect();
        assert_eq!(
            marked,
            vec![("40", "a\nb"), (" dead", "a"), ("3 missing", "c")]
        );
        assert_eq!(segs[1].anchors, vec!["a6".to_string(), "a6".to_string()]);
    }

    #[test]
    fn citations_become_links_only_for_known_ids() {
        let known = |id: &str| id == "a-1" || id == "b 2";
        let p = cited_paragraphs("Toll 5. [a-1][b 2] See [x] and [a-1\n\nNext.", &known);
        assert_eq!(p.len(), 2);
        assert_eq!(
            p[0],
            vec![
                Cited::Text("Toll 5. ".into()),
                Cited::Cite {
                    id: "a-1".into(),
                    href: "/articles/a-1".into()
                },
                Cited::Cite {
                    id: "b 2".into(),
                    href: "/articles/b%202".into()
                },
                Cited::Text(" See [x] and [a-1".into()),
            ]
        );
    }

    #[test]
    fn urls_and_words() {
        assert!(safe_url("javascript:alert(1)").is_none());
        assert!(safe_url(" JAVASCRIPT:alert(1)").is_none());
        assert!(safe_url("data:text/html,x").is_none());
        assert_eq!(
            safe_url("https://x.org/a").as_deref(),
            Some("https://x.org/a")
        );
        assert_eq!(encode_segment("a/b?c#d \"e\""), "a%2Fb%3Fc%23d%20%22e%22");
        assert_eq!(figure_words(133, None, Qualifier::AtLeast), "at least 133");
        assert_eq!(figure_words(40, Some(60), Qualifier::Range), "40–60");
        assert_eq!(figure_words(12, None, Qualifier::Vague), "dozens");
        assert_eq!(thousands(1234567), "1,234,567");
        assert_eq!(thousands(999), "999");
    }
}

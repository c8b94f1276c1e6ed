//! Raw article body → cleaned body + sentence index.
//!
//! The cleaned body is the text every extracted fact's byte offsets refer to, so cleaning
//! is deterministic and never reorders text. It removes boilerplate lines (advertising
//! markers, share prompts, "Read more" links, bylines, repeated headings), unwraps
//! hard-wrapped paragraphs, normalises whitespace, and splits sentences.

use std::collections::HashSet;
use std::sync::LazyLock;

use factline_model::{CleanText, Span};
use regex::Regex;

/// Clean a raw body. Paragraphs are separated by one blank line in the result.
pub fn clean(raw: &str) -> CleanText {
    let mut paragraphs: Vec<String> = Vec::new();
    let mut current: Vec<&str> = Vec::new();
    let mut seen_headings: HashSet<String> = HashSet::new();

    let flush = |current: &mut Vec<&str>, paragraphs: &mut Vec<String>| {
        if !current.is_empty() {
            paragraphs.push(current.join(" "));
            current.clear();
        }
    };

    let lines: Vec<String> = raw.lines().map(normalise_spaces).collect();
    // Each line is tested once: the test is also asked of the line after a heading.
    let boilerplate: Vec<bool> = lines.iter().map(|l| is_boilerplate(l)).collect();
    for (i, line) in lines.iter().enumerate() {
        let line = line.as_str();
        if line.is_empty() {
            flush(&mut current, &mut paragraphs);
            continue;
        }
        if boilerplate[i] {
            // A boilerplate line also ends the paragraph it interrupts.
            flush(&mut current, &mut paragraphs);
            continue;
        }
        // A heading stands alone: it starts a paragraph, and the next line does not continue it.
        let next = lines.get(i + 1).map(String::as_str).unwrap_or("");
        let next_upper = next.chars().next().is_some_and(char::is_uppercase);
        let stands_alone = next.is_empty()
            || boilerplate.get(i + 1).copied().unwrap_or(false)
            || (next_upper && line.split_whitespace().count() <= 10)
            // The text's first line is its headline when it reads as one, however long
            // ("2 shot dead, 2 wounded as gunfire erupts on Pasadena street"), unless it
            // breaks off mid-phrase as a hard-wrapped sentence does.
            || (next_upper && paragraphs.is_empty() && !ends_mid_phrase(line));
        if current.is_empty() && stands_alone && is_heading(line) {
            flush(&mut current, &mut paragraphs);
            let key = line.to_lowercase();
            if seen_headings.insert(key) {
                paragraphs.push(line.to_string());
            }
            continue;
        }
        current.push(line);
    }
    flush(&mut current, &mut paragraphs);

    let body = paragraphs.join("\n\n");
    let mut sentences = Vec::new();
    let mut offset = 0;
    for p in &paragraphs {
        split_sentences(p, offset, &mut sentences);
        offset += p.len() + 2;
    }
    CleanText { body, sentences }
}

/// Collapse runs of whitespace (including no-break and zero-width spaces) to one space and trim.
fn normalise_spaces(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut pending_space = false;
    for c in line.chars() {
        let is_space = c.is_whitespace() || matches!(c, '\u{200B}' | '\u{FEFF}' | '\u{00AD}');
        if is_space {
            pending_space = !out.is_empty();
        } else if c.is_control() {
            // Stray control characters carry no text.
            continue;
        } else {
            if pending_space {
                out.push(' ');
                pending_space = false;
            }
            out.push(c);
        }
    }
    out
}

static BOILERPLATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?xi)^(?:
            advert[i]?s[e]?ments?|advertisment|sponsored(?:\s+content)?|promoted|
            (?:continue|keep)\s+reading.*|
            read\s+(?:more|next|also)\b.{0,160}|
            related(?:\s+(?:articles?|stories|coverage|content))?\s*:.{0,160}|
            (?:see|watch|listen)\s+(?:also|more)\b.{0,120}|
            share(?:\s+this)?(?:\s+(?:article|story|page|post))?(?:\s+(?:on|via)\s+\w+)?|
            share\s+on\s+.{0,40}|
            (?:click|tap)\s+here\b.{0,120}|
            (?:sign\s+up|subscribe)\b.{0,120}|
            follow\s+us\b.{0,80}|
            (?:reporting|writing|editing|additional\s+reporting)\s+by\b.{0,200}|
            \((?:reporting|writing|editing)\s+by\b.{0,200}\)|
            by\s+[\p{Lu}][\p{L}.'-]+(?:\s+[\p{Lu}][\p{L}.'-]+){0,3}(?:\s+and\s+[\p{Lu}][\p{L}.'-]+(?:\s+[\p{Lu}][\p{L}.'-]+){0,3})?(?:\s*[,|/–-]\s*.{0,60})?|
            (?:copyright|©).{0,120}|
            all\s+rights\s+reserved.{0,60}|
            (?:image|photo|picture)\s*(?:caption|credit|source)?\s*:.{0,160}|
            (?:skip\s+to\s+(?:main\s+)?content|back\s+to\s+top|print\s+this\s+(?:article|page)|email\s+this\s+(?:article|story))|
            (?:updated|published|posted|last\s+updated)\s*:?\s*\d.{0,60}
        )[.!]?$",
    )
    .expect("boilerplate regex")
});

fn is_boilerplate(line: &str) -> bool {
    line.len() <= 240 && BOILERPLATE.is_match(line)
}

/// Does the line end on a word that cannot end a phrase ("of", "the", "and")?
fn ends_mid_phrase(line: &str) -> bool {
    const OPEN: &[&str] = &[
        "a", "an", "the", "of", "in", "on", "at", "to", "for", "with", "by", "from", "and", "or",
        "but", "as", "into", "after", "before", "near", "was", "were", "is", "are", "had", "has",
        "have", "its", "his", "her", "their", "that", "who",
    ];
    line.split_whitespace()
        .next_back()
        .is_some_and(|w| OPEN.iter().any(|o| o.eq_ignore_ascii_case(w)))
}

/// A short line without sentence-final punctuation: a headline or section heading.
fn is_heading(line: &str) -> bool {
    let words = line.split_whitespace().count();
    line.len() <= 160
        && words <= 20
        && !line.ends_with(['.', '!', '?', ',', ';', ':', '"', '”', '\'', '’', ')'])
        && line.chars().next().is_some_and(|c| !c.is_lowercase())
}

/// Words ending in '.' that do not end a sentence when followed by a capital.
const ABBREVIATIONS: &[&str] = &[
    "mr", "mrs", "ms", "dr", "st", "mt", "ft", "gen", "col", "lt", "sgt", "capt", "cmdr", "adm",
    "maj", "gov", "sen", "rep", "prof", "jr", "sr", "rev", "hon", "pres", "no", "nos", "vs", "etc",
    "inc", "ltd", "co", "corp", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept",
    "oct", "nov", "dec", "approx", "est", "fig", "dept", "univ", "ave", "blvd", "rd", "mass",
    "calif", "fla", "wash", "tex", "ariz", "colo", "conn", "penn", "pa", "ky", "la", "md", "mich",
    "minn", "miss", "mo", "nev", "okla", "ore", "tenn", "va", "wis", "al", "e.g", "i.e", "cf",
];

/// Split one paragraph starting at byte `base` of the body into sentence spans.
fn split_sentences(p: &str, base: usize, out: &mut Vec<Span>) {
    let bytes = p.as_bytes();
    let mut start = 0;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if matches!(b, b'.' | b'!' | b'?') {
            // Extend over repeated terminators and closing quotes/brackets.
            let mut end = i + 1;
            while end < bytes.len()
                && matches!(bytes[end], b'.' | b'!' | b'?' | b'"' | b'\'' | b')')
            {
                end += 1;
            }
            while p[end..].starts_with(['”', '’']) {
                end += '”'.len_utf8();
            }
            if end >= bytes.len() {
                break;
            }
            if bytes[end] == b' ' && is_boundary(p, start, i, end + 1) {
                out.push(Span::new(base + start, base + end));
                start = end + 1;
                i = start;
                continue;
            }
            i = end;
            continue;
        }
        i += 1;
    }
    let rest = p[start..].trim_end();
    if !rest.is_empty() {
        out.push(Span::new(base + start, base + start + rest.len()));
    }
}

/// Is the terminator at `dot` (followed by a space, next word at `next`) a sentence end?
fn is_boundary(p: &str, sent_start: usize, dot: usize, next: usize) -> bool {
    let next_char = match p[next..].chars().next() {
        Some(c) => c,
        None => return true,
    };
    let starts_upper = next_char.is_uppercase()
        || next_char.is_ascii_digit()
        || matches!(next_char, '"' | '“' | '\'' | '‘' | '(' | '[');
    if !starts_upper {
        return false;
    }
    if p.as_bytes()[dot] != b'.' {
        return true;
    }
    // The word before the period.
    let word_start = p[sent_start..dot]
        .rfind(|c: char| c.is_whitespace() || c == '(' || c == '"')
        .map(|k| sent_start + k + 1)
        .unwrap_or(sent_start);
    let word = &p[word_start..dot];
    if word.is_empty() {
        return true;
    }
    let lower = word.to_lowercase();
    if ABBREVIATIONS.contains(&lower.as_str()) {
        return false;
    }
    // Initials ("J. Smith") and dotted acronyms ("U.S.", "U.N.") rarely end a sentence.
    let letters: Vec<char> = word.chars().filter(|c| *c != '.').collect();
    if letters.len() == 1 && letters[0].is_uppercase() {
        return false;
    }
    if word.contains('.') && letters.iter().all(|c| c.is_uppercase()) && letters.len() <= 4 {
        return false;
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sentences(c: &CleanText) -> Vec<&str> {
        (0..c.sentences.len()).map(|i| c.sentence_text(i)).collect()
    }

    #[test]
    fn strips_boilerplate_and_keeps_paragraphs() {
        let raw = "Quake hits coast\nBy Ana Ruiz\n\nAt least 12 people died.\n\nAdvertisment\n\nRescuers dug through the night. More help came.\n\nRead more: Other news here\nShare this article\n";
        let c = clean(raw);
        assert_eq!(
            c.body,
            "Quake hits coast\n\nAt least 12 people died.\n\nRescuers dug through the night. More help came."
        );
        assert_eq!(
            sentences(&c),
            vec![
                "Quake hits coast",
                "At least 12 people died.",
                "Rescuers dug through the night.",
                "More help came."
            ]
        );
    }

    #[test]
    fn repeated_headings_removed_once() {
        let c = clean("Aftermath\n\nOne.\n\nAftermath\n\nTwo.");
        assert_eq!(c.body, "Aftermath\n\nOne.\n\nTwo.");
    }

    #[test]
    fn abbreviations_do_not_split() {
        let c = clean(
            "The U.S. Embassy and Dr. Jones met Gen. Ivanov on Jan. 5. Then the U.N. Security Council spoke. It ended.",
        );
        assert_eq!(
            sentences(&c),
            vec![
                "The U.S. Embassy and Dr. Jones met Gen. Ivanov on Jan. 5.",
                "Then the U.N. Security Council spoke.",
                "It ended."
            ]
        );
    }

    #[test]
    fn unwraps_hard_wrapped_lines_and_spaces() {
        let c = clean("A long line that\nwraps here.   Next\u{a0}one.\n");
        assert_eq!(c.body, "A long line that wraps here. Next one.");
        assert_eq!(c.sentences.len(), 2);
    }

    #[test]
    fn a_long_first_line_headline_stands_alone_but_a_wrapped_sentence_does_not() {
        let c = clean(
            "Two shot dead, two wounded as gunfire erupts on a quiet residential street\n\
             Two men were shot dead late Friday, police said.",
        );
        assert_eq!(sentences(&c).len(), 2, "{:?}", sentences(&c));
        let c = clean(
            "The magnitude 6.8 quake struck the remote and mountainous coastal town of\n\
             Valdoria early on Monday.",
        );
        assert_eq!(sentences(&c).len(), 1, "{:?}", sentences(&c));
    }

    #[test]
    fn sentences_cover_only_body_and_lie_on_char_boundaries() {
        let c = clean("Él dijo “hola.” Luego se fue… Ñandú! ¿Qué? Fin.");
        for s in &c.sentences {
            assert!(c.body.is_char_boundary(s.start) && c.body.is_char_boundary(s.end));
            assert!(s.end <= c.body.len());
        }
        assert!(c.sentences.len() >= 3);
    }

    #[test]
    fn byline_with_outlet_removed_but_sentence_starting_with_by_kept() {
        let c = clean("By Maria Lopez, Reuters\n\nBy nightfall the toll had risen to 40.");
        assert_eq!(c.body, "By nightfall the toll had risen to 40.");
    }

    #[test]
    fn empty_input() {
        let c = clean("  \n\n ");
        assert_eq!(c.body, "");
        assert!(c.sentences.is_empty());
    }
}

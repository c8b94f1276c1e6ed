//! Properties of the whole extractor on arbitrary and news-like input: it never panics,
//! every span lies on char boundaries inside its sentence and spells the fact's text, and
//! the output is deterministic.

use factline_clean::clean;
use factline_extract::extract;
use factline_model::Date;
use proptest::prelude::*;

const PIECES: &[&str] = &[
    "At least",
    "more than",
    "nearly",
    "about",
    "up to",
    "between",
    "and",
    "to",
    "-",
    "12",
    "1,200",
    "1.2 million",
    "sixty-two",
    "a hundred and thirty-three",
    "dozens",
    "hundreds",
    "people",
    "were",
    "killed",
    "dead",
    "injured",
    "wounded",
    "missing",
    "arrested",
    "detained",
    "evacuated",
    "rescued",
    "including",
    "children",
    "of them",
    "up from",
    "40",
    "according to the health ministry",
    "said",
    "on Friday",
    "yesterday",
    "22 March",
    "Islamic State",
    "claimed responsibility",
    "denied",
    "condemned the attack",
    "Moscow",
    "Nepal",
    "a 23-year-old",
    "in 2004",
    "$2 million",
    "50%",
    "Flight 302",
    ".",
    ",",
    "\n\n",
    "é",
    "–",
    "“",
    "”",
    "’s",
    "🙂",
    "\u{0}",
    "the death toll rose to",
    "claiming the lives of",
];

fn check(body_raw: &str) {
    let published = Date::constant(2024, 3, 23);
    let text = clean(body_raw);
    let facts = extract(&text, published);
    let again = extract(&text, published);
    assert_eq!(facts, again, "extraction is deterministic");
    let body = &text.body;
    for f in &facts.figures {
        assert!(f.start <= f.end && f.end <= body.len(), "{f:?}");
        assert!(
            body.is_char_boundary(f.start) && body.is_char_boundary(f.end),
            "{f:?}"
        );
        assert_eq!(
            &body[f.start..f.end],
            f.text,
            "span spells the figure's text"
        );
        let s = text.sentences[f.sentence];
        assert!(
            s.start <= f.start && f.end <= s.end,
            "span inside its sentence: {f:?}"
        );
        assert!(f.value_max.is_none_or(|m| m >= f.value), "{f:?}");
        assert!(
            f.text.chars().any(|c| c.is_ascii_digit()) || f.text.chars().any(char::is_alphabetic),
            "figure text covers the number's words: {f:?}"
        );
    }
    for c in &facts.claims {
        assert!(c.start <= c.end && c.end <= body.len(), "{c:?}");
        assert!(
            body.is_char_boundary(c.start) && body.is_char_boundary(c.end),
            "{c:?}"
        );
        assert!(!c.actor.trim().is_empty(), "{c:?}");
    }
    if let Some(d) = facts.event_date {
        assert!(d <= published, "event date {d} after publication");
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_text_never_breaks_invariants(s in "\\PC{0,300}") {
        check(&s);
    }

    #[test]
    fn newslike_text_never_breaks_invariants(idx in prop::collection::vec(0..PIECES.len(), 0..60)) {
        let s: Vec<&str> = idx.iter().map(|&i| PIECES[i]).collect();
        check(&s.join(" "));
    }
}

//! Cleaned article text → facts: casualty figures, claims, event date, places, language.
//!
//! Extraction is rule-based, deterministic and explainable: every figure and claim carries
//! the sentence index and byte span (into the cleaned body) it came from, and the name of
//! the rule that fired. Rules live as data tables beside the code that applies them.

use std::sync::LazyLock;

use factline_model::{CleanText, Date, Facts};

pub mod analysis;
pub mod claims;
pub mod dates;
pub mod figures;
pub mod numbers;
pub mod places;
pub mod tokens;

/// Holds the compiled tables (gazetteer automaton, rule sets). Build once, share freely.
pub struct Extractor {
    places: places::Gazetteer,
}

impl Default for Extractor {
    fn default() -> Self {
        Self::new()
    }
}

impl Extractor {
    pub fn new() -> Self {
        Extractor {
            places: places::Gazetteer::bundled(),
        }
    }

    /// Extract every fact from one cleaned article published on `published`.
    pub fn extract(&self, text: &CleanText, published: Date) -> Facts {
        let an = analysis::Analysis::new(text);
        let located = self.places.locate(text);
        Facts {
            language: detect_language(&text.body).to_string(),
            event_date: dates::event_date(text, published),
            local_places: located
                .iter()
                .filter(|(_, local)| *local)
                .map(|(name, _)| name.clone())
                .collect(),
            places: located.into_iter().map(|(name, _)| name).collect(),
            figures: figures::figures_of(&an),
            claims: claims::claims_of(&an),
        }
    }
}

/// Extract with a process-wide [`Extractor`].
pub fn extract(text: &CleanText, published: Date) -> Facts {
    static EXTRACTOR: LazyLock<Extractor> = LazyLock::new(Extractor::new);
    EXTRACTOR.extract(text, published)
}

/// ISO 639-1 code of the body's language: factline's rules are written for English, so the
/// detector only needs to tell English apart from text the rules must not be trusted on.
pub fn detect_language(body: &str) -> &'static str {
    const EN: &[&str] = &[
        "the", "and", "of", "to", "in", "was", "were", "said", "is", "on", "for", "at", "with",
        "by", "from", "that", "have", "has",
    ];
    let mut words = 0usize;
    let mut hits = 0usize;
    for w in body
        .split(|c: char| !c.is_alphabetic())
        .filter(|w| !w.is_empty())
        .take(400)
    {
        words += 1;
        if w.len() <= 4 && EN.iter().any(|e| e.eq_ignore_ascii_case(w)) {
            hits += 1;
        }
    }
    if words == 0 {
        "und"
    } else if hits * 100 / words >= 8 {
        "en"
    } else {
        "und"
    }
}

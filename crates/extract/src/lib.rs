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
        let located = self.places.locate_in(&an);
        Facts {
            language: detect_language(&text.body).to_string(),
            event_date: dates::event_date_of(&an, published),
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

/// ISO 639-1 code of the body's language ("und" when it cannot be told). English, which
/// factline's rules are written for, is recognised by its function words without further
/// work; any other text is identified with whatlang, so non-English articles are stored and
/// searchable under their own language even though the rules extract little from them.
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
        return "und";
    }
    if hits * 100 / words >= 8 {
        return "en";
    }
    let mut cut = body.len().min(4000);
    while !body.is_char_boundary(cut) {
        cut -= 1;
    }
    whatlang::detect(&body[..cut])
        .filter(|info| info.is_reliable())
        .map_or("und", |info| iso_639_1(info.lang()))
}

/// whatlang's languages by their ISO 639-1 code.
fn iso_639_1(lang: whatlang::Lang) -> &'static str {
    use whatlang::Lang::*;
    match lang {
        Eng => "en",
        Deu => "de",
        Fra => "fr",
        Spa => "es",
        Por => "pt",
        Ita => "it",
        Nld => "nl",
        Rus => "ru",
        Ukr => "uk",
        Pol => "pl",
        Ces => "cs",
        Tur => "tr",
        Ara => "ar",
        Heb => "he",
        Pes => "fa",
        Hin => "hi",
        Ben => "bn",
        Urd => "ur",
        Cmn => "zh",
        Jpn => "ja",
        Kor => "ko",
        Vie => "vi",
        Ind => "id",
        Tha => "th",
        Swe => "sv",
        Dan => "da",
        Nob => "no",
        Fin => "fi",
        Ell => "el",
        Hun => "hu",
        Ron => "ro",
        Bul => "bg",
        Hrv => "hr",
        Srp => "sr",
        Slk => "sk",
        Slv => "sl",
        Lit => "lt",
        Lav => "lv",
        Est => "et",
        Cat => "ca",
        Epo => "eo",
        Afr => "af",
        Tgl => "tl",
        _ => "und",
    }
}

#[cfg(test)]
mod tests {
    use super::detect_language;

    #[test]
    fn languages_are_told_apart() {
        assert_eq!(
            detect_language(
                "Three people were killed and 12 injured when the bridge collapsed, police said."
            ),
            "en"
        );
        assert_eq!(
            detect_language(
                "Beim Einsturz der Brücke sind nach Angaben der Polizei drei Menschen ums Leben \
                 gekommen, zwölf weitere wurden verletzt. Die Feuerwehr suchte bis in die Nacht \
                 nach Vermissten."
            ),
            "de"
        );
        assert_eq!(
            detect_language(
                "Tres personas murieron y doce resultaron heridas cuando se derrumbó el puente, \
                 informó la policía. Los bomberos buscaron a los desaparecidos durante la noche."
            ),
            "es"
        );
        assert_eq!(detect_language("12 34 --"), "und");
    }
}

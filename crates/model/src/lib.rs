//! factline's domain types: plain data shared by every pipeline stage.
//!
//! No I/O lives here. The JSON shapes (serde) are the ones of the data contract
//! (`../shared/design/CONTRACT.md`); fields may be added, never renamed.

use std::fmt;
use std::str::FromStr;

pub use jiff::civil::Date;
use serde::{Deserialize, Serialize};

mod export;
mod story;
pub use export::*;
pub use story::*;

/// Parse an ISO `YYYY-MM-DD` date, or the date part of an RFC 3339 time, rejecting
/// dates outside 1900..=2200 (a date outside that range in a news feed is an error, not news).
pub fn parse_date(s: &str) -> Result<Date, DateError> {
    let s = s.trim();
    let day = s.get(..10).ok_or_else(|| DateError(s.to_string()))?;
    if s.len() > 10 {
        let rest = &s[10..];
        if !(rest.starts_with('T') || rest.starts_with(' ') || rest.starts_with('t')) {
            return Err(DateError(s.to_string()));
        }
    }
    let bytes = day.as_bytes();
    let shape_ok = bytes.len() == 10
        && bytes[4] == b'-'
        && bytes[7] == b'-'
        && bytes
            .iter()
            .enumerate()
            .all(|(i, b)| i == 4 || i == 7 || b.is_ascii_digit());
    if !shape_ok {
        return Err(DateError(s.to_string()));
    }
    let date: Date = day.parse().map_err(|_| DateError(s.to_string()))?;
    if !(1900..=2200).contains(&date.year()) {
        return Err(DateError(s.to_string()));
    }
    Ok(date)
}

/// Hex SHA-256 digest (first 32 hex digits) of `text`: content identity for idempotent ingest
/// and for ids of articles that come without one.
pub fn content_hash(text: &str) -> String {
    use sha2::{Digest, Sha256};
    let digest = Sha256::digest(text.as_bytes());
    digest[..16].iter().map(|b| format!("{b:02x}")).collect()
}

/// A date string that is not a valid `YYYY-MM-DD` date in 1900..=2200.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid or out-of-range date {0:?} (expected YYYY-MM-DD between 1900 and 2200)")]
pub struct DateError(pub String);

/// An article as a reader produced it, before cleaning.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RawArticle {
    pub id: String,
    /// Where it came from: a path, `-`, a URL, or `path:line` for JSON Lines.
    pub source: String,
    pub url: Option<String>,
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Date))]
    pub published: Date,
    pub title: Option<String>,
    /// The article text (already converted from HTML where the input was HTML).
    pub body: String,
}

/// A byte range into a [`CleanText`] body.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub fn new(start: usize, end: usize) -> Self {
        Span { start, end }
    }
    pub fn len(&self) -> usize {
        self.end - self.start
    }
    pub fn is_empty(&self) -> bool {
        self.end == self.start
    }
}

/// The cleaned body every offset refers to, and its sentences in order.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CleanText {
    pub body: String,
    /// Paragraph-aware sentence spans, in order, covering the non-blank text.
    pub sentences: Vec<Span>,
}

impl CleanText {
    pub fn sentence_text(&self, i: usize) -> &str {
        let s = self.sentences[i];
        &self.body[s.start..s.end]
    }
    /// Is `s` a non-empty span of the body on char boundaries? Stages that slice sentences
    /// check this once instead of trusting spans built elsewhere.
    pub fn holds(&self, s: Span) -> bool {
        s.start < s.end
            && s.end <= self.body.len()
            && self.body.is_char_boundary(s.start)
            && self.body.is_char_boundary(s.end)
    }

    /// Index of the sentence that contains byte offset `pos`.
    pub fn sentence_of(&self, pos: usize) -> Option<usize> {
        let i = self.sentences.partition_point(|s| s.end <= pos);
        (i < self.sentences.len() && self.sentences[i].start <= pos).then_some(i)
    }
}

macro_rules! string_enum {
    ($(#[$m:meta])* $name:ident { $($variant:ident = $text:literal),+ $(,)? }) => {
        $(#[$m])*
        #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(rename_all = "snake_case")]
        pub enum $name { $($variant),+ }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];
            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $text),+ }
            }
        }
        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result { f.write_str(self.as_str()) }
        }
        impl FromStr for $name {
            type Err = UnknownVariant;
            fn from_str(s: &str) -> Result<Self, UnknownVariant> {
                match s { $($text => Ok($name::$variant),)+ _ => Err(UnknownVariant(s.to_string())) }
            }
        }
    };
}

/// A name that is not one of an enum's contract values.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown value {0:?}")]
pub struct UnknownVariant(pub String);

string_enum!(
    /// What a casualty figure counts.
    FigureKind {
        Killed = "killed",
        Injured = "injured",
        Missing = "missing",
        Detained = "detained",
        Displaced = "displaced",
        Evacuated = "evacuated",
        Rescued = "rescued",
    }
);

string_enum!(
    /// How the article hedges a number.
    Qualifier {
        Exact = "exact",
        AtLeast = "at_least",
        MoreThan = "more_than",
        About = "about",
        Nearly = "nearly",
        UpTo = "up_to",
        FewerThan = "fewer_than",
        Range = "range",
        Vague = "vague",
    }
);

string_enum!(
    /// What a claim asserts.
    ClaimKind {
        ClaimedResponsibility = "claimed_responsibility",
        Accused = "accused",
        Denied = "denied",
        Condemned = "condemned",
    }
);

/// One casualty figure as one article states it.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Figure {
    pub kind: FigureKind,
    pub value: u64,
    pub value_max: Option<u64>,
    pub qualifier: Qualifier,
    pub subset: Option<String>,
    pub superseded: bool,
    pub attributed_to: Option<String>,
    /// The words of the figure (qualifier, number and counted noun) as they stand in the body.
    pub text: String,
    pub sentence: usize,
    pub start: usize,
    pub end: usize,
    /// The extraction rule that fired, for `--explain`.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub rule: String,
}

/// A claim of responsibility, accusation, denial or condemnation.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Claim {
    pub kind: ClaimKind,
    pub actor: String,
    pub target: Option<String>,
    pub sentence: usize,
    pub start: usize,
    pub end: usize,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub text: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub rule: String,
}

/// Everything extracted from one article.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Facts {
    pub language: String,
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = Date))]
    pub event_date: Option<Date>,
    pub places: Vec<String>,
    /// The places of `places` too small for the gazetteer, which the text itself marks as
    /// places (districts, villages, venues): where within a city or region the event
    /// happened.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub local_places: Vec<String>,
    pub figures: Vec<Figure>,
    pub claims: Vec<Claim>,
}

/// An article as stored: cleaned, hashed, with its facts.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Article {
    pub id: String,
    pub source: String,
    pub url: Option<String>,
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Date))]
    pub published: Date,
    pub title: Option<String>,
    /// Hex digest of the cleaned body: the identity used for idempotent ingest.
    pub content_hash: String,
    pub clean: CleanText,
    pub facts: Facts,
    /// The earlier article this one copies (a wire story republished), if any.
    pub duplicate_of: Option<String>,
}

/// The `factline extract --json` line for one article (contract shape).
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExtractOutput {
    pub id: String,
    pub source: String,
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Date))]
    pub published: Date,
    pub title: Option<String>,
    pub language: String,
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = Date))]
    pub event_date: Option<Date>,
    pub places: Vec<String>,
    pub figures: Vec<Figure>,
    pub claims: Vec<Claim>,
}

impl ExtractOutput {
    pub fn new(raw: &RawArticle, facts: Facts) -> Self {
        ExtractOutput {
            id: raw.id.clone(),
            source: raw.source.clone(),
            published: raw.published,
            title: raw.title.clone(),
            language: facts.language,
            event_date: facts.event_date,
            places: facts.places,
            figures: facts.figures,
            claims: facts.claims,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_parse_and_reject() {
        assert_eq!(parse_date("2024-03-22").unwrap().to_string(), "2024-03-22");
        assert_eq!(
            parse_date("2024-03-22T10:00:00Z").unwrap().to_string(),
            "2024-03-22"
        );
        assert!(parse_date("2024-02-30").is_err());
        assert!(parse_date("1800-01-01").is_err());
        assert!(parse_date("9999-01-01").is_err());
        assert!(parse_date("24-03-22").is_err());
        assert!(parse_date("2024-03-22junk").is_err());
        assert!(parse_date("").is_err());
    }

    #[test]
    fn enums_round_trip_contract_names() {
        for k in FigureKind::ALL {
            assert_eq!(k.as_str().parse::<FigureKind>().unwrap(), *k);
        }
        assert_eq!(Qualifier::AtLeast.as_str(), "at_least");
        assert_eq!(
            ClaimKind::ClaimedResponsibility.as_str(),
            "claimed_responsibility"
        );
        assert!("exploded".parse::<FigureKind>().is_err());
    }

    #[test]
    fn sentence_lookup() {
        let c = CleanText {
            body: "One. Two.".into(),
            sentences: vec![Span::new(0, 4), Span::new(5, 9)],
        };
        assert_eq!(c.sentence_of(0), Some(0));
        assert_eq!(c.sentence_of(4), None);
        assert_eq!(c.sentence_of(6), Some(1));
        assert_eq!(c.sentence_text(1), "Two.");
    }
}

/// What clustering knows of one article: computed by `cluster`, stored opaquely by `store`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct Signature {
    /// Weighted terms, L2-normalised, sorted by term.
    pub terms: Vec<(String, f32)>,
    /// The terms an index retrieves this article by (its strongest ones).
    pub index_terms: Vec<String>,
    /// The event date when known, else the publication date.
    pub day: Option<Date>,
    /// The publication date.
    #[serde(default)]
    pub published: Option<Date>,
    /// MinHash of the body's word shingles, for near-duplicate (wire copy) detection.
    pub minhash: Vec<u32>,
    /// Human-readable base of a story id founded by this article ("moscow-attack-2024-03-22").
    pub slug: String,
    /// The places and names the article is about (lowercase, weighted, L2-normalised,
    /// sorted by name): what tells two events of one kind apart. Empty in signatures
    /// stored before they were kept.
    #[serde(default)]
    pub anchors: Vec<(String, f32)>,
    /// Whether `day` is an event date the text gives (not the publication date).
    #[serde(default)]
    pub dated: bool,
    /// The localities (districts, villages, streets, venues) the article places its event
    /// in, lowercase, sorted: two point events in one city happen in different ones.
    #[serde(default)]
    pub localities: Vec<String>,
}

/// A full-text search over articles.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct SearchQuery {
    /// Query text (words, "phrases", AND/OR/-exclusion as the index supports).
    pub q: String,
    /// Only articles published on or after this date.
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = Date))]
    pub from: Option<Date>,
    /// Only articles published on or before this date.
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = Date))]
    pub to: Option<Date>,
    /// Only articles of this story (id or alias, resolved by the caller).
    pub story: Option<String>,
    /// Most hits returned.
    pub limit: usize,
    /// Hits skipped (pagination).
    pub offset: usize,
}

/// One ranked search result.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SearchHit {
    pub id: String,
    pub story: Option<String>,
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Date))]
    pub published: Date,
    pub title: Option<String>,
    /// Plain-text snippet around the best match.
    pub snippet: String,
    /// Byte ranges of `snippet` that matched the query (for highlighting).
    pub highlights: Vec<Span>,
    pub score: f32,
}

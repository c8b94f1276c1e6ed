//! Story-level shapes: what `factline stories` and `factline story` print.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::{ClaimKind, Date, FigureKind, Qualifier};

/// One line of `factline stories --json`.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StorySummary {
    pub id: String,
    pub title: Option<String>,
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = Date))]
    pub event_date: Option<Date>,
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Date))]
    pub first_seen: Date,
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Date))]
    pub last_seen: Date,
    pub articles: Vec<String>,
    /// Current value per figure kind (contract: `{"killed": 133}`).
    pub headline_figures: BTreeMap<FigureKind, u64>,
    /// Qualifier of each headline figure (extension).
    #[serde(default)]
    pub headline_qualifiers: BTreeMap<FigureKind, Qualifier>,
    /// Earlier ids of this story that still resolve to it (extension).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub aliases: Vec<String>,
}

/// An article as listed in a story.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StoryArticle {
    pub id: String,
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Date))]
    pub published: Date,
    pub title: Option<String>,
    pub source: String,
    pub url: Option<String>,
    pub duplicate_of: Option<String>,
}

/// One dated report of a figure in a story's history.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HistoryEntry {
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Date))]
    pub date: Date,
    pub value: u64,
    pub value_max: Option<u64>,
    pub qualifier: Qualifier,
    pub sources: Vec<String>,
    /// Authorities the articles credit for this value (extension).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub attributed_to: Vec<String>,
    /// True when every report of it presented it as outdated (extension).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub superseded: bool,
}

/// The reconciled state of one figure kind.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FigureState {
    pub value: u64,
    pub qualifier: Qualifier,
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Date))]
    pub as_of: Date,
    pub sources: Vec<String>,
    pub independent_sources: usize,
    pub low: u64,
    pub high: u64,
    pub conflict: bool,
    pub revised_down: bool,
    pub history: Vec<HistoryEntry>,
    /// Latest value per named authority, when sources credit different ones (extension).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub by_authority: Vec<AuthorityFigure>,
    /// The value of each day that has reports, chosen by the rule that chose `value`: the
    /// last entry is the current value; charts and timelines read this (extension).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub daily: Vec<DailyFigure>,
    /// Why `value` is the current value: which reports, which rule (extension).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub reason: String,
}

/// The reconciled value of one figure kind on one day.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DailyFigure {
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Date))]
    pub date: Date,
    pub value: u64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value_max: Option<u64>,
    pub qualifier: Qualifier,
    pub low: u64,
    pub high: u64,
    /// Reports of the day that cannot all be true (their ranges do not meet and they differ
    /// by more than 10 %).
    pub conflict: bool,
    /// Articles giving the chosen value.
    pub sources: Vec<String>,
    /// Independent reports that day (wire copies once).
    pub reports: usize,
    /// How many of them give the chosen value.
    pub agreeing: usize,
}

/// The latest figure credited to one authority ("health ministry", "UN").
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuthorityFigure {
    pub authority: String,
    pub value: u64,
    pub qualifier: Qualifier,
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Date))]
    pub date: Date,
    pub sources: Vec<String>,
}

/// A figure counting only part of the victims.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SubsetFigure {
    pub kind: FigureKind,
    pub subset: String,
    pub value: u64,
    pub qualifier: Qualifier,
    pub sources: Vec<String>,
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Date))]
    pub date: Date,
}

/// A denial (or other rebuttal) attached to the claim it answers.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Dispute {
    pub kind: ClaimKind,
    pub actor: String,
    pub sources: Vec<String>,
}

/// A claim grouped across sources.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StoryClaim {
    pub kind: ClaimKind,
    pub actor: String,
    pub target: Option<String>,
    pub sources: Vec<String>,
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Date))]
    pub first_seen: Date,
    pub disputed_by: Vec<Dispute>,
}

/// One dated entry of a story's timeline.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TimelineEntry {
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Date))]
    pub date: Date,
    pub text: String,
    pub sources: Vec<String>,
}

/// `factline story ID --json`.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StoryState {
    pub id: String,
    pub title: Option<String>,
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = Date))]
    pub event_date: Option<Date>,
    pub places: Vec<String>,
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Date))]
    pub as_of: Date,
    pub articles: Vec<StoryArticle>,
    pub figures: BTreeMap<FigureKind, FigureState>,
    pub subsets: Vec<SubsetFigure>,
    pub claims: Vec<StoryClaim>,
    pub timeline: Vec<TimelineEntry>,
    pub briefing: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub aliases: Vec<String>,
    /// Analysts' corrections of this story, active and undone (extension).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub corrections: Vec<Correction>,
}

/// What an analyst's correction does to a story.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "action", rename_all = "snake_case")]
pub enum CorrectionAction {
    /// Give the story this title.
    Rename { title: String },
    /// Leave this article's figures out of the story's figures (it stays listed).
    Exclude { article: String },
    /// Take this value as the story's current figure of a kind, whatever the reports say.
    Pin {
        kind: FigureKind,
        value: u64,
        #[serde(default = "exact")]
        qualifier: Qualifier,
    },
    /// Join the story to another one (by id or alias).
    Merge { into: String },
    /// Take an article out of the story: it stands on its own.
    Split { article: String },
}

fn exact() -> Qualifier {
    Qualifier::Exact
}

/// Who did something to the record, when and why.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Signed {
    pub who: String,
    pub why: String,
    /// RFC 3339 time it was recorded.
    pub at: String,
}

/// An analyst's correction of a story, kept for audit (never deleted; undoing it records
/// who undid it).
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Correction {
    pub id: i64,
    /// The story it was made on, as the analyst named it (an id or alias).
    pub story: String,
    #[serde(flatten)]
    pub action: CorrectionAction,
    pub made: Signed,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub undone: Option<Signed>,
}

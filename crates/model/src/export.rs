//! Export rows: one flat record per reported figure, per reported claim and per timeline
//! entry, for spreadsheets (CSV) and data tools (JSON Lines). Field names are the column
//! names; they are documented in the README and never renamed.

use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::{ClaimKind, Date, FigureKind, Qualifier};

/// One figure as one article of a story reports it.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FigureRow {
    /// The story's id.
    pub story: String,
    pub kind: FigureKind,
    pub value: u64,
    /// Upper end of a range ("20 to 30"), else empty.
    pub value_max: Option<u64>,
    pub qualifier: Qualifier,
    /// The part of the victims it counts ("children", "in hospital"), else empty.
    pub subset: Option<String>,
    /// The article presents it as outdated ("up from 40").
    pub superseded: bool,
    /// Who the article credits for it.
    pub attributed_to: Option<String>,
    pub article: String,
    /// The article's publication date.
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Date))]
    pub date: Date,
    pub source: String,
    pub url: Option<String>,
    /// The article is among the sources of the story's current value of this kind.
    pub current: bool,
    /// An analyst's correction leaves this article's figures out of the story.
    pub excluded: bool,
    /// The words of the figure as they stand in the article.
    pub text: String,
    /// The whole sentence it stands in.
    pub sentence: String,
    /// Byte span of `text` in the article's cleaned body.
    pub start: usize,
    pub end: usize,
}

/// One claim as one article of a story reports it, with the rebuttals the story has of it.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClaimRow {
    pub story: String,
    pub kind: ClaimKind,
    pub actor: String,
    pub target: Option<String>,
    pub article: String,
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Date))]
    pub date: Date,
    pub source: String,
    pub url: Option<String>,
    /// Actors who deny or rebut this claim in the story, `; `-separated, else empty.
    pub disputed_by: String,
    pub sentence: String,
    pub start: usize,
    pub end: usize,
}

/// One dated entry of a story's timeline.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TimelineRow {
    pub story: String,
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Date))]
    pub date: Date,
    pub text: String,
    /// Article ids, `; `-separated.
    pub sources: String,
}

/// What is exported.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportTable {
    /// Every figure each article reports ([`FigureRow`]).
    Figures,
    /// Every claim each article reports, with its rebuttals ([`ClaimRow`]).
    Claims,
    /// The timeline's entries ([`TimelineRow`]).
    Timeline,
    /// The cited briefing (Markdown; HTML is rendered by the front end).
    Briefing,
}

/// How rows are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportFormat {
    Csv,
    Jsonl,
    Markdown,
    Html,
}

impl ExportTable {
    pub const ALL: [ExportTable; 4] = [
        ExportTable::Figures,
        ExportTable::Claims,
        ExportTable::Timeline,
        ExportTable::Briefing,
    ];

    pub fn name(self) -> &'static str {
        match self {
            ExportTable::Figures => "figures",
            ExportTable::Claims => "claims",
            ExportTable::Timeline => "timeline",
            ExportTable::Briefing => "briefing",
        }
    }

    /// The formats this table can be written in; the first is the default.
    pub fn formats(self) -> &'static [ExportFormat] {
        match self {
            ExportTable::Briefing => &[ExportFormat::Markdown, ExportFormat::Html],
            _ => &[ExportFormat::Csv, ExportFormat::Jsonl],
        }
    }
}

impl ExportFormat {
    pub fn name(self) -> &'static str {
        match self {
            ExportFormat::Csv => "csv",
            ExportFormat::Jsonl => "jsonl",
            ExportFormat::Markdown => "md",
            ExportFormat::Html => "html",
        }
    }

    /// The media type of an HTTP answer in this format.
    pub fn media_type(self) -> &'static str {
        match self {
            ExportFormat::Csv => "text/csv; charset=utf-8",
            ExportFormat::Jsonl => "application/jsonl; charset=utf-8",
            ExportFormat::Markdown => "text/markdown; charset=utf-8",
            ExportFormat::Html => "text/html; charset=utf-8",
        }
    }
}

impl FromStr for ExportTable {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        ExportTable::ALL
            .into_iter()
            .find(|t| t.name() == s)
            .ok_or_else(|| format!("{s:?}: no such export (figures, claims, timeline, briefing)"))
    }
}

impl FromStr for ExportFormat {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s {
            "csv" => Ok(ExportFormat::Csv),
            "jsonl" | "ndjson" => Ok(ExportFormat::Jsonl),
            "md" | "markdown" => Ok(ExportFormat::Markdown),
            "html" => Ok(ExportFormat::Html),
            _ => Err(format!("{s:?}: no such format (csv, jsonl, md, html)")),
        }
    }
}

//! An in-memory [`Backend`] for router tests (no database), and request helpers.

#![allow(dead_code)]

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};

use axum::Router;
use axum::body::Body;
use axum::http::{Request, Response, StatusCode};
use factline_api::{
    ApiConfig, ApiError, ArticleDetail, ArticleInput, Backend, IngestOutcome, ItemOutcome, Page,
    SearchResults, StoryPage,
};
use factline_model::{
    Article, AuthorityFigure, Claim, ClaimKind, CleanText, Date, Dispute, ExportFormat,
    ExportTable, Facts, Figure, FigureKind, FigureState, HistoryEntry, Qualifier, SearchHit,
    SearchQuery, Span, StoryArticle, StoryClaim, StoryState, StorySummary, SubsetFigure,
    TimelineEntry,
};
use http_body_util::BodyExt;
use tower::ServiceExt;

/// Markup that must come out inert wherever user-supplied text is shown.
pub const EVIL: &str = "<script>alert(1)</script>\" onmouseover=\"x' javascript:alert(2)";

pub fn d(s: &str) -> Date {
    s.parse().unwrap()
}

/// The data the fake backend serves: one story with two articles.
#[derive(Clone)]
pub struct Fixture {
    pub story: StoryState,
    pub articles: Vec<ArticleDetail>,
}

/// `evil`: put hostile markup in every free-text field (titles, bodies, urls, authorities,
/// actors, places, timeline, briefing, ids).
pub fn fixture(evil: bool) -> Fixture {
    let e = |plain: &str| {
        if evil {
            format!("{plain} {EVIL}")
        } else {
            plain.to_string()
        }
    };
    let story_id = if evil {
        "quake-\"<b>x</b>".to_string()
    } else {
        "quake-2024-03-22".to_string()
    };
    let a1 = if evil {
        "a1\"<i>".to_string()
    } else {
        "a1".to_string()
    };
    let a2 = "a2".to_string();
    // Multi-byte text before the figures: spans are byte offsets.
    let body1 = format!(
        "Über Zürich: at least 40 people were killed, officials said. {}\n\nThe Front claimed responsibility.",
        if evil { EVIL } else { "More soon." }
    );
    let fig_text = "at least 40 people were killed";
    let start = body1.find(fig_text).unwrap();
    let claim_text = "The Front claimed responsibility";
    let cstart = body1.find(claim_text).unwrap();
    let article1 = Article {
        id: a1.clone(),
        source: e("feed.jsonl"),
        url: Some(if evil {
            "javascript:alert(3)".to_string()
        } else {
            "https://news.example/a1".to_string()
        }),
        published: d("2024-03-22"),
        title: Some(e("Quake kills 40")),
        content_hash: "h1".into(),
        clean: CleanText {
            body: body1.clone(),
            sentences: vec![Span::new(0, body1.len())],
        },
        facts: Facts {
            language: "en".into(),
            event_date: Some(d("2024-03-22")),
            places: vec![e("Zürich")],
            local_places: vec![],
            figures: vec![Figure {
                kind: FigureKind::Killed,
                value: 40,
                value_max: None,
                qualifier: Qualifier::AtLeast,
                subset: None,
                superseded: false,
                attributed_to: Some(e("officials")),
                text: fig_text.into(),
                sentence: 0,
                start,
                end: start + fig_text.len(),
                rule: e("verb_passive"),
            }],
            claims: vec![Claim {
                kind: ClaimKind::ClaimedResponsibility,
                actor: e("The Front"),
                target: None,
                sentence: 1,
                start: cstart,
                end: cstart + claim_text.len(),
                text: claim_text.into(),
                rule: "claim".into(),
            }],
        },
        duplicate_of: None,
    };
    let body2 = "The death toll rose to 93, the ministry said.".to_string();
    let article2 = Article {
        id: a2.clone(),
        source: "feed.jsonl".into(),
        url: None,
        published: d("2024-03-23"),
        title: Some("Toll rises to 93".into()),
        content_hash: "h2".into(),
        clean: CleanText {
            body: body2.clone(),
            sentences: vec![Span::new(0, body2.len())],
        },
        facts: Facts {
            language: "en".into(),
            event_date: None,
            places: vec![],
            local_places: vec![],
            figures: vec![Figure {
                kind: FigureKind::Killed,
                value: 93,
                value_max: None,
                qualifier: Qualifier::Exact,
                subset: None,
                superseded: false,
                attributed_to: Some("ministry".into()),
                text: "The death toll rose to 93".into(),
                sentence: 0,
                start: 0,
                end: 25,
                rule: "toll".into(),
            }],
            claims: vec![],
        },
        duplicate_of: None,
    };
    let killed = FigureState {
        value: 93,
        qualifier: Qualifier::Exact,
        as_of: d("2024-03-23"),
        sources: vec![a2.clone()],
        independent_sources: 1,
        low: 90,
        high: 93,
        conflict: true,
        revised_down: false,
        history: vec![
            HistoryEntry {
                date: d("2024-03-22"),
                value: 40,
                value_max: None,
                qualifier: Qualifier::AtLeast,
                sources: vec![a1.clone()],
                attributed_to: vec![e("officials")],
                superseded: false,
            },
            HistoryEntry {
                date: d("2024-03-23"),
                value: 93,
                value_max: None,
                qualifier: Qualifier::Exact,
                sources: vec![a2.clone()],
                attributed_to: vec!["ministry".into()],
                superseded: false,
            },
            HistoryEntry {
                date: d("2024-03-23"),
                value: 30,
                value_max: None,
                qualifier: Qualifier::Exact,
                sources: vec![a2.clone()],
                attributed_to: vec![],
                superseded: true,
            },
        ],
        by_authority: vec![AuthorityFigure {
            authority: e("officials"),
            value: 40,
            qualifier: Qualifier::AtLeast,
            date: d("2024-03-22"),
            sources: vec![a1.clone()],
        }],
        daily: vec![],
        reason: e("The latest report gives at least 40."),
    };
    let mut figures = BTreeMap::new();
    figures.insert(FigureKind::Killed, killed);
    let story = StoryState {
        id: story_id.clone(),
        title: Some(e("Quake kills 40")),
        event_date: Some(d("2024-03-22")),
        places: vec![e("Zürich")],
        as_of: d("2024-03-23"),
        articles: vec![
            StoryArticle {
                id: a1.clone(),
                published: d("2024-03-22"),
                title: article1.title.clone(),
                source: e("feed.jsonl"),
                url: article1.url.clone(),
                duplicate_of: None,
            },
            StoryArticle {
                id: a2.clone(),
                published: d("2024-03-23"),
                title: article2.title.clone(),
                source: "feed.jsonl".into(),
                url: None,
                duplicate_of: Some(a1.clone()),
            },
        ],
        figures,
        subsets: vec![SubsetFigure {
            kind: FigureKind::Killed,
            subset: e("children"),
            value: 3,
            qualifier: Qualifier::Exact,
            sources: vec![a2.clone()],
            date: d("2024-03-23"),
        }],
        claims: vec![StoryClaim {
            kind: ClaimKind::Accused,
            actor: e("The Front"),
            target: Some(e("The Army")),
            sources: vec![a1.clone()],
            first_seen: d("2024-03-22"),
            disputed_by: vec![Dispute {
                kind: ClaimKind::Denied,
                actor: e("The Army"),
                sources: vec![a2.clone()],
            }],
        }],
        timeline: vec![TimelineEntry {
            date: d("2024-03-22"),
            text: e("Event: quake"),
            sources: vec![a1.clone()],
        }],
        briefing: format!(
            "{} [{a1}] Death toll: 93 as of 2024-03-23. [{a2}] Unknown [zz].",
            e("Quake.")
        ),
        aliases: vec!["old-quake-id".into()],
        corrections: vec![],
    };
    Fixture {
        story,
        articles: vec![
            ArticleDetail {
                article: article1,
                story: Some(story_id.clone()),
            },
            ArticleDetail {
                article: article2,
                story: Some(story_id),
            },
        ],
    }
}

/// An in-memory backend over a [`Fixture`]; ingest records what it was given.
pub struct FakeBackend {
    pub fx: Fixture,
    pub ingested: Mutex<Vec<ArticleInput>>,
    /// Corrections made through the API.
    pub corrections: Mutex<Vec<factline_model::Correction>>,
    /// When set, every call fails with this error.
    pub fail: Option<ApiError>,
    /// When set, every call first sleeps this long.
    pub delay: Option<std::time::Duration>,
}

impl FakeBackend {
    pub fn new(fx: Fixture) -> Self {
        FakeBackend {
            fx,
            ingested: Mutex::new(Vec::new()),
            corrections: Mutex::new(Vec::new()),
            fail: None,
            delay: None,
        }
    }
    fn gate(&self) -> Result<(), ApiError> {
        if let Some(t) = self.delay {
            std::thread::sleep(t);
        }
        match &self.fail {
            Some(e) => Err(e.clone()),
            None => Ok(()),
        }
    }
    fn summary(&self) -> StorySummary {
        let s = &self.fx.story;
        StorySummary {
            id: s.id.clone(),
            title: s.title.clone(),
            event_date: s.event_date,
            first_seen: d("2024-03-22"),
            last_seen: d("2024-03-23"),
            articles: s.articles.iter().map(|a| a.id.clone()).collect(),
            headline_figures: s.figures.iter().map(|(k, f)| (*k, f.value)).collect(),
            headline_qualifiers: s.figures.iter().map(|(k, f)| (*k, f.qualifier)).collect(),
            aliases: s.aliases.clone(),
        }
    }
}

impl Backend for FakeBackend {
    fn stories(&self, as_of: Option<Date>, page: Page) -> Result<StoryPage, ApiError> {
        self.gate()?;
        let mut all = vec![self.summary()];
        // A second, figure-less story so that paging has something to skip.
        all.push(StorySummary {
            id: "other".into(),
            title: None,
            event_date: None,
            first_seen: d("2024-01-01"),
            last_seen: d("2024-01-01"),
            articles: vec!["x".into()],
            headline_figures: BTreeMap::new(),
            headline_qualifiers: BTreeMap::new(),
            aliases: vec![],
        });
        all.retain(|s| as_of.is_none_or(|d| s.first_seen <= d));
        Ok(StoryPage {
            total: all.len(),
            stories: all.into_iter().skip(page.offset).take(page.limit).collect(),
        })
    }

    fn story(&self, id: &str, as_of: Option<Date>) -> Result<StoryState, ApiError> {
        self.gate()?;
        let s = &self.fx.story;
        if id != s.id && !s.aliases.iter().any(|a| a == id) {
            return Err(ApiError::NotFound(format!("no such story: {id}")));
        }
        if as_of.is_some_and(|d| d < self.summary().first_seen) {
            return Err(ApiError::NotFound(format!(
                "{id}: no article of this story was published on or before then"
            )));
        }
        let mut s = s.clone();
        if let Some(d) = as_of {
            s.as_of = d;
        }
        Ok(s)
    }

    fn article(&self, id: &str) -> Result<ArticleDetail, ApiError> {
        self.gate()?;
        self.fx
            .articles
            .iter()
            .find(|a| a.article.id == id)
            .cloned()
            .ok_or_else(|| ApiError::NotFound(format!("no such article: {id}")))
    }

    fn search(&self, q: &SearchQuery) -> Result<SearchResults, ApiError> {
        self.gate()?;
        let word = q.q.to_lowercase();
        let hits: Vec<SearchHit> = self
            .fx
            .articles
            .iter()
            .filter(|a| a.article.clean.body.to_lowercase().contains(&word))
            .filter(|a| q.from.is_none_or(|f| a.article.published >= f))
            .filter(|a| q.to.is_none_or(|t| a.article.published <= t))
            .map(|a| {
                let body = &a.article.clean.body;
                let at = body.to_lowercase().find(&word).unwrap();
                SearchHit {
                    id: a.article.id.clone(),
                    story: a.story.clone(),
                    published: a.article.published,
                    title: a.article.title.clone(),
                    snippet: body.clone(),
                    highlights: vec![Span::new(at, at + word.len())],
                    score: 1.0,
                }
            })
            .collect();
        Ok(SearchResults {
            total: hits.len(),
            hits: hits.into_iter().skip(q.offset).take(q.limit).collect(),
        })
    }

    fn export(
        &self,
        story: Option<&str>,
        as_of: Option<Date>,
        table: ExportTable,
        format: ExportFormat,
    ) -> Result<Vec<u8>, ApiError> {
        self.gate()?;
        if let Some(id) = story {
            self.story(id, as_of)?;
        }
        // What was asked, so that tests see the parameters arrive.
        Ok(format!(
            "{} {} {} {}\n",
            table.name(),
            format.name(),
            story.unwrap_or("all"),
            as_of.map(|d| d.to_string()).unwrap_or_default()
        )
        .into_bytes())
    }

    fn ingest(&self, articles: Vec<ArticleInput>) -> Result<IngestOutcome, ApiError> {
        self.gate()?;
        let mut items = Vec::new();
        for a in &articles {
            let id = a.id.clone().unwrap_or_else(|| "generated".into());
            items.push(if factline_model::parse_date(&a.published).is_err() {
                ItemOutcome::Rejected(format!("invalid date {:?}", a.published))
            } else if a.text.is_none() && a.html.is_none() {
                ItemOutcome::Rejected("has neither \"text\" nor \"html\"".into())
            } else if id == "a1" || id == "a2" {
                ItemOutcome::Unchanged(id)
            } else {
                ItemOutcome::New(id)
            });
        }
        self.ingested.lock().unwrap().extend(articles);
        Ok(IngestOutcome {
            items,
            near_duplicates: 0,
            stories_touched: vec!["quake-2024-03-22".into()],
        })
    }

    fn corrections(
        &self,
        story: Option<&str>,
    ) -> Result<Vec<factline_model::Correction>, ApiError> {
        self.gate()?;
        let all = self.corrections.lock().unwrap().clone();
        Ok(all
            .into_iter()
            .filter(|c| story.is_none_or(|s| c.story == s))
            .collect())
    }

    fn correct(
        &self,
        story: &str,
        action: &factline_model::CorrectionAction,
        who: &str,
        why: &str,
    ) -> Result<factline_model::Correction, ApiError> {
        self.gate()?;
        if story != self.fx.story.id {
            return Err(ApiError::NotFound(format!("no such story: {story}")));
        }
        let mut all = self.corrections.lock().unwrap();
        let c = factline_model::Correction {
            id: all.len() as i64 + 1,
            story: story.into(),
            action: action.clone(),
            made: factline_model::Signed {
                who: who.into(),
                why: why.into(),
                at: "2024-03-24T10:00:00Z".into(),
            },
            undone: None,
        };
        all.push(c.clone());
        Ok(c)
    }

    fn undo_correction(
        &self,
        id: i64,
        who: &str,
        why: &str,
    ) -> Result<factline_model::Correction, ApiError> {
        self.gate()?;
        let mut all = self.corrections.lock().unwrap();
        let c = all
            .iter_mut()
            .find(|c| c.id == id)
            .ok_or_else(|| ApiError::Unprocessable(format!("no correction {id}")))?;
        c.undone = Some(factline_model::Signed {
            who: who.into(),
            why: why.into(),
            at: "2024-03-24T11:00:00Z".into(),
        });
        Ok(c.clone())
    }
}

pub fn app_with(backend: FakeBackend, config: ApiConfig) -> Router {
    factline_api::app(Arc::new(backend), config)
}

pub fn app(evil: bool) -> Router {
    app_with(FakeBackend::new(fixture(evil)), ApiConfig::default())
}

pub struct Reply {
    pub status: StatusCode,
    pub headers: axum::http::HeaderMap,
    pub body: String,
}

impl Reply {
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.body).unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.body))
    }
    pub fn content_type(&self) -> &str {
        self.headers
            .get("content-type")
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
    }
    /// An API error: the status and the JSON `{"error": "..."}` shape.
    pub fn assert_error(&self, status: StatusCode) -> String {
        assert_eq!(self.status, status, "{}", self.body);
        assert!(
            self.content_type().starts_with("application/json"),
            "{}",
            self.content_type()
        );
        let v = self.json();
        let obj = v.as_object().expect("error object");
        assert_eq!(obj.len(), 1, "only an error field: {v}");
        obj["error"].as_str().expect("error string").to_string()
    }
}

pub async fn send(app: &Router, req: Request<Body>) -> Reply {
    let resp: Response<Body> = app.clone().oneshot(req).await.unwrap();
    let status = resp.status();
    let headers = resp.headers().clone();
    let bytes = resp.into_body().collect().await.unwrap().to_bytes();
    Reply {
        status,
        headers,
        body: String::from_utf8(bytes.to_vec()).unwrap(),
    }
}

pub async fn get(app: &Router, uri: &str) -> Reply {
    send(app, Request::get(uri).body(Body::empty()).unwrap()).await
}

pub async fn post_json(app: &Router, uri: &str, body: &str, token: Option<&str>) -> Reply {
    let mut req = Request::post(uri).header("content-type", "application/json");
    if let Some(t) = token {
        req = req.header("authorization", format!("Bearer {t}"));
    }
    send(app, req.body(Body::from(body.to_string())).unwrap()).await
}

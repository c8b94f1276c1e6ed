//! `factline serve`: the HTTP API (JSON, the same shapes as the CLI, described by an
//! OpenAPI document generated from the types) and a server-rendered web UI.
//!
//! This crate knows HTTP, not storage: everything it shows comes from a [`Backend`], which
//! the binary implements over the SQLite store and tests implement in memory. Backend calls
//! are blocking and run on tokio's blocking pool.
//!
//! Routes: `GET /api/stories`, `GET /api/stories/{id}`, `GET /api/articles/{id}`,
//! `GET /api/search`, `GET /api/export/{file}`, `POST /api/articles`, `GET /openapi.json`, `GET /docs`, `GET /healthz`,
//! and the pages `/`, `/stories/{id}`, `/articles/{id}`, `/search`.

use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::http::{HeaderValue, StatusCode, header};
use axum::routing::get;
use factline_model::{
    Article, Correction, CorrectionAction, Date, ExportFormat, ExportTable, SearchHit, SearchQuery,
    StoryState, StorySummary,
};
use serde::{Deserialize, Serialize};
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::timeout::TimeoutLayer;
use utoipa::ToSchema;

mod error;
mod handlers;
mod openapi;
mod ui;

pub use error::{ApiError, ErrorBody};
pub use openapi::openapi;
pub use ui::export::briefing_html;

/// Default largest request body (8 MiB); larger ones get 413.
pub const DEFAULT_BODY_LIMIT: usize = 8 * 1024 * 1024;
/// Default page size of story lists and searches.
pub const DEFAULT_PAGE: usize = 50;
/// Largest page a client may ask for.
pub const MAX_PAGE: usize = 1000;

/// What the server needs to know besides its backend.
#[derive(Debug, Clone)]
pub struct ApiConfig {
    /// When set, writes (`POST /api/articles`) need `Authorization: Bearer <token>`.
    pub token: Option<String>,
    /// Largest request body in bytes.
    pub body_limit: usize,
    /// Longest time one request may take before the server answers 503.
    pub timeout: Duration,
}

impl Default for ApiConfig {
    fn default() -> Self {
        ApiConfig {
            token: None,
            body_limit: DEFAULT_BODY_LIMIT,
            timeout: Duration::from_secs(30),
        }
    }
}

impl ApiConfig {
    /// Defaults, with the write token taken from `FACTLINE_TOKEN` when it is set and not empty.
    pub fn from_env() -> Self {
        ApiConfig {
            token: std::env::var("FACTLINE_TOKEN")
                .ok()
                .filter(|t| !t.trim().is_empty()),
            ..ApiConfig::default()
        }
    }
}

/// Which slice of a list to return.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Page {
    pub limit: usize,
    pub offset: usize,
}

impl Default for Page {
    fn default() -> Self {
        Page {
            limit: DEFAULT_PAGE,
            offset: 0,
        }
    }
}

/// One page of the story list, biggest stories first (then most recent, then id).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct StoryPage {
    /// Stories in the whole list (for pagination).
    pub total: usize,
    pub stories: Vec<StorySummary>,
}

/// `GET /api/articles/{id}`: a stored article (cleaned body and facts) and its story.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct ArticleDetail {
    #[serde(flatten)]
    pub article: Article,
    /// Id of the story the article belongs to.
    pub story: Option<String>,
}

/// `GET /api/search`: ranked hits and how many matched in all.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, ToSchema)]
pub struct SearchResults {
    pub total: usize,
    pub hits: Vec<SearchHit>,
}

/// One article of a `POST /api/articles` body: the fields of the JSON Lines input.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ArticleInput {
    /// Article id; without one, a stable hash of the url or of the content.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// Publication date `YYYY-MM-DD` or RFC 3339 time.
    pub published: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// The article text (exactly one of `text` and `html`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
    /// The article as an HTML page or fragment (exactly one of `text` and `html`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub html: Option<String>,
}

/// What became of one submitted article, as the backend reports it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ItemOutcome {
    /// Stored under this id.
    New(String),
    /// Its content was already stored (under this id); nothing changed.
    Unchanged(String),
    /// Not taken, with the reason.
    Rejected(String),
}

/// What a backend did with a batch: one outcome per submitted article, in order.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct IngestOutcome {
    pub items: Vec<ItemOutcome>,
    pub near_duplicates: usize,
    pub stories_touched: Vec<String>,
}

/// Status of one submitted article.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ItemStatus {
    New,
    Unchanged,
    Rejected,
}

/// One line of an ingest report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct IngestItem {
    /// Position in the request (0 for a single object).
    pub index: usize,
    pub status: ItemStatus,
    /// The stored id (absent when rejected).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// Why the article was rejected.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

/// `POST /api/articles` response: counts and one line per submitted article.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, ToSchema)]
pub struct IngestReport {
    pub new: usize,
    pub unchanged: usize,
    pub rejected: usize,
    /// New articles found to copy an earlier one (wire copies).
    pub near_duplicates: usize,
    /// Stories created or changed.
    pub stories_touched: Vec<String>,
    pub items: Vec<IngestItem>,
    /// Set when no article was taken (the status is then 422).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

/// `GET /healthz`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Health {
    pub status: String,
    /// Stored articles, when the backend can tell cheaply.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub articles: Option<usize>,
}

/// Where the server gets its data. Calls block (they may read a database) and are made
/// from tokio's blocking pool.
pub trait Backend: Send + Sync + 'static {
    /// One page of the story list as of a date (default: everything).
    fn stories(&self, as_of: Option<Date>, page: Page) -> Result<StoryPage, ApiError>;
    /// The reconciled state of a story by id or alias ([`ApiError::NotFound`] when unknown,
    /// or when none of its articles was published on or before `as_of`).
    fn story(&self, id: &str, as_of: Option<Date>) -> Result<StoryState, ApiError>;
    /// One stored article ([`ApiError::NotFound`] when unknown).
    fn article(&self, id: &str) -> Result<ArticleDetail, ApiError>;
    /// Full-text search (the story filter is an id or alias).
    fn search(&self, query: &SearchQuery) -> Result<SearchResults, ApiError>;
    /// Store a batch of articles; one outcome per article, in order.
    fn ingest(&self, articles: Vec<ArticleInput>) -> Result<IngestOutcome, ApiError>;
    /// Analysts' corrections, all or of one story (id or alias).
    fn corrections(&self, story: Option<&str>) -> Result<Vec<Correction>, ApiError>;
    /// Record an analyst's correction of a story.
    fn correct(
        &self,
        story: &str,
        action: &CorrectionAction,
        who: &str,
        why: &str,
    ) -> Result<Correction, ApiError>;
    /// Undo a correction (kept on record as undone).
    fn undo_correction(&self, id: i64, who: &str, why: &str) -> Result<Correction, ApiError>;
    /// An export of one story (id or alias) or all as of a date: CSV or JSON Lines rows,
    /// or the briefing as Markdown (`factline export`'s bytes).
    fn export(
        &self,
        story: Option<&str>,
        as_of: Option<Date>,
        table: ExportTable,
        format: ExportFormat,
    ) -> Result<Vec<u8>, ApiError>;
    /// Liveness and a cheap statistic.
    fn health(&self) -> Result<Health, ApiError> {
        Ok(Health {
            status: "ok".into(),
            articles: None,
        })
    }
}

/// Shared state of every handler.
#[derive(Clone)]
pub(crate) struct AppState {
    pub backend: Arc<dyn Backend>,
    pub config: Arc<ApiConfig>,
}

impl AppState {
    /// Run a blocking backend call on the blocking pool.
    pub async fn call<T, F>(&self, f: F) -> Result<T, ApiError>
    where
        T: Send + 'static,
        F: FnOnce(&dyn Backend) -> Result<T, ApiError> + Send + 'static,
    {
        let backend = Arc::clone(&self.backend);
        tokio::task::spawn_blocking(move || f(backend.as_ref()))
            .await
            .map_err(|e| ApiError::Internal(format!("backend task failed: {e}")))?
    }
}

/// The whole application: API, OpenAPI document, docs page and web UI.
pub fn app(backend: Arc<dyn Backend>, config: ApiConfig) -> Router {
    let body_limit = config.body_limit;
    let timeout = config.timeout;
    let state = AppState {
        backend,
        config: Arc::new(config),
    };
    Router::new()
        .merge(handlers::routes())
        .merge(ui::routes())
        .route("/healthz", get(handlers::healthz))
        .route("/openapi.json", get(openapi::openapi_json))
        .route("/docs", get(ui::docs_page))
        .route("/static/app.js", get(ui::app_js))
        .route("/static/docs.js", get(ui::docs_js))
        .fallback(error::fallback)
        .with_state(state)
        .layer(DefaultBodyLimit::max(body_limit))
        .layer(TimeoutLayer::with_status_code(
            StatusCode::SERVICE_UNAVAILABLE,
            timeout,
        ))
        // Outside the timeout so that its bare 503 gets an error body too.
        .layer(axum::middleware::from_fn(error::error_bodies))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::REFERRER_POLICY,
            HeaderValue::from_static("no-referrer"),
        ))
}

/// Resolves on Ctrl-C or (on Unix) SIGTERM: pass to `axum::serve(..).with_graceful_shutdown`.
pub async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = term => {},
    }
}

/// Serve `app` on `listener` until Ctrl-C or SIGTERM, letting requests in flight finish.
pub async fn serve(listener: tokio::net::TcpListener, app: Router) -> std::io::Result<()> {
    axum::serve(listener, app)
        .with_graceful_shutdown(shutdown_signal())
        .await
}

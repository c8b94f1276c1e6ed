//! The JSON API: the same shapes as the CLI's `--json` output.

use axum::Json;
use axum::Router;
use axum::body::Body;
use axum::extract::rejection::{PathRejection, QueryRejection};
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use factline_model::{
    Correction, CorrectionAction, Date, ExportFormat, ExportTable, SearchQuery, StoryState,
    StorySummary, parse_date,
};
use serde::Deserialize;
use utoipa::IntoParams;

use crate::{
    ApiError, AppState, ArticleDetail, ArticleInput, ErrorBody, Health, IngestItem, IngestReport,
    ItemOutcome, ItemStatus, MAX_PAGE, Page, SearchResults,
};

pub(crate) fn routes() -> Router<AppState> {
    Router::new()
        .route("/api/stories", get(list_stories))
        .route("/api/stories/{id}", get(get_story))
        .route("/api/articles", axum::routing::post(post_articles))
        .route("/api/articles/{id}", get(get_article))
        .route("/api/search", get(search))
        .route("/api/corrections", get(list_corrections))
        .route("/api/export/{file}", get(export))
        .route(
            "/api/stories/{id}/corrections",
            axum::routing::post(post_correction),
        )
        .route(
            "/api/corrections/{id}/undo",
            axum::routing::post(undo_correction),
        )
}

/// Query parameters of `GET /api/stories`.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub(crate) struct ListParams {
    /// Most stories returned (default 50, at most 1000).
    #[param(value_type = Option<usize>)]
    pub limit: Option<String>,
    /// Stories skipped (pagination).
    #[param(value_type = Option<usize>)]
    pub offset: Option<String>,
    /// Only what was published on or before this date (`YYYY-MM-DD`).
    #[param(value_type = Option<String>, format = Date)]
    pub as_of: Option<String>,
}

/// Query parameters of `GET /api/stories/{id}`.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub(crate) struct AsOfParams {
    /// Only what was published on or before this date (`YYYY-MM-DD`).
    #[param(value_type = Option<String>, format = Date)]
    pub as_of: Option<String>,
}

/// Query parameters of `GET /api/search`.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub(crate) struct SearchParams {
    /// Query text: words, "phrases", `-excluded` words.
    #[param(value_type = String)]
    pub q: Option<String>,
    /// Only articles published on or after this date.
    #[param(value_type = Option<String>, format = Date)]
    pub from: Option<String>,
    /// Only articles published on or before this date.
    #[param(value_type = Option<String>, format = Date)]
    pub to: Option<String>,
    /// Only articles of this story (id or alias).
    pub story: Option<String>,
    /// Most hits returned (default 50, at most 1000).
    #[param(value_type = Option<usize>)]
    pub limit: Option<String>,
    /// Hits skipped (pagination).
    #[param(value_type = Option<usize>)]
    pub offset: Option<String>,
}

/// A parameter given as an empty string (an empty form field) counts as absent.
fn present(v: &Option<String>) -> Option<&str> {
    v.as_deref().map(str::trim).filter(|s| !s.is_empty())
}

pub(crate) fn parse_date_param(name: &str, v: &Option<String>) -> Result<Option<Date>, ApiError> {
    present(v)
        .map(|s| parse_date(s).map_err(|e| ApiError::BadRequest(format!("{name}: {e}"))))
        .transpose()
}

fn parse_count(name: &str, v: &Option<String>, default: usize) -> Result<usize, ApiError> {
    match present(v) {
        None => Ok(default),
        Some(s) => s.parse::<usize>().map_err(|_| {
            ApiError::BadRequest(format!(
                "{name}: expected a non-negative integer, got {s:?}"
            ))
        }),
    }
}

pub(crate) fn parse_page(
    limit: &Option<String>,
    offset: &Option<String>,
    default: usize,
) -> Result<Page, ApiError> {
    let limit = parse_count("limit", limit, default)?;
    if limit == 0 || limit > MAX_PAGE {
        return Err(ApiError::BadRequest(format!(
            "limit: must be between 1 and {MAX_PAGE}"
        )));
    }
    Ok(Page {
        limit,
        offset: parse_count("offset", offset, 0)?,
    })
}

pub(crate) fn query<T>(q: Result<Query<T>, QueryRejection>) -> Result<T, ApiError> {
    q.map(|Query(t)| t)
        .map_err(|e| ApiError::BadRequest(format!("bad query string: {}", e.body_text())))
}

pub(crate) fn path(p: Result<Path<String>, PathRejection>) -> Result<String, ApiError> {
    p.map(|Path(s)| s)
        .map_err(|e| ApiError::BadRequest(format!("bad path: {}", e.body_text())))
}

/// Build the backend query of a search, validating every parameter.
pub(crate) fn search_query(
    p: &SearchParams,
    default_limit: usize,
) -> Result<SearchQuery, ApiError> {
    let q = present(&p.q)
        .ok_or_else(|| ApiError::BadRequest("q: a search text is required".into()))?
        .to_string();
    if q.len() > 1000 {
        return Err(ApiError::BadRequest("q: longer than 1000 bytes".into()));
    }
    let from = parse_date_param("from", &p.from)?;
    let to = parse_date_param("to", &p.to)?;
    if let (Some(f), Some(t)) = (from, to)
        && f > t
    {
        return Err(ApiError::BadRequest(format!(
            "from ({f}) is after to ({t})"
        )));
    }
    let page = parse_page(&p.limit, &p.offset, default_limit)?;
    Ok(SearchQuery {
        q,
        from,
        to,
        story: present(&p.story).map(str::to_string),
        limit: page.limit,
        offset: page.offset,
    })
}

/// List stories, biggest first (then most recent). The total count is in `X-Total-Count`.
#[utoipa::path(
    get, path = "/api/stories", tag = "stories",
    params(ListParams),
    responses(
        (status = 200, description = "One page of stories, as `factline stories --json`",
         body = Vec<StorySummary>,
         headers(("X-Total-Count" = usize, description = "Stories in the whole list"))),
        (status = 400, description = "Bad parameter", body = ErrorBody),
    )
)]
pub(crate) async fn list_stories(
    State(state): State<AppState>,
    params: Result<Query<ListParams>, QueryRejection>,
) -> Result<Response, ApiError> {
    let p = query(params)?;
    let as_of = parse_date_param("as_of", &p.as_of)?;
    let page = parse_page(&p.limit, &p.offset, crate::DEFAULT_PAGE)?;
    let result = state.call(move |b| b.stories(as_of, page)).await?;
    let mut resp = Json(result.stories).into_response();
    resp.headers_mut().insert(
        "x-total-count",
        HeaderValue::from_str(&result.total.to_string()).expect("digits"),
    );
    Ok(resp)
}

/// The reconciled state of one story (ids of merged stories resolve).
#[utoipa::path(
    get, path = "/api/stories/{id}", tag = "stories",
    params(("id" = String, Path, description = "Story id or alias"), AsOfParams),
    responses(
        (status = 200, description = "As `factline story ID --json`", body = StoryState),
        (status = 400, description = "Bad date", body = ErrorBody),
        (status = 404, description = "No such story (as of that date)", body = ErrorBody),
    )
)]
pub(crate) async fn get_story(
    State(state): State<AppState>,
    id: Result<Path<String>, PathRejection>,
    params: Result<Query<AsOfParams>, QueryRejection>,
) -> Result<Json<StoryState>, ApiError> {
    let id = path(id)?;
    let as_of = parse_date_param("as_of", &query(params)?.as_of)?;
    Ok(Json(state.call(move |b| b.story(&id, as_of)).await?))
}

/// One stored article: cleaned body (all offsets refer to it), facts, and story.
#[utoipa::path(
    get, path = "/api/articles/{id}", tag = "articles",
    params(("id" = String, Path, description = "Article id")),
    responses(
        (status = 200, description = "The article", body = ArticleDetail),
        (status = 404, description = "No such article", body = ErrorBody),
    )
)]
pub(crate) async fn get_article(
    State(state): State<AppState>,
    id: Result<Path<String>, PathRejection>,
) -> Result<Json<ArticleDetail>, ApiError> {
    let id = path(id)?;
    Ok(Json(state.call(move |b| b.article(&id)).await?))
}

/// Full-text search over articles, ranked.
#[utoipa::path(
    get, path = "/api/search", tag = "articles",
    params(SearchParams),
    responses(
        (status = 200, description = "Ranked hits", body = SearchResults),
        (status = 400, description = "Missing query or bad parameter", body = ErrorBody),
    )
)]
pub(crate) async fn search(
    State(state): State<AppState>,
    params: Result<Query<SearchParams>, QueryRejection>,
) -> Result<Json<SearchResults>, ApiError> {
    let q = search_query(&query(params)?, crate::DEFAULT_PAGE)?;
    Ok(Json(state.call(move |b| b.search(&q)).await?))
}

/// Does the request carry the configured bearer token (when one is configured)?
fn authorized(state: &AppState, headers: &HeaderMap) -> bool {
    let Some(token) = &state.config.token else {
        return true;
    };
    let Some(given) = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| {
            let (scheme, rest) = v.trim().split_once(' ')?;
            scheme.eq_ignore_ascii_case("bearer").then(|| rest.trim())
        })
    else {
        return false;
    };
    constant_time_eq(given.as_bytes(), token.as_bytes())
}

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// Store articles: one JSON article object or an array of them (the JSON Lines fields).
/// Each article is taken or rejected on its own.
#[utoipa::path(
    post, path = "/api/articles", tag = "articles",
    request_body(content = Vec<ArticleInput>, content_type = "application/json",
        description = "One article object, or an array of them"),
    responses(
        (status = 201, description = "At least one article was stored", body = IngestReport),
        (status = 200, description = "Nothing new (all already stored)", body = IngestReport),
        (status = 400, description = "Malformed JSON, or no article in it", body = ErrorBody),
        (status = 401, description = "FACTLINE_TOKEN is set and the bearer token is missing or wrong", body = ErrorBody),
        (status = 413, description = "Body over the size limit", body = ErrorBody),
        (status = 415, description = "Not JSON", body = ErrorBody),
        (status = 422, description = "Every article was rejected", body = IngestReport),
    ),
    security((), ("bearer" = []))
)]
pub(crate) async fn post_articles(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Body,
) -> Result<Response, ApiError> {
    // The token is checked before a byte of the body is read.
    if !authorized(&state, &headers) {
        return Err(ApiError::Unauthorized);
    }
    let limit = state.config.body_limit;
    let too_large = || ApiError::PayloadTooLarge(format!("request body larger than {limit} bytes"));
    let declared = headers
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|n| n > limit as u64) {
        return Err(too_large());
    }
    let body = axum::body::to_bytes(body, limit).await.map_err(|e| {
        let mut source: Option<&(dyn std::error::Error + 'static)> = Some(&e);
        while let Some(err) = source {
            if err.is::<http_body_util::LengthLimitError>() {
                return too_large();
            }
            source = err.source();
        }
        ApiError::BadRequest(format!("could not read the request body: {e}"))
    })?;
    json_content_type(&headers)?;
    let value: serde_json::Value = serde_json::from_slice(&body)
        .map_err(|e| ApiError::BadRequest(format!("malformed JSON: {e}")))?;
    let items = match value {
        serde_json::Value::Array(items) => items,
        v @ serde_json::Value::Object(_) => vec![v],
        _ => {
            return Err(ApiError::BadRequest(
                "expected an article object or an array of them".into(),
            ));
        }
    };
    if items.is_empty() {
        return Err(ApiError::BadRequest("no article in the request".into()));
    }
    // Shape errors reject one item; the rest go to the backend.
    let mut slots: Vec<Option<IngestItem>> = Vec::with_capacity(items.len());
    let mut valid = Vec::new();
    for (index, item) in items.into_iter().enumerate() {
        match serde_json::from_value::<ArticleInput>(item) {
            Ok(a) => {
                valid.push(a);
                slots.push(None);
            }
            Err(e) => slots.push(Some(IngestItem {
                index,
                status: ItemStatus::Rejected,
                id: None,
                error: Some(format!("invalid JSON article: {e}")),
            })),
        }
    }
    let expected = valid.len();
    let outcome = if valid.is_empty() {
        crate::IngestOutcome::default()
    } else {
        state.call(move |b| b.ingest(valid)).await?
    };
    if outcome.items.len() != expected {
        return Err(ApiError::Internal(format!(
            "backend reported {} outcomes for {expected} articles",
            outcome.items.len()
        )));
    }
    let mut report = IngestReport {
        near_duplicates: outcome.near_duplicates,
        stories_touched: outcome.stories_touched,
        ..IngestReport::default()
    };
    let mut outcomes = outcome.items.into_iter();
    for (index, slot) in slots.into_iter().enumerate() {
        let item = match slot {
            Some(rejected) => rejected,
            None => {
                let (status, id, error) = match outcomes.next().expect("counted above") {
                    ItemOutcome::New(id) => (ItemStatus::New, Some(id), None),
                    ItemOutcome::Unchanged(id) => (ItemStatus::Unchanged, Some(id), None),
                    ItemOutcome::Rejected(e) => (ItemStatus::Rejected, None, Some(e)),
                };
                IngestItem {
                    index,
                    status,
                    id,
                    error,
                }
            }
        };
        match item.status {
            ItemStatus::New => report.new += 1,
            ItemStatus::Unchanged => report.unchanged += 1,
            ItemStatus::Rejected => report.rejected += 1,
        }
        report.items.push(item);
    }
    let status = if report.rejected == report.items.len() {
        report.error = Some("no article could be taken".into());
        StatusCode::UNPROCESSABLE_ENTITY
    } else if report.new > 0 {
        StatusCode::CREATED
    } else {
        StatusCode::OK
    };
    Ok((status, Json(report)).into_response())
}

/// Liveness.
#[utoipa::path(
    get, path = "/healthz", tag = "meta",
    responses((status = 200, description = "The server is up", body = Health),
              (status = 503, description = "The backend cannot serve", body = ErrorBody))
)]
pub(crate) async fn healthz(State(state): State<AppState>) -> Result<Json<Health>, ApiError> {
    Ok(Json(state.call(|b| b.health()).await?))
}

/// Body of `POST /api/stories/{id}/corrections`: the correction (`action` and its fields)
/// with who makes it and why.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub(crate) struct CorrectionRequest {
    #[serde(flatten)]
    pub action: CorrectionAction,
    pub who: String,
    pub why: String,
}

/// Body of `POST /api/corrections/{id}/undo`.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub(crate) struct UndoRequest {
    pub who: String,
    pub why: String,
}

/// Query parameters of `GET /api/corrections`.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub(crate) struct CorrectionsParams {
    /// Only the corrections of this story (id or alias).
    pub story: Option<String>,
}

/// A body's declared type, when one is declared, must be JSON (415 otherwise).
fn json_content_type(headers: &HeaderMap) -> Result<(), ApiError> {
    if let Some(ct) = headers.get(header::CONTENT_TYPE) {
        let ct = ct.to_str().unwrap_or("").to_ascii_lowercase();
        let essence = ct.split(';').next().unwrap_or("").trim();
        if !(essence == "application/json" || essence.ends_with("+json")) {
            return Err(ApiError::UnsupportedMediaType(format!(
                "expected Content-Type application/json, got {essence:?}"
            )));
        }
    }
    Ok(())
}

/// A small JSON body (a correction or an undo), or a 400 naming what is wrong with it.
fn json_body<T: serde::de::DeserializeOwned>(
    headers: &HeaderMap,
    body: &[u8],
) -> Result<T, ApiError> {
    json_content_type(headers)?;
    serde_json::from_slice(body).map_err(|e| ApiError::BadRequest(format!("malformed body: {e}")))
}

/// Analysts' corrections, oldest first: all, or those of one story.
#[utoipa::path(
    get, path = "/api/corrections", tag = "corrections", params(CorrectionsParams),
    responses(
        (status = 200, body = Vec<Correction>),
        (status = 404, description = "No such story", body = crate::ErrorBody),
    )
)]
pub(crate) async fn list_corrections(
    State(state): State<AppState>,
    Query(p): Query<CorrectionsParams>,
) -> Result<Json<Vec<Correction>>, ApiError> {
    let list = state
        .call(move |b| b.corrections(p.story.as_deref()))
        .await?;
    Ok(Json(list))
}

/// Correct a story as an analyst: `{"action": "rename", "title": …}`, `exclude` (article),
/// `pin` (kind, value, qualifier), `merge` (into), `split` (article), with `who` and `why`.
/// Kept for audit; undo with `POST /api/corrections/{id}/undo`.
#[utoipa::path(
    post, path = "/api/stories/{id}/corrections", tag = "corrections",
    params(("id" = String, Path, description = "Story id or alias")),
    request_body = CorrectionRequest,
    responses(
        (status = 201, body = Correction),
        (status = 400, description = "Malformed body", body = crate::ErrorBody),
        (status = 401, description = "Missing or wrong bearer token", body = crate::ErrorBody),
        (status = 404, description = "No such story", body = crate::ErrorBody),
        (status = 422, description = "The correction cannot be made", body = crate::ErrorBody),
    ),
    security((), ("bearer" = []))
)]
pub(crate) async fn post_correction(
    State(state): State<AppState>,
    Path(id): Path<String>,
    headers: HeaderMap,
    body: axum::body::Bytes,
) -> Result<Response, ApiError> {
    if !authorized(&state, &headers) {
        return Err(ApiError::Unauthorized);
    }
    let req: CorrectionRequest = json_body(&headers, &body)?;
    let c = state
        .call(move |b| b.correct(&id, &req.action, &req.who, &req.why))
        .await?;
    Ok((StatusCode::CREATED, Json(c)).into_response())
}

/// Undo a correction: it stays on record, marked undone with who and why.
#[utoipa::path(
    post, path = "/api/corrections/{id}/undo", tag = "corrections",
    params(("id" = i64, Path, description = "Correction number")),
    request_body = UndoRequest,
    responses(
        (status = 200, body = Correction),
        (status = 400, description = "Malformed body", body = crate::ErrorBody),
        (status = 401, description = "Missing or wrong bearer token", body = crate::ErrorBody),
        (status = 422, description = "No such correction, or undone already", body = crate::ErrorBody),
    ),
    security((), ("bearer" = []))
)]
pub(crate) async fn undo_correction(
    State(state): State<AppState>,
    Path(id): Path<String>,
    headers: HeaderMap,
    body: axum::body::Bytes,
) -> Result<Json<Correction>, ApiError> {
    if !authorized(&state, &headers) {
        return Err(ApiError::Unauthorized);
    }
    let id: i64 = id
        .parse()
        .map_err(|_| ApiError::BadRequest(format!("{id:?}: not a correction number")))?;
    let req: UndoRequest = json_body(&headers, &body)?;
    let c = state
        .call(move |b| b.undo_correction(id, &req.who, &req.why))
        .await?;
    Ok(Json(c))
}

/// Query parameters of `GET /api/export/{file}`.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub(crate) struct ExportParams {
    /// Only this story (id or alias); all stories when absent (the briefing needs one).
    pub story: Option<String>,
    /// Only what was published on or before this date (`YYYY-MM-DD`).
    #[param(value_type = Option<String>, format = Date)]
    pub as_of: Option<String>,
}

/// `figures.csv` → (figures, csv); the error names what is offered.
fn export_file(file: &str) -> Result<(ExportTable, ExportFormat), ApiError> {
    let (table, format) = file.rsplit_once('.').ok_or_else(|| {
        ApiError::NotFound(format!(
            "{file}: exports are named like figures.csv, claims.jsonl, timeline.csv, briefing.md"
        ))
    })?;
    let table: ExportTable = table.parse().map_err(ApiError::NotFound)?;
    let format: ExportFormat = format.parse().map_err(ApiError::NotFound)?;
    if !table.formats().contains(&format) {
        let names: Vec<String> = table
            .formats()
            .iter()
            .map(|f| format!("{}.{}", table.name(), f.name()))
            .collect();
        return Err(ApiError::NotFound(format!(
            "{file}: {} is exported as {}",
            table.name(),
            names.join(" or ")
        )));
    }
    Ok((table, format))
}

/// Every figure or claim each article reports, the timeline, or the cited briefing: of one
/// story or of all, as of a date; CSV, JSON Lines, Markdown or HTML by the file name's
/// extension. Column names are those of `factline export` (README).
#[utoipa::path(
    get, path = "/api/export/{file}", tag = "stories",
    params(
        ("file" = String, Path, description = "figures.csv, figures.jsonl, claims.csv, claims.jsonl, timeline.csv, timeline.jsonl, briefing.md or briefing.html"),
        ExportParams,
    ),
    responses(
        (status = 200, description = "The export, as a download", content_type = "text/csv"),
        (status = 400, description = "Bad date, or a briefing without a story", body = ErrorBody),
        (status = 404, description = "No such export or story", body = ErrorBody),
    )
)]
pub(crate) async fn export(
    State(state): State<AppState>,
    file: Result<Path<String>, PathRejection>,
    params: Result<Query<ExportParams>, QueryRejection>,
) -> Result<Response, ApiError> {
    let file = path(file)?;
    let (table, format) = export_file(&file)?;
    let params = query(params)?;
    let as_of = parse_date_param("as_of", &params.as_of)?;
    let story = present(&params.story).map(str::to_string);
    let body = match (table, format) {
        (ExportTable::Briefing, _) if story.is_none() => {
            return Err(ApiError::BadRequest(
                "the briefing is of one story: add ?story=ID".into(),
            ));
        }
        (ExportTable::Briefing, ExportFormat::Html) => {
            let id = story.clone().unwrap_or_default();
            let st = state.call(move |b| b.story(&id, as_of)).await?;
            crate::ui::export::briefing_html(&st).into_bytes()
        }
        _ => {
            let s = story.clone();
            state
                .call(move |b| b.export(s.as_deref(), as_of, table, format))
                .await?
        }
    };
    let name = format!(
        "{}-{}.{}",
        story
            .as_deref()
            .map_or("all-stories".to_string(), safe_file_name),
        table.name(),
        format.name()
    );
    let mut resp = Body::from(body).into_response();
    let h = resp.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static(format.media_type()),
    );
    if let Ok(v) = HeaderValue::from_str(&format!("attachment; filename=\"{name}\"")) {
        h.insert(header::CONTENT_DISPOSITION, v);
    }
    Ok(resp)
}

/// A story id as a download's file name: letters, digits, `-`, `_` and `.`; the rest `_`.
fn safe_file_name(id: &str) -> String {
    id.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.') {
                c
            } else {
                '_'
            }
        })
        .collect()
}

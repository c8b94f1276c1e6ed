//! The web UI: server-rendered pages (askama templates, escaped automatically), inline SVG
//! charts, a little optional JavaScript, no external assets.

use askama::Template;
use axum::Router;
use axum::extract::rejection::{PathRejection, QueryRejection};
use axum::extract::{Path, Query, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::get;
use factline_model::{
    Claim, ClaimKind, Date, Figure, FigureKind, StoryClaim, StoryState, StorySummary,
};
use serde::Deserialize;

use crate::handlers::{SearchParams, parse_date_param, parse_page, path, query, search_query};
use crate::{ApiError, AppState, Page};

pub mod chart;
pub mod export;
pub mod text;

use chart::{Chart, Sparkline};
use text::{Cited, Highlight, Segment, article_href, encode_query, figure_words, kind_label};

/// Stories per page of the list.
const LIST_PAGE: usize = 20;
/// Hits per page of search results.
const SEARCH_PAGE: usize = 20;

/// Pages may run only our own script and inline styles, load nothing from elsewhere, and
/// submit forms only to this server.
const CSP: &str = "default-src 'none'; script-src 'self'; style-src 'unsafe-inline'; \
                   img-src 'self' data:; connect-src 'self'; form-action 'self'; \
                   base-uri 'none'; frame-ancestors 'none'";

pub(crate) fn routes() -> Router<AppState> {
    Router::new()
        .route("/", get(index))
        .route("/stories/{id}", get(story_page))
        .route("/articles/{id}", get(article_page))
        .route("/search", get(search_page))
}

fn html_response(status: StatusCode, body: String) -> Response {
    let mut resp = (status, Html(body)).into_response();
    let h = resp.headers_mut();
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(CSP),
    );
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    resp
}

fn render(page: &impl Template) -> Response {
    match page.render() {
        Ok(body) => html_response(StatusCode::OK, body),
        Err(e) => error_page(
            StatusCode::INTERNAL_SERVER_ERROR,
            &format!("the page could not be rendered: {e}"),
        ),
    }
}

#[derive(Template)]
#[template(path = "error.html")]
struct ErrorPage<'a> {
    status: u16,
    reason: &'a str,
    message: &'a str,
}

/// An HTML error page with the given status.
pub(crate) fn error_page(status: StatusCode, message: &str) -> Response {
    let page = ErrorPage {
        status: status.as_u16(),
        reason: status.canonical_reason().unwrap_or("Error"),
        message,
    };
    let body = page
        .render()
        .unwrap_or_else(|_| "<!doctype html><title>Error</title><p>Error</p>".to_string());
    html_response(status, body)
}

fn api_error_page(e: ApiError) -> Response {
    if e.status().is_server_error() {
        eprintln!("factline serve: {}: {e}", e.status());
    }
    error_page(e.status(), &e.to_string())
}

pub(crate) async fn app_js() -> Response {
    static_asset(include_str!("../../static/app.js"))
}

pub(crate) async fn docs_js() -> Response {
    static_asset(include_str!("../../static/docs.js"))
}

fn static_asset(js: &'static str) -> Response {
    let mut resp = js.into_response();
    let h = resp.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/javascript; charset=utf-8"),
    );
    h.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("public, max-age=3600"),
    );
    resp
}

#[derive(Template)]
#[template(path = "docs.html")]
struct DocsPage;

pub(crate) async fn docs_page() -> Response {
    render(&DocsPage)
}

// ---------------------------------------------------------------- shared pieces

/// A link to an article or story, by id.
pub struct Link {
    pub id: String,
    pub href: String,
}

impl Link {
    fn article(id: &str) -> Link {
        Link {
            id: id.to_string(),
            href: article_href(id),
        }
    }
    fn story(id: &str) -> Link {
        Link {
            id: id.to_string(),
            href: text::story_href(id),
        }
    }
}

fn article_links(ids: &[String]) -> Vec<Link> {
    ids.iter().map(|id| Link::article(id)).collect()
}

fn opt_date(d: Option<Date>) -> String {
    d.map(|d| d.to_string()).unwrap_or_default()
}

// ---------------------------------------------------------------- story list

#[derive(Debug, Default, Deserialize)]
pub(crate) struct IndexParams {
    as_of: Option<String>,
    offset: Option<String>,
}

pub struct FigureChip {
    pub kind: &'static str,
    pub words: String,
}

pub struct StoryCard {
    pub href: String,
    pub title: String,
    pub event_date: String,
    pub first_seen: String,
    pub last_seen: String,
    pub articles: usize,
    pub figures: Vec<FigureChip>,
    pub spark: Option<Sparkline>,
}

#[derive(Template)]
#[template(path = "index.html")]
struct IndexPage {
    as_of: String,
    cards: Vec<StoryCard>,
    total: usize,
    first: usize,
    last: usize,
    prev: Option<String>,
    next: Option<String>,
}

fn card(s: &StorySummary, state: Option<&StoryState>) -> StoryCard {
    let figures = s
        .headline_figures
        .iter()
        .map(|(k, v)| {
            let q = s
                .headline_qualifiers
                .get(k)
                .copied()
                .unwrap_or(factline_model::Qualifier::Exact);
            FigureChip {
                kind: kind_label(*k),
                words: figure_words(*v, None, q),
            }
        })
        .collect();
    let spark = state
        .and_then(|st| st.figures.get(&FigureKind::Killed))
        .and_then(chart::sparkline);
    StoryCard {
        href: text::story_href(&s.id),
        title: s.title.clone().unwrap_or_else(|| s.id.clone()),
        event_date: opt_date(s.event_date),
        first_seen: s.first_seen.to_string(),
        last_seen: s.last_seen.to_string(),
        articles: s.articles.len(),
        figures,
        spark,
    }
}

fn list_href(as_of: Option<Date>, offset: usize) -> String {
    let mut q = Vec::new();
    if let Some(d) = as_of {
        q.push(format!("as_of={d}"));
    }
    if offset > 0 {
        q.push(format!("offset={offset}"));
    }
    if q.is_empty() {
        "/".to_string()
    } else {
        format!("/?{}", q.join("&"))
    }
}

async fn index(
    State(state): State<AppState>,
    params: Result<Query<IndexParams>, QueryRejection>,
) -> Response {
    let result = async {
        let p = query(params)?;
        let as_of = parse_date_param("as_of", &p.as_of)?;
        let page = parse_page(&Some(LIST_PAGE.to_string()), &p.offset, LIST_PAGE)?;
        let (list, states) = state
            .call(move |b| {
                let list = b.stories(as_of, page)?;
                // Death-toll sparklines need each story's history.
                let states: Vec<Option<StoryState>> = list
                    .stories
                    .iter()
                    .map(|s| {
                        if s.headline_figures.contains_key(&FigureKind::Killed) {
                            b.story(&s.id, as_of).ok()
                        } else {
                            None
                        }
                    })
                    .collect();
                Ok((list, states))
            })
            .await?;
        let cards = list
            .stories
            .iter()
            .zip(&states)
            .map(|(s, st)| card(s, st.as_ref()))
            .collect::<Vec<_>>();
        let Page { limit, offset } = page;
        Ok::<_, ApiError>(IndexPage {
            as_of: opt_date(as_of),
            first: if cards.is_empty() { 0 } else { offset + 1 },
            last: offset + cards.len(),
            cards,
            total: list.total,
            prev: (offset > 0).then(|| list_href(as_of, offset.saturating_sub(limit))),
            next: (offset + limit < list.total).then(|| list_href(as_of, offset + limit)),
        })
    }
    .await;
    match result {
        Ok(page) => render(&page),
        Err(e) => api_error_page(e),
    }
}

// ---------------------------------------------------------------- story page

pub struct AuthorityRow {
    pub authority: String,
    pub words: String,
    pub date: String,
    pub sources: Vec<Link>,
}

pub struct FigureRow {
    pub kind: &'static str,
    pub anchor: String,
    pub words: String,
    /// "low–high" when independent reports of the current date differ.
    pub range: Option<String>,
    pub as_of: String,
    pub sources: Vec<Link>,
    pub independent: usize,
    pub conflict: bool,
    pub revised_down: bool,
    /// Why this is the current value (which reports, which rule).
    pub reason: String,
    pub authorities: Vec<AuthorityRow>,
    pub chart: Chart,
    pub history: Vec<HistoryRow>,
}

pub struct HistoryRow {
    pub date: String,
    pub words: String,
    pub authority: String,
    pub sources: Vec<Link>,
    pub superseded: bool,
}

pub struct SubsetRow {
    pub kind: &'static str,
    pub subset: String,
    pub words: String,
    pub date: String,
    pub sources: Vec<Link>,
}

pub struct DisputeRow {
    pub text: String,
    pub sources: Vec<Link>,
}

pub struct ClaimRow {
    pub text: String,
    pub first_seen: String,
    pub sources: Vec<Link>,
    pub disputes: Vec<DisputeRow>,
}

pub struct TimelineRow {
    pub date: String,
    pub text: String,
    pub sources: Vec<Link>,
}

pub struct ArticleRow {
    pub link: Link,
    pub title: String,
    pub published: String,
    pub duplicate_of: Option<Link>,
}

#[derive(Template)]
#[template(path = "story.html")]
struct StoryPageView {
    id: String,
    href: String,
    title: String,
    event_date: String,
    places: String,
    aliases: Vec<String>,
    as_of: String,
    as_of_requested: bool,
    min_date: String,
    figures: Vec<FigureRow>,
    subsets: Vec<SubsetRow>,
    claims: Vec<ClaimRow>,
    timeline: Vec<TimelineRow>,
    briefing: Vec<Vec<Cited>>,
    articles: Vec<ArticleRow>,
    corrections: Vec<CorrectionRow>,
    downloads: Vec<export::Download>,
}

pub struct CorrectionRow {
    pub id: i64,
    pub what: String,
    pub made: String,
    pub undone: Option<String>,
}

fn correction_row(c: &factline_model::Correction) -> CorrectionRow {
    use factline_model::CorrectionAction as A;
    let what = match &c.action {
        A::Rename { title } => format!("Renamed “{title}”"),
        A::Exclude { article } => format!("Figures of {article} left out"),
        A::Pin {
            kind,
            value,
            qualifier,
        } => format!(
            "{} pinned at {}",
            kind_label(*kind),
            figure_words(*value, None, *qualifier)
        ),
        A::Merge { into } => format!("Merged with {into}"),
        A::Split { article } => format!("{article} split out"),
    };
    let signed = |s: &factline_model::Signed| format!("{}, {}: {}", s.who, s.at, s.why);
    CorrectionRow {
        id: c.id,
        what,
        made: signed(&c.made),
        undone: c.undone.as_ref().map(signed),
    }
}

fn claim_words(kind: ClaimKind, actor: &str, target: Option<&str>) -> String {
    let verb = match kind {
        ClaimKind::ClaimedResponsibility => "claimed responsibility",
        ClaimKind::Accused => "accused",
        ClaimKind::Denied => "denied",
        ClaimKind::Condemned => "condemned",
    };
    match (kind, target) {
        (ClaimKind::ClaimedResponsibility, Some(t)) => format!("{actor} {verb} ({t})"),
        (_, Some(t)) => format!("{actor} {verb} {t}"),
        (_, None) => format!("{actor} {verb}"),
    }
}

fn claim_row(c: &StoryClaim) -> ClaimRow {
    ClaimRow {
        text: claim_words(c.kind, &c.actor, c.target.as_deref()),
        first_seen: c.first_seen.to_string(),
        sources: article_links(&c.sources),
        disputes: c
            .disputed_by
            .iter()
            .map(|d| DisputeRow {
                text: match d.kind {
                    ClaimKind::Denied => format!("Denied by {}", d.actor),
                    k => format!("Disputed by {} ({})", d.actor, k),
                },
                sources: article_links(&d.sources),
            })
            .collect(),
    }
}

fn story_view(st: &StoryState, as_of_requested: bool) -> StoryPageView {
    let figures = st
        .figures
        .iter()
        .map(|(kind, f)| {
            let label = kind_label(*kind);
            FigureRow {
                kind: label,
                anchor: format!("fig-{kind}"),
                words: figure_words(f.value, None, f.qualifier),
                range: (f.low != f.high)
                    .then(|| format!("{}–{}", text::thousands(f.low), text::thousands(f.high))),
                as_of: f.as_of.to_string(),
                sources: article_links(&f.sources),
                independent: f.independent_sources,
                conflict: f.conflict,
                revised_down: f.revised_down,
                reason: f.reason.clone(),
                authorities: f
                    .by_authority
                    .iter()
                    .map(|a| AuthorityRow {
                        authority: a.authority.clone(),
                        words: figure_words(a.value, None, a.qualifier),
                        date: a.date.to_string(),
                        sources: article_links(&a.sources),
                    })
                    .collect(),
                chart: chart::figure_chart(&format!("chart-{kind}"), label, f),
                history: f
                    .history
                    .iter()
                    .map(|h| HistoryRow {
                        date: h.date.to_string(),
                        words: figure_words(h.value, h.value_max, h.qualifier),
                        authority: h.attributed_to.join(", "),
                        sources: article_links(&h.sources),
                        superseded: h.superseded,
                    })
                    .collect(),
            }
        })
        .collect();
    let known: std::collections::HashSet<&str> =
        st.articles.iter().map(|a| a.id.as_str()).collect();
    StoryPageView {
        id: st.id.clone(),
        href: text::story_href(&st.id),
        title: st.title.clone().unwrap_or_else(|| st.id.clone()),
        event_date: opt_date(st.event_date),
        places: st.places.join(", "),
        aliases: st.aliases.clone(),
        as_of: st.as_of.to_string(),
        as_of_requested,
        min_date: st
            .articles
            .iter()
            .map(|a| a.published)
            .min()
            .map(|d| d.to_string())
            .unwrap_or_default(),
        figures,
        subsets: st
            .subsets
            .iter()
            .map(|s| SubsetRow {
                kind: kind_label(s.kind),
                subset: s.subset.clone(),
                words: figure_words(s.value, None, s.qualifier),
                date: s.date.to_string(),
                sources: article_links(&s.sources),
            })
            .collect(),
        claims: st.claims.iter().map(claim_row).collect(),
        timeline: st
            .timeline
            .iter()
            .map(|t| TimelineRow {
                date: t.date.to_string(),
                text: t.text.clone(),
                sources: article_links(&t.sources),
            })
            .collect(),
        briefing: text::cited_paragraphs(&st.briefing, &|id| known.contains(id)),
        articles: st
            .articles
            .iter()
            .map(|a| ArticleRow {
                link: Link::article(&a.id),
                title: a.title.clone().unwrap_or_else(|| a.id.clone()),
                published: a.published.to_string(),
                duplicate_of: a.duplicate_of.as_deref().map(Link::article),
            })
            .collect(),
        corrections: st.corrections.iter().map(correction_row).collect(),
        downloads: export::downloads(&st.id, as_of_requested.then_some(st.as_of)),
    }
}

#[derive(Debug, Default, Deserialize)]
pub(crate) struct AsOf {
    as_of: Option<String>,
}

async fn story_page(
    State(state): State<AppState>,
    id: Result<Path<String>, PathRejection>,
    params: Result<Query<AsOf>, QueryRejection>,
) -> Response {
    let result = async {
        let id = path(id)?;
        let as_of = parse_date_param("as_of", &query(params)?.as_of)?;
        let st = state.call(move |b| b.story(&id, as_of)).await?;
        Ok::<_, ApiError>(story_view(&st, as_of.is_some()))
    }
    .await;
    match result {
        Ok(view) => render(&view),
        Err(e) => api_error_page(e),
    }
}

// ---------------------------------------------------------------- article page

pub struct FactRow {
    pub anchor: String,
    pub what: String,
    pub words: String,
    pub detail: String,
    pub quote: String,
    pub rule: String,
    pub located: bool,
}

#[derive(Template)]
#[template(path = "article.html")]
struct ArticlePageView {
    id: String,
    title: String,
    published: String,
    source: String,
    url: Option<String>,
    url_text: Option<String>,
    story: Option<Link>,
    duplicate_of: Option<Link>,
    event_date: String,
    places: String,
    language: String,
    figures: Vec<FactRow>,
    claims: Vec<FactRow>,
    segments: Vec<Segment>,
}

fn figure_detail(f: &Figure) -> String {
    let mut parts = vec![format!("qualifier {}", f.qualifier)];
    if let Some(s) = &f.subset {
        parts.push(format!("only {s}"));
    }
    if let Some(a) = &f.attributed_to {
        parts.push(format!("according to {a}"));
    }
    if f.superseded {
        parts.push("given as outdated".into());
    }
    parts.join("; ")
}

fn figure_title(f: &Figure) -> String {
    let mut t = format!(
        "{}: {} ({})",
        f.kind,
        figure_words(f.value, f.value_max, f.qualifier),
        figure_detail(f)
    );
    if !f.rule.is_empty() {
        t.push_str(&format!("; rule {}", f.rule));
    }
    t
}

fn claim_title(c: &Claim) -> String {
    let mut t = format!(
        "{}: {}",
        c.kind,
        claim_words(c.kind, &c.actor, c.target.as_deref())
    );
    if !c.rule.is_empty() {
        t.push_str(&format!("; rule {}", c.rule));
    }
    t
}

fn article_view(d: &crate::ArticleDetail) -> ArticlePageView {
    let a = &d.article;
    let body = &a.clean.body;
    let mut highlights = Vec::new();
    for (i, f) in a.facts.figures.iter().enumerate() {
        highlights.push(Highlight {
            start: f.start,
            end: f.end,
            class: "fig".into(),
            title: figure_title(f),
            anchor: Some(format!("figure-{i}")),
        });
    }
    for (i, c) in a.facts.claims.iter().enumerate() {
        highlights.push(Highlight {
            start: c.start,
            end: c.end,
            class: "claim".into(),
            title: claim_title(c),
            anchor: Some(format!("claim-{i}")),
        });
    }
    let (segments, bad) = text::segments(body, &highlights);
    let nfig = a.facts.figures.len();
    let quote = |start: usize, end: usize| body.get(start..end).unwrap_or("").to_string();
    let figures = a
        .facts
        .figures
        .iter()
        .enumerate()
        .map(|(i, f)| FactRow {
            anchor: format!("figure-{i}"),
            what: kind_label(f.kind).to_string(),
            words: figure_words(f.value, f.value_max, f.qualifier),
            detail: figure_detail(f),
            quote: quote(f.start, f.end),
            rule: f.rule.clone(),
            located: !bad.contains(&i),
        })
        .collect();
    let claims = a
        .facts
        .claims
        .iter()
        .enumerate()
        .map(|(i, c)| FactRow {
            anchor: format!("claim-{i}"),
            what: c.kind.to_string().replace('_', " "),
            words: claim_words(c.kind, &c.actor, c.target.as_deref()),
            detail: String::new(),
            quote: quote(c.start, c.end),
            rule: c.rule.clone(),
            located: !bad.contains(&(nfig + i)),
        })
        .collect();
    let url = a.url.as_deref().and_then(text::safe_url);
    ArticlePageView {
        id: a.id.clone(),
        title: a.title.clone().unwrap_or_else(|| a.id.clone()),
        published: a.published.to_string(),
        source: a.source.clone(),
        url_text: if url.is_none() { a.url.clone() } else { None },
        url,
        story: d.story.as_deref().map(Link::story),
        duplicate_of: a.duplicate_of.as_deref().map(Link::article),
        event_date: opt_date(a.facts.event_date),
        places: a.facts.places.join(", "),
        language: a.facts.language.clone(),
        figures,
        claims,
        segments,
    }
}

async fn article_page(
    State(state): State<AppState>,
    id: Result<Path<String>, PathRejection>,
) -> Response {
    let result = async {
        let id = path(id)?;
        state.call(move |b| b.article(&id)).await
    }
    .await;
    match result {
        Ok(d) => render(&article_view(&d)),
        Err(e) => api_error_page(e),
    }
}

// ---------------------------------------------------------------- search page

pub struct HitRow {
    pub link: Link,
    pub title: String,
    pub published: String,
    pub story: Option<Link>,
    pub snippet: Vec<Segment>,
}

#[derive(Template)]
#[template(path = "search.html")]
struct SearchPageView {
    q: String,
    from: String,
    to: String,
    story: String,
    searched: bool,
    error: Option<String>,
    total: usize,
    first: usize,
    last: usize,
    hits: Vec<HitRow>,
    prev: Option<String>,
    next: Option<String>,
}

/// The search form's fields as given, for paging links.
struct SearchEcho {
    q: String,
    from: String,
    to: String,
    story: String,
}

fn search_href(q: &SearchEcho, offset: usize) -> String {
    let mut parts = vec![format!("q={}", encode_query(&q.q))];
    for (k, v) in [("from", &q.from), ("to", &q.to), ("story", &q.story)] {
        if !v.is_empty() {
            parts.push(format!("{k}={}", encode_query(v)));
        }
    }
    if offset > 0 {
        parts.push(format!("offset={offset}"));
    }
    format!("/search?{}", parts.join("&"))
}

async fn search_page(
    State(state): State<AppState>,
    params: Result<Query<SearchParams>, QueryRejection>,
) -> Response {
    let p = match query(params) {
        Ok(p) => p,
        Err(e) => return api_error_page(e),
    };
    let echo = SearchEcho {
        q: p.q.clone().unwrap_or_default(),
        from: p.from.clone().unwrap_or_default(),
        to: p.to.clone().unwrap_or_default(),
        story: p.story.clone().unwrap_or_default(),
    };
    let mut view = SearchPageView {
        q: echo.q.clone(),
        from: echo.from.clone(),
        to: echo.to.clone(),
        story: echo.story.clone(),
        searched: false,
        error: None,
        total: 0,
        first: 0,
        last: 0,
        hits: Vec::new(),
        prev: None,
        next: None,
    };
    if echo.q.trim().is_empty() {
        return render(&view);
    }
    let p = SearchParams { limit: None, ..p };
    let q = match search_query(&p, SEARCH_PAGE) {
        Ok(q) => q,
        Err(e) => {
            view.error = Some(e.to_string());
            let mut resp = render(&view);
            *resp.status_mut() = StatusCode::BAD_REQUEST;
            return resp;
        }
    };
    let (limit, offset) = (q.limit, q.offset);
    match state.call(move |b| b.search(&q)).await {
        Ok(res) => {
            view.searched = true;
            view.total = res.total;
            view.first = if res.hits.is_empty() { 0 } else { offset + 1 };
            view.last = offset + res.hits.len();
            view.prev = (offset > 0).then(|| search_href(&echo, offset.saturating_sub(limit)));
            view.next = (offset + limit < res.total).then(|| search_href(&echo, offset + limit));
            view.hits = res
                .hits
                .iter()
                .map(|h| {
                    let hl: Vec<Highlight> = h
                        .highlights
                        .iter()
                        .map(|s| Highlight {
                            start: s.start,
                            end: s.end,
                            class: "hit".into(),
                            title: "matches the query".into(),
                            anchor: None,
                        })
                        .collect();
                    HitRow {
                        link: Link::article(&h.id),
                        title: h.title.clone().unwrap_or_else(|| h.id.clone()),
                        published: h.published.to_string(),
                        story: h.story.as_deref().map(Link::story),
                        snippet: text::segments(&h.snippet, &hl).0,
                    }
                })
                .collect();
            render(&view)
        }
        Err(e) => {
            let status = e.status();
            view.error = Some(e.to_string());
            let mut resp = render(&view);
            *resp.status_mut() = status;
            resp
        }
    }
}

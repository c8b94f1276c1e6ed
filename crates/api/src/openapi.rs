//! The OpenAPI document, generated from the handlers' annotations and the types.

use std::sync::OnceLock;

use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};

use crate::handlers;

#[derive(OpenApi)]
#[openapi(
    info(
        title = "factline",
        description = "Developing news stories: casualty figures, claims and sources, reconciled over time. \
                       The JSON shapes are those of the factline CLI (`--json`). Errors are `{\"error\": \"…\"}`.",
    ),
    paths(
        handlers::list_stories,
        handlers::get_story,
        handlers::get_article,
        handlers::search,
        handlers::post_articles,
        handlers::list_corrections,
        handlers::post_correction,
        handlers::undo_correction,
        handlers::export,
        handlers::healthz,
    ),
    modifiers(&BearerAuth),
    tags(
        (name = "stories", description = "Stories and their reconciled state"),
        (name = "articles", description = "Stored articles, search and ingest"),
        (name = "corrections", description = "Analysts' corrections of stories, kept for audit"),
        (name = "meta", description = "Server status"),
    )
)]
struct ApiDoc;

struct BearerAuth;

impl Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build()),
        );
    }
}

/// The OpenAPI document of the API.
pub fn openapi() -> utoipa::openapi::OpenApi {
    ApiDoc::openapi()
}

/// The document as JSON, generated once.
pub(crate) async fn openapi_json() -> Response {
    static DOC: OnceLock<String> = OnceLock::new();
    let json = DOC.get_or_init(|| {
        serde_json::to_string(&openapi()).expect("the OpenAPI document serialises")
    });
    (
        [(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json"),
        )],
        json.as_str(),
    )
        .into_response()
}

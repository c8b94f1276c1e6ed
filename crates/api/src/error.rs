//! Errors: every failure is answered with a fitting status and, on the API, the JSON body
//! `{"error": "…"}`; pages get an HTML error page.

use axum::Json;
use axum::extract::Request;
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// The body of every API error response.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct ErrorBody {
    pub error: String,
}

/// A request that could not be answered, and why.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ApiError {
    /// A malformed parameter or body (400).
    #[error("{0}")]
    BadRequest(String),
    /// A write without the right bearer token (401).
    #[error("missing or wrong bearer token")]
    Unauthorized,
    /// No such story or article (404).
    #[error("{0}")]
    NotFound(String),
    /// Body over the size limit (413).
    #[error("{0}")]
    PayloadTooLarge(String),
    /// Body that is not JSON (415).
    #[error("{0}")]
    UnsupportedMediaType(String),
    /// Well-formed but nothing could be taken (422).
    #[error("{0}")]
    Unprocessable(String),
    /// The backend cannot serve now, e.g. the database is locked (503).
    #[error("{0}")]
    Unavailable(String),
    /// A bug or an unexpected storage failure (500).
    #[error("{0}")]
    Internal(String),
}

impl ApiError {
    pub fn status(&self) -> StatusCode {
        match self {
            ApiError::BadRequest(_) => StatusCode::BAD_REQUEST,
            ApiError::Unauthorized => StatusCode::UNAUTHORIZED,
            ApiError::NotFound(_) => StatusCode::NOT_FOUND,
            ApiError::PayloadTooLarge(_) => StatusCode::PAYLOAD_TOO_LARGE,
            ApiError::UnsupportedMediaType(_) => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            ApiError::Unprocessable(_) => StatusCode::UNPROCESSABLE_ENTITY,
            ApiError::Unavailable(_) => StatusCode::SERVICE_UNAVAILABLE,
            ApiError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let status = self.status();
        if status.is_server_error() {
            eprintln!("factline serve: {status}: {self}");
        }
        let mut resp = (
            status,
            Json(ErrorBody {
                error: self.to_string(),
            }),
        )
            .into_response();
        if status == StatusCode::UNAUTHORIZED {
            resp.headers_mut()
                .insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
        }
        resp
    }
}

/// Paths answered in JSON (the rest are pages).
pub(crate) fn is_api_path(path: &str) -> bool {
    path.starts_with("/api/")
        || path == "/api"
        || path == "/openapi.json"
        || path == "/healthz"
        || path.starts_with("/static/")
}

/// Unknown routes.
pub(crate) async fn fallback(req: Request) -> Response {
    let path = req.uri().path().to_string();
    if is_api_path(&path) {
        ApiError::NotFound(format!("no route for {path}")).into_response()
    } else {
        crate::ui::error_page(StatusCode::NOT_FOUND, "There is no page at this address.")
    }
}

/// Gives a body to bare error responses made by layers and the router (405, 408, 413,
/// 503 on timeout…): JSON on the API, an HTML page elsewhere.
pub(crate) async fn error_bodies(req: Request, next: Next) -> Response {
    let api = is_api_path(req.uri().path());
    let resp = next.run(req).await;
    let status = resp.status();
    if !(status.is_client_error() || status.is_server_error()) {
        return resp;
    }
    let typed = resp
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|ct| ct.starts_with("application/json") || ct.starts_with("text/html"));
    if typed {
        return resp;
    }
    let reason = match status {
        StatusCode::SERVICE_UNAVAILABLE => "the request took too long or the server is busy",
        StatusCode::PAYLOAD_TOO_LARGE => "request body too large",
        StatusCode::METHOD_NOT_ALLOWED => "method not allowed on this route",
        s => s.canonical_reason().unwrap_or("error"),
    };
    let (mut parts, _) = resp.into_parts();
    parts.headers.remove(header::CONTENT_LENGTH);
    parts.headers.remove(header::CONTENT_TYPE);
    let body = if api {
        (
            status,
            Json(ErrorBody {
                error: reason.to_string(),
            }),
        )
            .into_response()
    } else {
        crate::ui::error_page(status, reason)
    };
    let (new_parts, body) = body.into_parts();
    for (k, v) in new_parts.headers.iter() {
        parts.headers.insert(k.clone(), v.clone());
    }
    Response::from_parts(parts, body)
}

//! Every route through the router with an in-memory backend: statuses, shapes, errors.

mod common;

use std::time::Duration;

use axum::body::Body;
use axum::http::{Request, StatusCode};
use common::*;
use factline_api::{ApiConfig, ApiError};

#[tokio::test]
async fn healthz() {
    let r = get(&app(false), "/healthz").await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.json()["status"], "ok");
}

#[tokio::test]
async fn story_list_pages_and_validates() {
    let app = app(false);
    let r = get(&app, "/api/stories").await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.headers["x-total-count"], "2");
    let list = r.json();
    assert_eq!(list.as_array().unwrap().len(), 2);
    assert_eq!(list[0]["id"], "quake-2024-03-22");
    assert_eq!(list[0]["headline_figures"]["killed"], 93);
    assert_eq!(list[0]["first_seen"], "2024-03-22");

    let r = get(&app, "/api/stories?limit=1&offset=1").await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.json()[0]["id"], "other");
    assert_eq!(r.headers["x-total-count"], "2");

    let r = get(&app, "/api/stories?as_of=2024-02-01").await;
    assert_eq!(r.json().as_array().unwrap().len(), 1);
    // Empty form fields count as absent.
    assert_eq!(
        get(&app, "/api/stories?as_of=&limit=").await.status,
        StatusCode::OK
    );

    for bad in [
        "/api/stories?limit=0",
        "/api/stories?limit=abc",
        "/api/stories?limit=100000",
        "/api/stories?offset=-1",
        "/api/stories?as_of=2024-13-01",
        "/api/stories?as_of=yesterday",
    ] {
        let msg = get(&app, bad).await.assert_error(StatusCode::BAD_REQUEST);
        assert!(!msg.is_empty(), "{bad}");
    }
}

#[tokio::test]
async fn one_story_by_id_alias_and_date() {
    let app = app(false);
    let r = get(&app, "/api/stories/quake-2024-03-22").await;
    assert_eq!(r.status, StatusCode::OK);
    let s = r.json();
    assert_eq!(s["figures"]["killed"]["value"], 93);
    assert_eq!(
        s["figures"]["killed"]["history"][0]["attributed_to"][0],
        "officials"
    );
    assert_eq!(s["claims"][0]["disputed_by"][0]["kind"], "denied");

    // An old id resolves to the story.
    let r = get(&app, "/api/stories/old-quake-id").await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.json()["id"], "quake-2024-03-22");

    let r = get(&app, "/api/stories/quake-2024-03-22?as_of=2024-03-22").await;
    assert_eq!(r.json()["as_of"], "2024-03-22");

    let msg = get(&app, "/api/stories/nope")
        .await
        .assert_error(StatusCode::NOT_FOUND);
    assert!(msg.contains("nope"), "{msg}");
    get(&app, "/api/stories/quake-2024-03-22?as_of=2020-01-01")
        .await
        .assert_error(StatusCode::NOT_FOUND);
    let msg = get(&app, "/api/stories/quake-2024-03-22?as_of=2024-02-30")
        .await
        .assert_error(StatusCode::BAD_REQUEST);
    assert!(msg.contains("as_of"), "{msg}");
    // Percent-encoded ids are decoded.
    assert_eq!(
        get(&app, "/api/stories/quake%2D2024-03-22").await.status,
        StatusCode::OK
    );
}

#[tokio::test]
async fn one_article() {
    let app = app(false);
    let r = get(&app, "/api/articles/a1").await;
    assert_eq!(r.status, StatusCode::OK);
    let a = r.json();
    assert_eq!(a["id"], "a1");
    assert_eq!(a["story"], "quake-2024-03-22");
    assert!(
        a["clean"]["body"]
            .as_str()
            .unwrap()
            .starts_with("Über Zürich")
    );
    assert_eq!(a["facts"]["figures"][0]["value"], 40);
    get(&app, "/api/articles/zzz")
        .await
        .assert_error(StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn search_validates_and_answers() {
    let app = app(false);
    let r = get(&app, "/api/search?q=killed").await;
    assert_eq!(r.status, StatusCode::OK);
    let v = r.json();
    assert_eq!(v["total"], 1);
    assert_eq!(v["hits"][0]["id"], "a1");
    assert_eq!(v["hits"][0]["story"], "quake-2024-03-22");
    let r = get(
        &app,
        "/api/search?q=the&from=2024-03-23&to=2024-03-23&limit=5&offset=0",
    )
    .await;
    assert_eq!(r.json()["hits"][0]["id"], "a2");

    for bad in [
        "/api/search",
        "/api/search?q=",
        "/api/search?q=x&from=2024-03-24&to=2024-03-01",
        "/api/search?q=x&from=03/01/2024",
        "/api/search?q=x&limit=none",
    ] {
        get(&app, bad).await.assert_error(StatusCode::BAD_REQUEST);
    }
}

#[tokio::test]
async fn post_one_or_many_articles() {
    let app = app(false);
    let one = r#"{"id":"n1","published":"2024-03-24","title":"T","text":"Five died."}"#;
    let r = post_json(&app, "/api/articles", one, None).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let v = r.json();
    assert_eq!(
        (v["new"].as_u64(), v["rejected"].as_u64()),
        (Some(1), Some(0))
    );
    assert_eq!(v["items"][0]["status"], "new");
    assert_eq!(v["items"][0]["id"], "n1");

    // An array: new, unchanged, a bad date, a shape error (unknown field), no body.
    let many = r#"[
        {"id":"n2","published":"2024-03-24T10:00:00Z","html":"<p>Ten died.</p>"},
        {"id":"a1","published":"2024-03-22","text":"same"},
        {"id":"n3","published":"someday","text":"x"},
        {"id":"n4","published":"2024-03-24","text":"x","colour":"red"},
        {"id":"n5","published":"2024-03-24"}
    ]"#;
    let r = post_json(&app, "/api/articles", many, None).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let v = r.json();
    assert_eq!(v["new"], 1);
    assert_eq!(v["unchanged"], 1);
    assert_eq!(v["rejected"], 3);
    let items = v["items"].as_array().unwrap();
    assert_eq!(items.len(), 5);
    let statuses: Vec<&str> = items
        .iter()
        .map(|i| i["status"].as_str().unwrap())
        .collect();
    assert_eq!(
        statuses,
        ["new", "unchanged", "rejected", "rejected", "rejected"]
    );
    for (i, item) in items.iter().enumerate() {
        assert_eq!(item["index"], i);
    }
    assert!(items[2]["error"].as_str().unwrap().contains("someday"));
    assert!(items[3]["error"].as_str().unwrap().contains("colour"));
    assert!(items[4]["error"].as_str().unwrap().contains("neither"));

    // Nothing new: 200.
    let r = post_json(
        &app,
        "/api/articles",
        r#"{"id":"a2","published":"2024-03-23","text":"x"}"#,
        None,
    )
    .await;
    assert_eq!(r.status, StatusCode::OK);
    // Nothing taken: 422 with the report and an error.
    let r = post_json(
        &app,
        "/api/articles",
        r#"[{"published":"x","text":"y"}]"#,
        None,
    )
    .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(r.json()["rejected"], 1);
    assert!(r.json()["error"].is_string());
}

#[tokio::test]
async fn post_rejects_bad_bodies() {
    let app = app(false);
    let msg = post_json(&app, "/api/articles", "{\"id\": ", None)
        .await
        .assert_error(StatusCode::BAD_REQUEST);
    assert!(msg.contains("malformed JSON"), "{msg}");
    post_json(&app, "/api/articles", "not json at all", None)
        .await
        .assert_error(StatusCode::BAD_REQUEST);
    post_json(&app, "/api/articles", "[]", None)
        .await
        .assert_error(StatusCode::BAD_REQUEST);
    post_json(&app, "/api/articles", "42", None)
        .await
        .assert_error(StatusCode::BAD_REQUEST);
    let r = send(
        &app,
        Request::post("/api/articles")
            .header("content-type", "text/plain")
            .body(Body::from("{}"))
            .unwrap(),
    )
    .await;
    r.assert_error(StatusCode::UNSUPPORTED_MEDIA_TYPE);
}

#[tokio::test]
async fn oversized_body_is_413() {
    let config = ApiConfig {
        body_limit: 1024,
        ..ApiConfig::default()
    };
    let app = app_with(FakeBackend::new(fixture(false)), config);
    let big = format!(
        r#"{{"id":"big","published":"2024-03-24","text":"{}"}}"#,
        "x".repeat(4096)
    );
    post_json(&app, "/api/articles", &big, None)
        .await
        .assert_error(StatusCode::PAYLOAD_TOO_LARGE);
    // Without a Content-Length (streamed), the limit still holds.
    let chunks: Vec<Result<String, std::io::Error>> = (0..8).map(|_| Ok("x".repeat(512))).collect();
    let stream = Body::from_stream(futures_stream(chunks));
    let r = send(
        &app,
        Request::post("/api/articles")
            .header("content-type", "application/json")
            .body(stream)
            .unwrap(),
    )
    .await;
    r.assert_error(StatusCode::PAYLOAD_TOO_LARGE);
    // The default limit is 8 MiB.
    let app = app_with(FakeBackend::new(fixture(false)), ApiConfig::default());
    let huge = format!(
        r#"{{"id":"big","published":"2024-03-24","text":"{}"}}"#,
        "x".repeat(9 * 1024 * 1024)
    );
    post_json(&app, "/api/articles", &huge, None)
        .await
        .assert_error(StatusCode::PAYLOAD_TOO_LARGE);
}

#[tokio::test]
async fn token_guards_writes_only() {
    let config = ApiConfig {
        token: Some("s3cret".into()),
        ..ApiConfig::default()
    };
    let app = app_with(FakeBackend::new(fixture(false)), config);
    let body = r#"{"id":"n1","published":"2024-03-24","text":"Five died."}"#;
    let r = post_json(&app, "/api/articles", body, None).await;
    r.assert_error(StatusCode::UNAUTHORIZED);
    assert_eq!(r.headers["www-authenticate"], "Bearer");
    post_json(&app, "/api/articles", body, Some("wrong"))
        .await
        .assert_error(StatusCode::UNAUTHORIZED);
    post_json(&app, "/api/articles", body, Some("s3cret!"))
        .await
        .assert_error(StatusCode::UNAUTHORIZED);
    let r = send(
        &app,
        Request::post("/api/articles")
            .header("content-type", "application/json")
            .header("authorization", "Basic czNjcmV0")
            .body(Body::from(body))
            .unwrap(),
    )
    .await;
    r.assert_error(StatusCode::UNAUTHORIZED);
    // The token is checked before the body is read: an oversized body without it is 401.
    let huge = "x".repeat(9 * 1024 * 1024);
    post_json(&app, "/api/articles", &huge, None)
        .await
        .assert_error(StatusCode::UNAUTHORIZED);
    let r = post_json(&app, "/api/articles", body, Some("s3cret")).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    // Reads need no token.
    assert_eq!(get(&app, "/api/stories").await.status, StatusCode::OK);
    assert_eq!(get(&app, "/").await.status, StatusCode::OK);
}

#[tokio::test]
async fn backend_errors_map_to_statuses() {
    let mut b = FakeBackend::new(fixture(false));
    b.fail = Some(ApiError::Unavailable("database is locked".into()));
    let app = app_with(b, ApiConfig::default());
    let msg = get(&app, "/api/stories")
        .await
        .assert_error(StatusCode::SERVICE_UNAVAILABLE);
    assert!(msg.contains("locked"));
    let mut b = FakeBackend::new(fixture(false));
    b.fail = Some(ApiError::Internal("disk on fire".into()));
    let app = app_with(b, ApiConfig::default());
    get(&app, "/api/stories/x")
        .await
        .assert_error(StatusCode::INTERNAL_SERVER_ERROR);
    // Pages answer with an HTML error page.
    let r = get(&app, "/stories/x").await;
    assert_eq!(r.status, StatusCode::INTERNAL_SERVER_ERROR);
    assert!(r.content_type().starts_with("text/html"));
}

#[tokio::test]
async fn slow_requests_time_out() {
    let mut b = FakeBackend::new(fixture(false));
    b.delay = Some(Duration::from_millis(500));
    let config = ApiConfig {
        timeout: Duration::from_millis(50),
        ..ApiConfig::default()
    };
    let app = app_with(b, config);
    get(&app, "/api/stories")
        .await
        .assert_error(StatusCode::SERVICE_UNAVAILABLE);
}

#[tokio::test]
async fn unknown_routes_and_methods() {
    let app = app(false);
    get(&app, "/api/nothing")
        .await
        .assert_error(StatusCode::NOT_FOUND);
    let r = send(
        &app,
        Request::delete("/api/stories").body(Body::empty()).unwrap(),
    )
    .await;
    r.assert_error(StatusCode::METHOD_NOT_ALLOWED);
    let r = get(&app, "/no/such/page").await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    assert!(r.content_type().starts_with("text/html"));
    assert!(r.body.contains("404"));
}

#[tokio::test]
async fn openapi_document_covers_every_route() {
    let app = app(false);
    let r = get(&app, "/openapi.json").await;
    assert_eq!(r.status, StatusCode::OK);
    let doc = r.json();
    assert!(doc["openapi"].as_str().unwrap().starts_with('3'));
    for (path, method) in [
        ("/api/stories", "get"),
        ("/api/stories/{id}", "get"),
        ("/api/articles/{id}", "get"),
        ("/api/articles", "post"),
        ("/api/search", "get"),
        ("/healthz", "get"),
    ] {
        assert!(doc["paths"][path][method].is_object(), "{method} {path}");
    }
    let schemas = &doc["components"]["schemas"];
    for name in [
        "StorySummary",
        "StoryState",
        "FigureState",
        "HistoryEntry",
        "ArticleDetail",
        "ArticleInput",
        "IngestReport",
        "SearchResults",
        "SearchHit",
        "ErrorBody",
        "FigureKind",
        "Qualifier",
    ] {
        assert!(schemas[name].is_object(), "schema {name}");
    }
    // Dates are strings in date format, not jiff internals.
    assert_eq!(
        schemas["StorySummary"]["properties"]["first_seen"]["format"],
        "date"
    );
    assert_eq!(
        schemas["StorySummary"]["properties"]["first_seen"]["type"],
        "string"
    );
    let q = &schemas["Qualifier"]["enum"];
    assert!(q.as_array().unwrap().iter().any(|v| v == "at_least"), "{q}");
}

#[tokio::test]
async fn docs_page_is_local() {
    let app = app(false);
    let r = get(&app, "/docs").await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.content_type().starts_with("text/html"));
    assert!(r.body.contains("/openapi.json"));
    assert!(r.body.contains("<script src=\"/static/docs.js\""));
    assert!(
        !r.body.contains("<script src=\"http"),
        "no external scripts"
    );
    let js = get(&app, "/static/docs.js").await;
    assert_eq!(js.status, StatusCode::OK);
    assert!(js.content_type().starts_with("text/javascript"));
    assert!(js.body.contains("fetch(\"/openapi.json\""));
    assert!(!js.body.contains("innerHTML"));
    assert_eq!(get(&app, "/static/app.js").await.status, StatusCode::OK);
}

#[tokio::test]
async fn pages_render() {
    let app = app(false);
    let r = get(&app, "/").await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.content_type().starts_with("text/html"));
    assert!(
        r.headers["content-security-policy"]
            .to_str()
            .unwrap()
            .contains("default-src 'none'")
    );
    assert!(r.body.contains("<meta name=\"viewport\""));
    assert!(r.body.contains("href=\"/stories/quake-2024-03-22\""));
    assert!(r.body.contains("class=\"sparkline\""));
    assert!(r.body.contains("Killed: <b>93</b>"));
    assert!(r.body.contains("<main"));

    let r = get(&app, "/stories/quake-2024-03-22").await;
    assert_eq!(r.status, StatusCode::OK);
    let b = &r.body;
    assert!(
        b.contains("<svg class=\"chart\" id=\"chart-killed\""),
        "chart"
    );
    assert!(b.contains("role=\"img\""));
    assert!(b.contains("<title id=\"chart-killed-t\">"));
    assert!(b.contains("<input type=\"date\" id=\"as_of\" name=\"as_of\""));
    assert!(b.contains("<label for=\"as_of\">"));
    assert!(b.contains("sources conflict"));
    assert!(b.contains("Denied by The Army"));
    assert!(b.contains("given as outdated"));
    // Two series: officials and ministry (plus the unattributed superseded report).
    assert!(b.contains(">officials</li>") && b.contains(">ministry</li>"));
    // Briefing citations link known articles only.
    assert!(b.contains("<a class=\"cite\" href=\"/articles/a1\""));
    assert!(b.contains("Unknown [zz]."));
    assert!(b.contains("90–93"), "range of the latest reports");

    let r = get(&app, "/stories/old-quake-id?as_of=2024-03-22").await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.body.contains("value=\"2024-03-22\""));
    assert!(r.body.contains("Show latest"));

    let r = get(&app, "/stories/nope").await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    assert!(r.content_type().starts_with("text/html"));
    let r = get(&app, "/stories/quake-2024-03-22?as_of=bad").await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert!(r.content_type().starts_with("text/html"));

    let r = get(&app, "/articles/a1").await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(
        r.body.contains(
            "<mark class=\"fig\" title=\"killed: at least 40 (qualifier at_least; according to officials); rule verb_passive\">at least 40 people were killed</mark>"
        ),
        "{}",
        r.body
    );
    assert!(r.body.contains("<mark class=\"claim\""));
    assert!(r.body.contains("Über Zürich: "));
    assert!(r.body.contains("href=\"https://news.example/a1\""));
    assert!(r.body.contains("<a href=\"/stories/quake-2024-03-22\">"));
    assert_eq!(
        get(&app, "/articles/nope").await.status,
        StatusCode::NOT_FOUND
    );

    let r = get(&app, "/search?q=killed").await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.body.contains("<mark class=\"hit\">killed</mark>"));
    assert!(r.body.contains("Results 1–1 of 1"));
    let r = get(&app, "/search").await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(
        r.body
            .contains("<input type=\"search\" id=\"q\" name=\"q\" value=\"\"")
    );
    let r = get(&app, "/search?q=x&from=2024-99-01").await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert!(r.body.contains("role=\"alert\""));
}

/// A body stream of the given chunks (no Content-Length).
fn futures_stream(
    chunks: Vec<Result<String, std::io::Error>>,
) -> impl futures_core::Stream<Item = Result<String, std::io::Error>> + Send + 'static {
    struct Chunks(std::vec::IntoIter<Result<String, std::io::Error>>);
    impl futures_core::Stream for Chunks {
        type Item = Result<String, std::io::Error>;
        fn poll_next(
            mut self: std::pin::Pin<&mut Self>,
            _: &mut std::task::Context<'_>,
        ) -> std::task::Poll<Option<Self::Item>> {
            std::task::Poll::Ready(self.0.next())
        }
    }
    Chunks(chunks.into_iter())
}

/// Corrections: made with who and why behind the write token, listed per story, undone on
/// record; malformed bodies and unknown stories get their statuses.
#[tokio::test]
async fn corrections_are_made_listed_and_undone() {
    let config = ApiConfig {
        token: Some("s3cret".into()),
        ..ApiConfig::default()
    };
    let app = app_with(FakeBackend::new(fixture(false)), config);
    let id = fixture(false).story.id;
    let uri = format!("/api/stories/{id}/corrections");
    let body =
        r#"{"action":"pin","kind":"killed","value":41,"who":"ana","why":"ministry briefing"}"#;
    post_json(&app, &uri, body, None)
        .await
        .assert_error(StatusCode::UNAUTHORIZED);
    let r = post_json(&app, &uri, body, Some("s3cret")).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let c = r.json();
    assert_eq!(
        (c["id"].as_i64(), c["action"].as_str()),
        (Some(1), Some("pin"))
    );
    assert_eq!(c["qualifier"], "exact");
    assert_eq!(c["made"]["who"], "ana");
    post_json(
        &app,
        &uri,
        r#"{"action":"explode","who":"a","why":"b"}"#,
        Some("s3cret"),
    )
    .await
    .assert_error(StatusCode::BAD_REQUEST);
    post_json(
        &app,
        "/api/stories/nope/corrections",
        r#"{"action":"rename","title":"T","who":"a","why":"b"}"#,
        Some("s3cret"),
    )
    .await
    .assert_error(StatusCode::NOT_FOUND);
    let list = get(&app, &format!("/api/corrections?story={id}")).await;
    assert_eq!(list.json().as_array().map(Vec::len), Some(1));
    let undo = r#"{"who":"ben","why":"briefing retracted"}"#;
    post_json(&app, "/api/corrections/1/undo", undo, None)
        .await
        .assert_error(StatusCode::UNAUTHORIZED);
    let r = post_json(&app, "/api/corrections/1/undo", undo, Some("s3cret")).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.json()["undone"]["who"], "ben");
    post_json(&app, "/api/corrections/x/undo", undo, Some("s3cret"))
        .await
        .assert_error(StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn exports_by_file_name_story_and_date() {
    let app = app(false);
    let r = get(
        &app,
        "/api/export/figures.csv?story=quake-2024-03-22&as_of=2024-03-23",
    )
    .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert!(r.content_type().starts_with("text/csv"), "{:?}", r.headers);
    assert_eq!(
        r.headers["content-disposition"],
        "attachment; filename=\"quake-2024-03-22-figures.csv\""
    );
    assert_eq!(r.body, "figures csv quake-2024-03-22 2024-03-23\n");

    // All stories, JSON Lines; an alias is a story too.
    let r = get(&app, "/api/export/claims.jsonl").await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.content_type().starts_with("application/jsonl"));
    assert_eq!(r.body, "claims jsonl all \n");
    assert!(
        r.headers["content-disposition"]
            .to_str()
            .unwrap()
            .contains("all-stories-claims.jsonl")
    );

    // The briefing as a standalone HTML document, its citations kept as links to sources.
    let r = get(&app, "/api/export/briefing.html?story=quake-2024-03-22").await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert!(r.content_type().starts_with("text/html"));
    assert!(r.body.starts_with("<!doctype html>"), "{}", r.body);
    assert!(r.body.contains("<h1>"), "{}", r.body);
    assert!(!r.body.contains("<script"), "{}", r.body);

    for (bad, status) in [
        ("/api/export/figures.xls", StatusCode::NOT_FOUND),
        ("/api/export/pictures.csv", StatusCode::NOT_FOUND),
        ("/api/export/figures", StatusCode::NOT_FOUND),
        (
            "/api/export/briefing.csv?story=quake-2024-03-22",
            StatusCode::NOT_FOUND,
        ),
        (
            "/api/export/timeline.md?story=quake-2024-03-22",
            StatusCode::NOT_FOUND,
        ),
        ("/api/export/briefing.md", StatusCode::BAD_REQUEST),
        (
            "/api/export/figures.csv?as_of=soon",
            StatusCode::BAD_REQUEST,
        ),
        ("/api/export/figures.csv?story=nope", StatusCode::NOT_FOUND),
    ] {
        let msg = get(&app, bad).await.assert_error(status);
        assert!(!msg.is_empty(), "{bad}");
    }
}

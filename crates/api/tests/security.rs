//! Hostile text in articles, titles, urls, authorities, actors and ids renders inert on
//! every page: escaped, never markup, never a `javascript:` link.

mod common;

use axum::http::StatusCode;
use common::*;

/// Fail when `html` contains live markup from [`EVIL`].
fn assert_inert(page: &str, html: &str) {
    let lower = html.to_lowercase();
    assert!(!lower.contains("<script>alert"), "{page}: live <script>");
    assert!(
        !lower.contains("<b>x</b>"),
        "{page}: live markup from an id"
    );
    assert!(!lower.contains("<i>"), "{page}: live markup from an id");
    assert!(
        !lower.contains("\" onmouseover=\"x"),
        "{page}: attribute injection"
    );
    for attr in ["href", "src", "action", "formaction", "xlink:href"] {
        for quote in ['"', '\''] {
            let needle = format!("{attr}={quote}javascript:");
            assert!(!lower.contains(&needle), "{page}: {needle}");
            let needle = format!("{attr}={quote} javascript:");
            assert!(!lower.contains(&needle), "{page}: {needle}");
        }
    }
    // Every <script> is our own file.
    for (i, _) in lower.match_indices("<script") {
        let tag = &lower[i..lower[i..].find('>').map_or(lower.len(), |e| i + e + 1)];
        assert!(
            tag == "<script src=\"/static/app.js\" defer>"
                || tag == "<script src=\"/static/docs.js\" defer>",
            "{page}: unexpected {tag}"
        );
    }
}

#[tokio::test]
async fn every_page_renders_hostile_text_inert() {
    let app = app(true);
    let fx = fixture(true);
    let story = factline_api_href("/stories/", &fx.story.id);
    let article = factline_api_href("/articles/", &fx.articles[0].article.id);
    let pages = [
        "/".to_string(),
        story.clone(),
        format!("{story}?as_of=2024-03-22"),
        article.clone(),
        "/articles/a2".to_string(),
        "/search?q=alert".to_string(),
        "/search?q=%3Cscript%3Ealert(1)%3C%2Fscript%3E%22%20onmouseover%3D%22x".to_string(),
        "/search?q=x&from=%3Cscript%3E".to_string(),
        "/stories/%3Cscript%3Ealert(1)%3C%2Fscript%3E".to_string(),
        "/docs".to_string(),
        "/%3Cscript%3Ealert(1)%3C%2Fscript%3E".to_string(),
    ];
    for p in &pages {
        let r = get(&app, p).await;
        assert!(
            r.status == StatusCode::OK
                || r.status == StatusCode::NOT_FOUND
                || r.status == StatusCode::BAD_REQUEST,
            "{p}: {}",
            r.status
        );
        assert!(r.content_type().starts_with("text/html"), "{p}");
        assert_inert(p, &r.body);
    }
    // The hostile text is shown (escaped), not dropped.
    let r = get(&app, &story).await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.body.contains("&#60;script&#62;alert(1)&#60;/script&#62;"));
    assert!(r.body.contains("&#34; onmouseover=&#34;x"));
    let r = get(&app, &article).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert!(r.body.contains("&#60;script&#62;alert(1)&#60;/script&#62;"));
    // A javascript: url is shown as text, not linked.
    assert!(r.body.contains("<code>javascript:alert(3)</code>"));
    // The explanation in a mark's title attribute is escaped too.
    assert!(r.body.contains("according to officials &#60;script&#62;"));
    let r = get(
        &app,
        "/search?q=%3Cscript%3Ealert(1)%3C%2Fscript%3E%22%20onmouseover%3D%22x",
    )
    .await;
    assert!(
        r.body.contains(
            "value=\"&#60;script&#62;alert(1)&#60;/script&#62;&#34; onmouseover=&#34;x\""
        )
    );
}

#[tokio::test]
async fn links_to_hostile_ids_are_percent_encoded() {
    let app = app(true);
    let r = get(&app, "/").await;
    // quake-"<b>x</b> → quake-%22%3Cb%3Ex%3C%2Fb%3E
    assert!(
        r.body
            .contains("href=\"/stories/quake-%22%3Cb%3Ex%3C%2Fb%3E\""),
        "{}",
        r.body
    );
    let r = get(&app, "/stories/quake-%22%3Cb%3Ex%3C%2Fb%3E").await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.body.contains("href=\"/articles/a1%22%3Ci%3E\""));
    // The form posts back to the encoded path.
    assert!(
        r.body
            .contains("action=\"/stories/quake-%22%3Cb%3Ex%3C%2Fb%3E\"")
    );
}

#[tokio::test]
async fn json_stays_json() {
    // The API returns hostile text verbatim inside JSON, typed and not sniffable as HTML.
    let app = app(true);
    let r = get(&app, "/api/articles/a1%22%3Ci%3E").await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.content_type().starts_with("application/json"));
    assert_eq!(r.headers["x-content-type-options"], "nosniff");
    assert!(r.json()["title"].as_str().unwrap().contains("<script>"));
    // Errors that echo input are JSON too.
    let r = get(&app, "/api/stories/%3Cscript%3E").await;
    let msg = r.assert_error(StatusCode::NOT_FOUND);
    assert!(msg.contains("<script>"));
}

fn factline_api_href(prefix: &str, id: &str) -> String {
    let mut out = String::from(prefix);
    for b in id.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

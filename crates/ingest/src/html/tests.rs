//! Golden tests on small pages written for factline.

use super::*;

#[test]
fn text_title_date() {
    let page = r#"<html><head><title>Ignored</title>
        <meta property="og:title" content="Quake &amp; aftermath">
        <meta property="article:published_time" content="2024-03-23T10:00:00Z">
        <script>var x = "<p>not text</p>";</script><style>p{}</style></head>
        <body><nav>Home | World</nav><article><h1>Quake</h1><p>At least 12
        people died.</p><p>Rescuers&nbsp;dug.</p></article><footer>© Paper</footer></body></html>"#;
    let a = parse_page("p.html", page.as_bytes()).unwrap();
    assert_eq!(a.title.as_deref(), Some("Quake & aftermath"));
    assert_eq!(a.published.to_string(), "2024-03-23");
    assert_eq!(a.body, "At least 12 people died.\n\nRescuers dug.");
}

#[test]
fn page_without_date_is_rejected() {
    let e = parse_page("p.html", b"<p>Text only.</p>").unwrap_err();
    assert!(e.reason.contains("no publication date"));
}

//! Golden tests on small pages written for factline (no third-party page text).

use super::*;

/// Prose long enough to look like an article paragraph.
fn para(topic: &str) -> String {
    format!(
        "<p>The {topic} continued through the night, officials said, while volunteers, \
         neighbours and crews from three towns worked side by side to reach the houses \
         that the water had cut off from the main road.</p>"
    )
}

fn page(head: &str, body: &str) -> String {
    format!(
        "<!doctype html><html><head><meta charset=utf-8>{head}</head><body>{body}</body></html>"
    )
}

const DATED: &str =
    r#"<meta property="article:published_time" content="2024-03-23T10:00:00+01:00">"#;

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
    let e = parse_page("p.html", page(DATED, "").as_bytes()).unwrap_err();
    assert!(e.reason.contains("no text"));
}

#[test]
fn ampersand_before_multibyte_text_never_panics() {
    // The old entity decoder sliced 12 bytes after '&', inside a multi-byte character.
    for (s, want) in [
        ("&한국어 기사입니다", "&한국어 기사입니다"),
        ("&Straßenbahn&Übergänge", "&Straßenbahn&Übergänge"),
        ("&#x1F600;&amp;&ä;", "\u{1F600}&&ä;"),
        ("x &", "x &"),
    ] {
        let p = page(DATED, &format!("<article><p>{s}</p></article>"));
        assert_eq!(parse_page("p.html", p.as_bytes()).unwrap().body, want);
    }
    assert_eq!(html_to_text("<p>&한국 &amp; 독일</p>"), "&한국 & 독일");
}

#[test]
fn form_wrapped_page_gives_its_text() {
    let body = format!(
        r#"<form id="mainform" action="/page.aspx" method="post">
        <input type="hidden" name="__state" value="x">
        <div class="layout"><div class="story">{}{}{}</div></div></form>"#,
        para("flood"),
        para("rain"),
        para("search")
    );
    let p = read_page(page(DATED, &body).as_bytes());
    assert!(p.text.contains("The flood continued"), "{}", p.text);
    assert!(p.text.contains("The search continued"));
}

#[test]
fn scripts_with_markup_in_strings_stay_scripts() {
    let body = format!(
        r#"<script>document.write("<script src='a.js'></scr" + "ipt><div>");
        var s = "</div><p>fake paragraph</p>";</script>
        <article>{}{}</article><script>if (a < b && c > d) {{ x("<article>"); }}</script>"#,
        para("flood"),
        para("rain")
    );
    let p = read_page(page(DATED, &body).as_bytes());
    assert!(p.text.contains("The flood continued"), "{}", p.text);
    assert!(p.text.contains("The rain continued"));
    assert!(!p.text.contains("fake paragraph"));
    assert!(!p.text.contains("document.write"));
}

#[test]
fn teasers_related_comments_cookies_and_menus_are_dropped() {
    let body = format!(
        r#"<div id="cookie-banner"><p>We use cookies to improve your experience, to measure
        audiences and to show you offers. Accept all or manage your choices.</p></div>
        <header class="site-header"><a href="/">Daily Paper</a><ul class="menu">
        <li><a href="/world">World</a></li><li><a href="/sport">Sport</a></li></ul></header>
        <main><article><h1>Flood</h1>{}{}{}
        <div class="related-articles"><h3>Read more</h3><ul><li><a href="/a">Storm hits the
        coast again, three weeks after the last one</a></li><li><a href="/b">River levels
        keep rising in the north</a></li></ul></div>
        <aside class="teaser"><p>Subscribe now: the first month is free for new readers,
        cancel at any time, no questions asked.</p></aside>
        </article>
        <section id="comments" class="comments"><h3>Comments</h3><div class="comment"><p>I
        live there, and honestly, this has been coming for years, nobody listened.</p></div>
        </section></main>
        <footer><p>Copyright, terms, privacy, and the other links every page carries.</p></footer>"#,
        para("flood"),
        para("rain"),
        para("search")
    );
    let p = read_page(page(DATED, &body).as_bytes());
    for kept in [
        "The flood continued",
        "The rain continued",
        "The search continued",
    ] {
        assert!(p.text.contains(kept), "{kept} missing from {}", p.text);
    }
    for dropped in [
        "cookies",
        "World",
        "Storm hits",
        "Subscribe",
        "nobody listened",
        "Copyright",
        "Read more",
    ] {
        assert!(!p.text.contains(dropped), "{dropped} kept in {}", p.text);
    }
}

#[test]
fn article_header_and_figcaption_are_kept() {
    let body = format!(
        r#"<header class="masthead"><a href="/">Daily Paper</a></header>
        <article><header class="article-header"><h1>Flood</h1><p class="standfirst">Three
        towns were cut off for two days, and the water is still rising.</p></header>
        {}<figure><img src="f.jpg" alt=""><figcaption>Volunteers carry sandbags to the
        river bank on Saturday.</figcaption></figure>{}{}</article>"#,
        para("flood"),
        para("rain"),
        para("search")
    );
    let p = read_page(page(DATED, &body).as_bytes());
    assert!(p.text.contains("Three towns were cut off"), "{}", p.text);
    assert!(p.text.contains("Volunteers carry sandbags"), "{}", p.text);
    assert!(!p.text.contains("Daily Paper"));
}

#[test]
fn windows_1252_bytes_without_charset() {
    let mut bytes = DATED.as_bytes().to_vec();
    bytes.extend_from_slice(b"<article><p>\x93Caf\xE9\x94 \x96 na\xEFve, \x80 5</p></article>");
    let a = parse_page("p.html", &bytes).unwrap();
    assert_eq!(a.body, "\u{201c}Café\u{201d} \u{2013} naïve, € 5");
}

#[test]
fn meta_charset_iso_8859_1() {
    let mut bytes =
        b"<html><head><meta charset=\"iso-8859-1\"><meta name=\"date\" content=\"2024-03-23\">"
            .to_vec();
    bytes.extend_from_slice(b"</head><body><p>Stra\xDFe, Gr\xFC\xDFe</p></body></html>");
    let a = parse_page("p.html", &bytes).unwrap();
    assert_eq!(a.body, "Straße, Grüße");
    let mut bytes =
        b"<meta http-equiv=\"content-type\" content=\"text/html; charset=ISO-8859-1\">".to_vec();
    bytes.extend_from_slice(b"<time datetime=\"2024-03-23\"></time><p>Se\xF1or</p>");
    assert_eq!(parse_page("p.html", &bytes).unwrap().body, "Señor");
}

#[test]
fn json_ld_dates_plain_and_in_graph() {
    let ld = r#"<script type="application/ld+json">{"@context":"https://schema.org",
        "@type":"NewsArticle","headline":"Flood","datePublished": "2020-03-23",
        "dateModified":"2020-03-25"}</script>"#;
    let p = read_page(page(ld, &para("flood")).as_bytes());
    assert_eq!(p.published.unwrap().to_string(), "2020-03-23");
    let graph = r#"<script type="application/ld+json">{"@graph":[{"@type":"WebSite",
        "name":"Paper"},{"@type":"WebPage","dateModified":"2021-05-04T08:00:00+02:00"},
        {"@type":["NewsArticle"],"datePublished":"2021-05-02T22:30:00+02:00"}]}</script>"#;
    let p = read_page(page(graph, &para("flood")).as_bytes());
    assert_eq!(p.published.unwrap().to_string(), "2021-05-02");
}

#[test]
fn published_wins_over_modified_whatever_the_order() {
    let head = r#"<meta property="article:modified_time" content="2022-06-02T09:00:00+00:00">
        <meta property="og:updated_time" content="2022-06-02T09:00:00+00:00">
        <meta property="article:published_time" content="2022-05-30T07:00:00+00:00">"#;
    let p = read_page(page(head, &para("flood")).as_bytes());
    assert_eq!(p.published.unwrap().to_string(), "2022-05-30");
    // Only a modification date: better than nothing.
    let head = r#"<meta property="article:modified_time" content="2022-06-02">"#;
    let p = read_page(page(head, &para("flood")).as_bytes());
    assert_eq!(p.published.unwrap().to_string(), "2022-06-02");
}

#[test]
fn utc_stamp_is_read_in_the_pages_own_offset() {
    // Published on the evening of 8 November in New York, written in UTC in the meta.
    let head = r#"<meta property="article:published_time" content="2023-11-09T01:09:55+00:00">
        <meta property="article:modified_time" content="2023-11-08T21:30:00-05:00">"#;
    let p = read_page(page(head, &para("flood")).as_bytes());
    assert_eq!(p.published.unwrap().to_string(), "2023-11-08");
    // A UTC page stays UTC.
    let head = r#"<meta property="article:published_time" content="2023-11-09T01:09:55Z">"#;
    let p = read_page(page(head, &para("flood")).as_bytes());
    assert_eq!(p.published.unwrap().to_string(), "2023-11-09");
}

#[test]
fn itemprop_time_url_and_headline_dates() {
    let body = format!(
        r#"<article><h1>Flood</h1><span itemprop="datePublished" content="2019-10-16">16
        October</span>{}</article>"#,
        para("flood")
    );
    let p = read_page(page("", &body).as_bytes());
    assert_eq!(p.published.unwrap().to_string(), "2019-10-16");
    let body = format!(
        r#"<aside><time datetime="2019-01-01">old</time></aside><article><h1>Flood</h1>
        <time pubdate datetime="2019-10-17T08:00">17 Oct</time>{}</article>"#,
        para("flood")
    );
    let p = read_page(page("", &body).as_bytes());
    assert_eq!(p.published.unwrap().to_string(), "2019-10-17");
    let head = r#"<link rel="canonical" href="https://paper.example/news/2019/10/18/flood">"#;
    let p = read_page(page(head, &para("flood")).as_bytes());
    assert_eq!(p.published.unwrap().to_string(), "2019-10-18");
    let body = format!(
        r#"<article><h1>Flood</h1><p class="info">By A. Writer | Updated 20 October 2019,
        first published 19. Oktober 2019</p>{}</article>"#,
        para("flood")
    );
    let p = read_page(page("", &body).as_bytes());
    assert_eq!(p.published.unwrap().to_string(), "2019-10-19");
}

#[test]
fn fragments_keep_their_text() {
    assert_eq!(
        html_to_text("<p>One.</p><p>Two &amp; three.</p>"),
        "One.\n\nTwo & three."
    );
    assert_eq!(
        html_to_text("<p onclick=\"x()\">Hi <script>alert(1)</script>there</p><p>unclosed <b"),
        "Hi there\n\nunclosed"
    );
    assert_eq!(
        html_to_text("&#0; &#xD800; &bogus; &amp"),
        "\u{fffd} \u{fffd} &bogus; &"
    );
}

#[test]
fn fuzz_seeds_read() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fuzz/seeds/html");
    let mut n = 0;
    for e in std::fs::read_dir(dir).unwrap() {
        let p = read_page(&std::fs::read(e.unwrap().path()).unwrap());
        assert_eq!(p.text.trim(), p.text);
        n += 1;
    }
    assert!(n >= 4);
}

#[test]
fn nesting_twenty_thousand_deep_neither_overflows_nor_loses_the_text() {
    // Each layer of nesting is a frame in a recursive walk: such a page used to abort the
    // whole batch with a stack overflow.
    let n = 20_000;
    let page = format!(
        "<html><head><meta property=\"article:published_time\" content=\"2024-01-02\"></head>\
         <body>{}<p>A fire destroyed the old mill on Monday.</p><script>var hidden = 1;</script>{}</body></html>",
        "<div>".repeat(n),
        "</div>".repeat(n)
    );
    let a = parse_page("deep.html", page.as_bytes()).expect("page read");
    assert!(
        a.body.contains("A fire destroyed the old mill on Monday."),
        "{}",
        a.body
    );
    assert!(!a.body.contains("hidden"), "{}", a.body);
}

mod props {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(256))]

        #[test]
        fn any_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..2048)) {
            let _ = read_page(&bytes);
            let _ = parse_page("p.html", &bytes);
        }

        #[test]
        fn markup_soup_never_panics(parts in proptest::collection::vec(
            prop_oneof![
                Just("<p>".to_string()), Just("</p>".to_string()), Just("<div class=\"content\">".to_string()),
                Just("</div>".to_string()), Just("<script>".to_string()), Just("</script>".to_string()),
                Just("&".to_string()), Just("&amp;".to_string()), Just("<table><tr><td>".to_string()),
                Just("<meta charset=\"latin1\">".to_string()), Just("<time datetime=\"2020-02-30T25:61+99\">".to_string()),
                Just("<script type=\"application/ld+json\">{\"datePublished\":".to_string()),
                "[a-zA-Z0-9 ,.äöü한국]{0,40}",
            ], 0..60)) {
            let s: String = parts.concat();
            let _ = read_page(s.as_bytes());
            let _ = html_to_text(&s);
        }
    }
}

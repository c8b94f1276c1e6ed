//! Web input: `--published`, feed files (RSS 2.0, Atom, JSON Feed), page and feed URLs,
//! `--fetch-links` and `watch`, against a small HTTP server inside the test bound to
//! 127.0.0.1 (port 0). Nothing here leaves the loopback interface. All content is
//! invented for these tests.

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use serde_json::Value;

use crate::util::{Db, Run, factline, factline_in, summary, write};

// ---------------------------------------------------------------- the server

/// One request as the server saw it.
#[derive(Debug, Clone)]
struct Seen {
    path: String,
    at: std::time::Instant,
    /// Header names lower-cased.
    headers: HashMap<String, String>,
}

struct Reply {
    status: u16,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
    delay: Duration,
}

impl Reply {
    fn new(status: u16, content_type: &str, body: impl Into<Vec<u8>>) -> Reply {
        Reply {
            status,
            headers: vec![("Content-Type".into(), content_type.into())],
            body: body.into(),
            delay: Duration::ZERO,
        }
    }
    fn header(mut self, k: &str, v: &str) -> Reply {
        self.headers.push((k.into(), v.into()));
        self
    }
}

type Handler = dyn Fn(&Seen, usize) -> Reply + Send + Sync;

/// A tiny HTTP/1.1 server on 127.0.0.1:0, one thread per connection, `Connection: close`.
struct Server {
    addr: SocketAddr,
    seen: Arc<Mutex<Vec<Seen>>>,
}

impl Server {
    /// `handler(request, n)` answers; `n` counts earlier requests for the same path.
    fn start(handler: impl Fn(&Seen, usize) -> Reply + Send + Sync + 'static) -> Server {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1:0");
        let addr = listener.local_addr().expect("local addr");
        assert!(addr.ip().is_loopback());
        let seen: Arc<Mutex<Vec<Seen>>> = Arc::default();
        let handler: Arc<Handler> = Arc::new(handler);
        let log = Arc::clone(&seen);
        std::thread::spawn(move || {
            for stream in listener.incoming() {
                let Ok(stream) = stream else { continue };
                let handler = Arc::clone(&handler);
                let log = Arc::clone(&log);
                std::thread::spawn(move || serve_one(stream, &*handler, &log));
            }
        });
        Server { addr, seen }
    }

    fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }

    fn requests(&self, path: &str) -> Vec<Seen> {
        self.seen
            .lock()
            .unwrap()
            .iter()
            .filter(|s| s.path == path)
            .cloned()
            .collect()
    }
}

fn serve_one(stream: TcpStream, handler: &Handler, log: &Mutex<Vec<Seen>>) {
    let _ = stream.set_read_timeout(Some(Duration::from_secs(10)));
    let mut reader = BufReader::new(match stream.try_clone() {
        Ok(s) => s,
        Err(_) => return,
    });
    let mut line = String::new();
    if reader.read_line(&mut line).is_err() {
        return;
    }
    let path = line.split_whitespace().nth(1).unwrap_or("/").to_string();
    let mut headers = HashMap::new();
    loop {
        let mut h = String::new();
        if reader.read_line(&mut h).unwrap_or(0) == 0 || h.trim().is_empty() {
            break;
        }
        if let Some((k, v)) = h.split_once(':') {
            headers.insert(k.trim().to_ascii_lowercase(), v.trim().to_string());
        }
    }
    let req = Seen {
        path,
        at: std::time::Instant::now(),
        headers,
    };
    let n = {
        let mut log = log.lock().unwrap();
        let n = log.iter().filter(|s| s.path == req.path).count();
        log.push(req.clone());
        n
    };
    let reply = handler(&req, n);
    std::thread::sleep(reply.delay);
    let mut out = stream;
    let mut head = format!(
        "HTTP/1.1 {} X\r\nContent-Length: {}\r\nConnection: close\r\n",
        reply.status,
        reply.body.len()
    );
    for (k, v) in &reply.headers {
        head.push_str(&format!("{k}: {v}\r\n"));
    }
    head.push_str("\r\n");
    let _ = out.write_all(head.as_bytes());
    let _ = out.write_all(&reply.body);
    let _ = out.flush();
}

// ---------------------------------------------------------------- content

/// A news page; `date` goes into `<meta property="article:published_time">` when given.
fn page(title: &str, date: Option<&str>, paragraphs: &[&str]) -> String {
    let meta = date
        .map(|d| format!("<meta property=\"article:published_time\" content=\"{d}T08:00:00Z\">"))
        .unwrap_or_default();
    let body: String = paragraphs.iter().map(|p| format!("<p>{p}</p>\n")).collect();
    format!(
        "<!doctype html><html><head><title>{title}</title>{meta}</head><body>\
         <nav><a href=\"/\">Home</a></nav><article><h1>{title}</h1>\n{body}</article>\
         <footer>Copyright Harbour Gazette</footer></body></html>"
    )
}

const SILO: &[&str] = &[
    "Firefighters contained a fire at a grain silo in the harbour district of Norrvik on \
     Sunday, the fire brigade said.",
    "Two workers were injured and taken to hospital, a brigade spokesperson said. The cause \
     of the fire is being investigated by the harbour authority.",
];

const FERRY: &[&str] = &[
    "A ferry ran aground near the island of Skarholm on Tuesday evening, the coast guard \
     said, and all 212 passengers were evacuated to the mainland.",
    "Three passengers were treated for minor injuries. The operator said the ship would be \
     towed to the shipyard at Lindholm for inspection.",
];

const DAM: &[&str] = &[
    "Engineers freed a jammed spillway gate at the Ostervall reservoir dam on Monday after \
     two days of heavy rain raised the water level.",
    "Nobody was hurt, the water board said, and residents of the valley below were told \
     that no evacuation was needed.",
];

fn rss(base: &str) -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel><title>Harbour Gazette</title><link>{base}/</link><description>News</description>
<item><title>Fire at harbour grain silo</title><link>{base}/news/silo.html</link>
<guid>{base}/news/silo.html</guid><pubDate>Sun, 02 Mar 2025 09:00:00 GMT</pubDate>
<description>A silo burned.</description>
<content:encoded><![CDATA[<p>{}</p><p>{}</p>]]></content:encoded></item>
<item><title>Ferry runs aground off Skarholm</title><link>{base}/news/ferry-undated.html</link>
<pubDate>Tue, 04 Mar 2025 21:00:00 GMT</pubDate>
<description>A ferry ran aground; passengers evacuated.</description></item>
</channel></rss>"#,
        SILO[0], SILO[1]
    )
}

fn atom(base: &str) -> String {
    format!(
        r#"<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Valley Post</title><id>urn:valley-post</id>
<updated>2025-03-03T18:00:00Z</updated>
<entry><title>Spillway gate freed at Ostervall dam</title><id>urn:valley-post:dam</id>
<link rel="alternate" href="{base}/news/dam.html"/>
<published>2025-03-03T17:00:00Z</published><updated>2025-03-03T18:00:00Z</updated>
<content type="html">&lt;p&gt;{}&lt;/p&gt;&lt;p&gt;{}&lt;/p&gt;</content></entry></feed>"#,
        DAM[0], DAM[1]
    )
}

fn json_feed(base: &str) -> String {
    serde_json::json!({
        "version": "https://jsonfeed.org/version/1.1",
        "title": "Island Radio",
        "items": [{
            "id": "ferry-1",
            "url": format!("{base}/news/ferry.html"),
            "title": "Ferry aground, 212 evacuated",
            "date_published": "2025-03-04T22:00:00Z",
            "content_text": format!(
                "{}\n\nIsland Radio spoke to passengers at the pier.",
                FERRY.join("\n\n")
            ),
        }]
    })
    .to_string()
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    enc.write_all(bytes).unwrap();
    enc.finish().unwrap()
}

/// The site every web test talks to.
fn site() -> Server {
    let bomb = Arc::new(gzip(&vec![b' '; 40 * 1024 * 1024]));
    let base = Arc::new(Mutex::new(String::new()));
    let base_in = Arc::clone(&base);
    let feed_changes = Arc::new(AtomicUsize::new(0));
    let server = Server::start(move |req, n| {
        let base = base_in.lock().unwrap().clone();
        let html = "text/html; charset=utf-8";
        match req.path.as_str() {
            "/robots.txt" => Reply::new(200, "text/plain", "User-agent: *\nDisallow: /private/\n"),
            "/news/silo.html" => Reply::new(200, html, page("Silo fire", Some("2025-03-02"), SILO)),
            "/news/ferry.html" => {
                Reply::new(200, html, page("Ferry aground", Some("2025-03-04"), FERRY))
            }
            "/news/ferry-undated.html" => Reply::new(200, html, page("Ferry aground", None, FERRY)),
            "/news/dam.html" => Reply::new(200, html, page("Dam gate", Some("2025-03-03"), DAM)),
            "/news/undated.html" => {
                Reply::new(200, html, page("Dam gate", None, &[DAM[1], DAM[0]]))
                    .header("Last-Modified", "Wed, 05 Mar 2025 10:00:00 GMT")
            }
            // Charsets: declared right, declared wrong, not declared.
            "/cs/latin1.html" => Reply::new(200, "text/html; charset=ISO-8859-1", latin1_page()),
            "/cs/wrong.html" => Reply::new(200, "text/html; charset=utf-8", latin1_page()),
            "/cs/missing.html" => Reply::new(200, "text/html", latin1_page()),
            "/cs/utf8-labelled-latin1.html" => Reply::new(
                200,
                "text/html; charset=iso-8859-1",
                page(
                    "Café fire",
                    Some("2025-03-06"),
                    &[
                        "Fire at the Café Señor in Norrvik on Thursday. Nobody was hurt, the brigade said.",
                    ],
                ),
            ),
            "/missing.html" => Reply::new(404, "text/plain", "no"),
            "/broken.html" => Reply::new(500, "text/plain", "oops"),
            "/flaky.html" if n == 0 => Reply::new(503, "text/plain", "busy"),
            "/flaky.html" => Reply::new(
                200,
                html,
                page(
                    "Channel to be dredged",
                    Some("2025-03-04"),
                    &[
                        FERRY[0],
                        "The harbour master said the channel would be dredged.",
                    ],
                ),
            ),
            "/slow.html" => Reply {
                delay: Duration::from_secs(3),
                ..Reply::new(200, html, page("Slow", Some("2025-03-04"), FERRY))
            },
            "/loop.html" => Reply::new(302, "text/plain", "").header("Location", "/loop.html"),
            "/go-private.html" => {
                Reply::new(301, "text/plain", "").header("Location", "/private/secret.html")
            }
            "/go-silo.html" => {
                Reply::new(302, "text/plain", "").header("Location", "/news/silo.html")
            }
            "/bomb.html" => {
                Reply::new(200, html, (*bomb).clone()).header("Content-Encoding", "gzip")
            }
            "/huge.html" => Reply::new(200, html, vec![b'a'; 17 * 1024 * 1024]),
            "/private/secret.html" => {
                Reply::new(200, html, page("Secret", Some("2025-03-04"), FERRY))
            }
            "/feed.rss" => Reply::new(200, "application/rss+xml", rss(&base)),
            "/feed.atom" => Reply::new(200, "application/atom+xml", atom(&base)),
            // One item whose page is gone, one whose page is fine.
            "/mixed.rss" => Reply::new(
                200,
                "application/rss+xml",
                rss(&base)
                    .replace("/news/silo.html", "/missing.html")
                    .replace("<content:encoded><![CDATA[", "<x><![CDATA[")
                    .replace("]]></content:encoded>", "]]></x>"),
            ),
            "/feed.json" => Reply::new(200, "application/feed+json", json_feed(&base)),
            // A feed that answers 304 to a matching If-None-Match, and gains an item once.
            "/live.rss" => {
                let etag = format!("\"v{}\"", feed_changes.load(Ordering::SeqCst));
                if req.headers.get("if-none-match") == Some(&etag) {
                    return Reply::new(304, "application/rss+xml", "");
                }
                Reply::new(200, "application/rss+xml", rss(&base)).header("ETag", &etag)
            }
            _ => Reply::new(404, "text/plain", "not found"),
        }
    });
    *base.lock().unwrap() = format!("http://{}", server.addr);
    server
}

fn latin1_page() -> Vec<u8> {
    // No <meta charset>: only the HTTP header (or sniffing) can tell.
    let mut v = b"<html><head><title>Caf\xe9 fire</title>\
        <meta property=\"article:published_time\" content=\"2025-03-06\"></head><body><article>\
        <p>Fire at the Caf\xe9 Se\xf1or in Norrvik on Thursday. Nobody was hurt, the brigade \
        said, and the owner thanked the neighbours.</p></article></body></html>"
        .to_vec();
    v.shrink_to_fit();
    v
}

/// Fast settings for a server on this machine.
const FAST: [&str; 6] = ["--host-delay", "0s", "--timeout", "1s", "--retries", "1"];

fn with_fast(cmd: &[&str], rest: &[String]) -> Vec<String> {
    let mut v: Vec<String> = cmd.iter().map(|s| s.to_string()).collect();
    v.extend(FAST.iter().map(|s| s.to_string()));
    v.extend(rest.iter().cloned());
    v
}

fn by_url(lines: &[Value]) -> HashMap<String, Value> {
    lines
        .iter()
        .map(|l| (l["source"].as_str().unwrap_or("").to_string(), l.clone()))
        .collect()
}

/// The error lines naming `url`.
fn errors_for<'a>(r: &'a Run, url: &str) -> Vec<&'a str> {
    let prefix = format!("factline: {url}: ");
    r.error_lines()
        .into_iter()
        .filter(|l| l.starts_with(&prefix))
        .collect()
}

// ---------------------------------------------------------------- tests

#[test]
fn web_published_flag_dates_undated_inputs_only() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(
        d,
        "undated.txt",
        "Quay crane collapses\n\nA crane collapsed at the quay on Monday. Nobody was hurt.",
    );
    write(
        d,
        "dated.txt",
        " date 2024-05-01\nA crane collapsed at the quay on Monday. Two were hurt.",
    );
    write(
        d,
        "lines.jsonl",
        "{\"id\":\"j1\",\"text\":\"A barn burned down near Ostervall on Friday.\"}\n\
         {\"id\":\"j2\",\"published\":\"2024-06-01\",\"text\":\"A barn burned down on Friday.\"}\n",
    );
    write(d, "own.html", page("Silo fire", Some("2025-03-02"), SILO));
    write(d, "nodate.html", page("Dam gate", None, DAM));
    let files = [
        "undated.txt",
        "dated.txt",
        "lines.jsonl",
        "nodate.html",
        "own.html",
    ];
    let mut args = vec!["extract", "--json", "--published", "2025-01-15"];
    args.extend(files);
    let r = factline_in(d, &args);
    r.ok();
    let got: HashMap<String, String> = r
        .json_lines()
        .iter()
        .map(|l| {
            (
                l["id"].as_str().unwrap().to_string(),
                l["published"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert_eq!(got["undated"], "2025-01-15");
    assert_eq!(got["dated"], "2024-05-01");
    assert_eq!(got["j1"], "2025-01-15");
    assert_eq!(got["j2"], "2024-06-01");
    assert_eq!(got["nodate"], "2025-01-15");
    assert_eq!(got["own"], "2025-03-02");
    assert_eq!(got.len(), 6, "{got:?}");
    // Without --published the undated inputs are rejected, each with a clear reason.
    let mut args = vec!["extract", "--json"];
    args.extend(files);
    let r = factline_in(d, &args);
    r.expect_code(1);
    assert_eq!(r.json_lines().len(), 3, "{}", r.stderr);
    for name in ["undated.txt", "lines.jsonl:1", "nodate.html"] {
        let line = r
            .error_lines()
            .into_iter()
            .find(|l| l.starts_with(&format!("factline: {name}: ")))
            .unwrap_or_else(|| panic!("no error for {name}:\n{}", r.stderr));
        assert!(line.contains("--published"), "{line}");
    }
    // `clean` takes the flag too.
    factline_in(d, ["clean", "--published", "2025-01-15", "undated.txt"]).ok();
}

#[test]
fn web_feed_files_rss_atom_json_feed() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let base = "https://news.invalid";
    write(d, "gazette.rss", rss(base));
    write(d, "valley.xml", atom(base)); // an .xml that is a feed: sniffed
    write(d, "island.json", json_feed(base));
    write(d, "sitemap.xml", "<?xml version=\"1.0\"?><urlset></urlset>");
    // Summary-only items are read from their summaries (no --fetch-links, no network).
    let r = factline_in(
        d,
        [
            "extract",
            "--json",
            "gazette.rss",
            "valley.xml",
            "island.json",
        ],
    );
    r.ok();
    let lines = r.json_lines();
    let sources: Vec<&str> = lines
        .iter()
        .map(|l| l["source"].as_str().unwrap())
        .collect();
    assert_eq!(
        sources,
        [
            "gazette.rss#1",
            "gazette.rss#2",
            "valley.xml#1",
            "island.json#1"
        ]
    );
    let dates: Vec<&str> = lines
        .iter()
        .map(|l| l["published"].as_str().unwrap())
        .collect();
    assert_eq!(
        dates,
        ["2025-03-02", "2025-03-04", "2025-03-03", "2025-03-04"]
    );
    assert_eq!(lines[0]["title"], "Fire at harbour grain silo");
    assert_eq!(lines[3]["title"], "Ferry aground, 212 evacuated");
    assert!(
        lines[0]["figures"]
            .as_array()
            .is_some_and(|f| !f.is_empty()),
        "{}",
        lines[0]
    );
    assert!(
        lines
            .iter()
            .all(|l| l["id"].as_str().unwrap().starts_with("u_"))
    );
    // A directory walk takes the feeds and skips the .xml that is no feed.
    let r = factline_in(d, ["extract", "--json", "."]);
    r.ok();
    assert_eq!(r.json_lines().len(), 4, "{}", r.stderr);
    // An .xml named on the command line that is no feed is one clear error.
    let r = factline_in(d, ["extract", "--json", "sitemap.xml", "island.json"]);
    r.expect_code(1);
    assert_eq!(r.json_lines().len(), 1);
    assert!(
        r.error_lines()
            .iter()
            .any(|l| l.starts_with("factline: sitemap.xml: ")
                && l.contains("not an RSS, Atom or JSON Feed")),
        "{}",
        r.stderr
    );
    // Ingest: the same ids again are unchanged.
    let db = Db::new();
    let ingest = |db: &Db| {
        factline_in(
            d,
            [
                "ingest",
                "--db",
                db.path.to_str().unwrap(),
                "gazette.rss",
                "valley.xml",
                "island.json",
            ],
        )
    };
    assert_eq!(summary(ingest(&db).ok()).new, 4);
    assert_eq!(summary(ingest(&db).ok()).new, 0);
}

#[test]
fn web_urls_failures_are_reported_and_the_rest_is_kept() {
    let s = site();
    let good = [
        "/news/silo.html",
        "/feed.atom",
        "/feed.json",
        "/flaky.html",
        "/news/undated.html",
    ];
    let bad: [(&str, &[&str]); 9] = [
        ("/go-private.html", &["redirected to", "robots.txt"]),
        ("/missing.html", &["HTTP 404"]),
        ("/broken.html", &["HTTP 500", "after 2 attempts"]),
        ("/slow.html", &["timed out"]),
        ("/loop.html", &["too many redirects"]),
        ("/bomb.html", &["decompressed body too large"]),
        ("/huge.html", &["response too large"]),
        ("/private/secret.html", &["robots.txt"]),
        ("/nowhere.html", &["HTTP 404"]),
    ];
    let mut urls: Vec<String> = Vec::new();
    for (i, g) in good.iter().enumerate() {
        urls.push(s.url(g));
        if let Some((b, _)) = bad.get(i) {
            urls.push(s.url(b));
        }
    }
    urls.extend(bad[good.len()..].iter().map(|(b, _)| s.url(b)));
    let db = Db::new();
    let mut args = with_fast(&["ingest", "--db", db.path.to_str().unwrap()], &urls);
    args.push("--published".into());
    args.push("2025-01-01".into());
    let r = factline(&args);
    r.expect_code(1);
    for (path, words) in bad {
        let url = s.url(path);
        let errs = errors_for(&r, &url);
        assert_eq!(errs.len(), 1, "{url}: {errs:?}\n{}", r.stderr);
        for w in words {
            assert!(
                errs[0].contains(w),
                "{url}: expected {w:?} in {:?}",
                errs[0]
            );
        }
    }
    assert_eq!(r.error_lines().len(), bad.len(), "{}", r.stderr);
    let sum = summary(&r);
    assert_eq!((sum.new, sum.rejected), (5, bad.len()), "{}", r.stderr);
    // Polite: named user agent, robots.txt asked once, the flaky page retried.
    let first = &s.requests("/news/silo.html")[0];
    assert!(
        first.headers["user-agent"].starts_with("factline/"),
        "{first:?}"
    );
    assert_eq!(s.requests("/robots.txt").len(), 1);
    assert_eq!(s.requests("/flaky.html").len(), 2);
    assert_eq!(s.requests("/private/secret.html").len(), 0);
    assert_eq!(s.requests("/loop.html").len(), 6); // the first request and 5 redirects
    // A redirect within the site is followed.
    let r = factline(with_fast(&["extract", "--json"], &[s.url("/go-silo.html")]));
    assert_eq!(r.ok().json_lines()[0]["published"], "2025-03-02");
    // A page with no date of its own: --published wins over Last-Modified.
    let r = factline(with_fast(
        &["extract", "--json"],
        &[s.url("/news/undated.html")],
    ));
    r.ok();
    assert_eq!(r.json_lines()[0]["published"], "2025-03-05");
    let mut args = with_fast(&["extract", "--json"], &[s.url("/news/undated.html")]);
    args.extend(["--published".to_string(), "2025-01-01".to_string()]);
    let r = factline(&args);
    assert_eq!(r.ok().json_lines()[0]["published"], "2025-01-01");
}

#[test]
fn web_charset_from_the_http_header() {
    let s = site();
    let paths = [
        "/cs/latin1.html",
        "/cs/wrong.html",
        "/cs/missing.html",
        "/cs/utf8-labelled-latin1.html",
    ];
    let urls: Vec<String> = paths.iter().map(|p| s.url(p)).collect();
    let r = factline(with_fast(&["clean"], &urls));
    r.ok();
    assert_eq!(r.stdout.matches("Café Señor").count(), 4, "{}", r.stdout);
    assert!(!r.stdout.contains('\u{FFFD}'), "{}", r.stdout);
}

#[test]
fn web_feed_urls_with_fetch_links() {
    let s = site();
    // Without --fetch-links the summary stands for the summary-only item.
    let r = factline(with_fast(&["extract", "--json"], &[s.url("/feed.rss")]));
    r.ok();
    let lines = r.json_lines();
    assert_eq!(lines.len(), 2);
    assert_eq!(lines[1]["published"], "2025-03-04");
    assert!(s.requests("/news/ferry-undated.html").is_empty());
    // With it, the item's page is fetched; the page has no date: the item's is used.
    let r = factline(with_fast(
        &["extract", "--json", "--fetch-links"],
        &[s.url("/feed.rss")],
    ));
    r.ok();
    let lines = r.json_lines();
    let urls = by_url(&lines);
    let ferry = &urls[&s.url("/news/ferry-undated.html")];
    assert_eq!(ferry["published"], "2025-03-04");
    assert_eq!(ferry["title"], "Ferry runs aground off Skarholm");
    let kinds: Vec<&str> = ferry["figures"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["kind"].as_str().unwrap())
        .collect();
    assert!(kinds.contains(&"evacuated"), "{ferry}");
    assert_eq!(s.requests("/news/ferry-undated.html").len(), 1);
    // The item with full content is not fetched.
    assert!(s.requests("/news/silo.html").is_empty());
    // An item whose page cannot be fetched: reported, and its summary stands in.
    let r = factline(with_fast(
        &["extract", "--json", "--fetch-links"],
        &[s.url("/mixed.rss")],
    ));
    r.expect_code(1);
    let errs = errors_for(&r, &s.url("/missing.html"));
    assert_eq!(errs.len(), 1, "{}", r.stderr);
    assert!(
        errs[0].contains("HTTP 404") && errs[0].contains("summary is used"),
        "{errs:?}"
    );
    let lines = r.json_lines();
    assert_eq!(lines.len(), 2, "{}", r.stdout);
    assert_eq!(lines[0]["title"], "Fire at harbour grain silo");
    assert_eq!(lines[0]["published"], "2025-03-02");
    // A feed file with --fetch-links fetches too.
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "g.rss", rss(&format!("http://{}", s.addr)));
    let mut args = with_fast(&["extract", "--json", "--fetch-links"], &[]);
    args.push(dir.path().join("g.rss").display().to_string());
    let r = factline(&args);
    r.ok();
    assert_eq!(s.requests("/news/ferry-undated.html").len(), 3); // feed.rss, mixed.rss, g.rss
}

#[test]
fn web_watch_conditional_get_and_keeps_going() {
    let s = site();
    let db = Db::new();
    let mut args = vec![
        "watch".to_string(),
        "--db".into(),
        db.path.display().to_string(),
        "--rounds".into(),
        "2".into(),
        "--interval".into(),
        "0s".into(),
    ];
    args.extend(FAST.iter().map(|s| s.to_string()));
    args.extend([
        s.url("/live.rss"),
        s.url("/broken.html"),
        s.url("/feed.atom"),
    ]);
    let r = factline(&args);
    r.expect_code(1);
    // Round 1 read 3 articles (the summary-only item through its page); round 2 had a 304.
    let live = s.requests("/live.rss");
    assert_eq!(live.len(), 2);
    assert!(!live[0].headers.contains_key("if-none-match"));
    assert_eq!(
        live[1].headers.get("if-none-match").map(String::as_str),
        Some("\"v0\"")
    );
    assert!(
        r.stderr
            .contains(&format!("watch: {}: not modified", s.url("/live.rss"))),
        "{}",
        r.stderr
    );
    // The Atom feed has no validators: fetched again, its item already read.
    assert!(r.stderr.contains("1 already read"), "{}", r.stderr);
    assert_eq!(
        errors_for(&r, &s.url("/broken.html")).len(),
        2,
        "{}",
        r.stderr
    );
    let rounds: Vec<&str> = r
        .stderr
        .lines()
        .filter(|l| l.contains(": ingested: "))
        .collect();
    assert_eq!(rounds.len(), 2, "{}", r.stderr);
    assert!(rounds[0].contains("round 1: ingested: 3 new"), "{rounds:?}");
    assert!(rounds[1].contains("round 2: ingested: 0 new"), "{rounds:?}");
    assert_eq!(s.requests("/news/ferry-undated.html").len(), 1);
    let stories = db.stories(None);
    let n: usize = stories
        .as_array()
        .unwrap()
        .iter()
        .map(|st| st["articles"].as_array().unwrap().len())
        .sum();
    assert_eq!(n, 3);
    // --once: one round, exit 0 when nothing failed.
    let mut args = vec![
        "watch".to_string(),
        "--db".into(),
        db.path.display().to_string(),
        "--once".into(),
    ];
    args.extend(FAST.iter().map(|s| s.to_string()));
    args.push(s.url("/feed.json"));
    let r = factline(&args);
    r.ok();
    assert!(
        r.stderr.contains("round 1: ingested: 1 new"),
        "{}",
        r.stderr
    );
}

#[test]
fn web_rate_limit_per_host_and_crawl_delay() {
    let slow_site = |robots: &'static str| {
        Server::start(move |req, _| match req.path.as_str() {
            "/robots.txt" => Reply::new(200, "text/plain", robots),
            "/a.html" => Reply::new(
                200,
                "text/html",
                page("Silo fire", Some("2025-03-02"), SILO),
            ),
            _ => Reply::new(200, "text/html", page("Dam gate", Some("2025-03-03"), DAM)),
        })
    };
    let gap = |s: &Server, a: &str, b: &str| s.requests(b)[0].at - s.requests(a)[0].at;
    // --host-delay between any two requests to one host, robots.txt included.
    let s = slow_site("User-agent: *\nAllow: /\n");
    let mut args: Vec<String> = [
        "extract",
        "--json",
        "--host-delay",
        "400ms",
        "--retries",
        "0",
    ]
    .iter()
    .map(|a| a.to_string())
    .collect();
    args.extend([s.url("/a.html"), s.url("/b.html")]);
    assert_eq!(factline(&args).ok().json_lines().len(), 2);
    assert!(gap(&s, "/robots.txt", "/a.html") >= Duration::from_millis(380));
    assert!(gap(&s, "/a.html", "/b.html") >= Duration::from_millis(380));
    // A Crawl-delay for factline raises it.
    let s = slow_site("User-agent: factline\nCrawl-delay: 1\n\nUser-agent: *\nDisallow: /\n");
    let mut args = with_fast(&["extract", "--json"], &[]);
    args.extend([s.url("/a.html"), s.url("/b.html")]);
    assert_eq!(factline(&args).ok().json_lines().len(), 2);
    assert!(gap(&s, "/a.html", "/b.html") >= Duration::from_millis(950));
}

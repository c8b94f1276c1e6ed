//! Web input: pages and feeds fetched over HTTP(S) → [`RawArticle`]s.
//!
//! The only crate that talks to the network. A [`Fetcher`] is polite and defensive: it
//! names itself ([`user_agent`], with `FACTLINE_CONTACT` when set), obeys robots.txt, waits between two requests to one host
//! (and longer when robots.txt asks), retries 5xx answers and timeouts with backoff, and
//! limits connect and request time, the body on the wire, the body after gzip
//! decompression and redirects (followed by hand: every hop is checked against its host's
//! robots.txt and waits its host's turn). What it fetches is read by `factline-ingest` (the HTML
//! reader gets the charset of the `Content-Type` header; `Last-Modified` dates a page
//! that has no date of its own). Every failure is one [`InputError`] naming the URL; the
//! rest of the batch goes on.
//!
//! A fetcher remembers, for as long as it lives, each URL's `ETag`/`Last-Modified` (for
//! conditional GETs) and the feed items it has already turned into articles, so a
//! watcher that keeps one fetcher only reads what is new; [`Fetcher::state`] and
//! [`Fetcher::load_state`] carry that over to a later run (`watch` keeps it in the
//! database).

use std::collections::{HashMap, HashSet};
use std::io::Read as _;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant, SystemTime};

use factline_ingest::{
    FeedItem, InputError, PageHints, ReadOptions, is_feed, parse_feed, parse_html,
};
use factline_model::{Date, RawArticle, parse_date};
use reqwest::StatusCode;
use reqwest::blocking::{Client, Response};
use reqwest::header::{self, HeaderMap};
use texting_robots::Robot;

/// The product token matched against robots.txt `User-agent` lines.
pub const ROBOTS_AGENT: &str = "factline";

/// `factline/<version> (news fact extraction)`, with the operator's contact appended when
/// `FACTLINE_CONTACT` is set (a URL or address site owners can reach).
pub fn user_agent() -> String {
    let contact = std::env::var("FACTLINE_CONTACT")
        .ok()
        .filter(|c| !c.trim().is_empty() && !c.contains(['\r', '\n']))
        .map(|c| format!("; +{}", c.trim()))
        .unwrap_or_default();
    format!(
        "factline/{} (news fact extraction{contact})",
        env!("CARGO_PKG_VERSION")
    )
}

/// Whether a command-line argument is a URL to fetch rather than a path.
pub fn is_url(arg: &str) -> bool {
    let lower = arg.get(..8).unwrap_or(arg).to_ascii_lowercase();
    lower.starts_with("http://") || lower.starts_with("https://")
}

/// Limits and manners of a [`Fetcher`].
#[derive(Debug, Clone)]
pub struct Config {
    pub user_agent: String,
    /// Time to open a connection.
    pub connect_timeout: Duration,
    /// Time for one whole request, body included.
    pub timeout: Duration,
    /// Largest body on the wire.
    pub max_body: u64,
    /// Largest body after gzip decompression.
    pub max_decoded: u64,
    pub max_redirects: usize,
    /// Further attempts after a 5xx answer, a 429 or a timeout.
    pub retries: u32,
    /// Wait before the first retry; doubled for each next one.
    pub backoff: Duration,
    /// Least time between two requests to one host (robots.txt `Crawl-delay` can raise it,
    /// up to [`MAX_CRAWL_DELAY`]).
    pub host_delay: Duration,
}

/// The longest `Crawl-delay` honoured.
pub const MAX_CRAWL_DELAY: Duration = Duration::from_secs(60);

impl Default for Config {
    fn default() -> Self {
        Config {
            user_agent: user_agent(),
            connect_timeout: Duration::from_secs(10),
            timeout: Duration::from_secs(30),
            max_body: 16 * 1024 * 1024,
            max_decoded: factline_ingest::MAX_ARTICLE_BYTES,
            max_redirects: 5,
            retries: 2,
            backoff: Duration::from_millis(500),
            host_delay: Duration::from_secs(1),
        }
    }
}

/// What a run asks of [`Fetcher::read`].
#[derive(Debug, Clone, Copy, Default)]
pub struct Options {
    pub read: ReadOptions,
    /// Fetch the page of a feed item that carries only a summary.
    pub fetch_links: bool,
    /// Send `If-None-Match`/`If-Modified-Since` from earlier fetches of the same URL.
    pub conditional: bool,
    /// Leave out feed items this fetcher already read (unchanged).
    pub skip_seen: bool,
}

/// A URL's validators for a conditional GET.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Validators {
    pub etag: Option<String>,
    pub last_modified: Option<String>,
}

/// A fetched body.
#[derive(Debug, Clone)]
pub struct Body {
    /// After redirects.
    pub final_url: String,
    /// Decompressed.
    pub bytes: Vec<u8>,
    /// The `charset` parameter of `Content-Type`.
    pub charset: Option<String>,
    /// The day of `Last-Modified` (UTC).
    pub last_modified: Option<Date>,
    pub validators: Validators,
}

/// The answer to a GET.
#[derive(Debug, Clone)]
pub enum Fetched {
    /// 304: nothing changed since the validators sent.
    NotModified,
    Body(Body),
}

/// What [`Fetcher::read`] made of one URL or feed.
#[derive(Debug, Default)]
pub struct Reading {
    /// Articles and failures, in order.
    pub results: Vec<Result<RawArticle, InputError>>,
    /// The server answered 304.
    pub not_modified: bool,
    /// Items in the feed (`None` for a page).
    pub items: Option<usize>,
    /// Items left out as already read.
    pub skipped: usize,
    /// The body was read as a page.
    pub page: bool,
}

enum RobotsRule {
    Allow(Option<Robot>),
    Unreachable(String),
}

/// Fetches pages and feeds; see the crate documentation. Shareable across threads.
pub struct Fetcher {
    client: Client,
    cfg: Config,
    robots: Mutex<HashMap<String, Arc<RobotsRule>>>,
    next_slot: Mutex<HashMap<String, Instant>>,
    validators: Mutex<HashMap<String, Validators>>,
    /// Per feed: the (item id, version) pairs read from it, as of its last reading.
    seen: Mutex<HashMap<String, HashSet<(String, String)>>>,
}

type Reason = String;

/// What a fetcher remembers across runs.
#[derive(Default, serde::Serialize, serde::Deserialize)]
struct State {
    validators: std::collections::BTreeMap<String, Validators>,
    seen: std::collections::BTreeMap<String, Vec<(String, String)>>,
}

/// One request's outcome before redirects are followed.
enum Step {
    Done(Fetched),
    Redirect(String),
}

impl Fetcher {
    pub fn new(cfg: Config) -> Result<Self, String> {
        let client = Client::builder()
            .user_agent(cfg.user_agent.clone())
            .connect_timeout(cfg.connect_timeout)
            .timeout(cfg.timeout)
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .map_err(|e| format!("cannot set up the HTTP client: {e}"))?;
        Ok(Fetcher {
            client,
            cfg,
            robots: Mutex::default(),
            next_slot: Mutex::default(),
            validators: Mutex::default(),
            seen: Mutex::default(),
        })
    }

    pub fn config(&self) -> &Config {
        &self.cfg
    }

    /// What this fetcher remembers of the sources `keep` accepts (validators, feed items
    /// read), as JSON, for a later fetcher's [`Fetcher::load_state`].
    pub fn state(&self, keep: impl Fn(&str) -> bool) -> String {
        let state = State {
            validators: self
                .validators
                .lock()
                .expect("lock")
                .iter()
                .filter(|(k, _)| keep(k))
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect(),
            seen: self
                .seen
                .lock()
                .expect("lock")
                .iter()
                .filter(|(k, _)| keep(k))
                .map(|(k, v)| {
                    let mut v: Vec<_> = v.iter().cloned().collect();
                    v.sort();
                    (k.clone(), v)
                })
                .collect(),
        };
        serde_json::to_string(&state).expect("state serialises")
    }

    /// Take over what an earlier fetcher remembered ([`Fetcher::state`]).
    pub fn load_state(&self, json: &str) -> Result<(), String> {
        let state: State =
            serde_json::from_str(json).map_err(|e| format!("unreadable fetch state: {e}"))?;
        self.validators
            .lock()
            .expect("lock")
            .extend(state.validators);
        self.seen.lock().expect("lock").extend(
            state
                .seen
                .into_iter()
                .map(|(k, v)| (k, v.into_iter().collect())),
        );
        Ok(())
    }

    /// GET `url` (robots.txt, rate limit, retries and limits applied); with `conditional`,
    /// sends the validators remembered for it. The validators of the answer are not
    /// remembered until [`Fetcher::remember`] (so a body that could not be read is asked
    /// for again).
    pub fn get(&self, url: &str, conditional: bool) -> Result<Fetched, Reason> {
        let parsed = url::Url::parse(url).map_err(|e| format!("invalid URL: {e}"))?;
        if !matches!(parsed.scheme(), "http" | "https") {
            return Err("unsupported URL scheme (only http and https)".into());
        }
        let host = host_key(&parsed);
        if !self.allowed(&parsed, &host)? {
            return Err(format!(
                "disallowed by robots.txt (for {ROBOTS_AGENT}); not fetched"
            ));
        }
        let mut headers = HeaderMap::new();
        if conditional && let Some(v) = self.validators.lock().expect("lock").get(url).cloned() {
            if let Some(e) = v.etag.and_then(|e| e.parse().ok()) {
                headers.insert(header::IF_NONE_MATCH, e);
            }
            if let Some(m) = v.last_modified.and_then(|m| m.parse().ok()) {
                headers.insert(header::IF_MODIFIED_SINCE, m);
            }
        }
        self.follow(parsed, host, headers, self.cfg.max_body, true)
    }

    /// GET with redirects followed by hand, so that each hop is checked like the first:
    /// http(s) only, its host's robots.txt (when `robots`) and turn, at most
    /// `max_redirects` hops. Validators go with the first request only.
    fn follow(
        &self,
        mut url: url::Url,
        mut host: String,
        mut headers: HeaderMap,
        max_body: u64,
        robots: bool,
    ) -> Result<Fetched, Reason> {
        for hop in 0..=self.cfg.max_redirects {
            let location = match self.get_with(url.as_str(), &host, headers, max_body)? {
                Step::Done(f) => return Ok(f),
                Step::Redirect(location) => location,
            };
            if hop == self.cfg.max_redirects {
                break;
            }
            let next = url
                .join(&location)
                .map_err(|e| format!("redirected to an invalid URL {location:?}: {e}"))?;
            if !matches!(next.scheme(), "http" | "https") {
                return Err(format!(
                    "redirected to {next}: only http and https are fetched"
                ));
            }
            host = host_key(&next);
            if robots && !self.allowed(&next, &host)? {
                return Err(format!(
                    "redirected to {next}, which robots.txt disallows (for {ROBOTS_AGENT}); \
                     not fetched"
                ));
            }
            url = next;
            headers = HeaderMap::new();
        }
        Err(format!(
            "too many redirects (more than {})",
            self.cfg.max_redirects
        ))
    }

    /// Remember `url`'s validators for the next conditional GET.
    pub fn remember(&self, url: &str, v: &Validators) {
        if v.etag.is_some() || v.last_modified.is_some() {
            self.validators
                .lock()
                .expect("lock")
                .insert(url.to_string(), v.clone());
        }
    }

    fn get_with(
        &self,
        url: &str,
        host: &str,
        headers: HeaderMap,
        max_body: u64,
    ) -> Result<Step, Reason> {
        let attempts = self.cfg.retries + 1;
        let mut last = String::new();
        for attempt in 0..attempts {
            if attempt > 0 {
                std::thread::sleep(self.cfg.backoff * 2u32.saturating_pow(attempt - 1));
            }
            self.wait_turn(host);
            let sent = self
                .client
                .get(url)
                .headers(headers.clone())
                .header(header::ACCEPT_ENCODING, "gzip")
                .send();
            let resp = match sent {
                Ok(r) => r,
                Err(e) => {
                    last = reqwest_reason(&e, &self.cfg);
                    if e.is_timeout() || e.is_connect() {
                        continue;
                    }
                    return Err(last);
                }
            };
            let status = resp.status();
            if status == StatusCode::NOT_MODIFIED {
                return Ok(Step::Done(Fetched::NotModified));
            }
            if status.is_redirection() {
                return match resp
                    .headers()
                    .get(header::LOCATION)
                    .and_then(|l| l.to_str().ok())
                {
                    Some(l) => Ok(Step::Redirect(l.to_string())),
                    None => Err(format!("{} without a Location", status_reason(status))),
                };
            }
            if status.is_server_error() || status == StatusCode::TOO_MANY_REQUESTS {
                last = status_reason(status);
                continue;
            }
            if !status.is_success() {
                return Err(status_reason(status));
            }
            match self.body(resp, max_body) {
                Ok(b) => return Ok(Step::Done(Fetched::Body(b))),
                Err((reason, retry)) => {
                    last = reason;
                    if !retry {
                        return Err(last);
                    }
                }
            }
        }
        Err(if attempts > 1 {
            format!("{last} (after {attempts} attempts)")
        } else {
            last
        })
    }

    /// Read and decompress a body within the limits; `Err((reason, worth retrying))`.
    fn body(&self, resp: Response, max_body: u64) -> Result<Body, (Reason, bool)> {
        let h = resp.headers();
        let text = |name: header::HeaderName| {
            h.get(name)
                .and_then(|v| v.to_str().ok())
                .map(str::to_string)
        };
        let validators = Validators {
            etag: text(header::ETAG),
            last_modified: text(header::LAST_MODIFIED),
        };
        let last_modified = validators
            .last_modified
            .as_deref()
            .and_then(|s| httpdate::parse_http_date(s).ok())
            .and_then(day_of);
        let charset = text(header::CONTENT_TYPE).and_then(|ct| charset_of(&ct));
        let encoding = text(header::CONTENT_ENCODING)
            .map(|e| e.trim().to_ascii_lowercase())
            .unwrap_or_default();
        let mib = |n: u64| n as f64 / 1024.0 / 1024.0;
        if let Some(len) = resp.content_length()
            && len > max_body
        {
            return Err((
                format!(
                    "response too large ({len} bytes; the limit is {:.0} MiB)",
                    mib(max_body)
                ),
                false,
            ));
        }
        let final_url = resp.url().to_string();
        let mut raw = Vec::new();
        if let Err(e) = resp.take(max_body + 1).read_to_end(&mut raw) {
            let timeout = is_timeout(&e);
            let reason = if timeout {
                format!(
                    "timed out reading the response (limit {})",
                    show(self.cfg.timeout)
                )
            } else {
                format!("error reading the response: {e}")
            };
            return Err((reason, timeout));
        }
        if raw.len() as u64 > max_body {
            return Err((
                format!("response too large (over {:.0} MiB)", mib(max_body)),
                false,
            ));
        }
        let bytes = match encoding.as_str() {
            "" | "identity" => raw,
            "gzip" | "x-gzip" => {
                let mut out = Vec::new();
                let mut dec =
                    flate2::read::MultiGzDecoder::new(&raw[..]).take(self.cfg.max_decoded + 1);
                if let Err(e) = dec.read_to_end(&mut out) {
                    return Err((format!("invalid gzip body: {e}"), false));
                }
                if out.len() as u64 > self.cfg.max_decoded {
                    return Err((
                        format!(
                            "decompressed body too large (over {:.0} MiB from {} bytes of \
                             gzip; a compression bomb?)",
                            mib(self.cfg.max_decoded),
                            raw.len()
                        ),
                        false,
                    ));
                }
                out
            }
            other => return Err((format!("unsupported Content-Encoding {other:?}"), false)),
        };
        Ok(Body {
            final_url,
            bytes,
            charset,
            last_modified,
            validators,
        })
    }

    /// Wait until this host may be asked again, and book the next turn.
    fn wait_turn(&self, host: &str) {
        let delay = match self.robots.lock().expect("lock").get(host).map(Arc::clone) {
            Some(rule) => match &*rule {
                RobotsRule::Allow(Some(r)) => r
                    .delay
                    .filter(|d| d.is_finite() && *d > 0.0)
                    .map(|d| Duration::from_secs_f32(d).min(MAX_CRAWL_DELAY))
                    .unwrap_or_default()
                    .max(self.cfg.host_delay),
                _ => self.cfg.host_delay,
            },
            None => self.cfg.host_delay,
        };
        let now = Instant::now();
        let slot = {
            let mut slots = self.next_slot.lock().expect("lock");
            let slot = slots.get(host).copied().unwrap_or(now).max(now);
            slots.insert(host.to_string(), slot + delay);
            slot
        };
        if slot > now {
            std::thread::sleep(slot - now);
        }
    }

    /// Whether robots.txt lets factline fetch `url` (fetched once per host and port).
    fn allowed(&self, url: &url::Url, host: &str) -> Result<bool, Reason> {
        let cached = self.robots.lock().expect("lock").get(host).map(Arc::clone);
        let rule = match cached {
            Some(r) => r,
            None => {
                let robots_url = format!("{}://{host}/robots.txt", url.scheme());
                let fetched = url::Url::parse(&robots_url)
                    .map_err(|e| format!("invalid URL: {e}"))
                    .and_then(|u| {
                        self.follow(u, host.to_string(), HeaderMap::new(), 512 * 1024, false)
                    });
                let rule = match fetched {
                    Ok(Fetched::Body(b)) => {
                        RobotsRule::Allow(Robot::new(ROBOTS_AGENT, &b.bytes).ok())
                    }
                    Ok(Fetched::NotModified) => RobotsRule::Allow(None),
                    // 4xx: no robots.txt, everything allowed (RFC 9309).
                    Err(r) if r.starts_with("HTTP 4") => RobotsRule::Allow(None),
                    Err(r) => RobotsRule::Unreachable(r),
                };
                let rule = Arc::new(rule);
                self.robots
                    .lock()
                    .expect("lock")
                    .insert(host.to_string(), Arc::clone(&rule));
                rule
            }
        };
        match &*rule {
            RobotsRule::Allow(None) => Ok(true),
            RobotsRule::Allow(Some(r)) => Ok(r.allowed(url.as_str())),
            RobotsRule::Unreachable(r) => {
                Err(format!("robots.txt could not be read ({r}); not fetched"))
            }
        }
    }

    /// Fetch a page or feed URL and read its articles: a feed gives one per item (with
    /// `fetch_links`, items with only a summary are read from their pages), a page gives
    /// one. A page with no date of its own takes `--published`, else the day of its
    /// `Last-Modified`.
    pub fn read(&self, url: &str, opts: &Options) -> Reading {
        let body = match self.get(url, opts.conditional) {
            Ok(Fetched::Body(b)) => b,
            Ok(Fetched::NotModified) => {
                return Reading {
                    not_modified: true,
                    ..Reading::default()
                };
            }
            Err(reason) => {
                return Reading {
                    results: vec![Err(InputError::new(url, reason))],
                    ..Reading::default()
                };
            }
        };
        let read = if is_feed(&body.bytes) {
            self.read_feed(url, &body.bytes, opts)
        } else {
            let hints = PageHints {
                charset: body.charset.as_deref(),
                url: Some(url),
                published: opts.read.published.or(body.last_modified),
            };
            Reading {
                results: vec![parse_html(url, &body.bytes, &hints)],
                page: true,
                ..Reading::default()
            }
        };
        if read.results.iter().all(Result::is_ok) {
            self.remember(url, &body.validators);
        }
        read
    }

    /// The articles of a feed document (fetched or read from a file named `name`).
    pub fn read_feed(&self, name: &str, bytes: &[u8], opts: &Options) -> Reading {
        let items = match parse_feed(name, bytes) {
            Ok(items) => items,
            Err(e) => {
                return Reading {
                    results: vec![Err(e)],
                    ..Reading::default()
                };
            }
        };
        let mut read = Reading {
            items: Some(items.len()),
            ..Reading::default()
        };
        let before: HashSet<(String, String)> = if opts.skip_seen {
            self.seen
                .lock()
                .expect("lock")
                .get(name)
                .cloned()
                .unwrap_or_default()
        } else {
            HashSet::new()
        };
        // What is remembered is what the feed holds now: items that left it are forgotten.
        let mut now = HashSet::new();
        for item in &items {
            let key = (item.id.clone(), item.version.clone());
            if before.contains(&key) {
                read.skipped += 1;
                now.insert(key);
                continue;
            }
            let from = read.results.len();
            self.read_item(item, opts, &mut read.results);
            if read.results[from..].iter().all(Result::is_ok) {
                now.insert(key);
            }
        }
        if opts.skip_seen {
            self.seen
                .lock()
                .expect("lock")
                .insert(name.to_string(), now);
        }
        read
    }

    fn read_item(
        &self,
        item: &FeedItem,
        opts: &Options,
        out: &mut Vec<Result<RawArticle, InputError>>,
    ) {
        let Some(link) = item
            .link
            .as_deref()
            .filter(|_| opts.fetch_links && item.needs_page())
        else {
            out.push(item.article(&opts.read));
            return;
        };
        let fallback = |lm: Option<Date>| opts.read.published.or(lm);
        match self.get(link, false) {
            Ok(Fetched::Body(b)) => {
                out.push(item.page_article(
                    link,
                    &b.bytes,
                    b.charset.as_deref(),
                    fallback(b.last_modified),
                ));
            }
            Ok(Fetched::NotModified) => out.push(item.article(&opts.read)),
            Err(reason) => {
                // The page is lost, the item is not: its summary stands in.
                let summary = item.summary.is_some().then(|| item.article(&opts.read));
                let reason = match &summary {
                    Some(Ok(_)) => format!("{reason} (the feed item's summary is used instead)"),
                    _ => reason,
                };
                out.push(Err(InputError::new(link, reason)));
                if let Some(Ok(a)) = summary {
                    out.push(Ok(a));
                }
            }
        }
    }
}

/// `host:port` (the port always given), the unit of robots.txt and of the rate limit.
fn host_key(url: &url::Url) -> String {
    let host = url.host_str().unwrap_or("");
    let port = url.port_or_known_default().unwrap_or(0);
    if host.contains(':') && !host.starts_with('[') {
        format!("[{host}]:{port}")
    } else {
        format!("{host}:{port}")
    }
}

fn status_reason(s: StatusCode) -> String {
    match s.canonical_reason() {
        Some(r) => format!("HTTP {} {r}", s.as_u16()),
        None => format!("HTTP {}", s.as_u16()),
    }
}

fn show(d: Duration) -> String {
    if d.subsec_millis() == 0 {
        format!("{}s", d.as_secs())
    } else {
        format!("{}ms", d.as_millis())
    }
}

fn reqwest_reason(e: &reqwest::Error, cfg: &Config) -> String {
    if e.is_timeout() {
        return format!("timed out (limit {})", show(cfg.timeout));
    }
    let mut root: &dyn std::error::Error = e;
    while let Some(s) = root.source() {
        root = s;
    }
    if e.is_connect() {
        format!("could not connect: {root}")
    } else {
        format!("request failed: {root}")
    }
}

fn is_timeout(e: &std::io::Error) -> bool {
    if e.kind() == std::io::ErrorKind::TimedOut {
        return true;
    }
    let mut src: Option<&(dyn std::error::Error + 'static)> = e.get_ref().map(|r| r as _);
    while let Some(s) = src {
        if let Some(re) = s.downcast_ref::<reqwest::Error>()
            && re.is_timeout()
        {
            return true;
        }
        src = s.source();
    }
    false
}

/// The `charset` parameter of a `Content-Type` value.
fn charset_of(content_type: &str) -> Option<String> {
    content_type.split(';').skip(1).find_map(|p| {
        let (k, v) = p.split_once('=')?;
        k.trim()
            .eq_ignore_ascii_case("charset")
            .then(|| v.trim().trim_matches(['"', '\'']).to_string())
            .filter(|v| !v.is_empty())
    })
}

fn day_of(t: SystemTime) -> Option<Date> {
    let secs = t.duration_since(SystemTime::UNIX_EPOCH).ok()?.as_secs() as i64;
    let ts = jiff::Timestamp::from_second(secs).ok()?;
    parse_date(&ts.to_string()).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn charset_parameter() {
        assert_eq!(
            charset_of("text/html; charset=\"ISO-8859-1\"").as_deref(),
            Some("ISO-8859-1")
        );
        assert_eq!(charset_of("text/html").as_deref(), None);
        assert_eq!(charset_of("text/html;charset=").as_deref(), None);
    }

    #[test]
    fn urls_and_hosts() {
        assert!(is_url("https://x.example/a"));
        assert!(is_url("HTTP://x"));
        assert!(!is_url("corpus/a.html"));
        let u = url::Url::parse("http://127.0.0.1/a").unwrap();
        assert_eq!(host_key(&u), "127.0.0.1:80");
    }

    #[test]
    fn last_modified_day() {
        let t = httpdate::parse_http_date("Sun, 02 Mar 2025 23:30:00 GMT").unwrap();
        assert_eq!(day_of(t).unwrap().to_string(), "2025-03-02");
    }

    #[test]
    fn user_agent_names_factline() {
        assert!(user_agent().starts_with("factline/"));
    }
}

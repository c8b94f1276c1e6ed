//! The work queue end to end (`ingest --nats`, `worker`) against a real NATS JetStream
//! server: 127.0.0.1:4222, or a private `nats-server` the test starts when it must restart
//! it. Each test uses its own queue (streams, subjects, consumer) and deletes it at the end;
//! without a server the tests skip, unless `FACTLINE_REQUIRE_SERVICES=1`.

use std::io::{BufRead, BufReader};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use factline_queue::{ArticleQueue, QueueConfig};
use serde_json::Value;

use crate::util::{BIN, Db, factline_in, memberships, stored_ids, summary, workspace_root};

const NATS_ADDR: &str = "127.0.0.1:4222";

/// A queue of this test's own on the server at `url`, deleted when dropped.
struct TestQueue {
    url: String,
    name: String,
}

impl TestQueue {
    fn new(url: &str, test: &str) -> TestQueue {
        let name = format!("fltest-{test}-{}", std::process::id());
        let q = TestQueue {
            url: url.to_string(),
            name,
        };
        // Left over from an earlier run that died: start empty.
        if let Ok(queue) = ArticleQueue::connect(q.config()) {
            let _ = queue.delete();
        }
        q
    }

    fn config(&self) -> QueueConfig {
        let mut c = QueueConfig::new(&self.url);
        c.name = self.name.clone();
        c
    }

    fn connect(&self) -> ArticleQueue {
        ArticleQueue::connect(self.config()).expect("connect to the test queue")
    }

    fn args(&self) -> Vec<String> {
        vec![
            "--nats".into(),
            self.url.clone(),
            "--queue".into(),
            self.name.clone(),
        ]
    }

    /// `factline ingest --nats URL --queue NAME INPUTS…`, run in the workspace root.
    fn publish(&self, inputs: &[&str]) -> crate::util::Run {
        let mut args = vec!["ingest".to_string()];
        args.extend(self.args());
        args.extend(inputs.iter().map(|s| s.to_string()));
        factline_in(&workspace_root(), args)
    }

    /// `factline worker … --db DB --idle-exit 2s EXTRA…` until the queue is drained.
    fn drain(&self, db: &Db, extra: &[&str]) -> crate::util::Run {
        let mut args = vec!["worker".to_string()];
        args.extend(self.args());
        args.extend(["--db".into(), db.path.display().to_string()]);
        args.extend(["--idle-exit".into(), "2s".into()]);
        args.extend(extra.iter().map(|s| s.to_string()));
        factline_in(&workspace_root(), args)
    }

    /// A worker left running, its standard error lines sent to the returned channel.
    fn spawn_worker(&self, db: &Db, extra: &[&str]) -> (Child, mpsc::Receiver<String>) {
        let mut args = vec!["worker".to_string()];
        args.extend(self.args());
        args.extend(["--db".into(), db.path.display().to_string()]);
        args.extend(extra.iter().map(|s| s.to_string()));
        let mut child = Command::new(BIN)
            .args(&args)
            .current_dir(workspace_root())
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("spawn worker");
        let (tx, rx) = mpsc::channel();
        let stderr = child.stderr.take().expect("stderr");
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                let _ = tx.send(line);
            }
        });
        (child, rx)
    }
}

impl Drop for TestQueue {
    fn drop(&mut self) {
        if let Ok(q) = ArticleQueue::connect(self.config()) {
            let _ = q.delete();
        }
    }
}

/// The shared server, or None (after saying why) when it is not running.
fn nats() -> Option<String> {
    factline_testkit::service_available("NATS", NATS_ADDR).then(|| format!("nats://{NATS_ADDR}"))
}

fn sample() -> String {
    "corpus/sample/articles".to_string()
}

/// A generated corpus of `n` articles (JSON Lines) in `dir`.
fn generated(dir: &Path, n: usize) -> String {
    let out = dir.join(format!("gen-{n}.jsonl"));
    let out_s = out.display().to_string();
    factline_in(
        &workspace_root(),
        ["gen", "-n", &n.to_string(), "--seed", "7", "-o", &out_s],
    )
    .ok();
    out_s
}

/// `ingest --db` of `inputs` (run in the workspace root) and its stories.
fn plain_stories(inputs: &[&str]) -> Value {
    let db = Db::new();
    let mut args = vec![
        "ingest".to_string(),
        "--db".into(),
        db.path.display().to_string(),
    ];
    args.extend(inputs.iter().map(|s| s.to_string()));
    factline_in(&workspace_root(), args).ok();
    db.stories(None)
}

/// Lines of a worker's standard error until one matching `done` (or the time is up).
fn wait_for(lines: &mpsc::Receiver<String>, done: impl Fn(&str) -> bool, within: Duration) {
    let end = Instant::now() + within;
    while let Some(left) = end.checked_duration_since(Instant::now()) {
        match lines.recv_timeout(left) {
            Ok(l) if done(&l) => return,
            Ok(_) => {}
            Err(_) => break,
        }
    }
    panic!("the worker did not get that far within {within:?}");
}

fn wait_exit(child: &mut Child, within: Duration) -> i32 {
    let end = Instant::now() + within;
    loop {
        if let Some(status) = child.try_wait().expect("wait for worker") {
            return status.code().unwrap_or(-1);
        }
        if Instant::now() > end {
            let _ = child.kill();
            panic!("the worker did not exit within {within:?}");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// Every article of a plain ingest stored once (`stored_ids` fails on one listed twice).
#[track_caller]
fn assert_same_articles(got: &Value, want: &Value) {
    let (got_ids, want_ids) = (stored_ids(got), stored_ids(want));
    assert_eq!(
        got_ids.len(),
        want_ids.len(),
        "articles stored through the queue differ from a plain ingest"
    );
    assert_eq!(got_ids, want_ids);
}

/// The stories of a plain ingest, same ids and members. Only for a worker that stores the
/// articles in input order in batches as large as the plain ingest's: the store's stories
/// still depend on where batches split (regrouping is local to what a batch touches).
#[track_caller]
fn assert_same_stories(got: &Value, want: &Value) {
    assert_same_articles(got, want);
    assert_eq!(
        memberships(got),
        memberships(want),
        "stories through the queue differ from a plain ingest"
    );
}

#[test]
fn queue_worker_stores_the_stories_of_a_plain_ingest_and_republishing_adds_nothing() {
    let Some(url) = nats() else { return };
    let q = TestQueue::new(&url, "same");
    let input = sample();
    let published = q.publish(&[&input]);
    published.ok();
    assert_eq!(summary(&published).new, 50, "{}", published.stderr);

    let db = Db::new();
    let worker = q.drain(&db, &[]);
    worker.ok();
    assert_same_stories(&db.stories(None), &plain_stories(&[&input]));
    assert_eq!(
        q.connect().pending().unwrap(),
        0,
        "articles left in the queue"
    );

    // The same input again: the stream drops every message as a duplicate.
    let again = q.publish(&[&input]);
    again.ok();
    assert_eq!(summary(&again).new, 0, "{}", again.stderr);
    assert!(again.stderr.contains("50 duplicate"), "{}", again.stderr);
    let before = db.stories_run(None).ok().stdout.clone();
    q.drain(&db, &[]).ok();
    assert_eq!(before, db.stories_run(None).ok().stdout);

    // Published again past the duplicate window (a queue of another name): the store takes
    // every article as unchanged.
    let other = TestQueue::new(&url, "same-again");
    other.publish(&[&input]).ok();
    let w = other.drain(&db, &[]);
    w.ok();
    assert!(
        w.stderr.contains("worker: 0 new, 50 unchanged"),
        "{}",
        w.stderr
    );
    assert_eq!(before, db.stories_run(None).ok().stdout);
}

#[test]
fn queue_a_worker_killed_mid_batch_loses_and_doubles_nothing() {
    let Some(url) = nats() else { return };
    let tmp = tempfile::tempdir().unwrap();
    let input = generated(tmp.path(), 600);
    let q = TestQueue::new(&url, "kill");
    q.publish(&[&input]).ok();

    let db = Db::new();
    let (mut child, lines) = q.spawn_worker(&db, &["--batch", "40", "--ack-wait", "2s"]);
    wait_for(
        &lines,
        |l| l.starts_with("worker: batch stored"),
        Duration::from_secs(120),
    );
    // The next batch is being prepared or stored: SIGKILL, no chance to acknowledge.
    child.kill().expect("kill -9 the worker");
    child.wait().unwrap();
    let pending = q.connect().pending().unwrap();
    assert!(pending > 0, "the worker finished before it was killed");

    q.drain(&db, &["--ack-wait", "2s"]).ok();
    assert_eq!(
        q.connect().pending().unwrap(),
        0,
        "articles left in the queue"
    );
    assert_same_articles(&db.stories(None), &plain_stories(&[&input]));
}

#[test]
fn queue_a_poison_message_goes_to_the_dead_letters_and_blocks_nothing() {
    let Some(url) = nats() else { return };
    let q = TestQueue::new(&url, "poison");
    let queue = q.connect();
    queue
        .publish_bytes("this is not an article".into())
        .unwrap();
    queue
        .publish_bytes(r#"{"id":"x","source":"y"}"#.into())
        .unwrap();
    q.publish(&[&sample()]).ok();

    let db = Db::new();
    let w = q.drain(&db, &[]);
    w.ok();
    assert_eq!(queue.pending().unwrap(), 0, "articles left in the queue");
    let dead = queue.dead_letters().unwrap();
    assert_eq!(dead.len(), 2, "{dead:?}");
    assert_eq!(&dead[0].payload[..], b"this is not an article");
    for d in &dead {
        assert!(d.reason.starts_with("not an article"), "{d:?}");
        assert_eq!(d.deliveries, 1, "a poison message is not retried: {d:?}");
    }
    assert!(
        w.stderr.contains("sent to the dead letters"),
        "{}",
        w.stderr
    );
    assert_eq!(stored_ids(&db.stories(None)).len(), 50);
}

#[test]
fn queue_two_workers_on_one_sqlite_file_store_every_article_once() {
    let Some(url) = nats() else { return };
    let tmp = tempfile::tempdir().unwrap();
    let input = generated(tmp.path(), 400);
    let q = TestQueue::new(&url, "two");
    q.publish(&[&input]).ok();

    let db = Db::new();
    let args = ["--batch", "25", "--idle-exit", "3s"];
    let (mut a, _la) = q.spawn_worker(&db, &args);
    let (mut b, _lb) = q.spawn_worker(&db, &args);
    assert_eq!(wait_exit(&mut a, Duration::from_secs(300)), 0);
    assert_eq!(wait_exit(&mut b, Duration::from_secs(300)), 0);
    assert_eq!(
        q.connect().pending().unwrap(),
        0,
        "articles left in the queue"
    );
    assert!(q.connect().dead_letters().unwrap().is_empty());
    assert_same_articles(&db.stories(None), &plain_stories(&[&input]));
}

/// A `nats-server` of the test's own, on a free port, keeping its data in `dir`.
struct PrivateNats {
    port: u16,
    dir: PathBuf,
    child: Option<Child>,
}

const NATS_SERVER: &str = "/usr/sbin/nats-server";

impl PrivateNats {
    fn start(dir: &Path) -> Option<PrivateNats> {
        if !Path::new(NATS_SERVER).exists() {
            if factline_testkit::services_required() {
                panic!("{NATS_SERVER} is missing, and FACTLINE_REQUIRE_SERVICES=1 requires it");
            }
            eprintln!("skipped: {NATS_SERVER} is not installed");
            return None;
        }
        let port = TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .expect("a free port")
            .port();
        let mut s = PrivateNats {
            port,
            dir: dir.to_path_buf(),
            child: None,
        };
        s.run();
        Some(s)
    }

    fn url(&self) -> String {
        format!("nats://127.0.0.1:{}", self.port)
    }

    fn run(&mut self) {
        let child = Command::new(NATS_SERVER)
            .args([
                "-a",
                "127.0.0.1",
                "-p",
                &self.port.to_string(),
                "-js",
                "-sd",
            ])
            .arg(&self.dir)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start nats-server");
        self.child = Some(child);
        let end = Instant::now() + Duration::from_secs(10);
        while std::net::TcpStream::connect(("127.0.0.1", self.port)).is_err() {
            assert!(Instant::now() < end, "nats-server did not start");
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// Stop the server (SIGTERM: it writes its streams out) and wait for it.
    fn stop(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = Command::new("kill")
                .args(["-TERM", &child.id().to_string()])
                .status();
            if wait_exit(&mut child, Duration::from_secs(10)) == -1 {
                let _ = child.wait();
            }
        }
    }
}

impl Drop for PrivateNats {
    fn drop(&mut self) {
        if let Some(mut c) = self.child.take() {
            let _ = c.kill();
            let _ = c.wait();
        }
    }
}

#[test]
fn queue_a_worker_rides_out_a_nats_restart() {
    if nats().is_none() {
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    let Some(mut server) = PrivateNats::start(&tmp.path().join("nats")) else {
        return;
    };
    let input = generated(tmp.path(), 400);
    let q = TestQueue::new(&server.url(), "restart");
    q.publish(&[&input]).ok();

    let db = Db::new();
    let (mut child, lines) = q.spawn_worker(
        &db,
        &["--batch", "25", "--ack-wait", "2s", "--idle-exit", "8s"],
    );
    wait_for(
        &lines,
        |l| l.starts_with("worker: batch stored"),
        Duration::from_secs(120),
    );
    server.stop();
    std::thread::sleep(Duration::from_secs(1));
    server.run();
    assert_eq!(wait_exit(&mut child, Duration::from_secs(300)), 0);
    assert_eq!(
        q.connect().pending().unwrap(),
        0,
        "articles left in the queue"
    );
    assert_same_articles(&db.stories(None), &plain_stories(&[&input]));
}

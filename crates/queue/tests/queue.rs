//! The queue against the NATS JetStream server at 127.0.0.1:4222 (skipped when it is not
//! running, unless `FACTLINE_REQUIRE_SERVICES=1`). Each test has its own queue, deleted at
//! the end.

use std::time::Duration;

use factline_model::{RawArticle, parse_date};
use factline_queue::{ArticleQueue, Published, QueueConfig};

const ADDR: &str = "127.0.0.1:4222";

/// A queue of this test's own; deleted when dropped.
struct Scratch(Option<ArticleQueue>);

impl Scratch {
    fn new(test: &str) -> Option<Scratch> {
        if !factline_testkit::service_available("NATS", ADDR) {
            return None;
        }
        let mut cfg = QueueConfig::new(&format!("nats://{ADDR}"));
        cfg.name = format!("fltest-q-{test}-{}", std::process::id());
        cfg.ack_wait = Duration::from_secs(2);
        if let Ok(old) = ArticleQueue::connect(cfg.clone()) {
            let _ = old.delete();
        }
        Some(Scratch(Some(ArticleQueue::connect(cfg).expect("connect"))))
    }
}

impl std::ops::Deref for Scratch {
    type Target = ArticleQueue;
    fn deref(&self) -> &ArticleQueue {
        self.0.as_ref().expect("queue")
    }
}

impl std::ops::DerefMut for Scratch {
    fn deref_mut(&mut self) -> &mut ArticleQueue {
        self.0.as_mut().expect("queue")
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        if let Some(q) = self.0.take() {
            let _ = q.delete();
        }
    }
}

fn article(id: &str, body: &str) -> RawArticle {
    RawArticle {
        id: id.into(),
        source: "test".into(),
        url: None,
        published: parse_date("2024-03-01").unwrap(),
        title: Some(format!("Title {id}")),
        body: body.into(),
    }
}

#[test]
fn published_articles_come_out_whole_and_a_copy_is_dropped() {
    let Some(mut q) = Scratch::new("pub") else {
        return;
    };
    let a = article("a", "A fire killed two people on Monday.");
    let b = article("b", "Floods displaced 300 families.");
    let copy = article("a-again", &a.body);
    let mut seen = Vec::new();
    let totals = q
        .publish_all([a.clone(), b.clone(), copy], |raw, p| {
            seen.push((raw.id.clone(), p))
        })
        .unwrap();
    assert_eq!((totals.new, totals.duplicates), (2, 1));
    assert_eq!(seen[2], ("a-again".to_string(), Published::Duplicate));
    assert_eq!(q.publish(&b).unwrap(), Published::Duplicate);
    assert_eq!(q.pending().unwrap(), 2);

    let got = q.fetch(10, Duration::from_millis(500)).unwrap();
    assert_eq!(got.len(), 2);
    assert_eq!(got[0].article.as_ref().unwrap(), &a);
    assert_eq!(got[1].article.as_ref().unwrap(), &b);
    assert!(got.iter().all(|d| d.delivered == 1));
    q.ack(&got.iter().collect::<Vec<_>>()).unwrap();
    assert!(q.fetch(10, Duration::from_millis(300)).unwrap().is_empty());
    assert_eq!(
        q.pending().unwrap(),
        0,
        "acknowledged messages leave a work queue"
    );
}

#[test]
fn a_retried_message_comes_back_after_its_delay_and_counts_deliveries() {
    let Some(mut q) = Scratch::new("retry") else {
        return;
    };
    q.publish(&article("r", "Two people were injured."))
        .unwrap();
    let first = q.fetch(1, Duration::from_millis(500)).unwrap();
    assert_eq!(first.len(), 1);
    q.retry(&first[0], Duration::from_millis(300)).unwrap();
    let again = q.fetch(1, Duration::from_secs(3)).unwrap();
    assert_eq!(again.len(), 1);
    assert_eq!(again[0].delivered, 2);

    // Unacknowledged: delivered again once the ack wait is over.
    let third = q.fetch(1, Duration::from_secs(5)).unwrap();
    assert_eq!(third.len(), 1, "not redelivered after the ack wait");
    assert_eq!(third[0].delivered, 3);
    q.dead_letter(&third[0], "store refused it\nthree times")
        .unwrap();
    assert_eq!(q.pending().unwrap(), 0);
    let dead = q.dead_letters().unwrap();
    assert_eq!(dead.len(), 1);
    assert_eq!(dead[0].reason, "store refused it three times");
    assert_eq!(dead[0].deliveries, 3);
    let back: RawArticle = serde_json::from_slice(&dead[0].payload).unwrap();
    assert_eq!(back.id, "r");
}

#[test]
fn an_unreachable_server_is_an_error_naming_it() {
    let cfg = QueueConfig::new("nats://127.0.0.1:1");
    let e = ArticleQueue::connect(cfg)
        .err()
        .expect("no server on port 1");
    assert!(
        e.to_string()
            .starts_with("nats://127.0.0.1:1: cannot connect"),
        "{e}"
    );
}

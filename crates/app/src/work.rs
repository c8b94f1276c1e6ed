//! The worker use case: articles taken from a work queue, prepared, stored through the
//! ingest use case, and acknowledged only once the store has committed them.
//!
//! The queue is anything that hands out deliveries and takes their fate ([`WorkQueue`]; the
//! NATS JetStream one is `factline-queue`'s): this module decides what becomes of each.
//!
//! - Stored, or already stored (same content hash): acknowledged after the commit. Delivery
//!   is at least once (a worker can die between commit and acknowledgement, or a message can
//!   outlive its ack wait) and the store keeps an article once by its content hash, so each
//!   article is stored once.
//! - Never ingestible (not an article, or extraction panicked on it): to the dead letters at
//!   once, with the reason.
//! - The store failed: a transient failure (a database busy with another writer, a lost
//!   connection) is no fault of the articles, and the batch is retried after a delay for as
//!   long as it lasts. Any other failure of a batch is retried article by article at once,
//!   so one article the store refuses does not hold the others; an article that still fails
//!   is retried after a delay, and sent to the dead letters once it has been delivered
//!   [`WorkOptions::max_deliver`] times.
//!
//! A run of batches is one [`Ingest`] while messages keep coming: the search index commits
//! and the touched stories' summaries are written when the queue falls idle (or every
//! `index::COMMIT_EVERY` articles for the index), not after every batch.

use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use factline_model::RawArticle;
use factline_store::{NewArticle, Store};

use crate::ingest::{Ingest, IngestTotals};
use crate::pipeline::prepare_batch;
use crate::{AppError, Notify};

/// Where a worker's articles come from.
pub trait WorkQueue {
    /// One message taken from the queue.
    type Delivery;
    type Error: std::error::Error + Send + Sync + 'static;

    /// Up to `max` deliveries, waiting up to `wait` when none is ready; empty when none came.
    fn fetch(&mut self, max: usize, wait: Duration) -> Result<Vec<Self::Delivery>, Self::Error>;
    /// The delivery's article, or why it is not one.
    fn article(delivery: &Self::Delivery) -> Result<&RawArticle, &str>;
    /// How many times it has been delivered, this time included.
    fn delivered(delivery: &Self::Delivery) -> u64;
    /// Done with: take them off the queue.
    fn ack(&mut self, deliveries: &[&Self::Delivery]) -> Result<(), Self::Error>;
    /// Deliver again after `delay`.
    fn retry(&mut self, delivery: &Self::Delivery, delay: Duration) -> Result<(), Self::Error>;
    /// Keep it aside with `reason`, and take it off the queue.
    fn dead_letter(&mut self, delivery: &Self::Delivery, reason: &str) -> Result<(), Self::Error>;
    /// The delay before retrying a delivery made `delivered` times.
    fn retry_delay(&self, delivered: u64) -> Duration;
}

/// How a worker runs.
#[derive(Debug, Clone)]
pub struct WorkOptions {
    /// Most articles stored in one transaction.
    pub batch: usize,
    /// Longest wait for a message before looking at the stop flag and the idle time again.
    pub poll: Duration,
    /// Stop when no message came for this long (None: run until stopped).
    pub idle_exit: Option<Duration>,
    /// Deliveries after which an article the store keeps failing on goes to the dead letters.
    pub max_deliver: u64,
}

impl Default for WorkOptions {
    fn default() -> Self {
        WorkOptions {
            batch: 256,
            poll: Duration::from_secs(1),
            idle_exit: None,
            max_deliver: 5,
        }
    }
}

/// What a worker tells its front end as it goes.
#[derive(Debug)]
pub enum WorkEvent<'a> {
    /// A batch was committed and acknowledged.
    Stored {
        new: usize,
        unchanged: usize,
        dead: usize,
    },
    /// An article went to the dead letters.
    DeadLetter { article: String, reason: &'a str },
    /// Articles the store failed on will be delivered again after `delay`.
    Retry {
        articles: usize,
        delay: Duration,
        error: &'a AppError,
    },
    /// The queue failed (the worker waits and goes on).
    QueueTrouble(&'a (dyn std::error::Error + 'static)),
}

/// Totals of a worker's life.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct WorkTotals {
    pub ingest: IngestTotals,
    /// Articles sent to the dead letters.
    pub dead: usize,
    /// Deliveries handed back for a later retry.
    pub retried: usize,
}

/// Take articles from `queue` into `store` (its search index in `index_dir`) until `stop`
/// is set or, with [`WorkOptions::idle_exit`], until the queue stays empty that long. A
/// batch in hand when `stop` is set is finished and acknowledged first.
pub fn work<Q: WorkQueue>(
    queue: &mut Q,
    store: &mut dyn Store,
    index_dir: &std::path::Path,
    notify: Notify<'_>,
    opts: &WorkOptions,
    stop: &AtomicBool,
    events: &mut dyn FnMut(WorkEvent<'_>),
) -> WorkTotals {
    let mut totals = WorkTotals::default();
    let mut idle_since = Instant::now();
    let stopping = || stop.load(Ordering::SeqCst);
    while !stopping() {
        if opts.idle_exit.is_some_and(|d| idle_since.elapsed() >= d) {
            break;
        }
        let first = match queue.fetch(opts.batch, opts.poll) {
            Ok(b) if b.is_empty() => continue,
            Ok(b) => b,
            Err(e) => {
                events(WorkEvent::QueueTrouble(&e));
                std::thread::sleep(opts.poll);
                continue;
            }
        };
        // A busy period: one ingest run while messages keep coming.
        let mut run = Ingest::begin(&mut *store, index_dir, notify);
        let mut batch = first;
        loop {
            handle_batch(queue, &mut run, batch, opts, &mut totals, events);
            if stopping() {
                break;
            }
            batch = match queue.fetch(opts.batch, opts.poll) {
                Ok(b) if !b.is_empty() => b,
                Ok(_) => break,
                Err(e) => {
                    events(WorkEvent::QueueTrouble(&e));
                    break;
                }
            };
        }
        let ingest = run.finish();
        add_totals(&mut totals.ingest, ingest);
        idle_since = Instant::now();
    }
    totals
}

fn add_totals(into: &mut IngestTotals, t: IngestTotals) {
    into.new += t.new;
    into.unchanged += t.unchanged;
    into.near_duplicates += t.near_duplicates;
    into.rejected += t.rejected;
    into.merges += t.merges;
    into.stories.extend(t.stories);
}

/// Prepare, store and settle one batch of deliveries.
fn handle_batch<Q: WorkQueue>(
    queue: &mut Q,
    run: &mut Ingest<'_>,
    deliveries: Vec<Q::Delivery>,
    opts: &WorkOptions,
    totals: &mut WorkTotals,
    events: &mut dyn FnMut(WorkEvent<'_>),
) {
    let mut dead = 0usize;
    let mut raws = Vec::with_capacity(deliveries.len());
    let mut readable = Vec::with_capacity(deliveries.len());
    for d in &deliveries {
        match Q::article(d) {
            Ok(raw) => {
                raws.push(raw.clone());
                readable.push(d);
            }
            Err(reason) => {
                let reason = reason.to_string();
                dead += dead_letter(queue, d, "(unreadable message)", &reason, events);
            }
        }
    }
    let mut items: Vec<NewArticle> = Vec::with_capacity(raws.len());
    let mut held: Vec<&Q::Delivery> = Vec::with_capacity(raws.len());
    for (prepared, d) in prepare_batch(&raws).into_iter().zip(readable) {
        match prepared {
            Ok(item) => {
                items.push(item);
                held.push(d);
            }
            Err(e) => {
                let raw = Q::article(d).map(|r| r.id.clone()).unwrap_or_default();
                dead += dead_letter(queue, d, &raw, &e.to_string(), events);
            }
        }
    }
    totals.dead += dead;
    if items.is_empty() {
        return;
    }
    match run.store(&items) {
        Ok(report) => {
            acknowledge(queue, &held, events);
            events(WorkEvent::Stored {
                new: report.new.len(),
                unchanged: report.unchanged.len(),
                dead,
            });
        }
        Err(e) if is_transient(&e) => {
            retry_all(queue, &held, &e, totals, events);
        }
        Err(e) if items.len() == 1 => {
            settle_failure(queue, held[0], &items[0], &e, opts, totals, events);
        }
        Err(_) => {
            // Find the article the store refuses: the others are stored one by one.
            for (item, d) in items.iter().zip(held) {
                match run.store(std::slice::from_ref(item)) {
                    Ok(report) => {
                        acknowledge(queue, &[d], events);
                        events(WorkEvent::Stored {
                            new: report.new.len(),
                            unchanged: report.unchanged.len(),
                            dead: 0,
                        });
                    }
                    Err(e) if is_transient(&e) => retry_all(queue, &[d], &e, totals, events),
                    Err(e) => settle_failure(queue, d, item, &e, opts, totals, events),
                }
            }
        }
    }
}

/// Store errors that pass by themselves (no fault of the articles).
fn is_transient(e: &AppError) -> bool {
    matches!(e, AppError::Store(s) if s.is_transient())
}

fn acknowledge<Q: WorkQueue>(
    queue: &mut Q,
    done: &[&Q::Delivery],
    events: &mut dyn FnMut(WorkEvent<'_>),
) {
    // A lost acknowledgement means a redelivery, which the store takes as unchanged.
    if let Err(e) = queue.ack(done) {
        events(WorkEvent::QueueTrouble(&e));
    }
}

fn retry_all<Q: WorkQueue>(
    queue: &mut Q,
    held: &[&Q::Delivery],
    error: &AppError,
    totals: &mut WorkTotals,
    events: &mut dyn FnMut(WorkEvent<'_>),
) {
    let most = held.iter().map(|d| Q::delivered(d)).max().unwrap_or(1);
    let delay = queue.retry_delay(most);
    events(WorkEvent::Retry {
        articles: held.len(),
        delay,
        error,
    });
    for d in held {
        totals.retried += 1;
        // Unsent, the message comes back after its ack wait anyway.
        if let Err(e) = queue.retry(d, delay) {
            events(WorkEvent::QueueTrouble(&e));
        }
    }
}

/// An article the store failed on for a reason of its own: retried later, or kept aside
/// once it has had its deliveries.
fn settle_failure<Q: WorkQueue>(
    queue: &mut Q,
    d: &Q::Delivery,
    item: &NewArticle,
    error: &AppError,
    opts: &WorkOptions,
    totals: &mut WorkTotals,
    events: &mut dyn FnMut(WorkEvent<'_>),
) {
    let delivered = Q::delivered(d);
    if delivered >= opts.max_deliver {
        let reason = format!(
            "the store failed on it {delivered} times: {}",
            crate::error_chain(error)
        );
        totals.dead += dead_letter(queue, d, &item.article.id, &reason, events);
    } else {
        retry_all(queue, &[d], error, totals, events);
    }
}

/// Send one delivery to the dead letters; 1 when it went.
fn dead_letter<Q: WorkQueue>(
    queue: &mut Q,
    d: &Q::Delivery,
    article: &str,
    reason: &str,
    events: &mut dyn FnMut(WorkEvent<'_>),
) -> usize {
    match queue.dead_letter(d, reason) {
        Ok(()) => {
            events(WorkEvent::DeadLetter {
                article: article.to_string(),
                reason,
            });
            1
        }
        Err(e) => {
            // Not acknowledged: it comes back and is judged again.
            events(WorkEvent::QueueTrouble(&e));
            0
        }
    }
}

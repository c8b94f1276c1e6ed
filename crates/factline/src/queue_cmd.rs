//! `ingest --nats` (publish what is read to the work queue) and `worker` (ingest what the
//! queue hands out): wiring of `factline-queue` and the application's worker use case.

use std::cell::Cell;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use anyhow::Result;
use factline_app::{IndexNotice, WorkEvent, WorkOptions, WorkTotals};
use factline_queue::{ArticleQueue, QueueConfig};
use factline_store::Store;
use indicatif::{ProgressBar, ProgressStyle};

use crate::commands::outcome;
use crate::database::Database;
use crate::inputs::{Sources, read_all_inputs};
use crate::search_cmd::index_notice;
use crate::{Outcome, report_rejected, stderr_is_terminal};

/// The queue `name` on the server at `url`.
pub fn queue_config(url: &str, name: &str, ack_wait: Option<Duration>) -> QueueConfig {
    let mut cfg = QueueConfig::new(url);
    cfg.name = name.to_string();
    if let Some(d) = ack_wait {
        cfg.ack_wait = d;
    }
    cfg
}

/// Read the inputs and publish their articles to the queue (nothing is stored here).
pub fn publish(cfg: QueueConfig, inputs: &[String], sources: Sources<'_>) -> Result<Outcome> {
    let queue = ArticleQueue::connect(cfg)?;
    let bar = if stderr_is_terminal() {
        let b = ProgressBar::new_spinner();
        b.set_style(
            ProgressStyle::with_template("{spinner} {pos} articles published ({per_sec})")
                .expect("valid template"),
        );
        b
    } else {
        ProgressBar::hidden()
    };
    let rejected = Cell::new(0usize);
    let articles = read_all_inputs(inputs, sources, |e| {
        rejected.set(rejected.get() + 1);
        bar.suspend(|| report_rejected(e));
    });
    let totals = queue.publish_all(articles, |_, _| bar.inc(1))?;
    bar.finish_and_clear();
    let c = queue.config();
    eprintln!(
        "published to {} at {}: {} new, {} duplicate, {} rejected",
        c.stream(),
        c.url,
        totals.new,
        totals.duplicates,
        rejected.get()
    );
    Ok(outcome(rejected.get()))
}

/// Take articles from the queue into the SQLite database `db` until stopped (SIGINT,
/// SIGTERM) or, with `idle_exit`, until the queue stays empty that long.
pub fn worker(cfg: QueueConfig, db: &Database, opts: &WorkOptions) -> Result<Outcome> {
    let stop = stop_on_signals()?;
    let mut queue = ArticleQueue::connect(cfg)?;
    let mut store = db.open()?;
    let totals = run_worker(&mut queue, &mut *store, db, opts, &stop);
    eprintln!(
        "worker: {} new, {} unchanged, {} near-duplicate, {} dead letters, {} retried; {} stories touched",
        totals.ingest.new,
        totals.ingest.unchanged,
        totals.ingest.near_duplicates,
        totals.dead,
        totals.retried,
        totals.ingest.stories.len()
    );
    Ok(Outcome::Ok)
}

/// The worker over any store; `db` names where its search index lives.
pub fn run_worker(
    queue: &mut ArticleQueue,
    store: &mut dyn Store,
    db: &Database,
    opts: &WorkOptions,
    stop: &AtomicBool,
) -> WorkTotals {
    let notify = |n: IndexNotice| index_notice(db, n);
    let c = queue.config();
    eprintln!(
        "worker: taking articles from {} at {} (consumer {})",
        c.stream(),
        c.url,
        c.consumer()
    );
    factline_app::work(
        queue,
        store,
        &db.index_dir(),
        &notify,
        opts,
        stop,
        &mut |event| match event {
            WorkEvent::Stored {
                new,
                unchanged,
                dead,
            } => eprintln!("worker: batch stored: {new} new, {unchanged} unchanged, {dead} dead"),
            WorkEvent::DeadLetter { article, reason } => {
                eprintln!("factline: {article}: sent to the dead letters: {reason}")
            }
            WorkEvent::Retry {
                articles,
                delay,
                error,
            } => eprintln!(
                "factline: {articles} articles to retry in {:.1}s: {}",
                delay.as_secs_f64(),
                chain(error)
            ),
            WorkEvent::QueueTrouble(e) => eprintln!("factline: {e}"),
        },
    )
}

/// An error with its causes, `: `-separated.
fn chain(e: &dyn std::error::Error) -> String {
    let mut s = e.to_string();
    let mut cause = e.source();
    while let Some(c) = cause {
        s.push_str(": ");
        s.push_str(&c.to_string());
        cause = c.source();
    }
    s
}

/// A flag set by the first SIGINT or SIGTERM (the worker finishes its batch and stops); a
/// second one ends the process at once.
fn stop_on_signals() -> Result<Arc<AtomicBool>> {
    use tokio::signal::unix::{SignalKind, signal};
    let stop = Arc::new(AtomicBool::new(false));
    let flag = stop.clone();
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_io()
        .build()?;
    // Registered before returning, so that no signal in between kills the worker unasked.
    let (mut int, mut term) = runtime.block_on(async {
        Ok::<_, std::io::Error>((
            signal(SignalKind::interrupt())?,
            signal(SignalKind::terminate())?,
        ))
    })?;
    std::thread::Builder::new()
        .name("signals".into())
        .spawn(move || {
            runtime.block_on(async {
                for n in 0.. {
                    tokio::select! {
                        _ = int.recv() => {}
                        _ = term.recv() => {}
                    }
                    if n > 0 {
                        std::process::exit(130);
                    }
                    eprintln!("worker: stopping after this batch");
                    flag.store(true, Ordering::SeqCst);
                }
            })
        })?;
    Ok(stop)
}

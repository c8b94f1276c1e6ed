//! Moving articles through a NATS JetStream work queue: the only crate that knows NATS.
//!
//! A queue named `name` is a work-queue stream `NAME` on the subject `name.articles` (a
//! message is removed once a worker acknowledges it), one durable pull consumer `name-workers`
//! that every worker shares, and a dead-letter stream `NAME_DEAD` on `name.dead` that keeps
//! what could not be ingested, with the reason. A message is one [`RawArticle`] as JSON: the
//! article as read, not yet cleaned or extracted, so that the workers do the costly part
//! and a reader's output is all a publisher needs. Its `Nats-Msg-Id` is the article's
//! content hash (the store's identity of an article), so an article published again within
//! the stream's duplicate window is dropped by the server; one published after it is
//! stored once anyway, the store keying articles by the same hash.
//!
//! The API is blocking (the pipeline is synchronous): an [`ArticleQueue`] runs its own small
//! tokio runtime, on which the client also reconnects in the background when the server
//! goes away.

use std::collections::VecDeque;
use std::time::Duration;

use async_nats::jetstream::{self, AckKind, consumer, stream};
use bytes::Bytes;
use factline_model::{RawArticle, content_hash};
use futures_util::StreamExt;

/// Header of a dead letter: why the article could not be ingested.
pub const REASON_HEADER: &str = "Factline-Dead-Reason";
/// Header of a dead letter: how many times it had been delivered.
pub const DELIVERIES_HEADER: &str = "Factline-Deliveries";

/// Deliveries after which the server gives a message up. The server needs a limit with a
/// backoff; this one is some two weeks of redeliveries at the longest backoff, far past any
/// worker's own `max_deliver`.
pub const SERVER_MAX_DELIVER: i64 = 10_000;

/// Publishes kept in flight before waiting for the server's acknowledgements.
const IN_FLIGHT: usize = 256;

/// Queue errors, each naming the server and the stream.
#[derive(Debug, thiserror::Error)]
pub enum QueueError {
    #[error("{url}: cannot connect to NATS: {detail}")]
    Connect { url: String, detail: String },
    #[error("{url}: stream {stream}: {detail}")]
    Setup {
        url: String,
        stream: String,
        detail: String,
    },
    #[error("{url}: stream {stream}: publishing failed: {detail}")]
    Publish {
        url: String,
        stream: String,
        detail: String,
    },
    #[error("{url}: stream {stream}: fetching messages failed: {detail}")]
    Fetch {
        url: String,
        stream: String,
        detail: String,
    },
    #[error("{url}: stream {stream}: acknowledging a message failed: {detail}")]
    Ack {
        url: String,
        stream: String,
        detail: String,
    },
    #[error("starting the NATS client's runtime: {0}")]
    Runtime(#[source] std::io::Error),
}

/// Where a queue lives and how its consumer redelivers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueueConfig {
    /// Server URL, e.g. `nats://127.0.0.1:4222`.
    pub url: String,
    /// The queue's name: stream `NAME`, subjects `name.articles` and `name.dead`, consumer
    /// `name-workers`, dead-letter stream `NAME_DEAD`.
    pub name: String,
    /// How long a delivered message may stay unacknowledged before it is delivered again
    /// (a worker that died holds its batch this long).
    pub ack_wait: Duration,
    /// Delays of the redeliveries after an unacknowledged delivery, in order (the last one
    /// repeats); also the delays of a worker's retries.
    pub backoff: Vec<Duration>,
    /// Re-publishing an article within this window is dropped by the server.
    pub duplicate_window: Duration,
}

impl QueueConfig {
    /// The default queue `factline` on the server at `url`.
    pub fn new(url: &str) -> Self {
        QueueConfig {
            url: url.to_string(),
            name: "factline".to_string(),
            ack_wait: Duration::from_secs(60),
            backoff: vec![
                Duration::from_secs(1),
                Duration::from_secs(5),
                Duration::from_secs(30),
                Duration::from_secs(120),
            ],
            duplicate_window: Duration::from_secs(3600),
        }
    }

    pub fn stream(&self) -> String {
        self.name.to_uppercase().replace(['.', '-'], "_")
    }
    pub fn dead_stream(&self) -> String {
        format!("{}_DEAD", self.stream())
    }
    pub fn subject(&self) -> String {
        format!("{}.articles", self.name)
    }
    pub fn dead_subject(&self) -> String {
        format!("{}.dead", self.name)
    }
    pub fn consumer(&self) -> String {
        format!("{}-workers", self.name)
    }

    /// The delay before the retry that follows delivery number `delivered` (1 for the first).
    pub fn retry_delay(&self, delivered: u64) -> Duration {
        let i = (delivered.max(1) - 1) as usize;
        self.backoff
            .get(i)
            .or(self.backoff.last())
            .copied()
            .unwrap_or(Duration::from_secs(1))
    }
}

/// What publishing one article did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Published {
    /// Stored in the stream.
    New,
    /// The stream already had this content within its duplicate window: dropped.
    Duplicate,
}

/// Counts of a publishing run.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PublishTotals {
    pub new: usize,
    pub duplicates: usize,
}

/// One message taken from the queue.
#[derive(Debug)]
pub struct Delivery {
    /// The article, or why the message is not one.
    pub article: Result<RawArticle, String>,
    /// How many times this message has been delivered, this time included.
    pub delivered: u64,
    message: jetstream::Message,
}

/// A stored dead letter: what could not be ingested and why.
#[derive(Debug, Clone)]
pub struct DeadLetter {
    pub reason: String,
    pub deliveries: u64,
    pub payload: Bytes,
}

/// A connection to one queue: publish articles, take them as a worker, read dead letters.
pub struct ArticleQueue {
    config: QueueConfig,
    runtime: tokio::runtime::Runtime,
    client: async_nats::Client,
    js: jetstream::Context,
    consumer: Option<consumer::Consumer<consumer::pull::Config>>,
}

impl ArticleQueue {
    /// Connect to the server and make sure the queue's streams exist. Fails at once when
    /// the server cannot be reached; once connected, the client reconnects by itself.
    pub fn connect(config: QueueConfig) -> Result<Self, QueueError> {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .thread_name("nats")
            .enable_all()
            .build()
            .map_err(QueueError::Runtime)?;
        let (client, js) = runtime.block_on(async {
            let client = async_nats::ConnectOptions::new()
                .name("factline")
                .connection_timeout(Duration::from_secs(5))
                .max_reconnects(None)
                // Reconnection is the client's business; its events are not ours to print.
                .event_callback(|_| async {})
                .connect(config.url.as_str())
                .await
                .map_err(|e| QueueError::Connect {
                    url: config.url.clone(),
                    detail: e.to_string(),
                })?;
            let js = jetstream::new(client.clone());
            Ok::<_, QueueError>((client, js))
        })?;
        let queue = ArticleQueue {
            config,
            runtime,
            client,
            js,
            consumer: None,
        };
        queue.ensure_streams()?;
        Ok(queue)
    }

    pub fn config(&self) -> &QueueConfig {
        &self.config
    }

    fn setup_error(&self, stream: &str, e: impl std::fmt::Display) -> QueueError {
        QueueError::Setup {
            url: self.config.url.clone(),
            stream: stream.to_string(),
            detail: e.to_string(),
        }
    }

    fn ensure_streams(&self) -> Result<(), QueueError> {
        let c = &self.config;
        let work = stream::Config {
            name: c.stream(),
            subjects: vec![c.subject()],
            retention: stream::RetentionPolicy::WorkQueue,
            storage: stream::StorageType::File,
            duplicate_window: c.duplicate_window,
            ..Default::default()
        };
        let dead = stream::Config {
            name: c.dead_stream(),
            subjects: vec![c.dead_subject()],
            retention: stream::RetentionPolicy::Limits,
            storage: stream::StorageType::File,
            ..Default::default()
        };
        self.runtime.block_on(async {
            for cfg in [work, dead] {
                let name = cfg.name.clone();
                self.js
                    .get_or_create_stream(cfg)
                    .await
                    .map_err(|e| self.setup_error(&name, e))?;
            }
            Ok::<(), QueueError>(())
        })
    }

    /// Publish articles, keeping a window of them in flight; `each` is told what became of
    /// each one, in order. A publish the server did not acknowledge (the connection dropped)
    /// is sent again: the message id makes that safe.
    pub fn publish_all(
        &self,
        articles: impl IntoIterator<Item = RawArticle>,
        mut each: impl FnMut(&RawArticle, Published),
    ) -> Result<PublishTotals, QueueError> {
        let mut totals = PublishTotals::default();
        let mut in_flight: VecDeque<(RawArticle, jetstream::context::PublishAckFuture)> =
            VecDeque::new();
        self.runtime.block_on(async {
            let mut settle = |raw: &RawArticle, p: Published| {
                match p {
                    Published::New => totals.new += 1,
                    Published::Duplicate => totals.duplicates += 1,
                }
                each(raw, p);
            };
            for raw in articles {
                let ack = self.send(&raw).await?;
                in_flight.push_back((raw, ack));
                if in_flight.len() >= IN_FLIGHT {
                    let (raw, ack) = in_flight.pop_front().expect("in flight");
                    let p = self.confirm(&raw, ack).await?;
                    settle(&raw, p);
                }
            }
            while let Some((raw, ack)) = in_flight.pop_front() {
                let p = self.confirm(&raw, ack).await?;
                settle(&raw, p);
            }
            Ok::<(), QueueError>(())
        })?;
        Ok(totals)
    }

    /// Publish one article and wait for the server to take it.
    pub fn publish(&self, raw: &RawArticle) -> Result<Published, QueueError> {
        self.runtime.block_on(async {
            let ack = self.send(raw).await?;
            self.confirm(raw, ack).await
        })
    }

    /// Publish a message that is not an article (a test's poison message).
    pub fn publish_bytes(&self, payload: Bytes) -> Result<(), QueueError> {
        self.runtime.block_on(async {
            let ack = self
                .js
                .publish(self.config.subject(), payload)
                .await
                .map_err(|e| self.publish_error(e))?;
            ack.await.map_err(|e| self.publish_error(e))?;
            Ok::<(), QueueError>(())
        })
    }

    fn publish_error(&self, e: impl std::fmt::Display) -> QueueError {
        QueueError::Publish {
            url: self.config.url.clone(),
            stream: self.config.stream(),
            detail: e.to_string(),
        }
    }

    async fn send(
        &self,
        raw: &RawArticle,
    ) -> Result<jetstream::context::PublishAckFuture, QueueError> {
        let payload = serde_json::to_vec(raw).map_err(|e| self.publish_error(e))?;
        let message = jetstream::message::PublishMessage::build()
            .payload(payload.into())
            .message_id(content_hash(&raw.body));
        self.js
            .send_publish(self.config.subject(), message)
            .await
            .map_err(|e| self.publish_error(e))
    }

    async fn confirm(
        &self,
        raw: &RawArticle,
        ack: jetstream::context::PublishAckFuture,
    ) -> Result<Published, QueueError> {
        let mut result = ack.await;
        // Unacknowledged (the server restarted, the connection dropped): send it again,
        // a few times; the stream drops the copy if the first one did arrive.
        for attempt in 1..=5u32 {
            if result.is_ok() {
                break;
            }
            tokio::time::sleep(Duration::from_millis(200) * attempt).await;
            result = match self.send(raw).await {
                Ok(ack) => ack.await,
                Err(_) => continue,
            };
        }
        let ack = result.map_err(|e| self.publish_error(e))?;
        Ok(if ack.duplicate {
            Published::Duplicate
        } else {
            Published::New
        })
    }

    /// Make sure the workers' durable consumer exists (with this configuration's ack wait
    /// and backoff) and use it.
    fn consumer(&mut self) -> Result<consumer::Consumer<consumer::pull::Config>, QueueError> {
        if let Some(c) = &self.consumer {
            return Ok(c.clone());
        }
        let c = &self.config;
        // The server redelivers practically without limit: which failures are final is the
        // worker's call (an article that can never be ingested goes to the dead letters at
        // once; a store that is busy or away is waited for).
        let cfg = consumer::pull::Config {
            durable_name: Some(c.consumer()),
            filter_subject: c.subject(),
            ack_policy: consumer::AckPolicy::Explicit,
            ack_wait: c.ack_wait,
            max_deliver: SERVER_MAX_DELIVER,
            backoff: self.redelivery_backoff(),
            max_ack_pending: 20_000,
            ..Default::default()
        };
        let consumer = self.runtime.block_on(async {
            let stream = self
                .js
                .get_stream(c.stream())
                .await
                .map_err(|e| self.setup_error(&c.stream(), e))?;
            stream
                .create_consumer(cfg)
                .await
                .map_err(|e| self.setup_error(&c.stream(), e))
        })?;
        self.consumer = Some(consumer.clone());
        Ok(consumer)
    }

    /// The server's delays between redeliveries of an unacknowledged message: the first is
    /// the ack wait, later ones grow by the backoff (never shorter than the ack wait, which
    /// a worker may need for a whole batch).
    fn redelivery_backoff(&self) -> Vec<Duration> {
        let c = &self.config;
        std::iter::once(c.ack_wait)
            .chain(c.backoff.iter().map(|&d| d.max(c.ack_wait)))
            .collect()
    }

    /// Up to `max` messages: those waiting now, or, when none is, the first to come within
    /// `wait` and those that came with it. Empty when none came.
    pub fn fetch(&mut self, max: usize, wait: Duration) -> Result<Vec<Delivery>, QueueError> {
        let consumer = self.consumer()?;
        let fetch_error = |e: &dyn std::fmt::Display| QueueError::Fetch {
            url: self.config.url.clone(),
            stream: self.config.stream(),
            detail: e.to_string(),
        };
        // A fetch sent while the connection is down gets no answer: give up after a while
        // and let the caller try again (by then the client may have reconnected).
        let limit = wait + Duration::from_secs(10);
        let messages = self.runtime.block_on(async {
            tokio::time::timeout(limit, async {
                let mut got = Vec::new();
                let mut now = consumer
                    .fetch()
                    .max_messages(max)
                    .expires(wait)
                    .messages()
                    .await
                    .map_err(|e| fetch_error(&e))?;
                while let Some(m) = now.next().await {
                    got.push(m.map_err(|e| fetch_error(&e))?);
                }
                if got.is_empty() {
                    let mut first = consumer
                        .batch()
                        .max_messages(1)
                        .expires(wait)
                        .messages()
                        .await
                        .map_err(|e| fetch_error(&e))?;
                    while let Some(m) = first.next().await {
                        got.push(m.map_err(|e| fetch_error(&e))?);
                    }
                    if !got.is_empty() && max > 1 {
                        let mut more = consumer
                            .fetch()
                            .max_messages(max - 1)
                            .expires(wait)
                            .messages()
                            .await
                            .map_err(|e| fetch_error(&e))?;
                        while let Some(m) = more.next().await {
                            got.push(m.map_err(|e| fetch_error(&e))?);
                        }
                    }
                }
                Ok::<_, QueueError>(got)
            })
            .await
            .unwrap_or_else(|_| Err(fetch_error(&"no answer from the server")))
        })?;
        Ok(messages.into_iter().map(decode).collect())
    }

    fn ack_error(&self, e: impl std::fmt::Display) -> QueueError {
        QueueError::Ack {
            url: self.config.url.clone(),
            stream: self.config.stream(),
            detail: e.to_string(),
        }
    }

    /// Send what the client has buffered (acknowledgements), waiting a little at most: while
    /// the connection is down they stay buffered, and an acknowledgement that never arrives
    /// only means a redelivery.
    async fn flush(&self) -> Result<(), QueueError> {
        match tokio::time::timeout(Duration::from_secs(5), self.client.flush()).await {
            Ok(r) => r.map_err(|e| self.ack_error(e)),
            Err(_) => Err(self.ack_error("no answer from the server")),
        }
    }

    /// Acknowledge messages whose articles are stored: the queue drops them.
    pub fn ack(&self, deliveries: &[&Delivery]) -> Result<(), QueueError> {
        self.runtime.block_on(async {
            for d in deliveries {
                d.message.ack().await.map_err(|e| self.ack_error(e))?;
            }
            self.flush().await
        })
    }

    /// Have a message delivered again after `delay`.
    pub fn retry(&self, d: &Delivery, delay: Duration) -> Result<(), QueueError> {
        self.runtime.block_on(async {
            d.message
                .ack_with(AckKind::Nak(Some(delay)))
                .await
                .map_err(|e| self.ack_error(e))?;
            self.flush().await
        })
    }

    /// Tell the server a message is still being worked on (its ack wait starts again).
    pub fn in_progress(&self, deliveries: &[&Delivery]) -> Result<(), QueueError> {
        self.runtime.block_on(async {
            for d in deliveries {
                d.message
                    .ack_with(AckKind::Progress)
                    .await
                    .map_err(|e| self.ack_error(e))?;
            }
            self.flush().await
        })
    }

    /// Keep a message that can never be ingested in the dead-letter stream, with `reason`,
    /// and take it off the queue.
    pub fn dead_letter(&self, d: &Delivery, reason: &str) -> Result<(), QueueError> {
        self.runtime.block_on(async {
            let mut message = jetstream::message::PublishMessage::build()
                .payload(d.message.payload.clone())
                .header(REASON_HEADER, one_line(reason).as_str())
                .header(DELIVERIES_HEADER, d.delivered.to_string().as_str());
            if let Some(id) = d
                .message
                .headers
                .as_ref()
                .and_then(|h| h.get("Nats-Msg-Id"))
            {
                message = message.header("Factline-Msg-Id", id.as_str());
            }
            let ack = self
                .js
                .send_publish(self.config.dead_subject(), message)
                .await
                .map_err(|e| self.publish_error(e))?;
            ack.await.map_err(|e| self.publish_error(e))?;
            d.message.ack().await.map_err(|e| self.ack_error(e))?;
            self.flush().await
        })
    }

    /// Messages waiting in the queue (delivered but unacknowledged ones included).
    pub fn pending(&self) -> Result<u64, QueueError> {
        self.stream_messages(&self.config.stream())
    }

    fn stream_messages(&self, name: &str) -> Result<u64, QueueError> {
        self.runtime.block_on(async {
            let stream = self
                .js
                .get_stream(name)
                .await
                .map_err(|e| self.setup_error(name, e))?;
            let info = stream
                .get_info()
                .await
                .map_err(|e| self.setup_error(name, e))?;
            Ok::<_, QueueError>(info.state.messages)
        })
    }

    /// Every dead letter kept, oldest first.
    pub fn dead_letters(&self) -> Result<Vec<DeadLetter>, QueueError> {
        let name = self.config.dead_stream();
        self.runtime.block_on(async {
            let stream = self
                .js
                .get_stream(&name)
                .await
                .map_err(|e| self.setup_error(&name, e))?;
            let state = stream
                .get_info()
                .await
                .map_err(|e| self.setup_error(&name, e))?
                .state;
            let mut letters = Vec::new();
            for seq in state.first_sequence..=state.last_sequence {
                if state.messages == 0 {
                    break;
                }
                let Ok(m) = stream.get_raw_message(seq).await else {
                    continue;
                };
                let header = |n: &str| m.headers.get(n).map(|v| v.as_str().to_string());
                letters.push(DeadLetter {
                    reason: header(REASON_HEADER).unwrap_or_default(),
                    deliveries: header(DELIVERIES_HEADER)
                        .and_then(|v| v.parse().ok())
                        .unwrap_or(0),
                    payload: m.payload,
                });
            }
            Ok::<_, QueueError>(letters)
        })
    }

    /// Delete the queue's streams (and so its consumer): tests clean up with this.
    pub fn delete(self) -> Result<(), QueueError> {
        self.runtime.block_on(async {
            for name in [self.config.stream(), self.config.dead_stream()] {
                self.js
                    .delete_stream(&name)
                    .await
                    .map_err(|e| self.setup_error(&name, e))?;
            }
            Ok::<(), QueueError>(())
        })
    }
}

/// A message as a delivery: its article decoded, or why it is none.
fn decode(message: jetstream::Message) -> Delivery {
    let delivered = message
        .info()
        .map(|i| i.delivered.max(1) as u64)
        .unwrap_or(1);
    let article = serde_json::from_slice::<RawArticle>(&message.payload)
        .map_err(|e| format!("not an article (JSON of a raw article expected): {e}"));
    Delivery {
        article,
        delivered,
        message,
    }
}

/// Header values are one line.
fn one_line(s: &str) -> String {
    s.split(['\r', '\n'])
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// The queue as a worker's source of articles (the worker itself is the application's
/// [`factline_app::work`]).
impl factline_app::WorkQueue for ArticleQueue {
    type Delivery = Delivery;
    type Error = QueueError;

    fn fetch(&mut self, max: usize, wait: Duration) -> Result<Vec<Delivery>, QueueError> {
        ArticleQueue::fetch(self, max, wait)
    }
    fn article(d: &Delivery) -> Result<&RawArticle, &str> {
        d.article.as_ref().map_err(|e| e.as_str())
    }
    fn delivered(d: &Delivery) -> u64 {
        d.delivered
    }
    fn ack(&mut self, deliveries: &[&Delivery]) -> Result<(), QueueError> {
        ArticleQueue::ack(self, deliveries)
    }
    fn retry(&mut self, d: &Delivery, delay: Duration) -> Result<(), QueueError> {
        ArticleQueue::retry(self, d, delay)
    }
    fn dead_letter(&mut self, d: &Delivery, reason: &str) -> Result<(), QueueError> {
        ArticleQueue::dead_letter(self, d, reason)
    }
    fn retry_delay(&self, delivered: u64) -> Duration {
        self.config.retry_delay(delivered)
    }
}

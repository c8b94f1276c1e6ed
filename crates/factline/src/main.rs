//! The `factline` command: parses arguments, wires the pipeline stages, reports errors.
//!
//! Exit status: 0 when every input was taken, 1 when some input was rejected or an
//! operation failed, 2 on a usage error.

use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use anyhow::Result;
use clap::{Parser, Subcommand};
use factline_model::{Date, parse_date};

mod commands;
mod corrections;
mod database;
mod export_cmd;
mod generate;
mod inputs;
mod queue_cmd;
mod render;
mod search_cmd;
mod serve;
mod watch;

#[derive(Parser)]
#[command(
    name = "factline",
    version,
    about = "Follow developing news stories: figures, claims and sources, reconciled over time"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(clap::Args, Clone)]
struct DbArg {
    /// SQLite database file.
    #[arg(long, default_value = "factline.db", value_name = "PATH")]
    db: PathBuf,
    /// PostgreSQL database shared by several processes, instead of --db
    /// (postgres://user@host/db; `?schema=NAME` keeps factline's tables in that schema).
    #[arg(
        long,
        env = "FACTLINE_POSTGRES",
        value_name = "URL",
        conflicts_with = "db"
    )]
    postgres: Option<String>,
    /// Search index directory of a PostgreSQL database on this machine
    /// (default: factline-postgres-<hash of the URL>.index in the working directory).
    #[arg(long, value_name = "DIR", requires = "postgres")]
    index: Option<PathBuf>,
}

impl DbArg {
    fn database(&self) -> database::Database {
        match &self.postgres {
            Some(url) => database::Database::postgres(url, self.index.clone()),
            None => database::Database::sqlite(&self.db),
        }
    }
}

/// How inputs are read, and how the web is asked for URLs.
#[derive(clap::Args, Clone)]
struct ReadArgs {
    /// Publication date (YYYY-MM-DD) of inputs that carry none; an input's own date wins.
    #[arg(long, value_name = "DATE", value_parser = date_arg)]
    published: Option<Date>,
    /// Least time between two requests to one host (robots.txt Crawl-delay can raise it).
    #[arg(long, default_value = "1s", value_name = "DURATION", value_parser = duration_arg)]
    host_delay: Duration,
    /// Time limit of one HTTP request, body included.
    #[arg(long, default_value = "30s", value_name = "DURATION", value_parser = duration_arg)]
    timeout: Duration,
    /// Further attempts after a 5xx answer or a timeout, with backoff.
    #[arg(long, default_value_t = 2, value_name = "N")]
    retries: u32,
}

/// Which work queue on a NATS JetStream server.
#[derive(clap::Args, Clone)]
struct QueueArg {
    /// Name of the work queue: its streams (`NAME`, `NAME_DEAD`), subjects (`name.articles`,
    /// `name.dead`) and workers' consumer (`name-workers`) derive from it.
    #[arg(long, default_value = "factline", value_name = "NAME")]
    queue: String,
}

#[derive(clap::Args, Clone)]
struct FetchLinksArg {
    /// Fetch the page of a feed item that carries only a summary, and read its text.
    #[arg(long)]
    fetch_links: bool,
}

#[derive(Subcommand)]
enum Command {
    /// Extract facts from articles and print them (stores nothing).
    Extract {
        /// One JSON object per article (JSON Lines).
        #[arg(long)]
        json: bool,
        /// Show each fact with its sentence, the span marked, and the rule that fired.
        #[arg(long, conflicts_with = "json")]
        explain: bool,
        #[command(flatten)]
        read: ReadArgs,
        #[command(flatten)]
        links: FetchLinksArg,
        /// Files, directories, `-` for standard input, page or feed URLs.
        #[arg(required = true, value_name = "INPUT")]
        inputs: Vec<String>,
    },
    /// Print the cleaned body that fact offsets refer to.
    Clean {
        #[command(flatten)]
        read: ReadArgs,
        #[command(flatten)]
        links: FetchLinksArg,
        #[arg(required = true, value_name = "INPUT")]
        inputs: Vec<String>,
    },
    /// Store articles, extract their facts and assign them to stories (or, with --nats,
    /// publish them to a work queue for `factline worker`).
    Ingest {
        #[command(flatten)]
        db: DbArg,
        /// Publish the articles read to the work queue on this NATS server instead of
        /// storing them (e.g. nats://127.0.0.1:4222).
        #[arg(long, value_name = "URL")]
        nats: Option<String>,
        #[command(flatten)]
        queue: QueueArg,
        #[command(flatten)]
        read: ReadArgs,
        #[command(flatten)]
        links: FetchLinksArg,
        #[arg(required = true, value_name = "INPUT")]
        inputs: Vec<String>,
    },
    /// Poll feeds and pages, ingesting new items as they come (conditional GETs).
    Watch {
        #[command(flatten)]
        db: DbArg,
        /// Time between the starts of two rounds.
        #[arg(long, default_value = "10m", value_name = "DURATION", value_parser = duration_arg)]
        interval: Duration,
        /// Do one round and exit.
        #[arg(long)]
        once: bool,
        /// Do this many rounds and exit.
        #[arg(long, value_name = "N", conflicts_with = "once")]
        rounds: Option<u64>,
        /// Read feed items from their summaries instead of fetching their pages.
        #[arg(long)]
        no_fetch_links: bool,
        #[command(flatten)]
        read: ReadArgs,
        /// Feed or page URLs, or feed files.
        #[arg(required = true, value_name = "FEED_OR_URL")]
        sources: Vec<String>,
    },
    /// Take articles from a NATS JetStream work queue (`ingest --nats`) and store them:
    /// extract, cluster, commit, then acknowledge. Stops after the batch in hand on SIGINT
    /// or SIGTERM.
    Worker {
        /// NATS server URL (e.g. nats://127.0.0.1:4222).
        #[arg(long, value_name = "URL")]
        nats: String,
        #[command(flatten)]
        queue: QueueArg,
        #[command(flatten)]
        db: DbArg,
        /// Most articles stored in one transaction.
        #[arg(long, default_value_t = 256, value_name = "N")]
        batch: usize,
        /// Exit once no article came for this long (e.g. 10s; default: run until stopped).
        #[arg(long, value_name = "DURATION", value_parser = duration_arg)]
        idle_exit: Option<Duration>,
        /// How long a delivered batch may go unacknowledged before the server delivers it
        /// again (to another worker): longer than a batch takes.
        #[arg(long, default_value = "60s", value_name = "DURATION", value_parser = duration_arg)]
        ack_wait: Duration,
        /// Deliveries after which an article the store keeps failing on goes to the dead
        /// letters (a busy database is waited for, whatever this says).
        #[arg(long, default_value_t = 5, value_name = "N")]
        max_deliver: u64,
    },
    /// List stories.
    Stories {
        #[command(flatten)]
        db: DbArg,
        #[arg(long)]
        json: bool,
        /// Only what was published on or before this date (YYYY-MM-DD).
        #[arg(long, value_name = "DATE", value_parser = date_arg)]
        as_of: Option<Date>,
    },
    /// Show the reconciled state of one story.
    Story {
        /// Story id (or an old id of a merged story).
        id: String,
        #[command(flatten)]
        db: DbArg,
        #[arg(long)]
        json: bool,
        #[arg(long, value_name = "DATE", value_parser = date_arg)]
        as_of: Option<Date>,
    },
    /// Export what stories hold: every figure and claim each article reports, the timeline,
    /// or the cited briefing; of one story or all, as of a date. Column names are listed in
    /// the README.
    Export {
        #[command(flatten)]
        db: DbArg,
        /// Only this story (id or an old id of a merged story); all stories by default.
        #[arg(long, value_name = "ID")]
        story: Option<String>,
        /// figures, claims, timeline or briefing.
        #[arg(long, default_value = "figures", value_name = "WHAT")]
        what: factline_model::ExportTable,
        /// csv or jsonl for figures, claims and the timeline (csv by default); md or html for
        /// the briefing (md by default).
        #[arg(long, value_name = "FORMAT")]
        format: Option<factline_model::ExportFormat>,
        /// As the stories stood on this date: only articles published by then.
        #[arg(long, value_name = "DATE", value_parser = date_arg)]
        as_of: Option<Date>,
        /// Output file (`-` for standard output); written whole or not at all.
        #[arg(long, short = 'o', default_value = "-", value_name = "FILE")]
        out: String,
    },
    /// Correct a story as an analyst: rename it, pin a figure, leave an article's figures
    /// out, merge it into another story or split an article out. Every correction is kept
    /// with who made it, when and why, and can be undone (--undo); --list shows them.
    #[command(group(clap::ArgGroup::new("action").required(true)))]
    Correct {
        /// Story id or alias (not needed with --undo, optional with --list).
        story: Option<String>,
        #[command(flatten)]
        db: DbArg,
        /// Give the story this title.
        #[arg(long, value_name = "TITLE", group = "action")]
        rename: Option<String>,
        /// Leave this article's figures out of the story's figures (it stays listed).
        #[arg(long, value_name = "ARTICLE", group = "action")]
        exclude: Option<String>,
        /// Pin the current figure of a kind: KIND=VALUE (killed=133), a trailing + for "at
        /// least" (killed=133+).
        #[arg(long, value_name = "KIND=VALUE", group = "action", value_parser = corrections::pin_arg)]
        pin: Option<(factline_model::FigureKind, u64, factline_model::Qualifier)>,
        /// Merge the story into this story (id or alias).
        #[arg(long, value_name = "STORY", group = "action")]
        merge_into: Option<String>,
        /// Take this article out of the story: it stands on its own.
        #[arg(long, value_name = "ARTICLE", group = "action")]
        split: Option<String>,
        /// Undo the correction with this number (it stays on record as undone).
        #[arg(long, value_name = "ID", group = "action")]
        undo: Option<i64>,
        /// List the corrections (of the story, when one is given).
        #[arg(long, group = "action")]
        list: bool,
        /// Who makes the correction (default: $FACTLINE_ANALYST, else $USER).
        #[arg(long, value_name = "NAME")]
        who: Option<String>,
        /// Why: required for a correction or an undo.
        #[arg(long, value_name = "TEXT")]
        why: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// Generate a large synthetic corpus (JSON Lines) by varying the sample corpus.
    Gen {
        /// Number of articles.
        #[arg(long, short = 'n', default_value_t = 100_000)]
        count: usize,
        /// Random seed; the same seed gives the same corpus.
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// Corpus to vary.
        #[arg(long, default_value = "corpus/sample/articles", value_name = "DIR")]
        from: String,
        /// Output file (`-` for standard output).
        #[arg(long, short = 'o', default_value = "-", value_name = "FILE")]
        out: String,
        /// Variants of the sample whose stories share each week (the density of events of
        /// one kind at one time; dates move forward one week per this many variants).
        #[arg(long, default_value_t = 2, value_name = "N")]
        per_week: usize,
        /// Also write each generated article's story label, as JSON Lines for
        /// `score.py stories` (needs `gold.jsonl` in or beside the corpus).
        #[arg(long, value_name = "FILE")]
        gold_out: Option<String>,
    },
    /// Ingest the bundled sample corpus into a fresh database and show what factline makes of it.
    Demo {
        /// Database to (re)create.
        #[arg(long, default_value = "factline-demo.db", value_name = "PATH")]
        db: PathBuf,
        /// Corpus directory.
        #[arg(long, default_value = "corpus/sample/articles", value_name = "DIR")]
        corpus: String,
    },
    /// Full-text search over stored articles, ranked, each hit with its story and a snippet.
    Search {
        /// Words, "phrases", OR, -excluded (all words are required unless joined by OR).
        #[arg(required = true, value_name = "QUERY")]
        query: Vec<String>,
        #[command(flatten)]
        db: DbArg,
        #[arg(long)]
        json: bool,
        /// Only articles published on or after this date (YYYY-MM-DD).
        #[arg(long, value_name = "DATE", value_parser = date_arg)]
        from: Option<Date>,
        /// Only articles published on or before this date (YYYY-MM-DD).
        #[arg(long, value_name = "DATE", value_parser = date_arg)]
        to: Option<Date>,
        /// Only articles of this story (id or old id).
        #[arg(long, value_name = "ID")]
        story: Option<String>,
        /// Most hits shown.
        #[arg(long, default_value_t = 20, value_name = "N")]
        limit: usize,
        /// Hits skipped (for the next page).
        #[arg(long, default_value_t = 0, value_name = "N")]
        offset: usize,
    },
    /// Rebuild the full-text search index (`<db>.index/`) from the stored articles.
    Reindex {
        #[command(flatten)]
        db: DbArg,
    },
    /// Serve the JSON API (same shapes as `--json`) and the web UI over HTTP.
    Serve {
        #[command(flatten)]
        db: DbArg,
        /// Address to listen on; the default accepts connections from this machine only.
        #[arg(long, default_value = "127.0.0.1:8080", value_name = "ADDR")]
        addr: std::net::SocketAddr,
        /// Create the database when it does not exist (else a missing database is an error).
        #[arg(long)]
        create: bool,
    },
}

fn date_arg(s: &str) -> Result<Date, String> {
    parse_date(s).map_err(|e| e.to_string())
}

/// `500ms`, `30s`, `10m`, `2h`, or a number of seconds.
fn duration_arg(s: &str) -> Result<Duration, String> {
    let s = s.trim();
    let split = s
        .find(|c: char| !c.is_ascii_digit() && c != '.')
        .unwrap_or(s.len());
    let (num, unit) = s.split_at(split);
    let n: f64 = num
        .parse()
        .map_err(|_| format!("invalid duration {s:?} (expected e.g. 500ms, 30s, 10m, 2h)"))?;
    let secs = match unit {
        "ms" => n / 1000.0,
        "" | "s" => n,
        "m" | "min" => n * 60.0,
        "h" => n * 3600.0,
        _ => return Err(format!("invalid duration unit {unit:?} (ms, s, m or h)")),
    };
    Duration::try_from_secs_f64(secs).map_err(|e| format!("invalid duration {s:?}: {e}"))
}

impl ReadArgs {
    /// A fetcher when some input is a URL or links are to be fetched.
    fn fetcher(
        &self,
        inputs: &[String],
        fetch_links: bool,
    ) -> Result<Option<factline_fetch::Fetcher>> {
        if !fetch_links && !inputs.iter().any(|i| factline_fetch::is_url(i)) {
            return Ok(None);
        }
        let cfg = factline_fetch::Config {
            host_delay: self.host_delay,
            timeout: self.timeout,
            connect_timeout: self.timeout.min(Duration::from_secs(10)),
            retries: self.retries,
            ..factline_fetch::Config::default()
        };
        Ok(Some(
            factline_fetch::Fetcher::new(cfg).map_err(anyhow::Error::msg)?,
        ))
    }

    fn options(&self, fetch_links: bool) -> factline_fetch::Options {
        factline_fetch::Options {
            read: factline_ingest::ReadOptions {
                published: self.published,
            },
            fetch_links,
            ..factline_fetch::Options::default()
        }
    }
}

/// Run `f` with the sources of a reading command.
fn with_sources<T>(
    read: &ReadArgs,
    inputs: &[String],
    fetch_links: bool,
    f: impl FnOnce(inputs::Sources<'_>) -> Result<T>,
) -> Result<T> {
    let fetcher = read.fetcher(inputs, fetch_links)?;
    f(inputs::Sources {
        opts: read.options(fetch_links),
        fetcher: fetcher.as_ref(),
        log: false,
    })
}

/// Whether a command fully succeeded.
pub enum Outcome {
    Ok,
    /// Some inputs were rejected (already reported).
    Partial,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    // Panics inside one article's extraction are caught and reported as a rejected input;
    // keep the report to one line.
    std::panic::set_hook(Box::new(|info| {
        let at = info
            .location()
            .map(|l| format!(" at {}:{}", l.file(), l.line()))
            .unwrap_or_default();
        eprintln!("factline: internal error{at}");
    }));
    let result = match cli.command {
        Command::Extract {
            json,
            explain,
            read,
            links,
            inputs,
        } => with_sources(&read, &inputs, links.fetch_links, |s| {
            commands::extract(&inputs, s, json, explain)
        }),
        Command::Clean {
            read,
            links,
            inputs,
        } => with_sources(&read, &inputs, links.fetch_links, |s| {
            commands::clean(&inputs, s)
        }),
        Command::Ingest {
            db,
            nats,
            queue,
            read,
            links,
            inputs,
        } => with_sources(&read, &inputs, links.fetch_links, |s| match &nats {
            Some(url) => {
                queue_cmd::publish(queue_cmd::queue_config(url, &queue.queue, None), &inputs, s)
            }
            None => commands::ingest(&db.database(), &inputs, s),
        }),
        Command::Worker {
            nats,
            queue,
            db,
            batch,
            idle_exit,
            ack_wait,
            max_deliver,
        } => queue_cmd::worker(
            queue_cmd::queue_config(&nats, &queue.queue, Some(ack_wait)),
            &db.database(),
            &factline_app::WorkOptions {
                batch: batch.max(1),
                idle_exit,
                max_deliver: max_deliver.max(1),
                ..factline_app::WorkOptions::default()
            },
        ),
        Command::Watch {
            db,
            interval,
            once,
            rounds,
            no_fetch_links,
            read,
            sources,
        } if db.postgres.is_some() => {
            let _ = (interval, once, rounds, no_fetch_links, read, sources);
            Err(anyhow::anyhow!(
                "watch keeps its feed state in a SQLite database: use --db (unset FACTLINE_POSTGRES)"
            ))
        }
        Command::Watch {
            db,
            interval,
            once,
            rounds,
            no_fetch_links,
            read,
            sources,
        } => read.fetcher(&sources, true).and_then(|f| {
            let f = f.expect("watch always has a fetcher");
            let mut opts = read.options(!no_fetch_links);
            opts.conditional = true;
            opts.skip_seen = true;
            let rounds = if once { Some(1) } else { rounds };
            watch::run(&db.db, &sources, &f, opts, interval, rounds)
        }),
        Command::Stories { db, json, as_of } => commands::stories(&db.database(), json, as_of),
        Command::Story {
            id,
            db,
            json,
            as_of,
        } => commands::story(&db.database(), &id, json, as_of),
        Command::Export {
            db,
            story,
            what,
            format,
            as_of,
            out,
        } => export_cmd::export(
            &db.database(),
            &export_cmd::ExportArgs {
                story: story.as_deref(),
                table: what,
                format,
                as_of,
                out: &out,
            },
        ),
        Command::Correct {
            story,
            db,
            rename,
            exclude,
            pin,
            merge_into,
            split,
            undo,
            list,
            who,
            why,
            json,
        } => {
            use factline_model::CorrectionAction as A;
            let action = rename
                .map(|title| A::Rename { title })
                .or(exclude.map(|article| A::Exclude { article }))
                .or(pin.map(|(kind, value, qualifier)| A::Pin {
                    kind,
                    value,
                    qualifier,
                }))
                .or(merge_into.map(|into| A::Merge { into }))
                .or(split.map(|article| A::Split { article }));
            let request = match (action, undo, list) {
                (Some(a), _, _) => corrections::Request::Make(a),
                (None, Some(id), _) => corrections::Request::Undo(id),
                _ => corrections::Request::List,
            };
            corrections::run(&db.database(), story.as_deref(), request, who, why, json)
        }
        Command::Gen {
            count,
            seed,
            from,
            out,
            per_week,
            gold_out,
        } => generate::run(&generate::GenOptions {
            from: &from,
            count,
            seed,
            out: &out,
            per_week,
            gold_out: gold_out.as_deref(),
        }),
        Command::Demo { db, corpus } => commands::demo(&db, &corpus),
        Command::Search {
            query,
            db,
            json,
            from,
            to,
            story,
            limit,
            offset,
        } => search_cmd::search(
            &db.database(),
            &search_cmd::SearchArgs {
                words: query,
                json,
                from,
                to,
                story,
                limit,
                offset,
            },
        ),
        Command::Reindex { db } => search_cmd::reindex(&db.database()),
        Command::Serve { db, addr, create } => {
            let database = db.database();
            if !create && !database.exists() {
                eprintln!(
                    "factline: {}: no such database (run `factline ingest` first, or pass --create)",
                    database.name()
                );
                return ExitCode::from(2);
            }
            serve::run(&database, addr)
        }
    };
    match result {
        Ok(Outcome::Ok) => ExitCode::SUCCESS,
        Ok(Outcome::Partial) => ExitCode::from(1),
        Err(e) => {
            // A closed pipe (`factline stories | head`) is not an error worth a message.
            if e.downcast_ref::<std::io::Error>()
                .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
            {
                return ExitCode::SUCCESS;
            }
            let mut err = std::io::stderr().lock();
            let _ = write!(err, "factline: {e}");
            for cause in e.chain().skip(1) {
                let _ = write!(err, ": {cause}");
            }
            let _ = writeln!(err);
            ExitCode::from(1)
        }
    }
}

/// Report one rejected input the contract's way.
pub fn report_rejected(e: &factline_ingest::InputError) {
    eprintln!("factline: {e}");
}

/// Is standard error a terminal (for progress bars)?
pub fn stderr_is_terminal() -> bool {
    std::io::stderr().is_terminal()
}

/// The sample corpus of the repository, for tests.
#[cfg(test)]
fn sample_corpus() -> String {
    format!(
        "{}/../../corpus/sample/articles",
        env!("CARGO_MANIFEST_DIR")
    )
}

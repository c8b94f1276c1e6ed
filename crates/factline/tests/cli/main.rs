//! End-to-end tests of the `factline` command: one test binary that drives the real CLI
//! (`CARGO_BIN_EXE_factline`) in temporary directories.
//!
//! * `contract`  — JSON shapes of `extract`/`stories`/`story` (golden files + structural checks)
//! * `exit`      — exit statuses 0 / 1 / 2
//! * `store`     — idempotent re-ingest, ingest-order independence, `--as-of`
//! * `bad_input` — rejected inputs are reported and skipped, bad databases, concurrent ingest
//! * `tools`     — `extract --explain`, `clean`, `gen`
//! * `seeds`     — scoring against `../shared/seeds/gold.jsonl` (run alone: `seeds_`)
//! * `sample`    — scoring against `corpus/sample/gold.jsonl` (run alone: `sample_`)
//! * `crash`     — SIGKILL during ingest: a sound database, whole batches, a complete re-run
//! * `export`    — golden CSV/JSON Lines exports of corpus/sample, one story as of a date
//! * `postgres`  — `--postgres`: the same answers as SQLite, concurrent ingest processes
//!   (a real server: skipped when unreachable unless `FACTLINE_REQUIRE_SERVICES=1`)
//! * `queue`     — `ingest --nats` and `worker` against NATS JetStream (`queue_`)
//! * `web`       — `--published`, feeds, URLs and `watch` against a server on 127.0.0.1 (`web_`)
//!
//! Golden files live in `tests/golden/`; `UPDATE_GOLDEN=1 cargo test -p factline --test cli`
//! rewrites them instead of failing.

mod bad_input;
mod contract;
mod corrections;
mod crash;
mod exit;
mod export;
mod golden;
mod postgres;
mod queue;
mod sample;
mod schema;
mod score;
mod seeds;
mod store;
mod tools;
mod util;
mod web;

//! `--postgres`: ingest, stories, story and search on a PostgreSQL database answer as on
//! the SQLite one; several ingest processes at once give the stories of one. Each test
//! has a schema of its own; skipped when the server is unreachable unless
//! `FACTLINE_REQUIRE_SERVICES=1`.

use std::path::Path;
use std::process::{Command, Stdio};

use factline_store::test_services::{TestSchema, postgres_url};
use serde_json::Value;

use crate::util::{Db, factline, memberships, summary, workspace_root};

/// `ARGS… --postgres URL --index DIR`.
fn on_postgres(args: &[&str], url: &str, index: &Path) -> Vec<String> {
    let mut v: Vec<String> = args.iter().map(|s| s.to_string()).collect();
    v.extend([
        "--postgres".into(),
        url.into(),
        "--index".into(),
        index.display().to_string(),
    ]);
    v
}

fn on_sqlite(args: &[&str], db: &Db) -> Vec<String> {
    let mut v: Vec<String> = args.iter().map(|s| s.to_string()).collect();
    v.extend(["--db".into(), db.path.display().to_string()]);
    v
}

/// The hits of `search --json` as (article, story).
fn hits(run: &Value) -> Vec<(String, String)> {
    run.as_array()
        .expect("hits")
        .iter()
        .map(|h| {
            (
                h["id"].as_str().unwrap_or_default().to_string(),
                h["story"].as_str().unwrap_or_default().to_string(),
            )
        })
        .collect()
}

#[test]
fn postgres_cli_answers_as_sqlite() {
    let Some(url) = postgres_url("postgres_cli_answers_as_sqlite") else {
        return;
    };
    let schema = TestSchema::new(&url);
    let pg = schema.store_url();
    let tmp = tempfile::tempdir().unwrap();
    let index = tmp.path().join("pg.index");
    let sample = workspace_root().join("corpus/sample/articles");
    let sample = sample.to_str().unwrap();

    let db = Db::new();
    let lite = db.ingest(&[sample]);
    lite.ok();
    let run = factline(on_postgres(&["ingest", sample], &pg, &index));
    run.ok();
    assert_eq!(summary(&run).new, 50, "{}", run.stderr);
    assert_eq!(summary(&run).new, summary(&lite).new);
    assert!(index.is_dir(), "the ingest indexed into --index");

    let stories = factline(on_postgres(&["stories", "--json"], &pg, &index));
    stories.ok();
    let expected = db.stories_run(None);
    expected.ok();
    assert_eq!(stories.stdout, expected.stdout, "stories --json differ");
    let list = stories.json();
    assert!(list.as_array().unwrap().len() > 5);

    for s in list.as_array().unwrap() {
        let id = s["id"].as_str().unwrap();
        let one = factline(on_postgres(&["story", id, "--json"], &pg, &index));
        one.ok();
        assert_eq!(one.stdout, db.story_run(id, None).ok().stdout, "story {id}");
    }
    // An old id resolves on both.
    let unknown = factline(on_postgres(&["story", "no-such-story"], &pg, &index));
    assert_eq!(unknown.code, 1, "{}", unknown.stderr);
    assert!(
        unknown.stderr.contains("no such story"),
        "{}",
        unknown.stderr
    );

    for words in ["killed", "flood OR earthquake", "\"death toll\""] {
        let pg_hits = factline(on_postgres(&["search", words, "--json"], &pg, &index));
        pg_hits.ok();
        let lite_hits = factline(on_sqlite(&["search", words, "--json"], &db));
        lite_hits.ok();
        assert_eq!(
            hits(&pg_hits.json()),
            hits(&lite_hits.json()),
            "search {words}"
        );
        assert!(
            !pg_hits.stderr.contains("out of date"),
            "{}",
            pg_hits.stderr
        );
    }
    // Another node: no index yet, built from the store on first search.
    let elsewhere = tmp.path().join("other-node.index");
    let built = factline(on_postgres(
        &["search", "killed", "--json"],
        &pg,
        &elsewhere,
    ));
    built.ok();
    assert!(built.stderr.contains("building"), "{}", built.stderr);
    // The same hits; equal scores may rank in another order in an index built in one go.
    let sorted = |v: &Value| {
        let mut h = hits(v);
        h.sort();
        h
    };
    assert_eq!(
        sorted(&built.json()),
        sorted(
            &factline(on_sqlite(&["search", "killed", "--json"], &db))
                .ok()
                .json()
        )
    );
}

/// Four `factline ingest --postgres` processes at once, each an interleaved share of a
/// generated corpus, leave the stories (ids and members) one SQLite ingest of it gives.
#[test]
fn postgres_concurrent_ingest_processes_give_the_stories_of_one() {
    let Some(url) = postgres_url("postgres_concurrent_ingest_processes_give_the_stories_of_one")
    else {
        return;
    };
    let tmp = tempfile::tempdir().unwrap();
    let corpus = tmp.path().join("gen.jsonl");
    let from = workspace_root().join("corpus/sample/articles");
    factline([
        "gen",
        "-n",
        "300",
        "--seed",
        "5",
        "--from",
        from.to_str().unwrap(),
        "--out",
        corpus.to_str().unwrap(),
    ])
    .ok();
    let lines: Vec<String> = std::fs::read_to_string(&corpus)
        .unwrap()
        .lines()
        .map(str::to_string)
        .collect();
    assert_eq!(lines.len(), 300);
    let db = Db::new();
    db.ingest(&[corpus.to_str().unwrap()]).ok();
    let expected = db.stories(None);

    let shards: Vec<String> = (0..4)
        .map(|w| {
            let part: Vec<&str> = lines
                .iter()
                .skip(w)
                .step_by(4)
                .map(String::as_str)
                .collect();
            let p = tmp.path().join(format!("shard{w}.jsonl"));
            std::fs::write(&p, part.join("\n") + "\n").unwrap();
            p.display().to_string()
        })
        .collect();
    for round in 0..2 {
        let schema = TestSchema::new(&url);
        let pg = schema.store_url();
        let index = tmp.path().join(format!("round{round}.index"));
        // The processes also race to create the schema: its migration lock lets one.
        let children: Vec<_> = shards
            .iter()
            .map(|shard| {
                Command::new(env!("CARGO_BIN_EXE_factline"))
                    .args(on_postgres(&["ingest", shard], &pg, &index))
                    .env_remove("FACTLINE_POSTGRES")
                    .stdin(Stdio::null())
                    .stdout(Stdio::piped())
                    .stderr(Stdio::piped())
                    .spawn()
                    .unwrap()
            })
            .collect();
        for c in children {
            let out = c.wait_with_output().unwrap();
            assert!(
                out.status.success(),
                "{}",
                String::from_utf8_lossy(&out.stderr)
            );
        }
        let got = factline(on_postgres(&["stories", "--json"], &pg, &index))
            .ok()
            .json();
        let ids = |v: &Value| -> Vec<String> {
            let mut ids: Vec<String> = v
                .as_array()
                .unwrap()
                .iter()
                .map(|s| s["id"].as_str().unwrap().to_string())
                .collect();
            ids.sort();
            ids
        };
        assert_eq!(ids(&got), ids(&expected), "round {round}: story ids");
        assert_eq!(
            memberships(&got),
            memberships(&expected),
            "round {round}: story members"
        );
    }
}

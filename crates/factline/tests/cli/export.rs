//! `factline export`: golden CSV and JSON Lines exports of `corpus/sample`, the documented
//! columns, rows that agree with the stories, one story as of a date, files and errors.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;

use crate::golden::check_golden;
use crate::util::{Run, factline_in, memberships, workspace_root};

/// The documented columns (README, "Exports"): a rename breaks users' spreadsheets.
const FIGURE_COLUMNS: &str = "story,kind,value,value_max,qualifier,subset,superseded,\
attributed_to,article,date,source,url,current,excluded,text,sentence,start,end";
const CLAIM_COLUMNS: &str =
    "story,kind,actor,target,article,date,source,url,disputed_by,sentence,start,end";
const TIMELINE_COLUMNS: &str = "story,date,text,sources";

/// A database holding `corpus/sample`, run from the workspace root (stable `source` paths).
struct Sample {
    _dir: tempfile::TempDir,
    db: String,
}

impl Sample {
    fn new() -> Sample {
        let dir = tempfile::tempdir().expect("tempdir");
        let db = dir.path().join("sample.db").display().to_string();
        let run = factline_in(
            &workspace_root(),
            ["ingest", "--db", &db, "corpus/sample/articles"],
        );
        run.ok();
        Sample { _dir: dir, db }
    }

    fn run(&self, args: &[&str]) -> Run {
        let mut all = vec!["export", "--db", &self.db];
        all.extend_from_slice(args);
        factline_in(&workspace_root(), all)
    }

    fn stories(&self) -> Value {
        factline_in(&workspace_root(), ["stories", "--json", "--db", &self.db])
            .ok()
            .json()
    }
}

fn jsonl(text: &str) -> Vec<Value> {
    text.lines()
        .map(|l| serde_json::from_str(l).expect("a JSON line"))
        .collect()
}

#[test]
fn export_golden_files_and_documented_columns() {
    let sample = Sample::new();
    let mut errors = Vec::new();
    for (what, format, columns) in [
        ("figures", "csv", Some(FIGURE_COLUMNS)),
        ("figures", "jsonl", None),
        ("claims", "csv", Some(CLAIM_COLUMNS)),
        ("claims", "jsonl", None),
        ("timeline", "csv", Some(TIMELINE_COLUMNS)),
    ] {
        let run = sample.run(&["--what", what, "--format", format]);
        run.ok();
        if let Some(columns) = columns {
            assert_eq!(
                run.stdout.lines().next(),
                Some(columns),
                "{what}.{format}: the header is not the documented columns"
            );
        }
        errors.extend(check_golden(&format!("export.{what}.{format}"), &run.stdout).err());
    }
    assert!(errors.is_empty(), "{}", errors.join("\n"));
}

#[test]
fn export_rows_agree_with_the_stories() {
    let sample = Sample::new();
    let stories = sample.stories();
    let members = memberships(&stories);
    let figures = jsonl(&sample.run(&["--format", "jsonl"]).ok().stdout);
    assert!(figures.len() > 50, "only {} figure rows", figures.len());
    let csv_rows = sample.run(&[]).ok().stdout.lines().count() - 1;
    // CSV quotes multi-line sentences: count records by JSON, compare with a CSV reader's
    // view only where sentences are single lines (they are, in the sample).
    assert_eq!(csv_rows, figures.len(), "CSV and JSON Lines differ in rows");

    let mut current: BTreeMap<(String, String), BTreeSet<u64>> = BTreeMap::new();
    for row in &figures {
        let story = row["story"].as_str().expect("story");
        let article = row["article"].as_str().expect("article");
        assert!(
            members
                .get(story)
                .is_some_and(|a| a.iter().any(|x| x == article)),
            "{story} does not list {article}: {row}"
        );
        let text = row["text"].as_str().expect("text");
        let sentence = row["sentence"].as_str().expect("sentence");
        assert!(
            !text.is_empty() && sentence.contains(text),
            "the figure's words are not in its sentence: {row}"
        );
        let (start, end) = (row["start"].as_u64().unwrap(), row["end"].as_u64().unwrap());
        assert_eq!(
            end - start,
            text.len() as u64,
            "span and words differ: {row}"
        );
        if row["current"] == true {
            current
                .entry((story.to_string(), row["kind"].as_str().unwrap().to_string()))
                .or_default()
                .insert(row["value"].as_u64().unwrap());
        }
    }
    // Every headline figure of the story list is backed by rows marked current, with its value.
    let mut checked = 0;
    for s in stories.as_array().expect("stories") {
        let id = s["id"].as_str().unwrap();
        for (kind, value) in s["headline_figures"].as_object().expect("figures") {
            let values = current.get(&(id.to_string(), kind.clone()));
            assert!(
                values.is_some_and(|v| v.contains(&value.as_u64().unwrap())),
                "{id}: {kind} {value} has no current row (current: {values:?})"
            );
            checked += 1;
        }
    }
    assert!(checked > 5, "only {checked} headline figures checked");

    // Claims: every disputed claim names its disputers, and they come from the story.
    let claims = jsonl(
        &sample
            .run(&["--what", "claims", "--format", "jsonl"])
            .ok()
            .stdout,
    );
    assert!(!claims.is_empty(), "no claim rows from the sample");
    // The timeline: dated entries of listed stories, sources among their articles.
    let timeline = jsonl(
        &sample
            .run(&["--what", "timeline", "--format", "jsonl"])
            .ok()
            .stdout,
    );
    assert!(!timeline.is_empty());
    for row in &timeline {
        let story = row["story"].as_str().unwrap();
        for src in row["sources"]
            .as_str()
            .unwrap()
            .split("; ")
            .filter(|s| !s.is_empty())
        {
            assert!(
                members[story].iter().any(|a| a == src),
                "{story}: timeline source {src} is not one of its articles"
            );
        }
    }
}

#[test]
fn export_one_story_as_of_a_date_to_a_file() {
    let sample = Sample::new();
    let stories = sample.stories();
    // The biggest story, as of its first day.
    let story = &stories[0];
    let id = story["id"].as_str().unwrap();
    let first = story["first_seen"].as_str().unwrap();
    let rows = jsonl(
        &sample
            .run(&["--story", id, "--as-of", first, "--format", "jsonl"])
            .ok()
            .stdout,
    );
    let all = jsonl(
        &sample
            .run(&["--story", id, "--format", "jsonl"])
            .ok()
            .stdout,
    );
    assert!(
        !rows.is_empty() && rows.len() < all.len(),
        "{} of {}",
        rows.len(),
        all.len()
    );
    for r in &rows {
        assert_eq!(r["story"], id);
        assert!(r["date"].as_str().unwrap() <= first, "{r}");
    }

    // -o writes exactly what standard output gets; nothing is left beside it.
    let dir = tempfile::tempdir().expect("tempdir");
    let file = dir.path().join("figures.csv");
    let to_file = sample.run(&["--story", id, "-o", file.to_str().unwrap()]);
    to_file.ok();
    let stdout = sample.run(&["--story", id]).ok().stdout.clone();
    assert_eq!(std::fs::read_to_string(&file).unwrap(), stdout);
    let names: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
    assert_eq!(names.len(), 1, "files left beside the export: {names:?}");

    // The briefing: Markdown with the story's title and its sources, or an HTML document.
    let md = sample.run(&["--story", id, "--what", "briefing"]);
    md.ok();
    let title = factline_in(
        &workspace_root(),
        ["story", id, "--json", "--db", &sample.db],
    )
    .ok()
    .json()["title"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(
        md.stdout.starts_with(&format!("# {title}\n")),
        "{}",
        md.stdout
    );
    let html = sample.run(&["--story", id, "--what", "briefing", "--format", "html"]);
    html.ok();
    assert!(
        html.stdout.starts_with("<!doctype html>"),
        "{}",
        html.stdout
    );
    assert!(!html.stdout.contains("<script"));
}

#[test]
fn export_errors_name_what_is_wrong() {
    let sample = Sample::new();
    let no_story = sample.run(&["--story", "no-such-story"]);
    no_story.expect_code(1);
    assert!(
        no_story.stderr.contains("no-such-story"),
        "{}",
        no_story.stderr
    );
    let wrong_format = sample.run(&["--what", "briefing", "--format", "csv"]);
    wrong_format.expect_code(1);
    assert!(
        wrong_format.stderr.contains("md or html"),
        "{}",
        wrong_format.stderr
    );
    let unknown = sample.run(&["--what", "pictures"]);
    unknown.expect_code(2);
    assert!(unknown.stderr.contains("pictures"), "{}", unknown.stderr);
    // A file that cannot be created: an error naming it, and nothing written elsewhere.
    let bad = sample.run(&["-o", "/nonexistent-dir/figures.csv"]);
    bad.expect_code(1);
    assert!(
        bad.stderr.contains("/nonexistent-dir/figures.csv"),
        "{}",
        bad.stderr
    );
}

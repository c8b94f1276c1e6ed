//! The contract's JSON shapes: golden files for `extract --json`, `stories --json` and
//! `story ID --json` on the two-story fixture set, plus structural and consistency checks that
//! do not depend on extraction quality beyond the unambiguous facts the fixtures state.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;

use crate::golden::check_golden;
use crate::schema::{self, FIGURE_KINDS, assert_no_errors};
use crate::score::alias_match;
use crate::util::{Db, TWO_STORIES, factline, fixtures, summary, two_story_ids, two_story_inputs};

/// The `date` line of a dated-text fixture.
fn fixture_date(input: &str) -> String {
    let text = std::fs::read_to_string(fixtures().join(input)).expect("fixture");
    let rest = text.trim_start().strip_prefix("date").expect("date line");
    rest.trim_start().chars().take(10).collect()
}

/// The cleaned body of one input, as `factline clean` prints it.
pub fn clean_body(input: &str) -> String {
    let run = factline(["clean", input]);
    run.ok();
    run.stdout
        .strip_suffix('\n')
        .unwrap_or(&run.stdout)
        .to_string()
}

fn str_field<'a>(v: &'a Value, key: &str) -> &'a str {
    v[key].as_str().unwrap_or("")
}

fn u64_field(v: &Value, key: &str) -> u64 {
    v[key].as_u64().unwrap_or(u64::MAX)
}

#[test]
fn contract_extract_json_golden_and_shape() {
    let inputs = two_story_inputs();
    let mut args = vec!["extract".to_string(), "--json".into()];
    args.extend(inputs.iter().cloned());
    let run = factline(&args);
    run.ok();
    let lines = run.json_lines();
    assert_eq!(
        lines.len(),
        inputs.len(),
        "one JSON line per article:\n{}",
        run.stdout
    );

    let mut errors = Vec::new();
    for (input, line) in inputs.iter().zip(&lines) {
        let ctx = input.as_str();
        schema::check(line, schema::EXTRACT_LINE, &mut errors, ctx);
        let stem = input.rsplit('/').next().unwrap().trim_end_matches(".txt");
        if str_field(line, "id") != stem {
            errors.push(format!(
                "{ctx}: id {} is not the file stem {stem}",
                line["id"]
            ));
        }
        if str_field(line, "source") != input {
            errors.push(format!(
                "{ctx}: source {} is not the input {input}",
                line["source"]
            ));
        }
        if str_field(line, "published") != fixture_date(input) {
            errors.push(format!(
                "{ctx}: published {} is not the date line",
                line["published"]
            ));
        }
        // Every fact traces back to its words in the cleaned body.
        let body = clean_body(input);
        let figures = line["figures"].as_array().cloned().unwrap_or_default();
        if figures.is_empty() {
            errors.push(format!(
                "{ctx}: no figures, but every fixture states an unambiguous count"
            ));
        }
        for (i, f) in figures.iter().enumerate() {
            let (start, end) = (u64_field(f, "start") as usize, u64_field(f, "end") as usize);
            match body.get(start..end) {
                Some(span) if start < end => {
                    if span != str_field(f, "text") {
                        errors.push(format!(
                            "{ctx}: figures[{i}]: body[{start}..{end}] is {span:?}, text is {:?}",
                            f["text"]
                        ));
                    }
                }
                _ => errors.push(format!(
                    "{ctx}: figures[{i}]: span {start}..{end} is not a non-empty slice of the \
                     {}-byte cleaned body",
                    body.len()
                )),
            }
            if let (Some(v), Some(m)) = (f["value"].as_u64(), f["value_max"].as_u64())
                && (m < v || f["qualifier"] != "range")
            {
                errors.push(format!("{ctx}: figures[{i}]: value_max {m} with value {v}"));
            }
        }
        for (i, c) in line["claims"].as_array().into_iter().flatten().enumerate() {
            let (start, end) = (u64_field(c, "start") as usize, u64_field(c, "end") as usize);
            if start >= end || body.get(start..end).is_none() {
                errors.push(format!(
                    "{ctx}: claims[{i}]: span {start}..{end} is not a slice of the cleaned body"
                ));
            }
        }
    }

    // The unambiguous facts of the fixtures (so the element checks above are not vacuous).
    let by_id: BTreeMap<&str, &Value> = lines.iter().map(|l| (str_field(l, "id"), l)).collect();
    let first = by_id["tartu-bridge-1"];
    let has_12 = first["figures"].as_array().into_iter().flatten().any(|f| {
        f["kind"] == "killed"
            && f["value"] == 12
            && f["qualifier"] == "at_least"
            && f["subset"].is_null()
            && f["superseded"] == false
    });
    if !has_12 {
        errors.push(format!(
            "tartu-bridge-1: \"At least 12 people were killed\" not extracted as killed 12 \
             at_least: {:#}",
            first["figures"]
        ));
    }
    // "on Sunday evening" in Monday's paper; "late on Monday" in Tuesday's.
    let depot = by_id["ostrava-depot-1"];
    for (article, date, place) in [
        (first, "2023-06-11", "Tartu"),
        (depot, "2023-06-12", "Ostrava"),
    ] {
        if article["event_date"] != date {
            errors.push(format!(
                "{}: event_date {}, want {date}",
                article["id"], article["event_date"]
            ));
        }
        if !strings(&article["places"]).iter().any(|p| p == place) {
            errors.push(format!(
                "{}: places {} lack {place}",
                article["id"], article["places"]
            ));
        }
    }
    let un = ["united nations", "un", "u.n."].map(String::from);
    let condemned = depot["claims"]
        .as_array()
        .into_iter()
        .flatten()
        .any(|c| c["kind"] == "condemned" && alias_match(c["actor"].as_str(), &un));
    if !condemned {
        errors.push(format!(
            "ostrava-depot-1: \"The United Nations condemned the bombing\" not extracted: {:#}",
            depot["claims"]
        ));
    }

    errors.extend(check_golden("extract.jsonl", &run.stdout).err());
    assert_no_errors(&errors);
}

/// `[id]` citations of a Markdown briefing (links `[text](url)` are not citations).
fn citations(briefing: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = briefing;
    while let Some(open) = rest.find('[') {
        let after = &rest[open + 1..];
        let Some(close) = after.find(']') else { break };
        let inner = &after[..close];
        let tail = &after[close + 1..];
        if !tail.starts_with('(') && !inner.is_empty() {
            out.push(inner.to_string());
        }
        rest = tail;
    }
    out
}

fn strings(v: &Value) -> Vec<String> {
    v.as_array()
        .into_iter()
        .flatten()
        .filter_map(|x| x.as_str().map(String::from))
        .collect()
}

/// Consistency of one `story --json` with its `stories --json` line.
fn check_story(summary: &Value, story: &Value, errors: &mut Vec<String>) {
    let id = str_field(summary, "id");
    let ctx = format!("story {id}");
    schema::check(story, schema::STORY, errors, &ctx);
    if story["id"] != summary["id"] {
        errors.push(format!("{ctx}: story --json has id {}", story["id"]));
    }
    let listed: BTreeSet<String> = strings(&summary["articles"]).into_iter().collect();
    let arts: Vec<&Value> = story["articles"].as_array().into_iter().flatten().collect();
    let ids: BTreeSet<String> = arts
        .iter()
        .map(|a| str_field(a, "id").to_string())
        .collect();
    if ids != listed {
        errors.push(format!(
            "{ctx}: articles {ids:?} but `stories` lists {listed:?}"
        ));
    }
    let dates: Vec<&str> = arts.iter().map(|a| str_field(a, "published")).collect();
    let (min, max) = (
        dates.iter().min().copied().unwrap_or(""),
        dates.iter().max().copied().unwrap_or(""),
    );
    if str_field(summary, "first_seen") != min || str_field(summary, "last_seen") != max {
        errors.push(format!(
            "{ctx}: first_seen/last_seen {}/{} but articles span {min}..{max}",
            summary["first_seen"], summary["last_seen"]
        ));
    }
    if str_field(story, "as_of") != max {
        errors.push(format!(
            "{ctx}: as_of {} without --as-of, latest article {max}",
            story["as_of"]
        ));
    }
    let sub = |what: &str, v: &Value, errors: &mut Vec<String>| {
        for s in strings(v) {
            if !ids.contains(&s) {
                errors.push(format!(
                    "{ctx}: {what} cites {s}, not an article of the story"
                ));
            }
        }
    };
    let figures = story["figures"].as_object().cloned().unwrap_or_default();
    let headline = summary["headline_figures"]
        .as_object()
        .cloned()
        .unwrap_or_default();
    let fig_kinds: BTreeSet<&String> = figures.keys().collect();
    let head_kinds: BTreeSet<&String> = headline.keys().collect();
    if fig_kinds != head_kinds {
        errors.push(format!(
            "{ctx}: figure kinds {fig_kinds:?} but headline_figures has {head_kinds:?}"
        ));
    }
    for (kind, f) in &figures {
        let fctx = format!("{ctx}: figures.{kind}");
        if !FIGURE_KINDS.contains(&kind.as_str()) {
            errors.push(format!("{fctx}: not a figure kind"));
        }
        let (v, lo, hi) = (
            u64_field(f, "value"),
            u64_field(f, "low"),
            u64_field(f, "high"),
        );
        if !(lo <= v && v <= hi) {
            errors.push(format!("{fctx}: not low {lo} <= value {v} <= high {hi}"));
        }
        let n_sources = strings(&f["sources"]).len() as u64;
        let indep = u64_field(f, "independent_sources");
        if !(1 <= indep && indep <= n_sources) {
            errors.push(format!(
                "{fctx}: independent_sources {indep} with {n_sources} source(s)"
            ));
        }
        if str_field(f, "as_of") > max {
            errors.push(format!(
                "{fctx}: as_of {} after the latest article",
                f["as_of"]
            ));
        }
        sub("figure sources", &f["sources"], errors);
        let history: Vec<&Value> = f["history"].as_array().into_iter().flatten().collect();
        if !history.iter().any(|h| h["value"] == f["value"]) {
            errors.push(format!("{fctx}: current value {v} missing from history"));
        }
        for h in history {
            sub("history", &h["sources"], errors);
        }
        if headline.get(kind) != Some(&f["value"]) {
            errors.push(format!(
                "{fctx}: value {v} but `stories` headline_figures.{kind} is {:?}",
                headline.get(kind)
            ));
        }
    }
    for s in story["subsets"].as_array().into_iter().flatten() {
        sub("subset", &s["sources"], errors);
    }
    for c in story["claims"].as_array().into_iter().flatten() {
        sub("claim", &c["sources"], errors);
        for d in c["disputed_by"].as_array().into_iter().flatten() {
            sub("dispute", &d["sources"], errors);
        }
    }
    let timeline: Vec<&str> = story["timeline"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|t| {
            sub("timeline", &t["sources"], errors);
            str_field(t, "date")
        })
        .collect();
    if !timeline.is_sorted() {
        errors.push(format!("{ctx}: timeline not in date order: {timeline:?}"));
    }
    let briefing = str_field(story, "briefing");
    let cites = citations(briefing);
    if briefing.trim().is_empty() || cites.is_empty() {
        errors.push(format!("{ctx}: briefing without citations: {briefing:?}"));
    }
    for c in cites {
        if !ids.contains(&c) {
            errors.push(format!(
                "{ctx}: briefing cites [{c}], not an article of the story"
            ));
        }
    }
}

#[test]
fn contract_stories_and_story_json_golden_and_shape() {
    let db = Db::new();
    let run = db.ingest(&[TWO_STORIES]);
    run.ok();
    assert_eq!(summary(&run).new, two_story_ids().len(), "{}", run.stderr);

    let stories_run = db.stories_run(None);
    stories_run.ok();
    let stories = stories_run.json();
    let mut errors = Vec::new();
    schema::check(&stories, schema::STORIES, &mut errors, "stories");

    // The fixtures are two stories, told apart by their file names.
    let got: BTreeSet<Vec<String>> = crate::util::memberships(&stories).into_values().collect();
    let want: BTreeSet<Vec<String>> = ["ostrava-", "tartu-"]
        .iter()
        .map(|p| {
            two_story_ids()
                .into_iter()
                .filter(|i| i.starts_with(p))
                .collect()
        })
        .collect();
    assert_eq!(got, want, "story memberships:\n{stories:#}");

    let mut goldens = Vec::new();
    for s in stories.as_array().expect("array") {
        let id = str_field(s, "id");
        let run = db.story_run(id, None);
        run.ok();
        let story = run.json();
        check_story(s, &story, &mut errors);
        let first = strings(&s["articles"])
            .into_iter()
            .min()
            .unwrap_or_default();
        goldens.push((format!("story.{first}.json"), run.stdout.clone()));
        if first.starts_with("tartu-") && story["figures"].get("killed").is_none() {
            errors.push(format!(
                "story {id}: no killed figure although every article states one"
            ));
        }
        // "… accused the Black Lantern Brigade …. The Black Lantern Brigade denied …"
        let disputed = story["claims"].as_array().into_iter().flatten().any(|c| {
            c["kind"] == "accused"
                && c["disputed_by"]
                    .as_array()
                    .is_some_and(|d| d.iter().any(|d| d["kind"] == "denied"))
        });
        if first.starts_with("ostrava-") && !disputed {
            errors.push(format!(
                "story {id}: no accusation disputed by a denial: {:#}",
                story["claims"]
            ));
        }
    }
    errors.extend(check_golden("stories.json", &stories_run.stdout).err());
    for (name, text) in goldens {
        errors.extend(check_golden(&name, &text).err());
    }
    assert_no_errors(&errors);
}

#[test]
fn contract_briefing_citations_parse() {
    assert_eq!(
        citations("Toll 30 [a-1][b-2]. See [docs](http://x). [c]"),
        vec!["a-1", "b-2", "c"]
    );
}

//! What ingest stores: idempotence, independence of ingest order, `--as-of` views.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;

use crate::util::{
    Db, Rng, TWO_STORIES, fixtures, memberships, stored_ids, story_of, summary, two_story_ids,
    two_story_inputs,
};

#[test]
fn store_reingest_is_idempotent() {
    let db = Db::new();
    let first = db.ingest(&[TWO_STORIES]);
    first.ok();
    assert_eq!(
        summary(&first).new,
        two_story_ids().len(),
        "{}",
        first.stderr
    );
    let before = db.stories_run(None);
    before.ok();

    let second = db.ingest(&[TWO_STORIES]);
    second.ok();
    assert_eq!(
        summary(&second).new,
        0,
        "re-ingesting the same articles stored something new: {}",
        second.stderr
    );
    let after = db.stories_run(None);
    after.ok();
    assert_eq!(
        before.stdout, after.stdout,
        "stories --json changed after re-ingesting the same articles"
    );

    // One article again, on its own, and the whole set once more.
    let one = db.ingest(&[&two_story_inputs()[0]]);
    one.ok();
    assert_eq!(summary(&one).new, 0, "{}", one.stderr);
    let third = db.ingest(&two_story_inputs());
    third.ok();
    assert_eq!(summary(&third).new, 0, "{}", third.stderr);
    assert_eq!(before.stdout, db.stories_run(None).ok().stdout);
    for s in db.stories(None).as_array().expect("array") {
        let id = s["id"].as_str().expect("id");
        let n = db.story(id, None)["articles"]
            .as_array()
            .map_or(0, Vec::len);
        assert_eq!(
            n,
            s["articles"].as_array().map_or(0, Vec::len),
            "story {id}: articles double-counted after re-ingest"
        );
    }
}

/// Ingest `inputs` in this order, one run per file or all in one run; the memberships.
fn ingest_in_order(inputs: &[String], one_by_one: bool) -> BTreeMap<String, Vec<String>> {
    let db = Db::new();
    if one_by_one {
        for input in inputs {
            let run = db.ingest(&[input]);
            run.ok();
            assert_eq!(summary(&run).new, 1, "{input}: {}", run.stderr);
        }
    } else {
        db.ingest(inputs).ok();
    }
    let stories = db.stories(None);
    assert_eq!(stored_ids(&stories), two_story_ids());
    memberships(&stories)
}

#[test]
fn store_story_ids_do_not_depend_on_ingest_order() {
    let inputs = two_story_inputs();
    let reversed: Vec<String> = inputs.iter().rev().cloned().collect();
    // One run per file forward and reversed; one run for all, forward and in random orders.
    let mut orders = vec![
        (inputs.clone(), true),
        (reversed, true),
        (inputs.clone(), false),
    ];
    let mut rng = Rng(0xFAC7_11E5);
    for _ in 0..3 {
        let mut order = inputs.clone();
        rng.shuffle(&mut order);
        orders.push((order, false));
    }
    // Each order in its own database; the orders run in parallel.
    let results: Vec<BTreeMap<String, Vec<String>>> = std::thread::scope(|s| {
        let handles: Vec<_> = orders
            .iter()
            .map(|(order, one)| s.spawn(move || ingest_in_order(order, *one)))
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().expect("ingest thread"))
            .collect()
    });
    let forward = &results[0];
    for ((order, one), got) in orders.iter().zip(&results).skip(1) {
        assert_eq!(
            got,
            forward,
            "story ids/memberships differ between one-by-one ingest of {inputs:?} and {} \
             ingest of {order:?}",
            if *one { "one-by-one" } else { "batch" }
        );
    }
}

fn killed(v: &Value) -> Option<u64> {
    v.get("killed").and_then(Value::as_u64)
}

#[test]
fn store_as_of_follows_the_death_toll() {
    // tartu-bridge-1 (06-12) and -2 (06-13): at least 12 killed; -3 (06-14): toll rose to 30.
    let db = Db::new();
    db.ingest(&[TWO_STORIES]).ok();
    let all = db.stories(None);
    let tartu = story_of(&all, "tartu-bridge-1");
    let id = tartu["id"].as_str().expect("id").to_string();

    let mut problems = Vec::new();
    for (as_of, want, n_articles) in [
        (Some("2023-06-12"), 12, 1),
        (Some("2023-06-13"), 12, 2),
        (Some("2023-06-14"), 30, 3),
        (Some("2023-07-01"), 30, 3),
        (None, 30, 3),
    ] {
        let state = db.story(&id, as_of);
        let got = state["figures"]["killed"]["value"].as_u64();
        let arts = state["articles"].as_array().map_or(0, Vec::len);
        if got != Some(want) || arts != n_articles {
            problems.push(format!(
                "story --as-of {as_of:?}: killed {got:?} from {arts} article(s), want {want} \
                 from {n_articles}"
            ));
        }
        if let Some(d) = as_of
            && state["as_of"] != d
        {
            problems.push(format!("story --as-of {d}: as_of is {}", state["as_of"]));
        }
        if state["id"] != id.as_str() {
            problems.push(format!(
                "story --as-of {as_of:?}: id changed to {}",
                state["id"]
            ));
        }
        // `stories --as-of` agrees with `story --as-of`.
        let list = db.stories(as_of);
        let s = story_of(&list, "tartu-bridge-1");
        if s["id"] != id.as_str() || killed(&s["headline_figures"]) != Some(want) {
            problems.push(format!(
                "stories --as-of {as_of:?}: {} killed {:?}, want {id} killed {want}",
                s["id"],
                killed(&s["headline_figures"])
            ));
        }
    }
    // Both reports stay in the history, and the toll was not revised down.
    let state = db.story(&id, None);
    let k = &state["figures"]["killed"];
    let values: Vec<u64> = k["history"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|h| h["value"].as_u64())
        .collect();
    if !(values.contains(&12) && values.contains(&30)) {
        problems.push(format!("killed history lacks 12 or 30: {values:?}"));
    }
    if k["revised_down"] != false {
        problems.push(format!("a rise from 12 to 30 set revised_down: {k}"));
    }

    // Before the first article there is nothing; the other story only appears from 06-13.
    let early = db.stories(Some("2023-06-11"));
    assert_eq!(early, serde_json::json!([]), "stories before any article");
    let day1 = db.stories(Some("2023-06-12"));
    assert_eq!(
        stored_ids(&day1).into_iter().collect::<Vec<_>>(),
        vec!["tartu-bridge-1".to_string()],
        "stories --as-of 2023-06-12 lists only what was published by then"
    );
    let run = db.story_run(&id, Some("2023-06-11"));
    assert_ne!(
        run.code, 0,
        "story --as-of before its first article succeeded"
    );
    assert!(
        run.stderr.starts_with("factline: "),
        "unclear error: {}",
        run.stderr
    );
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// Gold partition of a fixture set: `<set>.gold.jsonl` beside its directory.
fn gold_partition(set: &str) -> BTreeSet<BTreeSet<String>> {
    let text =
        std::fs::read_to_string(fixtures().join(format!("{set}.gold.jsonl"))).expect("gold labels");
    let mut stories: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for line in text.lines().filter(|l| !l.trim().is_empty()) {
        let v: Value = serde_json::from_str(line).expect("gold line");
        stories
            .entry(v["story"].as_str().expect("story").to_string())
            .or_default()
            .insert(v["id"].as_str().expect("id").to_string());
    }
    stories.into_values().collect()
}

fn partition(stories: &Value) -> BTreeSet<BTreeSet<String>> {
    memberships(stories)
        .into_values()
        .map(|v| v.into_iter().collect())
        .collect()
}

/// Two earthquakes in one week, each announced by an automated alert in the same fixed
/// wording but for place, time and figures, stay two stories; so do two shootings in two
/// districts of one city three days apart; follow-ups days later (a revised toll, the end
/// of the search, an arrest a week after a shooting) join theirs, in either ingest order.
#[test]
fn store_same_kind_events_stay_apart_and_follow_ups_join() {
    const SET: &str = "same_kind";
    let db = Db::new();
    db.ingest(&[SET]).ok();
    assert_eq!(partition(&db.stories(None)), gold_partition(SET));

    // One article per run, newest file name first: each is linked against what is stored.
    let mut files: Vec<String> = std::fs::read_dir(fixtures().join(SET))
        .expect("fixture set")
        .map(|e| format!("{SET}/{}", e.expect("entry").file_name().to_string_lossy()))
        .collect();
    files.sort();
    files.reverse();
    let db = Db::new();
    for f in &files {
        db.ingest(&[f]).ok();
    }
    assert_eq!(partition(&db.stories(None)), gold_partition(SET));

    // The two automated alerts alone, worded alike but for place, time and figures, with
    // nothing else in the database to lean on.
    let db = Db::new();
    let pair = [
        format!("{SET}/van-alert.txt"),
        format!("{SET}/khoy-alert.txt"),
    ];
    db.ingest(&pair).ok();
    let stories = db.stories(None);
    assert_ne!(
        story_of(&stories, "van-alert")["id"],
        story_of(&stories, "khoy-alert")["id"],
        "two earthquakes two days apart, near Van and near Khoy, grouped as one story"
    );
}

/// Four sets written apart from the clustering work (by helpers that never saw factline's
/// code, to briefs of hard cases: same-kind events close in time and place, developing
/// stories whose follow-ups use new words, a near-copy, distractors that mention another
/// story; see `held_out_*.notes.md`). Each has one wire copy. Sets a and b are grouped
/// exactly; c (two takeovers by one buyer, two celebrity arrests in one week, ...) and d
/// (air strikes on neighbouring towns on consecutive days, two stabbings in one city, a
/// communique that mentions a kidnapping) were scored once before any change for them,
/// at B-cubed F1 0.94 and 0.83: the floors below hold that level.
#[test]
fn store_held_out_sets() {
    for (set, floor) in [
        ("held_out_a", 1.0),
        ("held_out_b", 1.0),
        ("held_out_c", 0.94),
        ("held_out_d", 0.82),
    ] {
        let db = Db::new();
        db.ingest(&[set]).ok();
        let stories = db.stories(None);
        let gold: Vec<Value> =
            std::fs::read_to_string(fixtures().join(format!("{set}.gold.jsonl")))
                .expect("gold labels")
                .lines()
                .map(|l| serde_json::from_str(l).expect("gold line"))
                .collect();
        let (p, r, f1) = crate::score::bcubed(&gold, &stories);
        println!("{set}: B-cubed P {p:.4} R {r:.4} F1 {f1:.4}");
        assert!(f1 >= floor, "{set}: B-cubed F1 {f1:.4} below {floor}");
        if floor == 1.0 {
            assert_eq!(partition(&stories), gold_partition(set), "{set}");
        }
        let mut copies = Vec::new();
        for id in memberships(&stories).keys() {
            let story = db.story(id, None);
            for a in story["articles"].as_array().expect("articles") {
                if let Some(original) = a["duplicate_of"].as_str() {
                    copies.push((
                        a["id"].as_str().expect("id").to_string(),
                        original.to_string(),
                    ));
                }
            }
        }
        assert_eq!(copies.len(), 1, "{set}: wire copies {copies:?}");
    }
}

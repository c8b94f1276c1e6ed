//! Analysts' corrections through the real command: made with who and why, shown in the
//! story, kept through later ingests (new articles and re-ingests), undone on record.

use std::path::PathBuf;

use crate::util::{Db, factline, memberships, story_of};

fn sample_files() -> Vec<String> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../corpus/sample/articles");
    let mut files: Vec<String> = std::fs::read_dir(&dir)
        .expect("corpus/sample/articles")
        .map(|e| e.expect("entry").path().display().to_string())
        .collect();
    files.sort();
    files
}

fn correct(db: &Db, args: &[&str]) -> crate::util::Run {
    let mut all = vec![
        "correct".to_string(),
        "--db".into(),
        db.path.display().to_string(),
    ];
    all.extend(args.iter().map(|s| s.to_string()));
    all.extend(["--who".to_string(), "ana".into()]);
    factline(all)
}

#[test]
fn corrections_hold_through_ingests_and_undo() {
    let files = sample_files();
    let (first, rest) = files.split_at(30);
    let db = Db::new();
    db.ingest(first).ok();
    let before = memberships(&db.stories(None));
    let mut by_size: Vec<(&String, &Vec<String>)> = before.iter().collect();
    by_size.sort_by_key(|(id, arts)| (std::cmp::Reverse(arts.len()), (*id).clone()));
    let (s, s_arts) = (by_size[0].0.clone(), by_size[0].1.clone());
    let (t, t_arts) = (by_size[1].0.clone(), by_size[1].1.clone());
    let elsewhere = by_size[2].1[0].clone();
    assert!(s_arts.len() >= 3, "{before:?}");
    let split = s_arts.last().unwrap().clone();
    let excluded = s_arts[0].clone();

    // A correction needs a reason.
    let r = correct(&db, &[&s, "--rename", "Renamed by an analyst"]);
    assert_ne!(r.code, 0);
    assert!(r.stderr.contains("--why"), "{}", r.stderr);

    for args in [
        vec![
            s.as_str(),
            "--rename",
            "Renamed by an analyst",
            "--why",
            "clearer",
        ],
        vec![
            s.as_str(),
            "--pin",
            "killed=999+",
            "--why",
            "ministry briefing",
        ],
        vec![
            s.as_str(),
            "--exclude",
            excluded.as_str(),
            "--why",
            "another event",
        ],
        vec![
            s.as_str(),
            "--split",
            split.as_str(),
            "--why",
            "a different fire",
        ],
        vec![
            t.as_str(),
            "--merge-into",
            s.as_str(),
            "--why",
            "same event",
        ],
    ] {
        correct(&db, &args).ok();
    }
    // An article outside the story cannot be split out of it.
    let r = correct(&db, &[&s, "--split", &elsewhere, "--why", "x"]);
    assert_ne!(r.code, 0, "{}", r.stdout);

    // New articles, then the same ones again: the corrections hold.
    db.ingest(rest).ok();
    db.ingest(&files).ok();
    let stories = db.stories(None);
    let merged = story_of(&stories, &s_arts[0]);
    let id = merged["id"].as_str().unwrap().to_string();
    let members: Vec<&str> = merged["articles"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a.as_str().unwrap())
        .collect();
    for a in &t_arts {
        assert!(members.contains(&a.as_str()), "{a} not merged: {members:?}");
    }
    assert!(
        !members.contains(&split.as_str()),
        "{split} is back: {members:?}"
    );
    assert_eq!(merged["title"], "Renamed by an analyst");
    let story = db.story(&id, None);
    let killed = &story["figures"]["killed"];
    assert_eq!(
        (killed["value"].as_u64(), killed["qualifier"].as_str()),
        (Some(999), Some("at_least"))
    );
    assert!(
        killed["reason"]
            .as_str()
            .unwrap()
            .starts_with("Pinned by ana"),
        "{killed}"
    );
    assert_eq!(story["corrections"].as_array().map(Vec::len), Some(5));
    // The excluded article is listed, its figures counted nowhere in the story.
    for f in story["figures"].as_object().unwrap().values() {
        for h in f["history"].as_array().unwrap() {
            assert!(
                !h["sources"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .any(|x| x == &excluded),
                "{h}"
            );
        }
    }

    // Undoing the merge parts the stories again; the record keeps both.
    let list = factline([
        "correct",
        "--list",
        "--json",
        "--db",
        &db.path.display().to_string(),
    ]);
    let merge_id = list.ok().json().as_array().unwrap()[4]["id"]
        .as_i64()
        .unwrap();
    correct(
        &db,
        &[
            "--undo",
            &merge_id.to_string(),
            "--why",
            "not the same event",
        ],
    )
    .ok();
    let stories = db.stories(None);
    let s_now = story_of(&stories, &s_arts[0])["id"]
        .as_str()
        .unwrap()
        .to_string();
    let t_now = story_of(&stories, &t_arts[0])["id"]
        .as_str()
        .unwrap()
        .to_string();
    assert_ne!(s_now, t_now);
    let list = factline([
        "correct",
        "--list",
        "--json",
        "--db",
        &db.path.display().to_string(),
    ]);
    let list = list.ok().json();
    assert_eq!(list.as_array().unwrap().len(), 5);
    assert_eq!(list[4]["undone"]["why"], "not the same event");
}

//! Rejected inputs (`factline: <input>: <reason>`, exit 1, the rest of the batch stored),
//! unusable databases, and concurrent ingests.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::util::{
    BIN, Db, Run, TWO_STORIES, factline, fixtures, stored_ids, summary, two_story_ids, write,
};

/// A good article of its own, written to `dir`; returns (path, id).
fn good_article(dir: &Path, id: &str) -> (PathBuf, String) {
    let text = format!(
        " date 2023-09-04\nGrain silo fire in {id}\n\nFirefighters contained a fire at a grain \
         silo in the harbour district on Sunday. Nobody was hurt, the fire brigade said, and \
         the cause is being investigated ({id})."
    );
    (write(dir, &format!("{id}.txt"), text), id.to_string())
}

/// A bad input, the words its reason must contain (any of them, case-insensitive), and the
/// name it must be reported under.
struct Bad {
    label: &'static str,
    arg: String,
    reported_as: String,
    reason_words: &'static [&'static str],
    /// Good articles inside the bad input (JSON Lines).
    good_ids: Vec<String>,
}

fn bad_inputs(dir: &Path) -> Vec<Bad> {
    let p = |name: &str, bytes: &[u8]| write(dir, name, bytes).display().to_string();
    let mut v = Vec::new();
    let nodate = p(
        "nodate.txt",
        b"A fire broke out in a warehouse on Sunday, and 3 people were hurt.",
    );
    v.push(Bad {
        label: "no date line",
        arg: nodate.clone(),
        reported_as: nodate,
        reason_words: &["date"],
        good_ids: vec![],
    });
    for (name, date) in [("medieval.txt", "1066-10-14"), ("future.txt", "3024-01-01")] {
        let path = p(
            name,
            format!(" date {date}\nA battle\n\nMany were killed in a battle near a hill.")
                .as_bytes(),
        );
        v.push(Bad {
            label: "date out of range",
            arg: path.clone(),
            reported_as: path,
            reason_words: &["date"],
            good_ids: vec![],
        });
    }
    let empty = p("empty.txt", b"");
    v.push(Bad {
        label: "empty file",
        arg: empty.clone(),
        reported_as: empty,
        reason_words: &["empty"],
        good_ids: vec![],
    });
    let feed = p(
        "feed.jsonl",
        concat!(
            r#"{"id":"feed-good-1","published":"2023-09-05","title":"Dam gate jams","text":"Engineers freed a jammed gate at the reservoir dam on Monday. Nobody was hurt."}"#,
            "\n",
            r#"{"id":"feed-broken","published":"2023-09-05","text":"This line stops in the midd"#,
            "\n",
            r#"{"id":"feed-good-3","published":"2023-09-06","title":"Ferry timetable","text":"The island ferry returns to its summer timetable next week, the operator said."}"#,
            "\n"
        )
        .as_bytes(),
    );
    v.push(Bad {
        label: "broken JSON line",
        arg: feed.clone(),
        reported_as: format!("{feed}:2"),
        reason_words: &["json"],
        good_ids: vec!["feed-good-1".into(), "feed-good-3".into()],
    });
    let missing = dir.join("no-such-file.txt").display().to_string();
    v.push(Bad {
        label: "missing path",
        arg: missing.clone(),
        reported_as: missing,
        reason_words: &["no such", "not found", "does not exist"],
        good_ids: vec![],
    });
    v
}

/// Problems with how `run` reported `bad` (empty when it did so the contract's way).
fn report_problems(run: &Run, bad: &Bad) -> Vec<String> {
    let prefix = format!("factline: {}: ", bad.reported_as);
    let lines: Vec<&str> = run
        .error_lines()
        .into_iter()
        .filter(|l| l.starts_with(&prefix))
        .collect();
    let mut problems = Vec::new();
    match lines.as_slice() {
        [line] => {
            let reason = line[prefix.len()..].to_lowercase();
            if !bad.reason_words.iter().any(|w| reason.contains(w)) {
                problems.push(format!(
                    "{}: reason {reason:?} mentions none of {:?}",
                    bad.label, bad.reason_words
                ));
            }
        }
        _ => problems.push(format!(
            "{}: expected one line starting {prefix:?} on stderr, got {}:\n{}",
            bad.label,
            lines.len(),
            run.stderr
        )),
    }
    problems
}

/// Ingest `good` with `bad`; every problem with how that went.
fn one_bad_input(good: &str, good_id: &str, bad: &Bad) -> Vec<String> {
    let mut problems = Vec::new();
    // ingest: exit 1, one clear line, the good article stored.
    let db = Db::new();
    let run = db.ingest(&[good, bad.arg.as_str()]);
    if run.code != 1 {
        problems.push(format!(
            "{}: ingest exited {}: {}",
            bad.label, run.code, run.stderr
        ));
    }
    problems.extend(report_problems(&run, bad));
    let mut want: BTreeSet<String> = bad.good_ids.iter().cloned().collect();
    want.insert(good_id.to_string());
    let stories = db.stories_run(None);
    if stories.code == 0 {
        let got = stored_ids(&stories.json());
        if got != want {
            problems.push(format!("{}: stored {got:?}, want {want:?}", bad.label));
        }
    } else {
        problems.push(format!("{}: stories failed: {}", bad.label, stories.stderr));
    }
    problems
}

#[test]
fn bad_input_each_is_reported_and_skipped() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (good, good_id) = good_article(dir.path(), "good-silo");
    let good = good.display().to_string();
    let bads = bad_inputs(dir.path());
    let problems: Vec<String> = std::thread::scope(|s| {
        let handles: Vec<_> = bads
            .iter()
            .map(|bad| {
                let (good, good_id) = (&good, &good_id);
                s.spawn(move || one_bad_input(good, good_id, bad))
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().expect("bad input thread"))
            .collect()
    });
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn bad_input_all_at_once_with_good_batch() {
    let dir = tempfile::tempdir().expect("tempdir");
    let bads = bad_inputs(dir.path());
    let db = Db::new();
    let mut args: Vec<String> = vec![TWO_STORIES.to_string()];
    for (i, b) in bads.iter().enumerate() {
        args.insert(i % 2 * args.len(), b.arg.clone()); // bad ones before and after the good
    }
    let run = db.ingest(&args);
    run.expect_code(1);
    let problems: Vec<String> = bads.iter().flat_map(|b| report_problems(&run, b)).collect();
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    assert_eq!(
        run.error_lines().len(),
        bads.len(),
        "one error line per bad input:\n{}",
        run.stderr
    );
    assert_eq!(summary(&run).rejected, bads.len(), "{}", run.stderr);
    let mut want = two_story_ids();
    want.extend(bads.iter().flat_map(|b| b.good_ids.iter().cloned()));
    assert_eq!(stored_ids(&db.stories(None)), want);

    // extract: the same reports, and every good article still printed.
    let mut extract_args = vec!["extract".to_string(), "--json".into()];
    extract_args.extend(args.iter().cloned());
    let run = factline(&extract_args);
    run.expect_code(1);
    let problems: Vec<String> = bads.iter().flat_map(|b| report_problems(&run, b)).collect();
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    let printed: BTreeSet<String> = run
        .json_lines()
        .iter()
        .filter_map(|l| l["id"].as_str().map(String::from))
        .collect();
    assert_eq!(printed, want, "extract with bad inputs");
}

/// Pseudo-random bytes that are certainly not an SQLite database.
fn garbage(n: usize) -> Vec<u8> {
    let mut rng = crate::util::Rng(42);
    (0..n).map(|_| rng.next() as u8).collect()
}

#[test]
fn bad_input_garbage_database_is_reported_and_left_alone() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = write(dir.path(), "garbage.db", garbage(8192));
    let db_arg = db.display().to_string();
    let prefix = format!("factline: {db_arg}: ");
    let input = format!("{TWO_STORIES}/tartu-bridge-1.txt");
    for args in [
        vec!["ingest", "--db", db_arg.as_str(), input.as_str()],
        vec!["stories", "--db", db_arg.as_str(), "--json"],
        vec!["story", "some-story", "--db", db_arg.as_str(), "--json"],
    ] {
        let run = factline(&args);
        assert_eq!(run.code, 1, "`factline {}`: {}", args.join(" "), run.stderr);
        assert!(
            run.stderr.lines().any(|l| l.starts_with(&prefix)),
            "`factline {}`: no line starting {prefix:?}:\n{}",
            args.join(" "),
            run.stderr
        );
        assert!(run.stdout.trim().is_empty(), "{}", run.stdout);
    }
    assert_eq!(
        std::fs::read(&db).expect("read db"),
        garbage(8192),
        "factline modified a file that is not its database"
    );
}

/// Are file permissions enforced for us (not root, or no CAP_DAC_OVERRIDE)?
fn permissions_enforced(dir: &Path) -> bool {
    let p = write(dir, "probe", b"x");
    let mut perm = std::fs::metadata(&p).expect("meta").permissions();
    perm.set_readonly(true);
    std::fs::set_permissions(&p, perm).expect("chmod");
    let enforced = std::fs::OpenOptions::new().append(true).open(&p).is_err();
    std::fs::remove_file(&p).ok();
    enforced
}

#[test]
fn bad_input_read_only_database() {
    let db = Db::new();
    if !permissions_enforced(db.dir.path()) {
        eprintln!(
            "skipping bad_input_read_only_database: file permissions are not enforced for this \
             user (running as root), so a read-only database cannot be made"
        );
        return;
    }
    db.ingest(&[format!("{TWO_STORIES}/tartu-bridge-1.txt")])
        .ok();
    let before = db.stories_run(None).ok().stdout.clone();
    let set_ro = |ro: bool| {
        for p in [db.path.clone(), db.dir.path().to_path_buf()] {
            let mut perm = std::fs::metadata(&p).expect("meta").permissions();
            perm.set_readonly(ro);
            std::fs::set_permissions(&p, perm).expect("chmod");
        }
    };
    set_ro(true);
    let run = db.ingest(&[format!("{TWO_STORIES}/tartu-bridge-2.txt")]);
    set_ro(false);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let prefix = format!("factline: {}: ", db.path.display());
    assert!(
        run.stderr.lines().any(|l| l.starts_with(&prefix)),
        "no line starting {prefix:?}:\n{}",
        run.stderr
    );
    assert_eq!(db.stories_run(None).ok().stdout, before, "database changed");
}

/// A run is acceptable under contention when it succeeded, or failed saying the database is
/// locked/busy.
fn contention_ok(what: &str, code: i32, stderr: &str) -> Result<bool, String> {
    match code {
        0 => Ok(true),
        1 if stderr.lines().any(|l| {
            l.starts_with("factline: ")
                && (l.to_lowercase().contains("locked") || l.to_lowercase().contains("busy"))
        }) =>
        {
            Ok(false)
        }
        _ => Err(format!(
            "{what}: exit {code} without a clear 'locked' message:\n{stderr}"
        )),
    }
}

#[test]
fn bad_input_concurrent_ingest_waits_or_says_locked() {
    let dir = tempfile::tempdir().expect("tempdir");
    let big = dir.path().join("big.jsonl");
    let from = fixtures().join(TWO_STORIES);
    let generated = factline([
        "gen".as_ref(),
        "-n".as_ref(),
        "3000".as_ref(),
        "--seed".as_ref(),
        "3".as_ref(),
        "--from".as_ref(),
        from.as_os_str(),
        "-o".as_ref(),
        big.as_os_str(),
    ]);
    generated.ok();
    let lines = std::fs::read_to_string(&big)
        .expect("generated corpus")
        .lines()
        .count();
    assert_eq!(lines, 3000, "gen -n 3000 wrote {lines} lines");

    // The schema exists before the race starts (creating it concurrently is another matter).
    let db = Db::new();
    let (seed_article, seed_id) = good_article(dir.path(), "seed-silo");
    db.ingest(&[seed_article.display().to_string()]).ok();

    let started = Instant::now();
    let first = Command::new(BIN)
        .arg("ingest")
        .arg("--db")
        .arg(&db.path)
        .arg(&big)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn background ingest");
    std::thread::sleep(Duration::from_millis(30));
    let (late, late_id) = good_article(dir.path(), "late-silo");
    let second = db.ingest(&[late.display().to_string()]);
    let second_done = started.elapsed();
    let first = first.wait_with_output().expect("background ingest");
    let first_stderr = String::from_utf8_lossy(&first.stderr).into_owned();
    let first_code = first.status.code().unwrap_or(-1);
    eprintln!(
        "concurrent ingest: background took {:?}, second finished after {second_done:?} \
         (exit {} / {})",
        started.elapsed(),
        first_code,
        second.code
    );

    let first_ok = contention_ok("background ingest", first_code, &first_stderr)
        .unwrap_or_else(|e| panic!("{e}"));
    let second_ok = contention_ok("second ingest", second.code, &second.stderr)
        .unwrap_or_else(|e| panic!("{e}"));

    // The database is intact and holds exactly what the successful runs reported.
    let stories = db.stories(None);
    let ids = stored_ids(&stories);
    assert!(ids.contains(&seed_id));
    if second_ok {
        assert!(
            ids.contains(&late_id),
            "second ingest succeeded but its article is missing"
        );
        assert_eq!(summary(&second).new, 1, "{}", second.stderr);
    }
    if first_ok {
        let new = count_new(&first_stderr);
        let generated = ids.iter().filter(|i| i.starts_with("g3-")).count();
        assert_eq!(
            generated, new,
            "background ingest reported {new} new articles, stories list {generated}"
        );
        let again = db.ingest(&[big.display().to_string()]);
        again.ok();
        assert_eq!(summary(&again).new, 0, "{}", again.stderr);
    }
}

fn count_new(stderr: &str) -> usize {
    let run = Run {
        args: vec![],
        code: 0,
        stdout: String::new(),
        stderr: stderr.to_string(),
    };
    summary(&run).new
}

#[test]
fn bad_input_concurrent_ingests_into_a_new_database() {
    // Two ingests racing to create the same database: each must succeed or say 'locked'.
    // (Probabilistic: a race it loses shows up in most attempts, never when it is handled.)
    let dir = tempfile::tempdir().expect("tempdir");
    let (a, a_id) = good_article(dir.path(), "race-a");
    let (b, b_id) = good_article(dir.path(), "race-b");
    let mut problems = Vec::new();
    for attempt in 0..4 {
        let db = dir.path().join(format!("race-{attempt}.db"));
        let spawn = |input: &Path| {
            Command::new(BIN)
                .arg("ingest")
                .arg("--db")
                .arg(&db)
                .arg(input)
                .stdin(Stdio::null())
                .stdout(Stdio::piped())
                .stderr(Stdio::piped())
                .spawn()
                .expect("spawn ingest")
        };
        let (pa, pb) = (spawn(&a), spawn(&b));
        let mut want = BTreeSet::new();
        for (child, id) in [(pa, &a_id), (pb, &b_id)] {
            let out = child.wait_with_output().expect("ingest");
            let stderr = String::from_utf8_lossy(&out.stderr);
            match contention_ok(id, out.status.code().unwrap_or(-1), &stderr) {
                Ok(true) => {
                    want.insert(id.clone());
                }
                Ok(false) => {}
                Err(e) => problems.push(format!("attempt {attempt}: {e}")),
            }
        }
        if !want.is_empty() {
            let run = factline([
                "stories".as_ref(),
                "--json".as_ref(),
                "--db".as_ref(),
                db.as_os_str(),
            ]);
            if run.code != 0 || stored_ids(&run.json()) != want {
                problems.push(format!(
                    "attempt {attempt}: successful ingests of {want:?} but stories says \
                     (exit {}): {}{}",
                    run.code, run.stdout, run.stderr
                ));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn bad_input_demo_never_replaces_a_database_it_did_not_make() {
    let db = Db::new();
    db.ingest(&[format!("{TWO_STORIES}/tartu-bridge-1.txt")])
        .ok();
    let before = std::fs::read(&db.path).expect("read db");
    let corpus = crate::util::workspace_root().join("corpus/sample/articles");
    let db_arg = db.path.display().to_string();
    let run = factline([
        "demo",
        "--db",
        &db_arg,
        "--corpus",
        &corpus.display().to_string(),
    ]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains("not a demo database"),
        "no reason given: {}",
        run.stderr
    );
    assert_eq!(
        std::fs::read(&db.path).expect("read db"),
        before,
        "demo touched the database"
    );
    // A database the demo made is its own to replace.
    let demo_db = db.dir.path().join("demo.db").display().to_string();
    let corpus = corpus.display().to_string();
    factline(["demo", "--db", &demo_db, "--corpus", &corpus]).ok();
    factline(["demo", "--db", &demo_db, "--corpus", &corpus]).ok();
}

#[test]
fn bad_input_serve_refuses_a_missing_database() {
    let dir = tempfile::tempdir().expect("tempdir");
    let missing = dir.path().join("typo.db");
    let arg = missing.display().to_string();
    let run = factline(["serve", "--db", &arg, "--addr", "127.0.0.1:0"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr
            .starts_with(&format!("factline: {arg}: no such database")),
        "{}",
        run.stderr
    );
    assert!(
        !missing.exists(),
        "serve created the database it was told about"
    );
}

#[test]
fn bad_input_legacy_charsets_are_read_not_rejected() {
    let dir = tempfile::tempdir().expect("tempdir");
    let latin1 = write(
        dir.path(),
        "latin1.txt",
        b" date 2023-09-04\nCaf\xe9 fire\n\nA fire broke out in a caf\xe9 on Sunday.",
    );
    let mut utf16 = vec![0xFF, 0xFE];
    for unit in " date 2023-09-04\nStra\u{df}e fire\n\nA fire on the Stra\u{df}e.".encode_utf16() {
        utf16.extend(unit.to_le_bytes());
    }
    let utf16 = write(dir.path(), "utf16.txt", utf16);
    let run = factline([
        "clean",
        &latin1.display().to_string(),
        &utf16.display().to_string(),
    ]);
    run.ok();
    assert!(
        run.stdout.contains("A fire broke out in a café on Sunday."),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("A fire on the Straße."),
        "{}",
        run.stdout
    );
}

//! Exit statuses: 0 all inputs taken, 1 some input rejected (the rest still done), 2 usage
//! error.

use crate::util::{Db, TWO_STORIES, factline, two_story_ids, two_story_inputs};

#[test]
fn exit_0_when_everything_is_taken() {
    let inputs = two_story_inputs();
    let mut args = vec!["extract".to_string(), "--json".into()];
    args.extend(inputs.iter().cloned());
    factline(&args).ok();
    factline(["extract", inputs[0].as_str()]).ok();
    factline(["clean", inputs[0].as_str()]).ok();

    let db = Db::new();
    let run = db.ingest(&[TWO_STORIES]);
    run.ok();
    assert!(
        run.error_lines().is_empty(),
        "no input was bad, yet: {}",
        run.stderr
    );
    let stories = db.stories(None);
    let id = stories[0]["id"].as_str().expect("a story id");
    db.story_run(id, None).ok();
    db.story_run(id, Some("2023-06-14")).ok();
    let db_arg = db.path.display().to_string();
    factline(["stories", "--db", db_arg.as_str()]).ok();
    factline(["story", id, "--db", db_arg.as_str()]).ok();
}

#[test]
fn exit_1_when_some_input_is_rejected_and_the_rest_goes_on() {
    let inputs = two_story_inputs();
    let missing = "two_stories/no-such-article.txt";

    // extract: the good articles are still printed.
    let mut args = vec!["extract".to_string(), "--json".into(), missing.into()];
    args.extend(inputs.iter().cloned());
    let run = factline(&args);
    run.expect_code(1);
    let printed: Vec<String> = run
        .json_lines()
        .iter()
        .map(|l| l["id"].as_str().unwrap_or("").to_string())
        .collect();
    assert_eq!(printed.len(), inputs.len(), "{}", run.stdout);
    assert_eq!(run.error_lines().len(), 1, "{}", run.stderr);

    // ingest: the good articles are still stored.
    let db = Db::new();
    let run = db.ingest(&[missing, TWO_STORIES]);
    run.expect_code(1);
    assert_eq!(crate::util::summary(&run).rejected, 1, "{}", run.stderr);
    assert_eq!(
        crate::util::stored_ids(&db.stories(None)),
        two_story_ids(),
        "good articles of a partly rejected batch must be stored"
    );
}

/// Run a usage error: exit 2, a message on stderr naming `mention`, nothing on stdout, and
/// no database created.
#[track_caller]
fn usage_error(args: &[&str], mention: &str) {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("never.db");
    let db = db.display().to_string();
    let mut full: Vec<&str> = args.to_vec();
    if full
        .first()
        .is_some_and(|c| ["ingest", "stories", "story"].contains(c))
    {
        full.extend(["--db", db.as_str()]);
    }
    let run = factline(&full);
    run.expect_code(2);
    assert!(
        run.stdout.trim().is_empty(),
        "usage error printed to stdout: {}",
        run.stdout
    );
    assert!(
        run.stderr.contains(mention),
        "`factline {}`: stderr does not mention {mention:?}:\n{}",
        full.join(" "),
        run.stderr
    );
    assert!(
        std::fs::read_dir(dir.path())
            .expect("read dir")
            .next()
            .is_none(),
        "a usage error created files"
    );
}

#[test]
fn exit_2_on_usage_errors() {
    let input = &two_story_inputs()[0];
    usage_error(&["extract", "--no-such-flag", input], "--no-such-flag");
    usage_error(&["stories", "--jsonn"], "--jsonn");
    usage_error(&["frobnicate"], "frobnicate");
    // Missing arguments.
    usage_error(&["extract"], "INPUT");
    usage_error(&["extract", "--json"], "INPUT");
    usage_error(&["ingest"], "INPUT");
    usage_error(&["story", "--json"], "ID");
    usage_error(&["stories", "--as-of"], "--as-of");
    // Bad --as-of dates.
    usage_error(&["stories", "--as-of", "2023-13-45"], "2023-13-45");
    usage_error(&["stories", "--as-of", "yesterday"], "yesterday");
    usage_error(&["stories", "--as-of", "14/06/2023"], "14/06/2023");
    usage_error(
        &["story", "some-story", "--as-of", "1066-10-14"],
        "1066-10-14",
    );
    usage_error(
        &["story", "some-story", "--as-of", "2023-06-14x"],
        "2023-06-14x",
    );
    // No subcommand at all.
    let run = factline(std::iter::empty::<&str>());
    run.expect_code(2);
}

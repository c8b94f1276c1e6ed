//! `extract --explain`, `clean`, `gen`.

use std::collections::BTreeMap;

use crate::util::{TWO_STORIES, factline, fixtures, two_story_inputs};

/// `extract --explain` output split per article: the first word of each unindented header
/// line (the article id) → the lines below it.
fn explain_sections(out: &str) -> BTreeMap<String, Vec<String>> {
    let mut sections: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut current = String::new();
    for line in out.lines() {
        if !line.starts_with(char::is_whitespace) && !line.trim().is_empty() {
            current = line.split_whitespace().next().unwrap_or("").to_string();
            sections.entry(current.clone()).or_default();
        } else {
            sections
                .entry(current.clone())
                .or_default()
                .push(line.to_string());
        }
    }
    sections
}

#[test]
fn tools_explain_marks_span_and_names_rule() {
    let inputs = two_story_inputs();
    let mut json_args = vec!["extract".to_string(), "--json".into()];
    json_args.extend(inputs.iter().cloned());
    let json = factline(&json_args);
    json.ok();
    let mut explain_args = vec!["extract".to_string(), "--explain".into()];
    explain_args.extend(inputs.iter().cloned());
    let explain = factline(&explain_args);
    explain.ok();
    let sections = explain_sections(&explain.stdout);

    let mut problems = Vec::new();
    let mut figures_seen = 0;
    for line in json.json_lines() {
        let id = line["id"].as_str().unwrap_or("?").to_string();
        let Some(lines) = sections.get(&id) else {
            problems.push(format!("{id}: no section in --explain output"));
            continue;
        };
        // Lines with a marked span: `… rule NAME: …⟦span⟧…`.
        let marked: Vec<(String, String)> = lines
            .iter()
            .filter_map(|l| {
                let open = l.find('⟦')?;
                let close = l[open..].find('⟧')? + open;
                let span = l[open + '⟦'.len_utf8()..close].to_string();
                let rule = l
                    .split_once("rule ")
                    .and_then(|(_, r)| r.split_once(':'))
                    .map(|(r, _)| r.trim().to_string())
                    .unwrap_or_default();
                Some((span, rule))
            })
            .collect();
        for (span, rule) in &marked {
            if rule.is_empty() || rule == "-" {
                problems.push(format!("{id}: span ⟦{span}⟧ explained without a rule"));
            }
        }
        let figures = line["figures"].as_array().cloned().unwrap_or_default();
        let n_claims = line["claims"].as_array().map_or(0, Vec::len);
        for f in &figures {
            figures_seen += 1;
            let text = f["text"].as_str().unwrap_or("");
            if !marked.iter().any(|(span, _)| span == text) {
                problems.push(format!(
                    "{id}: figure {text:?} has no ⟦marked⟧ span in --explain:\n{}",
                    lines.join("\n")
                ));
            }
        }
        if marked.len() != figures.len() + n_claims {
            problems.push(format!(
                "{id}: {} facts in --json but {} explained spans",
                figures.len() + n_claims,
                marked.len()
            ));
        }
    }
    assert!(
        figures_seen > 0,
        "no figure extracted from the fixtures, nothing to explain"
    );
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn tools_clean_drops_advertisement_lines() {
    let run = factline(["clean", "clean/landslide-ads.txt"]);
    run.ok();
    let out = &run.stdout;
    for line in out.lines() {
        let l = line.trim().to_lowercase();
        assert!(
            !l.starts_with("advert") && l != "share this article",
            "boilerplate line {line:?} kept:\n{out}"
        );
    }
    assert!(
        !out.contains("date 2023-10-02"),
        "date line in body:\n{out}"
    );
    let kept = [
        "Landslide cuts off mountain village near Tromsø",
        "A landslide blocked the only road to a mountain village near Tromsø on Sunday, and 14 \
         people were evacuated from their homes, the municipality said.",
        "Geologists had been watching the slope since the spring thaw.",
        "Road crews expect to reopen the route within a week.",
    ];
    let mut last = 0;
    for k in kept {
        let at = out[last..]
            .find(k)
            .unwrap_or_else(|| panic!("cleaned body lacks (or reorders) {k:?}:\n{out}"));
        last += at + k.len();
    }
}

fn generate(seed: &str) -> String {
    let from = fixtures().join(TWO_STORIES);
    let run = factline([
        "gen".as_ref(),
        "-n".as_ref(),
        "50".as_ref(),
        "--seed".as_ref(),
        seed.as_ref(),
        "--from".as_ref(),
        from.as_os_str(),
    ]);
    run.ok();
    run.stdout.clone()
}

#[test]
fn tools_gen_is_deterministic_per_seed() {
    let a = generate("7");
    let b = generate("7");
    assert_eq!(a, b, "gen -n 50 --seed 7 differs between two runs");
    let c = generate("8");
    assert_ne!(a, c, "gen with seeds 7 and 8 gives the same corpus");

    let lines: Vec<serde_json::Value> = a
        .lines()
        .map(|l| serde_json::from_str(l).expect("gen writes JSON Lines"))
        .collect();
    assert_eq!(lines.len(), 50);
    let ids: std::collections::BTreeSet<&str> =
        lines.iter().filter_map(|l| l["id"].as_str()).collect();
    assert_eq!(ids.len(), 50, "gen ids are not unique");
    for l in &lines {
        assert!(
            l["published"].as_str().is_some_and(crate::schema::is_date)
                && l["text"].as_str().is_some_and(|t| !t.is_empty()),
            "not an article: {l}"
        );
    }

    // Its output is valid factline input.
    let dir = tempfile::tempdir().expect("tempdir");
    let path = crate::util::write(dir.path(), "gen.jsonl", &a);
    let run = factline(["extract".as_ref(), "--json".as_ref(), path.as_os_str()]);
    run.ok();
    assert_eq!(run.json_lines().len(), 50);
}

/// `gen` on the bundled sample: every article gets its story label, and each variant of
/// the sample is dated one week per `--per-week` variants later than the one before.
#[test]
fn tools_gen_labels_stories_and_moves_forward_week_by_week() {
    let root = crate::util::workspace_root();
    let dir = tempfile::tempdir().expect("tempdir");
    let gold = dir.path().join("gold.jsonl");
    let run = factline([
        "gen".as_ref(),
        "-n".as_ref(),
        "400".as_ref(),
        "--seed".as_ref(),
        "5".as_ref(),
        "--per-week".as_ref(),
        "2".as_ref(),
        "--from".as_ref(),
        root.join("corpus/sample/articles").as_os_str(),
        "--gold-out".as_ref(),
        gold.as_os_str(),
    ]);
    run.ok();
    let articles: Vec<serde_json::Value> = run
        .stdout
        .lines()
        .map(|l| serde_json::from_str(l).expect("gen writes JSON Lines"))
        .collect();
    let labels: Vec<serde_json::Value> = std::fs::read_to_string(&gold)
        .expect("gold labels written")
        .lines()
        .map(|l| serde_json::from_str(l).expect("labels are JSON Lines"))
        .collect();
    assert_eq!(articles.len(), 400);
    assert_eq!(labels.len(), 400, "one label per article");

    // Id `g5-{variant}-{sample id}`; label `{sample story}@{variant}`.
    let parse = |id: &str| -> (usize, String) {
        let rest = id.strip_prefix("g5-").expect("id carries the seed");
        let (variant, sample) = rest.split_once('-').expect("variant and sample id");
        (variant.parse().expect("variant number"), sample.to_string())
    };
    let mut first_seen: BTreeMap<String, (usize, jiff::civil::Date)> = BTreeMap::new();
    let mut checked = 0;
    for (a, l) in articles.iter().zip(&labels) {
        let id = a["id"].as_str().expect("id");
        assert_eq!(
            l["id"].as_str(),
            Some(id),
            "labels follow the articles' order"
        );
        let (variant, sample) = parse(id);
        // The sample's titles are their texts' first lines; a variant keeps them in step.
        let title = a["title"].as_str().expect("title");
        assert_eq!(
            a["text"].as_str().and_then(|t| t.lines().next()),
            Some(title),
            "{id}: title and first line differ"
        );
        let story = l["story"].as_str().expect("story label");
        assert!(
            story.ends_with(&format!("@{variant}")) && story.len() > 2,
            "label {story:?} of {id} does not name its variant"
        );
        let published: jiff::civil::Date = a["published"]
            .as_str()
            .and_then(|d| d.parse().ok())
            .expect("published date");
        assert!(
            (1900..=2200).contains(&published.year()),
            "{id}: {published} outside what ingest accepts"
        );
        // The same sample article in a later variant: whole weeks later, one per two variants.
        match first_seen.get(&sample) {
            None => {
                first_seen.insert(sample, (variant, published));
            }
            Some(&(v0, d0)) => {
                let days = (published - d0).get_days() as usize;
                assert_eq!(
                    days,
                    7 * (variant / 2 - v0 / 2),
                    "{id}: {published}, variant {v0} had it on {d0}"
                );
                checked += 1;
            }
        }
    }
    assert!(
        checked > 100,
        "too few repeated sample articles ({checked})"
    );
}

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

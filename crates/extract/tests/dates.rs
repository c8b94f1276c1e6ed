//! Event dates: golden case files (`tests/cases/dates/*.txt`) and the seed articles.
//!
//! Case files hold `> YYYY-MM-DD text` lines (publication date, then the article text), each
//! followed by the expected event date or `none`. `UPDATE_EXPECT=1` rewrites the expectations.

use std::path::Path;

mod common;
use common::{json_str, run_cases, seeds, seeds_dir};

use factline_extract::dates::event_date;

#[test]
fn date_cases() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/cases/dates");
    let n = run_cases(&dir, &|input| {
        let (published, text) = input.split_at(input.find(' ').unwrap_or(0));
        let published = factline_model::parse_date(published).expect("case date");
        let d = event_date(&factline_clean::clean(text.trim()), published);
        vec![d.map_or_else(|| "none".to_string(), |d| d.to_string())]
    });
    assert!(n >= 40, "only {n} date cases");
}

#[test]
fn never_panics_on_odd_input() {
    let p = factline_model::parse_date("2024-03-01").unwrap();
    for s in [
        "",
        "on Friday",
        "March 32",
        "2024-13-45 attack",
        "Feb 29 attack struck",
        "31 February 2023 the quake struck",
        "Ünïcödé Friday’s attack",
        "the attack on 0 March",
    ] {
        let _ = event_date(&factline_clean::clean(s), p);
    }
}

#[test]
fn seed_event_dates() {
    let Some(seeds) = seeds() else {
        println!("seeds not found at {}; skipping", seeds_dir().display());
        return;
    };
    let mut wrong = Vec::new();
    for (line, id, published, text) in &seeds {
        let gold = json_str(line, "event_date");
        let got = event_date(text, *published).map(|d| d.to_string());
        println!("{id}: gold {gold:?} got {got:?}");
        if got != gold {
            wrong.push(id.clone());
        }
    }
    assert!(wrong.is_empty(), "event dates differ from gold: {wrong:?}");
}

/// A page's stamp on its own line, which the cleaner joins to the paragraph it heads, dates
/// the page: the day the text gives wins over it.
#[test]
fn a_stamp_joined_to_its_paragraph_is_no_event_date() {
    let p = factline_model::parse_date("2024-03-23").unwrap();
    let text = "Mill burns in Orvel\n23 Mar 2024\nThe old mill in Orvel caught fire yesterday (March 22nd), the brigade said.";
    let d = event_date(&factline_clean::clean(text), p).map(|d| d.to_string());
    assert_eq!(d.as_deref(), Some("2024-03-22"));
}

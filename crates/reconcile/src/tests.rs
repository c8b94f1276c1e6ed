use super::*;
use factline_model::{Claim, CleanText, Facts, Span, parse_date};

fn fig(kind: FigureKind, value: u64, q: Qualifier) -> Figure {
    Figure {
        kind,
        value,
        value_max: None,
        qualifier: q,
        subset: None,
        superseded: false,
        attributed_to: None,
        text: String::new(),
        sentence: 0,
        start: 0,
        end: 0,
        rule: String::new(),
    }
}

fn art(id: &str, day: &str, figures: Vec<Figure>, claims: Vec<Claim>) -> Article {
    Article {
        id: id.into(),
        source: format!("{id}.txt"),
        url: None,
        published: parse_date(day).unwrap(),
        title: Some(format!("Title {id}")),
        content_hash: id.into(),
        clean: CleanText {
            body: "Body.".into(),
            sentences: vec![Span::new(0, 5)],
        },
        facts: Facts {
            figures,
            claims,
            ..Facts::default()
        },
        duplicate_of: None,
    }
}

fn claim(kind: ClaimKind, actor: &str, target: Option<&str>) -> Claim {
    Claim {
        kind,
        actor: actor.into(),
        target: target.map(Into::into),
        sentence: 0,
        start: 0,
        end: 0,
        text: String::new(),
        rule: String::new(),
    }
}

use FigureKind::*;
use Qualifier::*;

#[test]
fn rising_toll_as_of_and_history() {
    let arts = vec![
        art("a", "2024-03-23", vec![fig(Killed, 40, AtLeast)], vec![]),
        art("b", "2024-03-23", vec![fig(Killed, 60, AtLeast)], vec![]),
        art(
            "c",
            "2024-03-24",
            vec![fig(Killed, 133, AtLeast), fig(Injured, 145, Exact)],
            vec![],
        ),
        art("d", "2024-03-24", vec![fig(Killed, 133, AtLeast)], vec![]),
    ];
    let s = story_state("s", &[], &arts, None);
    let k = &s.figures[&Killed];
    assert_eq!(
        (k.value, k.qualifier, k.low, k.high),
        (133, AtLeast, 133, 133)
    );
    assert_eq!(k.sources, vec!["c", "d"]);
    assert_eq!(k.independent_sources, 2);
    assert!(!k.conflict && !k.revised_down);
    assert_eq!(k.history.len(), 3);
    assert_eq!(s.as_of.to_string(), "2024-03-24");

    let before = story_state("s", &[], &arts, Some(parse_date("2024-03-23").unwrap()));
    let k = &before.figures[&Killed];
    // Two outlets on one day: 40 vs 60 is a conflict; tie in votes goes to the higher value.
    assert_eq!((k.value, k.low, k.high, k.conflict), (60, 40, 60, true));
    assert!(!before.figures.contains_key(&Injured));
    assert_eq!(before.articles.len(), 2);
}

#[test]
fn revised_down_and_superseded_ignored() {
    let mut sup = fig(Killed, 288, Exact);
    sup.superseded = true;
    let arts = vec![
        art("a", "2023-06-03", vec![fig(Killed, 288, Exact)], vec![]),
        art(
            "b",
            "2023-06-04",
            vec![fig(Killed, 275, Exact), sup],
            vec![],
        ),
    ];
    let s = story_state("s", &[], &arts, None);
    let k = &s.figures[&Killed];
    assert_eq!(k.value, 275);
    assert!(k.revised_down);
    assert!(k.history.iter().any(|h| h.superseded && h.value == 288));
    assert!(
        s.timeline
            .iter()
            .any(|t| t.text.contains("revised down to 275"))
    );
}

#[test]
fn wire_copies_count_once_and_subsets_apart() {
    let mut child = fig(Killed, 3, Exact);
    child.subset = Some("children".into());
    let mut copy = art("b", "2024-01-02", vec![fig(Killed, 10, Exact)], vec![]);
    copy.duplicate_of = Some("a".into());
    let arts = vec![
        art(
            "a",
            "2024-01-02",
            vec![fig(Killed, 10, Exact), child],
            vec![],
        ),
        copy,
        art("c", "2024-01-02", vec![fig(Killed, 9, Exact)], vec![]),
    ];
    let s = story_state("s", &[], &arts, None);
    let k = &s.figures[&Killed];
    assert_eq!(k.value, 10);
    assert_eq!(k.sources, vec!["a", "b"]);
    assert_eq!(k.independent_sources, 1);
    // 9 vs 10 is within 10 %.
    assert!(!k.conflict);
    assert_eq!(s.subsets.len(), 1);
    assert_eq!(
        (s.subsets[0].value, s.subsets[0].subset.as_str()),
        (3, "children")
    );
}

#[test]
fn denial_attaches_to_accusation_and_briefing_cites() {
    let arts = vec![
        art(
            "a",
            "2024-03-23",
            vec![fig(Killed, 60, AtLeast)],
            vec![claim(ClaimKind::Accused, "Vladimir Putin", Some("Ukraine"))],
        ),
        art(
            "b",
            "2024-03-24",
            vec![fig(Killed, 133, AtLeast)],
            vec![
                claim(ClaimKind::Denied, "Ukraine", None),
                claim(ClaimKind::ClaimedResponsibility, "Islamic State", None),
            ],
        ),
    ];
    let s = story_state("s", &[], &arts, None);
    let acc = s
        .claims
        .iter()
        .find(|c| c.kind == ClaimKind::Accused)
        .unwrap();
    assert_eq!(acc.disputed_by.len(), 1);
    assert_eq!(acc.disputed_by[0].actor, "Ukraine");
    assert_eq!(acc.disputed_by[0].sources, vec!["b"]);
    let b = &s.briefing;
    assert!(
        b.contains("Death toll: at least 133 as of 2024-03-24. [b]"),
        "{b}"
    );
    assert!(
        b.contains("Vladimir Putin accused Ukraine; disputed by Ukraine. [a][b]"),
        "{b}"
    );
    // Every sentence ends in a citation, and the budget holds.
    for sentence in b.split(". [").skip(1) {
        assert!(sentence.contains(']'));
    }
    let words = b.split_whitespace().filter(|w| !w.starts_with('[')).count();
    assert!(words <= briefing::MAX_WORDS);
    let sum = summary(&s);
    assert_eq!(sum.headline_figures[&Killed], 133);
    assert_eq!(sum.articles, vec!["a", "b"]);
}

#[test]
fn order_of_articles_does_not_matter() {
    let arts = vec![
        art("a", "2024-01-01", vec![fig(Killed, 5, Exact)], vec![]),
        art("b", "2024-01-02", vec![fig(Killed, 7, About)], vec![]),
        art("c", "2024-01-02", vec![fig(Killed, 8, Exact)], vec![]),
    ];
    let mut rev = arts.clone();
    rev.reverse();
    assert_eq!(
        story_state("s", &[], &arts, None),
        story_state("s", &[], &rev, None)
    );
}

fn by(kind: FigureKind, value: u64, q: Qualifier, authority: &str) -> Figure {
    Figure {
        attributed_to: Some(authority.into()),
        ..fig(kind, value, q)
    }
}

/// Authorities cited side by side in one report each keep their figure (not only the
/// report's largest), and the briefing names those whose latest figures disagree now, not
/// a first count given days before.
#[test]
fn authorities_in_one_report_and_current_disputes() {
    let arts = vec![
        art(
            "a",
            "2025-08-04",
            vec![by(Killed, 3, AtLeast, "emergency officials")],
            vec![],
        ),
        art(
            "b",
            "2025-08-06",
            vec![
                by(Killed, 14, Exact, "the state agency"),
                by(Killed, 18, Exact, "federal agency"),
                by(Killed, 16, Exact, "Red Cross"),
            ],
            vec![],
        ),
        art("c", "2025-08-07", vec![fig(Killed, 15, Exact)], vec![]),
    ];
    let s = story_state("s", &[], &arts, None);
    let k = &s.figures[&Killed];
    let got: Vec<(&str, u64)> = k
        .by_authority
        .iter()
        .map(|a| (a.authority.as_str(), a.value))
        .collect();
    assert_eq!(
        got,
        [
            ("emergency officials", 3),
            ("federal agency", 18),
            ("Red Cross", 16),
            ("the state agency", 14)
        ]
    );
    let b = &s.briefing;
    assert!(
        b.contains("Sources differ: federal agency 18; Red Cross 16; the state agency 14. [b]"),
        "{b}"
    );
    assert!(!b.contains("emergency officials"), "{b}");

    // Two authorities that agree are no dispute.
    let arts = vec![
        art(
            "a",
            "2025-08-06",
            vec![by(Killed, 15, Exact, "police")],
            vec![],
        ),
        art(
            "b",
            "2025-08-06",
            vec![by(Killed, 15, Exact, "ministry")],
            vec![],
        ),
    ];
    let s = story_state("s", &[], &arts, None);
    assert_eq!(s.figures[&Killed].by_authority.len(), 2);
    assert!(!s.briefing.contains("Sources differ"), "{}", s.briefing);
}

use super::*;
use factline_model::{Claim, CleanText, Facts, Figure, Span, parse_date};

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
    // Two outlets on one day: "at least 40" and "at least 60" can both be true (no
    // conflict); the tie in votes goes to the higher value.
    assert_eq!((k.value, k.low, k.high, k.conflict), (60, 40, 60, false));
    assert!(!before.figures.contains_key(&Injured));
    assert_eq!(before.articles.len(), 2);
    // Told exactly, 40 and 60 cannot both be.
    let exact = vec![
        art("a", "2024-03-23", vec![fig(Killed, 40, Exact)], vec![]),
        art("b", "2024-03-23", vec![fig(Killed, 60, Exact)], vec![]),
    ];
    let k = &story_state("s", &[], &exact, None).figures[&Killed];
    assert_eq!((k.value, k.low, k.high, k.conflict), (60, 40, 60, true));
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
    // The headline the title comes from, then the figures, each a whole cited sentence.
    assert!(
        b.starts_with(
            "Title b. [b] At least 133 people were killed, according to the latest reports, of \
             2024-03-24. [b]"
        ),
        "{b}"
    );
    assert!(
        b.contains("Vladimir Putin accused Ukraine, which Ukraine denied. [a][b]"),
        "{b}"
    );
    // The denial is told with the accusation it answers, not again on its own.
    assert_eq!(b.matches("denied").count(), 1, "{b}");
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
        b.contains(
            "Authorities differ on the death toll: federal agency gives 18, Red Cross gives 16 \
             and the state agency gives 14. [b]"
        ),
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
    assert!(!s.briefing.contains("differ"), "{}", s.briefing);
}

fn titled(mut a: Article, title: &str) -> Article {
    a.title = Some(title.into());
    a
}

fn subset(kind: FigureKind, value: u64, of: &str) -> Figure {
    Figure {
        subset: Some(of.into()),
        ..fig(kind, value, Exact)
    }
}

/// "Dozens" gives no number: it never drives "rose from", never stands once a number is
/// reported, and a vague report after a number does not replace it.
#[test]
fn vague_counts_are_not_compared() {
    let arts = vec![
        art("a", "2024-03-22", vec![fig(Killed, 12, Vague)], vec![]),
        art("b", "2024-03-23", vec![fig(Killed, 70, MoreThan)], vec![]),
        art("c", "2024-03-24", vec![fig(Killed, 12, Vague)], vec![]),
    ];
    let s = story_state("s", &[], &arts, None);
    let k = &s.figures[&Killed];
    assert_eq!(
        (k.value, k.qualifier, k.as_of.to_string()),
        (70, MoreThan, "2024-03-23".into())
    );
    assert!(!k.revised_down);
    let texts: Vec<&str> = s.timeline.iter().map(|t| t.text.as_str()).collect();
    assert_eq!(
        texts,
        [
            "Death toll first reported: dozens",
            "Death toll now given as more than 70 (earlier dozens)"
        ]
    );
    assert!(k.reason.contains("Vague counts"), "{}", k.reason);
    // Before any number, the vague count is the story's.
    let early = story_state("s", &[], &arts[..1], None);
    assert_eq!(early.figures[&Killed].qualifier, Vague);
}

/// Qualifiers are respected: ranges that meet are neither a revision nor a conflict.
#[test]
fn qualifiers_decide_revisions_and_conflicts() {
    let arts = vec![
        art("a", "2023-02-10", vec![fig(Killed, 52_000, About)], vec![]),
        art(
            "b",
            "2023-02-12",
            vec![fig(Killed, 50_000, MoreThan)],
            vec![],
        ),
    ];
    let s = story_state("s", &[], &arts, None);
    let k = &s.figures[&Killed];
    assert!(!k.revised_down);
    assert_eq!(
        s.timeline.last().unwrap().text,
        "Death toll now given as more than 50000 (earlier about 52000)"
    );
    // A real downward revision, told exactly.
    let arts = vec![
        art("a", "2023-06-03", vec![fig(Killed, 288, Exact)], vec![]),
        art("b", "2023-06-04", vec![fig(Killed, 275, Exact)], vec![]),
    ];
    let s = story_state("s", &[], &arts, None);
    assert!(s.figures[&Killed].revised_down);
    assert!(
        s.briefing
            .contains("revised down to 275 from 288 reported on 2023-06-03"),
        "{}",
        s.briefing
    );
    // "fewer than 20" and "9" can both be true.
    let arts = vec![
        art("a", "2023-06-03", vec![fig(Injured, 20, FewerThan)], vec![]),
        art("b", "2023-06-03", vec![fig(Injured, 9, Exact)], vec![]),
    ];
    assert!(!story_state("s", &[], &arts, None).figures[&Injured].conflict);
}

/// A number a larger same-day report gives as one of its parts is that part, not a rival.
#[test]
fn parts_do_not_conflict_with_totals() {
    let arts = vec![
        art(
            "a",
            "2024-03-23",
            vec![fig(Detained, 11, Exact), subset(Detained, 4, "attackers")],
            vec![],
        ),
        art("b", "2024-03-23", vec![fig(Detained, 4, Exact)], vec![]),
    ];
    let k = &story_state("s", &[], &arts, None).figures[&Detained];
    assert_eq!((k.value, k.conflict), (11, false));
    // Without the part in the larger report, 4 and 11 are a real disagreement.
    let arts = vec![
        art("a", "2024-03-23", vec![fig(Detained, 11, Exact)], vec![]),
        art("b", "2024-03-23", vec![fig(Detained, 4, Exact)], vec![]),
    ];
    assert!(story_state("s", &[], &arts, None).figures[&Detained].conflict);
}

/// One authority under two names is one authority, shown by its longer name.
#[test]
fn authorities_merge_by_alias() {
    let arts = vec![
        art(
            "a",
            "2024-08-01",
            vec![by(Displaced, 1_200, Exact, "UN")],
            vec![],
        ),
        art(
            "b",
            "2024-08-02",
            vec![by(Displaced, 1_500, Exact, "the United Nations")],
            vec![],
        ),
        art(
            "c",
            "2024-08-02",
            vec![by(Displaced, 1_400, Exact, "ministry")],
            vec![],
        ),
    ];
    let s = story_state("s", &[], &arts, None);
    let names: Vec<(&str, u64)> = s.figures[&Displaced]
        .by_authority
        .iter()
        .map(|a| (a.authority.as_str(), a.value))
        .collect();
    assert_eq!(names, [("ministry", 1_400), ("the United Nations", 1_500)]);
}

/// The card's value of each day is the daily series' value: charts and timelines read it.
#[test]
fn daily_values_match_the_card() {
    let arts = vec![
        art("a", "2024-03-22", vec![fig(Killed, 40, Exact)], vec![]),
        art("b", "2024-03-23", vec![fig(Killed, 60, Exact)], vec![]),
        art("c", "2024-03-23", vec![fig(Killed, 62, Exact)], vec![]),
        art("d", "2024-03-23", vec![fig(Killed, 60, Exact)], vec![]),
    ];
    for n in 1..=arts.len() {
        let s = story_state("s", &[], &arts[..n], None);
        let k = &s.figures[&Killed];
        let last = k.daily.last().unwrap();
        assert_eq!(
            (last.value, last.date, &last.sources),
            (k.value, k.as_of, &k.sources)
        );
    }
    let k = &story_state("s", &[], &arts, None).figures[&Killed];
    assert_eq!(
        (k.daily.len(), k.daily[1].reports, k.daily[1].agreeing),
        (2, 3, 2)
    );
    assert!(
        k.reason.contains("2 of 3 independent reports give 60"),
        "{}",
        k.reason
    );
}

/// The title follows the story: a headline with a toll the story has left behind loses to
/// one that names the event and place; site names are dropped.
#[test]
fn titles_follow_the_story() {
    let mut a = art("a", "2025-03-12", vec![fig(Killed, 12, AtLeast)], vec![]);
    a.facts.places = vec!["Tartu".into()];
    let mut b = art("b", "2025-03-14", vec![fig(Killed, 148, Exact)], vec![]);
    b.facts.places = vec!["Tartu".into()];
    let mut c = art("c", "2025-03-15", vec![fig(Killed, 148, Exact)], vec![]);
    c.facts.places = vec!["Tartu".into()];
    let arts = vec![
        titled(
            a,
            "Bridge collapse in Tartu kills at least 12 | Daily Courier",
        ),
        titled(b, "Tartu bridge collapse: divers search the river"),
        titled(c, "Families wait for news"),
    ];
    let s = story_state("s", &[], &arts, None);
    assert_eq!(
        s.title.as_deref(),
        Some("Tartu bridge collapse: divers search the river")
    );
    // Only the first report so far: its headline, without the site.
    let s = story_state("s", &[], &arts[..1], None);
    assert_eq!(
        s.title.as_deref(),
        Some("Bridge collapse in Tartu kills at least 12")
    );
    // No headline at all: built from the facts.
    let mut d = art("d", "2025-03-14", vec![fig(Killed, 148, Exact)], vec![]);
    d.title = None;
    d.facts.places = vec!["Tartu".into()];
    d.facts.event_date = Some(parse_date("2025-03-12").unwrap());
    let s = story_state("s", &[], &[d], None);
    assert_eq!(
        s.title.as_deref(),
        Some("148 killed in Tartu on 2025-03-12")
    );
    assert_eq!(
        s.timeline[0].text,
        "Event: 148 killed in Tartu on 2025-03-12"
    );
}

/// A report of another event that joined the story (another town, three days later) does
/// not move the story's figure; it stays in the history, and the reason says so.
#[test]
fn another_events_figures_do_not_set_the_value() {
    let mut a = art("a", "2024-05-10", vec![fig(Killed, 7, Exact)], vec![]);
    a.facts.places = vec!["Jamundí".into(), "Cali".into()];
    a.facts.event_date = Some(parse_date("2024-05-10").unwrap());
    let mut b = art("b", "2024-05-11", vec![fig(Killed, 7, Exact)], vec![]);
    b.facts.places = vec!["Jamundí".into()];
    b.facts.event_date = Some(parse_date("2024-05-10").unwrap());
    let mut c = art("c", "2024-05-13", vec![fig(Killed, 9, AtLeast)], vec![]);
    c.facts.places = vec!["Suárez".into()];
    c.facts.event_date = Some(parse_date("2024-05-13").unwrap());
    let s = story_state("s", &[], &[a.clone(), b.clone(), c.clone()], None);
    let k = &s.figures[&Killed];
    assert_eq!((k.value, k.revised_down), (7, false));
    assert!(k.history.iter().any(|h| h.value == 9));
    assert!(
        k.reason.contains("another place and date: c"),
        "{}",
        k.reason
    );
    // A follow-up that names the story's town still counts, whatever day it gives.
    c.facts.places.push("Jamundí".into());
    let s = story_state("s", &[], &[a, b, c], None);
    assert_eq!(s.figures[&Killed].value, 9);
}

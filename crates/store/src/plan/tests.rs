use super::*;
use factline_model::{Signature, parse_date};

/// Connected components of links at or above 0.5 (the trait's default grouping).
struct Components;

impl Linker for Components {
    fn similarity(&self, _: &Signature, _: &Signature) -> f32 {
        0.0
    }
    fn near_duplicate(&self, _: &Signature, _: &Signature) -> bool {
        false
    }
    fn window_days(&self) -> i64 {
        7
    }
}

fn member<'a>(id: &'a str, day: &str, story: Option<i64>, slug: &'a str) -> Member<'a> {
    Member {
        id,
        published: parse_date(day).unwrap(),
        story,
        slug,
    }
}

/// key, members, founder, moved, changed, first and last seen.
type ToldStory = (
    Option<i64>,
    Vec<String>,
    String,
    Vec<String>,
    bool,
    String,
    String,
);

/// A plan told by article ids instead of input positions, so that plans of permuted
/// inputs compare.
#[derive(Debug, PartialEq, Eq)]
struct Told {
    stories: Vec<ToldStory>,
    dissolved: Vec<(i64, Vec<String>)>,
    slugs: Vec<String>,
}

fn tell(members: &[Member], plan: &RegroupPlan) -> Told {
    let ids = |v: &[usize]| v.iter().map(|&i| members[i].id.to_string()).collect();
    let mut stories: Vec<_> = plan
        .stories
        .iter()
        .map(|s| {
            (
                s.key,
                ids(&s.members),
                members[s.founder].id.to_string(),
                {
                    let mut m: Vec<String> = ids(&s.moved);
                    m.sort();
                    m
                },
                s.changed,
                s.first_seen.to_string(),
                s.last_seen.to_string(),
            )
        })
        .collect();
    stories.sort();
    Told {
        stories,
        dissolved: plan
            .dissolved
            .iter()
            .map(|d| (d.key, ids(&plan.stories[d.into].members)))
            .collect(),
        slugs: plan.slugs.iter().cloned().collect(),
    }
}

fn stored<'a>(rows: &[(i64, &'a str, &'a str)]) -> BTreeMap<i64, Founding<'a>> {
    rows.iter()
        .map(|&(k, founding_id, slug)| (k, Founding { founding_id, slug }))
        .collect()
}

#[test]
fn new_articles_found_new_stories_named_after_their_earliest_member() {
    let members = [
        member("b", "2024-01-02", None, "quake-b"),
        member("a", "2024-01-03", None, "quake-a"),
        member("c", "2024-01-05", None, "flood"),
    ];
    let plan = regroup(&members, &[(0, 1, 0.9)], &[], &BTreeMap::new(), &Components);
    let told = tell(&members, &plan);
    assert_eq!(
        told.stories,
        vec![
            (
                None,
                vec!["a".into(), "b".into()],
                "b".into(),
                vec!["a".into(), "b".into()],
                true,
                "2024-01-02".into(),
                "2024-01-03".into()
            ),
            (
                None,
                vec!["c".into()],
                "c".into(),
                vec!["c".into()],
                true,
                "2024-01-05".into(),
                "2024-01-05".into()
            ),
        ]
    );
    assert!(plan.dissolved.is_empty());
    // The founder ("b", earliest) names the story, not the smallest id.
    assert_eq!(told.slugs, ["flood", "quake-b"]);
}

#[test]
fn the_plan_does_not_depend_on_the_order_of_members_or_links() {
    let members = vec![
        member("a", "2024-01-01", Some(1), "s"),
        member("b", "2024-01-02", Some(1), "s"),
        member("c", "2024-01-02", Some(2), "t"),
        member("d", "2024-01-03", Some(2), "t"),
        member("e", "2024-01-04", None, "u"),
        member("f", "2024-01-04", None, "v"),
    ];
    let links = [
        ("a", "b", 0.9),
        ("b", "e", 0.8),
        ("c", "d", 0.9),
        ("d", "e", 0.7),
        ("f", "f", 1.0),
    ];
    let pins = [("c", "d", 0.0)];
    let founding = stored(&[(1, "a", "s"), (2, "c", "t")]);
    let mut results = BTreeSet::new();
    // Every rotation and reversal of the members, links read from either end.
    for rot in 0..members.len() {
        for rev in [false, true] {
            let mut m = members.clone();
            m.rotate_left(rot);
            if rev {
                m.reverse();
            }
            let at = |id: &str| m.iter().position(|x| x.id == id).unwrap();
            let mut l: Vec<(usize, usize, f32)> = links
                .iter()
                .map(|&(x, y, s)| {
                    if rev {
                        (at(y), at(x), s)
                    } else {
                        (at(x), at(y), s)
                    }
                })
                .collect();
            if rev {
                l.reverse();
                // The same link read from its other end as well.
                l.push((at("b"), at("a"), 0.9));
            }
            let p: Vec<Pin> = pins
                .iter()
                .map(|&(x, y, similarity)| Pin {
                    a: at(x),
                    b: at(y),
                    similarity,
                })
                .collect();
            let plan = regroup(&m, &l, &p, &founding, &Components);
            results.insert(format!("{:?}", tell(&m, &plan)));
        }
    }
    assert_eq!(results.len(), 1, "{results:#?}");
}

#[test]
fn an_article_linking_two_stories_merges_them_into_the_larger() {
    let members = [
        member("a", "2024-01-01", Some(7), "p"),
        member("b", "2024-01-02", Some(7), "p"),
        member("c", "2024-01-01", Some(3), "r"),
        member("n", "2024-01-03", None, "p"),
    ];
    let links = [(0, 1, 1.0), (3, 0, 1.0), (3, 2, 1.0)];
    let founding = stored(&[(7, "a", "p"), (3, "c", "r")]);
    let plan = regroup(&members, &links, &[], &founding, &Components);
    assert_eq!(plan.stories.len(), 1);
    let s = &plan.stories[0];
    // Story 7 has two members in the group, story 3 one: 7 continues.
    assert_eq!(s.key, Some(7));
    assert!(s.changed);
    let moved: BTreeSet<&str> = s.moved.iter().map(|&i| members[i].id).collect();
    assert_eq!(moved, BTreeSet::from(["c", "n"]));
    // "a" and "c" were both published first; the smaller id founds.
    assert_eq!(members[s.founder].id, "a");
    assert_eq!(plan.dissolved, vec![Dissolved { key: 3, into: 0 }]);
    assert_eq!(plan.moves(), 2);
    // The dissolved story's slug is renamed (its id becomes free); "p" keeps its founder.
    assert_eq!(plan.slugs, BTreeSet::from(["r".to_string()]));
}

#[test]
fn a_pin_of_zero_splits_and_the_latest_pin_of_a_pair_wins() {
    let members = [
        member("a", "2024-01-01", Some(1), "s"),
        member("b", "2024-01-02", Some(1), "s"),
        member("c", "2024-01-03", Some(1), "s"),
    ];
    let links = [(0, 1, 0.9), (1, 2, 0.9)];
    let founding = stored(&[(1, "a", "s")]);
    // "b" set apart: without its links "a" and "c" part too; the story keeps "a".
    let apart = regroup(
        &members,
        &links,
        &[Pin {
            a: 1,
            b: 1,
            similarity: 0.0,
        }],
        &founding,
        &Components,
    );
    assert_eq!(apart.stories.len(), 3);
    let kept: Vec<_> = apart.stories.iter().filter(|s| s.key == Some(1)).collect();
    assert_eq!(kept.len(), 1);
    assert_eq!(members[kept[0].founder].id, "a");
    assert!(kept[0].changed, "it lost articles");
    assert_eq!(apart.stories.iter().filter(|s| s.key.is_none()).count(), 2);
    // Parted, then joined again by a later correction: the later pin wins.
    let pins = [
        Pin {
            a: 0,
            b: 1,
            similarity: 0.0,
        },
        Pin {
            a: 1,
            b: 0,
            similarity: 1.0,
        },
    ];
    let joined = regroup(&members, &links, &pins, &founding, &Components);
    assert_eq!(joined.stories.len(), 1);
    assert!(!joined.stories[0].changed, "nothing moved");
    assert!(joined.slugs.is_empty());
    assert_eq!(joined.moves(), 0);
}

#[test]
fn a_story_that_loses_its_founder_is_refounded_and_renamed() {
    // {a, b, c} stored as story 4 founded by "a"; "a" now goes with new "d".
    let members = [
        member("a", "2024-01-02", Some(4), "s"),
        member("b", "2024-01-03", Some(4), "s2"),
        member("c", "2024-01-04", Some(4), "s"),
        member("d", "2024-01-05", None, "s"),
    ];
    let links = [(1, 2, 0.9), (0, 3, 0.95)];
    let founding = stored(&[(4, "a", "s")]);
    let plan = regroup(&members, &links, &[], &founding, &Components);
    let told = tell(&members, &plan);
    // Story 4 keeps "b" and "c" (two of its members against one), founded now by "b",
    // whose slug is "s2": both slugs are renamed.
    assert_eq!(
        told.stories,
        vec![
            (
                None,
                vec!["a".into(), "d".into()],
                "a".into(),
                vec!["a".into(), "d".into()],
                true,
                "2024-01-02".into(),
                "2024-01-05".into()
            ),
            (
                Some(4),
                vec!["b".into(), "c".into()],
                "b".into(),
                vec![],
                true,
                "2024-01-03".into(),
                "2024-01-04".into()
            ),
        ]
    );
    assert_eq!(told.slugs, ["s", "s2"]);
}

#[test]
fn story_ids_give_the_plain_slug_to_the_smallest_founding_id() {
    let stories = [
        SlugStory {
            key: 1,
            id: "t1-story",
            founding_id: "x",
        },
        SlugStory {
            key: 2,
            id: "~new:b",
            founding_id: "b",
        },
    ];
    let renames = story_ids("t1-story", &stories);
    let hashed = format!("t1-story-{}", &content_hash("x")[..6]);
    assert_eq!(
        renames,
        vec![
            Rename {
                key: 1,
                old: "t1-story".into(),
                new: hashed.clone()
            },
            Rename {
                key: 2,
                old: "~new:b".into(),
                new: "t1-story".into()
            },
        ]
    );
    // Order of the input does not matter; names already right are left alone.
    let mut rev = stories.to_vec();
    rev.reverse();
    assert_eq!(story_ids("t1-story", &rev), renames);
    let settled = [
        SlugStory {
            key: 1,
            id: &hashed,
            founding_id: "x",
        },
        SlugStory {
            key: 2,
            id: "t1-story",
            founding_id: "b",
        },
    ];
    assert!(story_ids("t1-story", &settled).is_empty());
    assert!(is_placeholder(&placeholder_id("b")));
    assert!(!is_placeholder("t1-story"));
}

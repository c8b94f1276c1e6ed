//! Store scenarios every [`Store`] must pass alike: the SQLite and PostgreSQL tests run
//! each of these bodies against their own store.

use std::any::Any;
use std::collections::BTreeSet;

use factline_model::{Article, CleanText, Facts, Signature, Span, content_hash, parse_date};

use crate::{Linker, NewArticle, Store};

/// A store under test, with what the scenarios need beyond [`Store`].
pub(crate) trait TestStore: Store {
    /// Set a `meta` value (as a migration or another part of factline would).
    fn put_meta(&mut self, key: &str, value: &str);
}

/// Opens a fresh, empty store; the first part keeps it alive (a directory, a schema) and
/// is dropped after the store.
pub(crate) type Open<'a> = &'a dyn Fn() -> Fresh;

/// A fresh store and what keeps it alive.
pub(crate) type Fresh = (Box<dyn Any>, Box<dyn TestStore>);

/// Test functions running the named scenarios over a store opener (`None`: skip).
macro_rules! store_scenarios {
    ($opener:expr; $($name:ident),* $(,)?) => {
        $(
            #[test]
            fn $name() {
                if let Some(open) = $opener(stringify!($name)) {
                    crate::scenarios::$name(&open);
                }
            }
        )*
    };
}
pub(crate) use store_scenarios;

/// Every scenario, for [`store_scenarios`].
macro_rules! all_store_scenarios {
    ($opener:expr) => {
        crate::scenarios::store_scenarios!($opener;
            reingest_changes_nothing,
            ids_do_not_depend_on_order_and_old_ids_resolve,
            slug_collisions_resolve_deterministically_with_aliases,
            near_duplicates_point_at_earliest,
            merge_keeps_alias,
            pages_visit_every_article_once_in_storage_order,
            report_gives_the_stored_articles_under_their_ids,
            renames_across_slugs_in_one_batch_do_not_collide,
            stories_follow_the_linkers_grouping_in_any_order,
            a_story_that_loses_its_founding_article_is_renamed_after_the_next_one,
            a_split_survives_relinking_and_is_undone,
            an_overtaken_summary_is_not_cached,
        );
    };
}
pub(crate) use all_store_scenarios;

/// Links articles that share their first index term; copies when bodies are equal
/// modulo case.
pub(crate) struct TestLinker;

impl Linker for TestLinker {
    fn similarity(&self, a: &Signature, b: &Signature) -> f32 {
        if a.index_terms.first() == b.index_terms.first() {
            1.0
        } else {
            0.0
        }
    }
    fn near_duplicate(&self, a: &Signature, b: &Signature) -> bool {
        !a.minhash.is_empty() && a.minhash == b.minhash
    }
    fn window_days(&self) -> i64 {
        7
    }
}

pub(crate) fn art(id: &str, day: &str, term: &str, body: &str) -> NewArticle {
    let published = parse_date(day).unwrap();
    NewArticle {
        article: Article {
            id: id.into(),
            source: format!("{id}.txt"),
            url: None,
            published,
            title: None,
            content_hash: content_hash(body),
            clean: CleanText {
                body: body.into(),
                sentences: vec![Span::new(0, body.len())],
            },
            facts: Facts::default(),
            duplicate_of: None,
        },
        signature: Signature {
            index_terms: vec![term.into(), "shared-noise".into()],
            day: Some(published),
            minhash: vec![body.to_lowercase().len() as u32],
            slug: format!("{term}-story"),
            ..Signature::default()
        },
    }
}

pub(crate) fn ids(s: &dyn TestStore) -> Vec<(String, Vec<String>, usize)> {
    s.stories()
        .unwrap()
        .into_iter()
        .map(|r| (r.id, r.aliases, r.article_count))
        .collect()
}

pub(crate) fn reingest_changes_nothing(open: Open) {
    let (_d, mut s) = open();
    let batch = vec![
        art("a", "2024-01-02", "quake", "A body."),
        art("b", "2024-01-03", "quake", "B body longer."),
    ];
    let r1 = s.ingest(&batch, &TestLinker).unwrap();
    assert_eq!(r1.new, vec!["a", "b"]);
    let before = ids(&*s);
    let r2 = s.ingest(&batch, &TestLinker).unwrap();
    assert!(r2.new.is_empty());
    assert_eq!(r2.unchanged, vec!["a", "b"]);
    assert_eq!(ids(&*s), before);
    assert_eq!(s.article_count().unwrap(), 2);
}

pub(crate) fn ids_do_not_depend_on_order_and_old_ids_resolve(open: Open) {
    let all = vec![
        art("c", "2024-01-05", "quake", "C text here."),
        art("a", "2024-01-03", "quake", "A text."),
        art("b", "2024-01-04", "flood", "B text, more."),
        art("d", "2024-01-04", "quake", "D words words."),
    ];
    let (_d1, mut s1) = open();
    for a in &all {
        s1.ingest(std::slice::from_ref(a), &TestLinker).unwrap();
    }
    let (_d2, mut s2) = open();
    let mut rev = all.clone();
    rev.reverse();
    s2.ingest(&rev, &TestLinker).unwrap();
    let canon = |s: &dyn TestStore| -> Vec<(String, usize)> {
        let mut v: Vec<_> = ids(s).into_iter().map(|(i, _, n)| (i, n)).collect();
        v.sort();
        v
    };
    assert_eq!(canon(&*s1), canon(&*s2));
    assert_eq!(
        canon(&*s1),
        vec![("flood-story".into(), 1), ("quake-story".into(), 3)]
    );
    // In s1 the quake story was first founded by "c"; its id is still the same slug, and
    // every article resolves through its story.
    let st = s1.story("quake-story").unwrap().unwrap();
    let arts: Vec<String> = s1
        .story_articles(st.key)
        .unwrap()
        .into_iter()
        .map(|a| a.id)
        .collect();
    assert_eq!(arts, vec!["a", "d", "c"]);
}

pub(crate) fn slug_collisions_resolve_deterministically_with_aliases(open: Open) {
    // Two unlinked stories with the same slug: the one founded by the smaller id gets the
    // plain slug whatever the order; an id once given stays resolvable.
    let x = art("x", "2024-01-01", "t1", "X.");
    let mut y = art("b", "2024-03-01", "t2", "Y body.");
    y.signature.slug = "t1-story".into();
    let (_d, mut s) = open();
    s.ingest(std::slice::from_ref(&x), &TestLinker).unwrap();
    assert_eq!(ids(&*s)[0].0, "t1-story");
    s.ingest(std::slice::from_ref(&y), &TestLinker).unwrap();
    let st = s.story("t1-story").unwrap().unwrap();
    assert_eq!(s.story_articles(st.key).unwrap()[0].id, "b");
    // The story founded by "x" was renamed; its old id is an alias of... itself no longer,
    // since the plain slug now names the other story: canonical ids win over aliases.
    let all = ids(&*s);
    assert_eq!(all.len(), 2);
    assert!(all.iter().any(|(i, _, _)| i.starts_with("t1-story-")));
}

pub(crate) fn near_duplicates_point_at_earliest(open: Open) {
    let (_d, mut s) = open();
    let late = art("late", "2024-01-05", "q", "Same Text.");
    let early = art("early", "2024-01-04", "q", "same text!");
    s.ingest(&[late], &TestLinker).unwrap();
    let r = s.ingest(&[early], &TestLinker).unwrap();
    assert_eq!(r.near_duplicates, 1);
    let (late, _) = s.article("late").unwrap().unwrap();
    let (early, story) = s.article("early").unwrap().unwrap();
    assert_eq!(late.duplicate_of.as_deref(), Some("early"));
    assert_eq!(early.duplicate_of, None);
    assert_eq!(story.as_deref(), Some("q-story"));
}

pub(crate) fn merge_keeps_alias(open: Open) {
    let (_d, mut s) = open();
    s.ingest(&[art("a", "2024-01-01", "p", "A.")], &TestLinker)
        .unwrap();
    let mut b = art("b", "2024-01-02", "r", "B body.");
    s.ingest(std::slice::from_ref(&b), &TestLinker).unwrap();
    assert_eq!(ids(&*s).len(), 2);
    // An article that links both stories merges them.
    b = art("c", "2024-01-03", "p", "C body text.");
    b.signature.index_terms = vec!["p".into(), "r".into()];
    struct Both;
    impl Linker for Both {
        fn similarity(&self, _: &Signature, _: &Signature) -> f32 {
            1.0
        }
        fn near_duplicate(&self, _: &Signature, _: &Signature) -> bool {
            false
        }
        fn window_days(&self) -> i64 {
            7
        }
    }
    let r = s.ingest(&[b], &Both).unwrap();
    assert_eq!(r.merges, 1);
    let all = ids(&*s);
    assert_eq!(all.len(), 1);
    assert_eq!(all[0].0, "p-story");
    assert_eq!(all[0].1, vec!["r-story".to_string()]);
    assert_eq!(s.story("r-story").unwrap().unwrap().id, "p-story");
}

pub(crate) fn pages_visit_every_article_once_in_storage_order(open: Open) {
    let (_d, mut s) = open();
    let batch: Vec<NewArticle> = (0..7)
        .map(|i| {
            art(
                &format!("p{i}"),
                "2024-01-02",
                "quake",
                &format!("Body {i}."),
            )
        })
        .collect();
    s.ingest(&batch, &TestLinker).unwrap();
    let mut seen = Vec::new();
    let mut after = 0;
    loop {
        let page = s.articles_page(after, 3).unwrap();
        if page.is_empty() {
            break;
        }
        assert!(page.len() <= 3);
        after = page.last().unwrap().0;
        seen.extend(page.into_iter().map(|(_, a)| a));
    }
    let ids: Vec<&str> = seen.iter().map(|a| a.id.as_str()).collect();
    assert_eq!(ids, ["p0", "p1", "p2", "p3", "p4", "p5", "p6"]);
    assert_eq!(seen[3].clean.body, "Body 3.");
    assert!(s.articles_page(after, 3).unwrap().is_empty());
}

pub(crate) fn report_gives_the_stored_articles_under_their_ids(open: Open) {
    let (_d, mut s) = open();
    s.ingest(
        &[art("a", "2024-01-02", "quake", "First text.")],
        &TestLinker,
    )
    .unwrap();
    // Unchanged, revised (same id, new content) and new, in one batch.
    let batch = vec![
        art("a", "2024-01-02", "quake", "First text."),
        art("a", "2024-01-03", "quake", "First text, revised."),
        art("b", "2024-01-03", "flood", "Other text."),
    ];
    let r = s.ingest(&batch, &TestLinker).unwrap();
    assert_eq!(r.unchanged, ["a"]);
    assert_eq!(r.new.len(), 2);
    assert_eq!(r.new_positions, [1, 2]);
    let stored: Vec<Article> = r.new_articles(&batch).collect();
    assert!(stored[0].id.starts_with("a@"));
    assert_eq!(stored[0].clean.body, "First text, revised.");
    assert_eq!(stored[1].id, "b");
    for a in &stored {
        let (back, _) = s.article(&a.id).unwrap().unwrap();
        assert_eq!(back.clean.body, a.clean.body);
    }
}

pub(crate) fn renames_across_slugs_in_one_batch_do_not_collide(open: Open) {
    // Story X is founded by "b" (slug "s"); an earlier article with slug "a" joins it, so X
    // moves to slug "a" while a new story in the same batch takes slug "s".
    let (_d, mut s) = open();
    let mut b = art("b", "2024-01-05", "t1", "B body.");
    b.signature.slug = "s".into();
    s.ingest(&[b], &TestLinker).unwrap();
    assert_eq!(ids(&*s)[0].0, "s");
    let mut a = art("a", "2024-01-04", "t1", "A body text.");
    a.signature.slug = "a".into();
    let mut c = art("c", "2024-01-06", "t2", "C other body.");
    c.signature.slug = "s".into();
    s.ingest(&[a, c], &TestLinker).unwrap();
    let mut got: Vec<(String, Vec<String>)> =
        ids(&*s).into_iter().map(|(i, al, _)| (i, al)).collect();
    got.sort();
    assert_eq!(got, vec![("a".into(), vec![]), ("s".into(), vec![])]);
    // The first id of story X ("s") now names the new story; X itself is "a".
    let x = s.story("a").unwrap().unwrap();
    let members: Vec<String> = s
        .story_articles(x.key)
        .unwrap()
        .into_iter()
        .map(|a| a.id)
        .collect();
    assert_eq!(members, vec!["a", "b"]);
}

/// Similarity from a table keyed by the articles' first index terms; stories are the
/// components of links of at least 0.8, while links of 0.5 already make one block.
pub(crate) struct TableLinker(&'static [(&'static str, &'static str, f32)]);

impl Linker for TableLinker {
    fn similarity(&self, a: &Signature, b: &Signature) -> f32 {
        let (x, y) = (&a.index_terms[0], &b.index_terms[0]);
        self.0
            .iter()
            .find(|(p, q, _)| (p == x && q == y) || (p == y && q == x))
            .map_or(0.0, |t| t.2)
    }
    fn near_duplicate(&self, _: &Signature, _: &Signature) -> bool {
        false
    }
    fn window_days(&self) -> i64 {
        7
    }
    fn group(&self, n: usize, links: &[(usize, usize, f32)]) -> Vec<usize> {
        let mut label: Vec<usize> = (0..n).collect();
        let mut changed = true;
        while changed {
            changed = false;
            for &(a, b, s) in links {
                let m = label[a].min(label[b]);
                if s >= 0.8 && (label[a] != m || label[b] != m) {
                    (label[a], label[b]) = (m, m);
                    changed = true;
                }
            }
        }
        label
    }
}

pub(crate) fn table_article(id: &str) -> NewArticle {
    // The shared second term makes every article a candidate of every other.
    let mut a = art(id, "2024-01-02", id, &format!("Body of {id}."));
    a.signature.slug = format!("{id}-story");
    a
}

/// Every story's id and member article ids, sorted.
pub(crate) fn stories_with_members(s: &dyn TestStore) -> Vec<(String, Vec<String>)> {
    let mut v: Vec<(String, Vec<String>)> = s
        .stories()
        .unwrap()
        .into_iter()
        .map(|r| {
            let ids = s
                .story_articles(r.key)
                .unwrap()
                .into_iter()
                .map(|a| a.id)
                .collect();
            (r.id, ids)
        })
        .collect();
    v.sort();
    v
}

pub(crate) fn stories_follow_the_linkers_grouping_in_any_order(open: Open) {
    const LINKS: &[(&str, &str, f32)] = &[("a", "b", 0.9), ("c", "d", 0.9), ("b", "c", 0.6)];
    let names = ["a", "b", "c", "d"];
    let mut results = BTreeSet::new();
    // Every order of the four articles, one per batch.
    for perm in 0..24usize {
        let mut pool: Vec<&str> = names.to_vec();
        let mut order = Vec::new();
        let mut k = perm;
        for m in (1..=4).rev() {
            order.push(pool.remove(k % m));
            k /= m;
        }
        let (_d, mut s) = open();
        for id in &order {
            s.ingest(&[table_article(id)], &TableLinker(LINKS)).unwrap();
        }
        results.insert(stories_with_members(&*s));
    }
    assert_eq!(results.len(), 1, "{results:?}");
    let only = results.into_iter().next().unwrap();
    assert_eq!(
        only,
        vec![
            (
                "a-story".to_string(),
                vec!["a".to_string(), "b".to_string()]
            ),
            (
                "c-story".to_string(),
                vec!["c".to_string(), "d".to_string()]
            ),
        ]
    );
}

/// [`TableLinker`]'s similarities, cut by the real average linkage (mean 0.5).
pub(crate) struct AverageLinker(&'static [(&'static str, &'static str, f32)]);

impl Linker for AverageLinker {
    fn similarity(&self, a: &Signature, b: &Signature) -> f32 {
        TableLinker(self.0).similarity(a, b)
    }
    fn near_duplicate(&self, _: &Signature, _: &Signature) -> bool {
        false
    }
    fn window_days(&self) -> i64 {
        7
    }
    fn join_threshold(&self) -> f32 {
        0.5
    }
    fn group(&self, n: usize, links: &[(usize, usize, f32)]) -> Vec<usize> {
        let links: Vec<factline_cluster::Link> = links
            .iter()
            .map(|&(a, b, similarity)| factline_cluster::Link { a, b, similarity })
            .collect();
        let linkage = factline_cluster::Linkage {
            strong: 1.0,
            average: 0.5,
            per_member: 0.0,
            member_cap: 1,
        };
        factline_cluster::group(n, &links, linkage)
    }
}

pub(crate) fn a_story_that_loses_its_founding_article_is_renamed_after_the_next_one(open: Open) {
    // a, b, c hold together (mean 0.6) until d arrives, so close to a that {a, d} and
    // {b, c} become two stories. The story keeps its key with b and c, and must take b as
    // its founding article: with a stale founder, it and the new {a, d} story would both
    // claim the id derived from a. "0" founds a third story of the same slug first.
    const LINKS: &[(&str, &str, f32)] = &[
        ("a", "b", 0.6),
        ("a", "c", 0.6),
        ("b", "c", 0.6),
        ("a", "d", 0.95),
    ];
    let make = |id: &str, day: &str| {
        let mut a = art(id, day, id, &format!("Body of {id}."));
        a.signature.slug = "s".into();
        a
    };
    let all = [
        make("0", "2024-01-01"),
        make("a", "2024-01-02"),
        make("b", "2024-01-03"),
        make("c", "2024-01-04"),
        make("d", "2024-01-05"),
    ];
    let stories = stories_with_members;
    let (_d1, mut one_by_one) = open();
    for a in &all[..4] {
        one_by_one
            .ingest(std::slice::from_ref(a), &AverageLinker(LINKS))
            .unwrap();
    }
    assert_eq!(one_by_one.stories().unwrap().len(), 2);
    one_by_one.ingest(&all[4..], &AverageLinker(LINKS)).unwrap();
    let (_d2, mut at_once) = open();
    let mut rev = all.to_vec();
    rev.reverse();
    at_once.ingest(&rev, &AverageLinker(LINKS)).unwrap();
    let got = stories(&*one_by_one);
    assert_eq!(got, stories(&*at_once));
    let mut members: Vec<String> = got.iter().map(|(_, m)| m.join(" ")).collect();
    members.sort();
    assert_eq!(members, ["0", "a d", "b c"]);
    assert_eq!(got[0], ("s".to_string(), vec!["0".to_string()]));
    let (bc_id, _) = got.iter().find(|(_, m)| m[0] == "b").unwrap();
    let bc = one_by_one.story(bc_id).unwrap().unwrap();
    assert_eq!(bc.first_seen.to_string(), "2024-01-03");
    assert_eq!(bc.article_count, 2);
}

pub(crate) fn signed(why: &str) -> factline_model::Signed {
    factline_model::Signed {
        who: "ana".into(),
        why: why.into(),
        at: "2024-01-05T10:00:00Z".into(),
    }
}

/// A split holds through a later ingest that relinks every article (the pinned links are
/// not links), and undoing it lets the computed links decide again.
pub(crate) fn a_split_survives_relinking_and_is_undone(open: Open) {
    let (_d, mut s) = open();
    s.ingest(
        &[
            art("a", "2024-01-02", "quake", "A text."),
            art("b", "2024-01-03", "quake", "B text here."),
            art("c", "2024-01-03", "quake", "C text, more."),
        ],
        &TestLinker,
    )
    .unwrap();
    let story = s.article_story("a").unwrap().unwrap();
    let split = factline_model::CorrectionAction::Split {
        article: "b".into(),
    };
    let (c, _) = s
        .correct(&story, &split, &signed("other quake"), &TestLinker)
        .unwrap();
    let apart = |s: &dyn TestStore| {
        s.article_story("a").unwrap() != s.article_story("b").unwrap()
            && s.article_story("a").unwrap() == s.article_story("c").unwrap()
    };
    assert!(apart(&*s));
    s.put_meta("relink", "1");
    s.ingest(
        &[art("d", "2024-01-04", "quake", "D, a later report.")],
        &TestLinker,
    )
    .unwrap();
    assert!(apart(&*s), "the split did not hold through relinking");
    assert_eq!(s.article_story("d").unwrap(), s.article_story("a").unwrap());
    let (undone, _) = s
        .undo_correction(c.id, &signed("same quake"), &TestLinker)
        .unwrap();
    assert_eq!(undone.undone.unwrap().why, "same quake");
    assert_eq!(s.article_story("a").unwrap(), s.article_story("b").unwrap());
    assert!(
        s.undo_correction(c.id, &signed("twice"), &TestLinker)
            .is_err()
    );
    assert_eq!(s.corrections().unwrap().len(), 1);
}

/// A summary computed before another ingest grew the story is not cached: the story list
/// would otherwise hide the new article.
pub(crate) fn an_overtaken_summary_is_not_cached(open: Open) {
    let (_d, mut s) = open();
    s.ingest(
        &[
            art("a", "2024-01-02", "quake", "A text."),
            art("b", "2024-01-03", "quake", "B text here."),
        ],
        &TestLinker,
    )
    .unwrap();
    let story = s.article_story("a").unwrap().unwrap();
    let cached = |s: &dyn TestStore| s.story(&story).unwrap().unwrap().summary;
    s.put_summary(&story, r#"{"articles": ["a"]}"#).unwrap();
    assert_eq!(
        cached(&*s),
        None,
        "a summary of one article for a story of two"
    );
    s.put_summary(&story, r#"{"articles": ["a", "b"]}"#)
        .unwrap();
    assert!(cached(&*s).is_some());
}

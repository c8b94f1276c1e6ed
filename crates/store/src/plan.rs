//! Story identity as pure functions: how a block of articles is cut into stories and which
//! stored story each part continues ([`regroup`]), and which id each story of a base slug
//! gets ([`story_ids`]). Every store reads its block from its own tables, asks these
//! functions what to do and writes the answer back, so the SQLite and PostgreSQL stores
//! take the same decisions, and the decisions are tested without a database.
//!
//! Both functions depend on their input as a set, not on its order: members are put in
//! article id order and links in pair order before anything is decided, which is what
//! makes story ids independent of the order articles arrive in.

use std::collections::{BTreeMap, BTreeSet};

use factline_model::{Date, content_hash};

use crate::Linker;

/// An article of the block being regrouped.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Member<'a> {
    pub id: &'a str,
    pub published: Date,
    /// The stored story it is in; `None` for an article this batch stores.
    pub story: Option<i64>,
    /// The base slug a story founded by this article is named after.
    pub slug: &'a str,
}

/// What a stored story was founded by, before this regrouping.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Founding<'a> {
    pub founding_id: &'a str,
    pub slug: &'a str,
}

/// A link pinned by an analyst's correction between two members (indices into the
/// members); a member pinned to itself is split out: none of its computed links counts.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Pin {
    pub a: usize,
    pub b: usize,
    pub similarity: f32,
}

/// One story after regrouping.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlannedStory {
    /// The stored story this group continues; `None`: a new story.
    pub key: Option<i64>,
    /// Its members (indices into the input), in article id order.
    pub members: Vec<usize>,
    /// The founding member: earliest published, then smallest id.
    pub founder: usize,
    /// Members that were in another story (or none) and move to this one.
    pub moved: Vec<usize>,
    /// Whether the story gains or loses articles, so that its founding article, size and
    /// dates are to be written (always for a new story).
    pub changed: bool,
    pub first_seen: Date,
    pub last_seen: Date,
}

/// A stored story that no group continues: its articles went to other stories, and its
/// id becomes an alias of the story that took most of them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Dissolved {
    pub key: i64,
    /// Index into [`RegroupPlan::stories`].
    pub into: usize,
}

/// What a regrouping changes.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct RegroupPlan {
    pub stories: Vec<PlannedStory>,
    /// By key.
    pub dissolved: Vec<Dissolved>,
    /// Base slugs whose stories must be renamed with [`story_ids`] once the plan is
    /// applied: those of new stories, of stories whose founding article or slug changed,
    /// and of dissolved stories.
    pub slugs: BTreeSet<String>,
}

impl RegroupPlan {
    /// Number of articles whose story changes.
    pub fn moves(&self) -> usize {
        self.stories.iter().map(|s| s.moved.len()).sum()
    }
}

/// Cut a block — new articles and every member of the stored stories they link to — into
/// stories with the linker, and decide how the stored stories follow: each group keeps
/// the stored story most of its members were in (ties: smaller story key, then the group
/// of the smaller member); a stored story no group keeps is dissolved into the group that
/// took most of its articles.
///
/// `links` are `(i, j, similarity)` between members, in either direction and possibly
/// twice (read from both ends): a pair counts once, with its larger similarity. `pins`
/// come oldest correction first; the latest pin of a pair wins, and pinned pairs replace
/// the computed links (a pin of 0 parts them). `stored` must hold every stored story of
/// the members.
pub fn regroup(
    members: &[Member<'_>],
    links: &[(usize, usize, f32)],
    pins: &[Pin],
    stored: &BTreeMap<i64, Founding<'_>>,
    linker: &dyn Linker,
) -> RegroupPlan {
    if members.is_empty() {
        return RegroupPlan::default();
    }
    // Article ids give the canonical order, whatever order the rows were read in.
    let mut order: Vec<usize> = (0..members.len()).collect();
    order.sort_by(|&x, &y| members[x].id.cmp(members[y].id).then(x.cmp(&y)));
    let mut canonical = vec![0; members.len()];
    for (c, &i) in order.iter().enumerate() {
        canonical[i] = c;
    }
    let pair = |a: usize, b: usize| {
        let (x, y) = (canonical[a], canonical[b]);
        (x.min(y), x.max(y))
    };
    let mut computed: BTreeMap<(usize, usize), f32> = BTreeMap::new();
    for &(a, b, s) in links {
        if a == b || a >= members.len() || b >= members.len() {
            continue;
        }
        let e = computed.entry(pair(a, b)).or_insert(s);
        *e = e.max(s);
    }
    let mut pinned: BTreeMap<(usize, usize), f32> = BTreeMap::new();
    let mut alone = vec![false; members.len()];
    for p in pins {
        if p.a >= members.len() || p.b >= members.len() {
            continue;
        }
        if p.a == p.b {
            alone[canonical[p.a]] = true;
        } else {
            pinned.insert(pair(p.a, p.b), p.similarity);
        }
    }
    let mut cut: Vec<(usize, usize, f32)> = computed
        .into_iter()
        .filter(|((a, b), _)| !alone[*a] && !alone[*b] && !pinned.contains_key(&(*a, *b)))
        .map(|((a, b), s)| (a, b, s))
        .collect();
    cut.extend(
        pinned
            .iter()
            .filter(|(_, s)| **s > 0.0)
            .map(|(&(a, b), &s)| (a, b, s)),
    );
    cut.sort_by_key(|x| (x.0, x.1));

    let labels = linker.group(members.len(), &cut);
    // Groups of input indices, each in id order, keyed by their label.
    let mut groups: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for (c, l) in labels.iter().enumerate() {
        groups.entry(*l).or_default().push(order[c]);
    }
    let groups: Vec<Vec<usize>> = groups.into_values().collect();

    // Which stored story each group continues: largest overlap first.
    let mut overlap: BTreeMap<(usize, i64), usize> = BTreeMap::new();
    for (g, idx) in groups.iter().enumerate() {
        for &i in idx {
            if let Some(k) = members[i].story {
                *overlap.entry((g, k)).or_default() += 1;
            }
        }
    }
    let mut ranked: Vec<(usize, i64, usize)> =
        overlap.iter().map(|(&(g, k), &c)| (c, k, g)).collect();
    ranked.sort_by(|x, y| y.0.cmp(&x.0).then(x.1.cmp(&y.1)).then(x.2.cmp(&y.2)));
    let mut key_of: BTreeMap<usize, i64> = BTreeMap::new();
    let mut kept: BTreeSet<i64> = BTreeSet::new();
    for &(_, k, g) in &ranked {
        if !key_of.contains_key(&g) && !kept.contains(&k) {
            key_of.insert(g, k);
            kept.insert(k);
        }
    }

    let mut stories: Vec<PlannedStory> = Vec::with_capacity(groups.len());
    // Stored stories that lose an article to another group.
    let mut losing: BTreeSet<i64> = BTreeSet::new();
    for (g, idx) in groups.iter().enumerate() {
        let key = key_of.get(&g).copied();
        let founder = *idx
            .iter()
            .min_by(|&&x, &&y| {
                (members[x].published, members[x].id).cmp(&(members[y].published, members[y].id))
            })
            .expect("groups are not empty");
        let moved: Vec<usize> = idx
            .iter()
            .copied()
            .filter(|&i| key.is_none() || members[i].story != key)
            .collect();
        for &i in &moved {
            losing.extend(members[i].story);
        }
        let dates = idx.iter().map(|&i| members[i].published);
        stories.push(PlannedStory {
            key,
            first_seen: dates.clone().min().expect("groups are not empty"),
            last_seen: dates.max().expect("groups are not empty"),
            members: idx.clone(),
            founder,
            moved,
            changed: false,
        });
    }
    let mut slugs = BTreeSet::new();
    for s in &mut stories {
        s.changed = !s.moved.is_empty() || s.key.is_some_and(|k| losing.contains(&k));
        let founder = &members[s.founder];
        match s.key.and_then(|k| stored.get(&k)) {
            None => {
                slugs.insert(founder.slug.to_string());
            }
            Some(was) if s.changed => {
                if founder.id != was.founding_id || founder.slug != was.slug {
                    slugs.insert(founder.slug.to_string());
                }
                if founder.slug != was.slug {
                    slugs.insert(was.slug.to_string());
                }
            }
            Some(_) => {}
        }
    }
    // Stored stories no group continues were found to be part of others.
    let old: BTreeSet<i64> = members.iter().filter_map(|m| m.story).collect();
    let mut dissolved = Vec::new();
    for &k in old.difference(&kept) {
        let g = ranked
            .iter()
            .find(|&&(_, key, _)| key == k)
            .map(|&(_, _, g)| g)
            .expect("a regrouped story has members in the block");
        if let Some(was) = stored.get(&k) {
            slugs.insert(was.slug.to_string());
        }
        dissolved.push(Dissolved { key: k, into: g });
    }
    RegroupPlan {
        stories,
        dissolved,
        slugs,
    }
}

/// A stored story of one base slug, as [`story_ids`] names it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SlugStory<'a> {
    pub key: i64,
    /// Its id now (a placeholder for a story created by this batch).
    pub id: &'a str,
    pub founding_id: &'a str,
}

/// A story whose id changes; the old one stays resolvable as an alias unless it is a
/// placeholder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rename {
    pub key: i64,
    pub old: String,
    pub new: String,
}

/// The ids of every story of a base slug: the story with the smallest founding article
/// id gets the slug itself, each other one the slug plus a short hash of its founding
/// article id. Only the stories whose id changes are returned, in key order.
pub fn story_ids(slug: &str, stories: &[SlugStory<'_>]) -> Vec<Rename> {
    let mut sorted: Vec<&SlugStory> = stories.iter().collect();
    sorted.sort_by(|x, y| x.founding_id.cmp(y.founding_id).then(x.key.cmp(&y.key)));
    let mut out: Vec<Rename> = sorted
        .iter()
        .enumerate()
        .filter_map(|(i, s)| {
            let new = if i == 0 {
                slug.to_string()
            } else {
                format!("{slug}-{}", &content_hash(s.founding_id)[..6])
            };
            (s.id != new).then(|| Rename {
                key: s.key,
                old: s.id.to_string(),
                new,
            })
        })
        .collect();
    out.sort_by_key(|r| r.key);
    out
}

/// The id a new story has until [`story_ids`] names it (never kept as an alias).
pub fn placeholder_id(founding_id: &str) -> String {
    format!("~new:{founding_id}")
}

/// Is this a placeholder id rather than one a reader may have seen?
pub fn is_placeholder(id: &str) -> bool {
    id.starts_with('~')
}

#[cfg(test)]
mod tests;

/// The links an analyst's merge or split pins, each `(a, b, similarity)` with `a < b`, and
/// the articles (storage keys) to regroup with them. `members` are the corrected story's
/// articles, `into` the other story's for a merge (`(key, id)` pairs). A merge joins every
/// article to one hub (the smallest id) at 1; a split pins the article to each member at
/// 0, itself included, so it stands alone whatever links to it later. Other corrections
/// pin nothing.
pub fn correction_links(
    action: &factline_model::CorrectionAction,
    members: &[(i64, String)],
    into: &[(i64, String)],
) -> (Vec<(String, String, f32)>, BTreeSet<i64>) {
    use factline_model::CorrectionAction;
    let ordered = |x: &String, y: &String, s: f32| {
        if x < y {
            (x.clone(), y.clone(), s)
        } else {
            (y.clone(), x.clone(), s)
        }
    };
    let mut pins = Vec::new();
    let mut block = BTreeSet::new();
    match action {
        CorrectionAction::Merge { .. } => {
            let all: Vec<&(i64, String)> = members.iter().chain(into).collect();
            let hub = all.iter().map(|m| &m.1).min().cloned().unwrap_or_default();
            for (key, id) in all {
                block.insert(*key);
                if *id != hub {
                    pins.push(ordered(&hub, id, 1.0));
                }
            }
        }
        CorrectionAction::Split { article } => {
            for (key, id) in members {
                block.insert(*key);
                pins.push(ordered(article, id, 0.0));
            }
        }
        _ => {}
    }
    (pins, block)
}

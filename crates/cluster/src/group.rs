//! Grouping a set of linked articles into stories.
//!
//! Single-link (connected components) chains: one loose link between two reports of
//! different events of the same kind joins them, and everything each is linked to. Here a
//! strong link (a near-copy, or wording close enough that no reader would doubt it) still
//! joins at once, but weaker links only merge two groups when they hold on *average*
//! across all pairs of their members: average-link agglomeration, where an unrecorded
//! pair counts as similarity 0.
//!
//! The result is a function of the set of links alone: nodes come in a canonical order
//! from the caller, ties are broken by node index, so any ingest order gives the same
//! stories.

use std::cmp::Ordering;
use std::collections::{BinaryHeap, HashMap};
use std::hash::{BuildHasherDefault, Hasher};

/// Cut-offs of [`group`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Linkage {
    /// Links at or above this join their two articles outright.
    pub strong: f32,
    /// Two groups merge while the mean similarity over all their member pairs is at least
    /// this, plus [`Linkage::per_member`] for each member of the smaller group beyond its
    /// first (counting up to [`Linkage::member_cap`] members).
    pub average: f32,
    /// How much more a merge must show per member of the smaller group: a lone report joins
    /// a story on the plain average, but two groups that each formed around several
    /// reports are two accounts that agree among themselves, and are taken for one event
    /// only on stronger evidence (two boxing title defences by one champion, two fires at
    /// one supermarket chain).
    pub per_member: f32,
    /// Members of the smaller group counted by [`Linkage::per_member`].
    pub member_cap: usize,
}

impl Linkage {
    /// The mean similarity two groups of `a` and `b` members need to merge.
    pub fn required(&self, a: usize, b: usize) -> f32 {
        let extra = a.min(b).clamp(1, self.member_cap.max(1)) - 1;
        self.average + self.per_member * extra as f32
    }
}

/// A link between nodes `a` and `b` of the set, with its similarity in `0..=1`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Link {
    pub a: usize,
    pub b: usize,
    pub similarity: f32,
}

/// Label each of `n` nodes with its group: the smallest node index in the group.
pub fn group(n: usize, links: &[Link], linkage: Linkage) -> Vec<usize> {
    // One canonical order of the links, so float sums never depend on the caller's order.
    let mut links: Vec<Link> = links
        .iter()
        .filter(|l| l.a < n && l.b < n && l.a != l.b)
        .map(|l| Link {
            a: l.a.min(l.b),
            b: l.a.max(l.b),
            similarity: l.similarity,
        })
        .collect();
    links.sort_by(|x, y| {
        (x.a, x.b)
            .cmp(&(y.a, y.b))
            .then(x.similarity.total_cmp(&y.similarity))
    });
    links.dedup_by(|x, y| x.a == y.a && x.b == y.b);
    let mut parent: Vec<usize> = (0..n).collect();
    for l in &links {
        if l.similarity >= linkage.strong {
            union(&mut parent, l.a, l.b);
        }
    }
    // Groups after the strong links, keyed by their smallest node. Per-node vectors and a
    // cheap hash keep this fast on blocks of thousands of articles.
    let root: Vec<usize> = (0..n).map(|i| find(&mut parent, i)).collect();
    let mut size: Vec<usize> = vec![0; n];
    for &r in &root {
        size[r] += 1;
    }
    // Summed similarity between every two groups that share at least one link, in a row
    // per group.
    let mut sums: Vec<NodeMap> = (0..n).map(|_| NodeMap::default()).collect();
    for l in &links {
        let (x, y) = (root[l.a], root[l.b]);
        if x != y {
            *sums[x].entry(y).or_default() += l.similarity;
            *sums[y].entry(x).or_default() += l.similarity;
        }
    }
    let mut heap = BinaryHeap::new();
    for (x, row) in sums.iter().enumerate() {
        for (&y, &s) in row {
            if x < y {
                let mean = s / (size[x] * size[y]) as f32;
                if mean >= linkage.required(size[x], size[y]) {
                    heap.push(Candidate { mean, x, y });
                }
            }
        }
    }
    // Greedy: always merge the closest pair; stale heap entries are skipped. `merged`
    // points each absorbed group at the group it joined.
    let mut alive: Vec<bool> = (0..n).map(|i| root[i] == i).collect();
    let mut merged: Vec<usize> = (0..n).collect();
    while let Some(Candidate { mean, x, y }) = heap.pop() {
        if !alive[x] || !alive[y] {
            continue;
        }
        let current = sums[x][&y] / (size[x] * size[y]) as f32;
        // Stale: the mean moved, or a group grew (same mean) past what it may merge at.
        if current != mean || current < linkage.required(size[x], size[y]) {
            continue;
        }
        // Merge y into x (x < y, so the group keeps its smallest node as key).
        alive[y] = false;
        merged[y] = x;
        let row_y = std::mem::take(&mut sums[y]);
        size[x] += size[y];
        for (z, s) in row_y {
            if z == x {
                continue;
            }
            let row_z = &mut sums[z];
            row_z.remove(&y);
            *row_z.entry(x).or_default() += s;
            *sums[x].entry(z).or_default() += s;
        }
        sums[x].remove(&y);
        for (&z, &s) in &sums[x] {
            let mean = s / (size[x] * size[z]) as f32;
            if mean >= linkage.required(size[x], size[z]) {
                heap.push(Candidate {
                    mean,
                    x: x.min(z),
                    y: x.max(z),
                });
            }
        }
    }
    (0..n).map(|i| find(&mut merged, root[i])).collect()
}

/// Similarity sums keyed by group: node indices hash with one multiply (no need for
/// SipHash's flooding resistance on our own indices).
type NodeMap = HashMap<usize, f32, BuildHasherDefault<NodeHasher>>;

#[derive(Default)]
struct NodeHasher(u64);

impl Hasher for NodeHasher {
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 ^ b as u64).wrapping_mul(0x100000001b3);
        }
    }

    fn write_usize(&mut self, n: usize) {
        self.0 = (n as u64 ^ self.0)
            .wrapping_mul(0x9E3779B97F4A7C15)
            .rotate_left(29);
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

#[derive(PartialEq)]
struct Candidate {
    mean: f32,
    x: usize,
    y: usize,
}

impl Eq for Candidate {}

impl Ord for Candidate {
    fn cmp(&self, other: &Self) -> Ordering {
        // Highest mean first; among equals the pair of smallest nodes, for determinism.
        self.mean
            .total_cmp(&other.mean)
            .then_with(|| other.x.cmp(&self.x))
            .then_with(|| other.y.cmp(&self.y))
    }
}

impl PartialOrd for Candidate {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

fn find(parent: &mut [usize], x: usize) -> usize {
    let mut r = x;
    while parent[r] != r {
        r = parent[r];
    }
    let mut y = x;
    while parent[y] != r {
        let next = parent[y];
        parent[y] = r;
        y = next;
    }
    r
}

/// Join two sets; the smaller index becomes the root, so roots are each set's minimum.
fn union(parent: &mut [usize], a: usize, b: usize) {
    let (x, y) = (find(parent, a), find(parent, b));
    if x != y {
        parent[x.max(y)] = x.min(y);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn l(a: usize, b: usize, similarity: f32) -> Link {
        Link { a, b, similarity }
    }

    const L: Linkage = Linkage {
        strong: 0.6,
        average: 0.2,
        per_member: 0.0,
        member_cap: 1,
    };

    #[test]
    fn strong_links_join_outright() {
        assert_eq!(group(3, &[l(0, 2, 0.9)], L), vec![0, 1, 0]);
    }

    #[test]
    fn one_loose_bridge_does_not_chain_two_groups() {
        // Two tight triangles bridged by a single 0.3 link: single-link would join all six.
        let mut links = vec![];
        for (a, b) in [(0, 1), (0, 2), (1, 2), (3, 4), (3, 5), (4, 5)] {
            links.push(l(a, b, 0.5));
        }
        links.push(l(2, 3, 0.3));
        assert_eq!(group(6, &links, L), vec![0, 0, 0, 3, 3, 3]);
        // Links that hold across most pairs do merge them.
        for (a, b) in [(0, 3), (1, 4), (2, 5), (0, 4), (1, 5)] {
            links.push(l(a, b, 0.4));
        }
        assert_eq!(group(6, &links, L), vec![0; 6]);
    }

    #[test]
    fn grown_groups_need_more_to_merge_than_a_lone_report() {
        let grown = Linkage {
            per_member: 0.05,
            member_cap: 3,
            ..L
        };
        assert_eq!(grown.required(1, 9), 0.2);
        assert!((grown.required(3, 4) - 0.3).abs() < 1e-6);
        assert_eq!(grown.required(7, 9), grown.required(3, 3));
        // Two tight triangles whose every cross pair is alike at 0.25.
        let mut links = vec![];
        for (a, b) in [(0, 1), (0, 2), (1, 2), (3, 4), (3, 5), (4, 5)] {
            links.push(l(a, b, 0.6 - 0.01));
        }
        for a in 0..3 {
            for b in 3..6 {
                links.push(l(a, b, 0.25));
            }
        }
        assert_eq!(group(6, &links, L), vec![0; 6]);
        assert_eq!(group(6, &links, grown), vec![0, 0, 0, 3, 3, 3]);
        // A seventh report alike at 0.25 to one triangle still joins it.
        for a in 0..3 {
            links.push(l(a, 6, 0.25));
        }
        assert_eq!(group(7, &links, grown), vec![0, 0, 0, 3, 3, 3, 0]);
    }

    #[test]
    fn result_does_not_depend_on_link_order() {
        let links = vec![
            l(0, 1, 0.3),
            l(1, 2, 0.25),
            l(2, 3, 0.7),
            l(3, 4, 0.21),
            l(0, 4, 0.22),
        ];
        let want = group(5, &links, L);
        let mut rev = links.clone();
        rev.reverse();
        assert_eq!(group(5, &rev, L), want);
        let swapped: Vec<Link> = links.iter().map(|x| l(x.b, x.a, x.similarity)).collect();
        assert_eq!(group(5, &swapped, L), want);
    }
}

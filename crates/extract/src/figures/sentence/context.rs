//! What the rest of the sentence says about its figures: estimates and projections, a lone figure's kind from its neighbours, and counts of an earlier event told as history.

use super::*;

impl SentenceFigures<'_, '_> {
    /// "The UN estimates that 52,000 people...", "its earlier estimate of 45,000": a count
    /// given as an estimate is approximate.
    pub(super) fn estimates(&mut self) {
        for p in 0..self.ph.len() {
            let ph = &self.ph[p];
            if ph.kind.is_none() || ph.singular || ph.qual != Qualifier::Exact {
                continue;
            }
            let a = ph.first;
            let est = |w: &str| matches!(w, "estimate" | "estimates" | "estimated" | "estimating");
            let l1 = self.back(a, 1);
            let l2 = self.back(a, 2);
            let verb = |w: &str| matches!(w, "estimates" | "estimated" | "estimating");
            let hit = (verb(l1) && !matches!(l2, "was" | "were" | "is" | "are" | "been" | "be"))
                || (l1 == "that" && est(l2))
                || (l1 == "of" && matches!(l2, "estimate" | "estimates"));
            if hit {
                self.ph[p].qual = Qualifier::About;
            }
        }
    }

    /// "in Derna alone": the nearest figure counts one place only.
    pub(super) fn alone(&mut self) {
        for z in 0..self.n() {
            if self.lw(z) != "alone" {
                continue;
            }
            let Some(i) = (z.saturating_sub(6)..z).rev().find(|&m| self.lw(m) == "in") else {
                continue;
            };
            if (i + 1..z).any(|m| self.punct(m) || self.phrase_at(m).is_some()) || i + 1 == z {
                continue;
            }
            let Some(mut words) = self.text_of(i, z) else {
                continue;
            };
            if words.starts_with("In ") {
                words.replace_range(0..1, "i");
            }
            let best = self
                .ph
                .iter()
                .enumerate()
                .filter(|(_, q)| {
                    q.kind.is_some() && !q.rejected && q.subset.is_none() && !q.superseded
                })
                .map(|(k, q)| (k, q.first.abs_diff(z)))
                .filter(|&(_, d)| d <= 14)
                .min_by_key(|&(_, d)| d);
            if let Some((k, _)) = best {
                self.ph[k].subset = Some(words);
            }
        }
    }

    /// Figures about an earlier event the article recalls: "In 2011, a quake killed 600",
    /// "the deadliest since 2004, when a bombing killed 40", "killed 112 people in 2019".
    pub(super) fn historical(&mut self) {
        let n = self.n();
        let year = |i: usize| {
            self.phrase_at(i)
                .is_some_and(|p| self.ph[p].year_like && self.ph[p].next == i + 1)
        };
        // "In 2011, ..." opening the sentence: everything in it is about that year.
        let opening = (0..3.min(n)).any(|i| year(i) && matches!(self.back(i, 1), "in" | "during"));
        let mut from = if opening { Some(0) } else { None };
        for i in 0..n {
            // "since 2004, when ...": the when-clause is about that year.
            if from.is_none() && year(i) && self.lw(i + 1) == "," && self.lw(i + 2) == "when" {
                from = Some(i);
            }
        }
        let mut drop = Vec::new();
        for p in 0..self.ph.len() {
            let q = &self.ph[p];
            if q.kind.is_none() || q.rejected {
                continue;
            }
            let mut past = from.is_some_and(|f| q.first >= f);
            // "The last major accident, in 2015, killed 23 people."
            if (0..q.first).any(|i| year(i) && matches!(self.back(i, 1), "in" | "during")) {
                past = true;
            }
            // "killed 112 people in 2019", "... since 2020".
            let mut m = q.text_end;
            while !past && m < (q.text_end + 10).min(n) {
                let w = self.lw(m);
                if matches!(w, ";" | ":") || (w == "," && self.lw(m + 1) != "according") {
                    break;
                }
                if matches!(w, "in" | "since" | "during") && year(m + 1) {
                    past = true;
                }
                if matches!(w, "last" | "this") && self.lw(m + 1) == "year" {
                    past = true;
                }
                m += 1;
            }
            if past {
                drop.push(p);
            }
        }
        for p in drop {
            self.ph[p].kind = None;
            // Figures elaborating it ("..., including 40 children") go with it.
            for q in p + 1..self.ph.len() {
                let x = &self.ph[q];
                if x.kind.is_some() && x.sub_mark.is_none() && x.sup_mark.is_none() {
                    break;
                }
                if x.sub_mark.is_some() || x.sup_mark.is_some() {
                    self.ph[q].kind = None;
                }
            }
        }
    }
}

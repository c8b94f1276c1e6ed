//! Subset and superseded markers: "including three children", "12 of them foreigners", "up from 93", and figures that inherit the kind of the figure they elaborate.

use super::*;

impl SentenceFigures<'_, '_> {
    /// "the dead", "those killed", "the victims" ending at `end` (exclusive).
    pub(super) fn group_before(&self, end: usize) -> Option<FigureKind> {
        if end < 2 {
            return None;
        }
        let t = self.trig(end - 1)?;
        (t.has(T_GROUP) && matches!(self.lw(end - 2), "the" | "those" | "these")).then_some(t.kind)
    }

    /// Words naming a subset, from token `from`: up to punctuation or a clause break.
    pub(super) fn subset_words(&self, from: usize) -> Option<(usize, usize)> {
        let mut a = from;
        if self.lw(a) == "of" && matches!(self.lw(a + 1), "them" | "whom") {
            a += 2;
        }
        while matches!(self.lw(a), "were" | "are" | "was" | "is" | "being") {
            a += 1;
        }
        let mut b = a;
        while b < self.n() && b < a + 10 {
            let w = self.lw(b);
            if self.punct(b) && !matches!(w, "-" | "'" | "’") {
                break;
            }
            if matches!(
                w,
                "and" | "or" | "but" | "while" | "who" | "which" | "whereas"
            ) || self.phrase_at(b).is_some() && b > a
            {
                break;
            }
            b += 1;
        }
        (b > a).then_some((a, b))
    }

    /// Does the clause from `k` talk of casualties in words no rule read ("58 others
    /// nursing wounds")? Then it must not inherit another figure's kind.
    pub(super) fn casualty_words_after(&self, k: usize) -> bool {
        const STEMS: &[&str] = &[
            "injur", "wound", "hurt", "dead", "death", "kill", "die", "missing", "arrest",
            "detain", "custody", "evacu", "rescu", "displac", "homeless", "hospital", "fatal",
        ];
        (k..(k + 8).min(self.n()))
            .take_while(|&m| !self.punct(m))
            .any(|m| STEMS.iter().any(|s| self.lw(m).contains(s)))
    }

    pub(super) fn markers(&mut self, p: usize) {
        let (a, next, has_kind) = {
            let ph = &self.ph[p];
            (ph.first, ph.next, ph.kind.is_some())
        };
        let l1 = self.back(a, 1);
        let mut sub: Option<(&'static str, bool)> = None; // (rule, strong)
        if matches!(l1, "include" | "includes" | "included" | "including") {
            if let Some(kind) = self.group_before(a - 1) {
                // "the dead include three children": a subset of its own kind.
                let words = if self.ph[p].singular {
                    self.text_of(a + 1, next)
                } else {
                    self.subset_words(next)
                        .and_then(|(x, y)| self.text_of(x, y))
                };
                let rule = format!("group_include:{}", self.lw(a - 2));
                let e = self.noun_group(next, false).person_end.unwrap_or(next);
                let ph = &mut self.ph[p];
                if ph.kind.is_none() || ph.subset.is_none() {
                    ph.kind = Some(kind);
                    ph.rule = rule;
                    ph.subset = Some(words.unwrap_or_else(|| "part".into()));
                    ph.text_end = e;
                }
                return;
            }
            // "The toll from the March 11 quake includes 37 children": part of the toll.
            let toll = (a.saturating_sub(10)..a - 1)
                .rev()
                .take_while(|&m| !self.punct(m) || self.lw(m) == "'")
                .find_map(|m| self.toll_head(m).map(|(kind, _, _)| (m, kind)));
            if let Some((h, kind)) = toll
                && l1 != "including"
                && (h + 1..a - 1).all(|m| self.phrase_at(m).is_none_or(|x| self.ph[x].rejected))
            {
                let words = self
                    .subset_words(next)
                    .and_then(|(x, y)| self.text_of(x, y));
                let e = self.noun_group(next, false).person_end.unwrap_or(next);
                let ph = &mut self.ph[p];
                if ph.subset.is_none() {
                    ph.kind = Some(kind);
                    ph.rule = "toll_include".to_string();
                    ph.subset = Some(words.unwrap_or_else(|| "part".into()));
                    ph.text_end = e;
                }
                return;
            }
            sub = Some(("subset:including", true));
        }
        // "among them (were) N", "among whom N".
        let b = if matches!(l1, "were" | "are" | "was" | "is") {
            a.saturating_sub(2)
        } else {
            a.saturating_sub(1)
        };
        if a >= 1
            && matches!(self.lw(b), "them" | "whom" | "these" | "those")
            && self.back(b, 1) == "among"
        {
            sub = Some(("subset:among_them", true));
        }
        // "among the dead (were) N".
        if a >= 1
            && b >= 2
            && self.back(b, 2) == "among"
            && let Some(kind) = self.group_before(b + 1)
        {
            let words = self
                .subset_words(next)
                .and_then(|(x, y)| self.text_of(x, y));
            let e = self.noun_group(next, false).person_end.unwrap_or(next);
            let rule = format!("group_among:{}", self.lw(b));
            let ph = &mut self.ph[p];
            ph.kind = Some(kind);
            ph.rule = rule;
            ph.subset = Some(words.unwrap_or_else(|| "part".into()));
            ph.text_end = e;
            return;
        }
        // ", with four directly linked to the attack" (but not ", with 2 others still sought").
        if l1 == "with"
            && self.back(a, 2) == ","
            && !has_kind
            && !self.casualty_words_after(next)
            && !(next..(next + 8).min(self.n()))
                .take_while(|&m| !self.punct(m))
                .any(|m| {
                    matches!(
                        self.lw(m),
                        "others"
                            | "other"
                            | "more"
                            | "sought"
                            | "large"
                            | "wanted"
                            | "fled"
                            | "escaped"
                            | "released"
                            | "freed"
                            | "remaining"
                            | "still"
                            // ", with 176 survivors registered": the living are no part
                            // of a toll.
                            | "survivors"
                            | "survivor"
                            | "survived"
                            | "alive"
                    )
                })
        {
            sub = Some(("subset:with", false));
        }
        if l1 == "whom" && self.back(a, 2) == "of" {
            sub = Some(("subset:of_whom", true));
        }
        if self.lw(next) == "of" && matches!(self.lw(next + 1), "them" | "whom") {
            sub = Some(("subset:of_them", true));
        }
        // "Of the 40 people killed, 12 were children."
        if l1 == ","
            && self.lw(0) == "of"
            && self.ph.iter().any(|q| q.first < a && q.kind.is_some())
        {
            sub = Some(("subset:of_the", true));
        }
        if let Some((rule, strong)) = sub {
            let ph = &mut self.ph[p];
            ph.sub_mark = Some(rule);
            ph.sub_mark_own = strong;
        }
        // Superseded: "up from 93", "rose from 40 to 60", "previously reported 275".
        if l1 == "from" && a >= 2 {
            // "lowered the toll to nine from 11": the count before is the new one.
            let to_n_from = self.phrase_ending_at(a - 1).is_some_and(|q| {
                let f = self.ph[q].first;
                f > 0 && self.lw(f - 1) == "to" && !self.ph[q].rejected
            });
            let hard = to_n_from
                || matches!(self.back(a, 2), "up" | "down")
                || (a.saturating_sub(7)..a - 1).any(|m| {
                    (self.has(m, CHANGE) && !matches!(self.lw(m), "up" | "down" | "went" | "gone"))
                        || matches!(self.lw(m), "toll" | "revised")
                });
            if hard {
                let name = if matches!(self.back(a, 2), "up" | "down") {
                    "superseded:up_from"
                } else {
                    "superseded:from"
                };
                self.ph[p].sup_mark = Some(name);
                self.ph[p].superseded = true;
            }
        }
        // "later revised it to 170", "revised the figure to eight": an update of the figure
        // just given.
        let pronoun = a >= 3
            && matches!(self.back(a, 2), "it" | "this" | "that" | "them")
            && self.has(a - 3, CHANGE);
        let figure = a >= 4
            && matches!(
                self.back(a, 2),
                "figure" | "number" | "tally" | "count" | "estimate"
            )
            && matches!(self.back(a, 3), "the" | "its" | "their")
            && self.has(a - 4, CHANGE);
        if l1 == "to" && (pronoun || figure) && self.ph[p].sup_mark.is_none() {
            self.ph[p].sup_mark = Some("update:revised_to");
        }
        let mut m = a;
        for _ in 0..7 {
            if m == 0 {
                break;
            }
            m -= 1;
            if self.has(m, SUP_MARK) {
                self.ph[p].soft_sup = true;
                if self.ph[p].sup_mark.is_none() {
                    self.ph[p].sup_mark = Some("superseded:earlier");
                }
                break;
            }
            if !self.has(m, SUP_FILL) && self.phrase_ending_at(m + 1).is_none() {
                break;
            }
        }
    }

    /// Give marked figures without a kind the kind of the figure they elaborate, and make
    /// marked figures with their own kind subsets when they elaborate one of that kind.
    pub(super) fn inherit(&mut self, prev_kind: Option<FigureKind>) {
        for p in 0..self.ph.len() {
            let ph = &self.ph[p];
            if ph.rejected {
                continue;
            }
            let a = ph.first;
            let earlier = |kind: Option<FigureKind>| {
                self.ph[..p]
                    .iter()
                    .rev()
                    .find(|q| {
                        !q.rejected
                            && q.kind.is_some()
                            && q.subset.is_none()
                            && kind.is_none_or(|k| q.kind == Some(k))
                    })
                    .and_then(|q| q.kind)
            };
            if let Some(rule) = ph.sub_mark {
                match ph.kind {
                    Some(k) => {
                        let any_earlier = self.ph[..p]
                            .iter()
                            .any(|q| !q.rejected && q.kind == Some(k));
                        if ph.sub_mark_own && ph.subset.is_none() {
                            let words = self.subset_words(ph.next);
                            let w = words
                                .and_then(|(x, y)| self.text_of(x, y))
                                .unwrap_or_else(|| "part".into());
                            if any_earlier {
                                self.ph[p].subset = Some(w);
                            } else {
                                self.ph[p].maybe_sub = Some(w);
                            }
                        }
                    }
                    None => {
                        let kind = earlier(None).or(if a <= 3 { prev_kind } else { None });
                        if let Some(kind) = kind {
                            let words = if ph.singular {
                                Some((ph.first + 1, ph.next))
                            } else {
                                self.subset_words(ph.next)
                            };
                            let w = words
                                .and_then(|(x, y)| self.text_of(x, y))
                                .unwrap_or_else(|| "part".into());
                            let e = if ph.singular {
                                ph.next
                            } else {
                                self.noun_group(ph.next, ph.collective)
                                    .person_end
                                    .unwrap_or(ph.next)
                            };
                            let q = &mut self.ph[p];
                            q.kind = Some(kind);
                            q.rule = rule.to_string();
                            q.subset = Some(w);
                            q.text_end = e;
                        }
                    }
                }
                continue;
            }
            if let Some(rule) = ph.sup_mark
                && ph.kind.is_none()
                && !ph.singular
            {
                let later = self.ph[p + 1..]
                    .iter()
                    .find(|q| !q.rejected && q.kind.is_some())
                    .and_then(|q| q.kind);
                let none_here = self.ph.iter().all(|q| q.kind.is_none());
                let kind =
                    earlier(None)
                        .or(later)
                        .or(if a <= 4 || none_here { prev_kind } else { None });
                let noun_ok = {
                    let g = self.noun_group(ph.next, ph.collective);
                    g.person_end.is_some() || !self.t.is_word(g.end) || self.has(g.end, FUNC | AUX)
                };
                if let Some(kind) = kind.filter(|_| noun_ok) {
                    let e = self
                        .noun_group(ph.next, ph.collective)
                        .person_end
                        .unwrap_or(ph.next);
                    let q = &mut self.ph[p];
                    q.kind = Some(kind);
                    q.rule = rule.to_string();
                    q.text_end = e;
                }
            }
        }
    }
}

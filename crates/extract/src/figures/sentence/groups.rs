//! Figures read together: coordinated counts ("12 killed and 40 injured"), sums, lists of victims ("two officers, four shoppers and a girl") and ellipsis ("9 in Jumla and 7 in Kalikot").

use super::*;

impl SentenceFigures<'_, '_> {
    /// "killing 5 soldiers and 2 civilians", "21 students and four teachers died": each count
    /// is part of the victims, and the verb on one side serves both.
    pub(super) fn coordination(&mut self) {
        for p in 0..self.ph.len().saturating_sub(1) {
            let q = p + 1;
            let (a, b) = (&self.ph[p], &self.ph[q]);
            if a.rejected || b.rejected {
                continue;
            }
            let noun = |x: &Ph| {
                if x.singular {
                    Some((x.first + 1, x.next))
                } else {
                    self.noun_group(x.next, x.collective)
                        .person_end
                        .map(|e| (x.next, e))
                }
            };
            let (Some(na), Some(nb)) = (noun(a), noun(b)) else {
                continue;
            };
            let a_end = a.text_end.max(na.1);
            if self.lw(a_end) != "and" || b.first != a_end + 1 {
                continue;
            }
            if a.subset.is_some() || b.subset.is_some() || a.superseded || b.superseded {
                continue;
            }
            if a.singular && self.lw(a.first) == "the" {
                // "The gunman and two accomplices were arrested": one count, see `sums`.
                continue;
            }
            let left = |r: &str| {
                r.starts_with("verb_before")
                    || r.starts_with("noun_of")
                    || r.starts_with("lives_of")
            };
            let right = |r: &str| r.starts_with("verb_after") || r.starts_with("noun_after");
            let kind = match (a.kind, b.kind) {
                (Some(k), None) if left(&a.rule) => k,
                (None, Some(k)) if right(&b.rule) => k,
                (Some(k1), Some(k2)) if k1 == k2 && left(&a.rule) => k1,
                _ => continue,
            };
            let wa = self.text_of(na.0, na.1);
            let wb = self.text_of(nb.0, nb.1);
            let rule_a = if a.kind.is_some() {
                a.rule.clone()
            } else {
                "coordinated".to_string()
            };
            let rule_b = if b.kind.is_some() {
                b.rule.clone()
            } else {
                "coordinated".to_string()
            };
            let ph = &mut self.ph[p];
            ph.kind = Some(kind);
            ph.rule = rule_a;
            ph.subset = wa;
            ph.text_end = ph.text_end.max(na.1);
            let ph = &mut self.ph[q];
            ph.kind = Some(kind);
            ph.rule = rule_b;
            ph.subset = wb;
            ph.text_end = ph.text_end.max(nb.1);
        }
    }

    /// "The factory's owner and two of his managers remain in custody": a count coordinated
    /// after one definite person, sharing its predicate, counts that person too.
    pub(super) fn sums(&mut self) {
        for p in 0..self.ph.len() {
            let ph = &self.ph[p];
            let a = ph.first;
            let right = ph.rule.starts_with("verb_after") || ph.rule.starts_with("noun_after");
            if (ph.kind.is_some() && !right)
                || ph.rejected
                || ph.singular
                || ph.subset.is_some()
                || ph.superseded
                || ph.sub_mark.is_some()
                || ph.sup_mark.is_some()
                || a < 3
                || self.back(a, 1) != "and"
                || !self.has(a - 2, PERSON_SG)
                || self.has(a - 2, PERSON)
            {
                continue;
            }
            let noun_end = self.noun_group(ph.next, ph.collective).person_end;
            let possessive = |w: &str| w.ends_with("'s") || w.ends_with("’s");
            // "the gunman and two accomplices": the definite suspect phrase is read here.
            let the_single = self
                .phrase_ending_at(a - 1)
                .filter(|&x| self.ph[x].singular && self.lw(self.ph[x].first) == "the");
            let start = if let Some(x) = the_single {
                self.ph[x].first
            } else {
                if self.phrase_ending_at(a - 1).is_some() {
                    continue;
                }
                // Back over noun modifiers to a definite determiner or a possessive.
                let mut s = a - 2;
                let mut mods = 0;
                while s > 0
                    && mods < 3
                    && !possessive(self.lw(s - 1))
                    && self.t.is_word(s - 1)
                    && self.f(s - 1) & (FUNC | AUX | NEG | MODAL | REPORT) == 0
                    && self.trig(s - 1).is_none()
                {
                    s -= 1;
                    mods += 1;
                }
                let det = s > 0
                    && (matches!(self.lw(s - 1), "the" | "his" | "her" | "their" | "its")
                        || possessive(self.lw(s - 1)));
                if !det {
                    continue;
                }
                let mut start = s - 1;
                if possessive(self.lw(start)) && start > 0 && self.lw(start - 1) == "the" {
                    start -= 1;
                }
                start
            };
            // The predicate: the count's own ("... were arrested"), or a verb before the
            // whole phrase ("police arrested the gunman and two accomplices").
            let kind = match self.ph[p].kind {
                Some(k) => k,
                None => {
                    let v = start.wrapping_sub(1);
                    match self.trig(v) {
                        Some(t) if t.has(T_LEFT) && !self.hypothetical_before(v) => {
                            if noun_end.is_none() {
                                continue;
                            }
                            t.kind
                        }
                        _ => continue,
                    }
                }
            };
            if let Some(x) = the_single {
                self.ph[x].rejected = true;
            }
            let ph = &mut self.ph[p];
            ph.kind = Some(kind);
            ph.value += 1;
            ph.value_max = ph.value_max.map(|m| m + 1);
            ph.first = start;
            if let Some(e) = noun_end {
                ph.text_end = ph.text_end.max(e);
            }
            ph.rule = if ph.rule.is_empty() {
                "sum:verb_before".to_string()
            } else {
                format!("sum:{}", ph.rule)
            };
        }
    }

    /// The person noun of a list item starting with phrase `x` and the token after the item,
    /// looking through a relative clause on the noun ("four adults who were shopping").
    pub(super) fn item_end(&self, x: usize) -> Option<((usize, usize), usize)> {
        let ph = &self.ph[x];
        let noun = if ph.singular {
            (ph.first + 1, ph.next)
        } else {
            let e = self.noun_group(ph.next, ph.collective).person_end?;
            let a = if ph.collective && self.lw(ph.next) == "of" {
                ph.next + 1
            } else {
                ph.next
            };
            (a, e)
        };
        let e = noun.1;
        if !matches!(self.lw(e), "who" | "that" | "which") {
            return Some((noun, e));
        }
        let mut m = e + 1;
        while m < (e + 16).min(self.n()) {
            let w = self.lw(m);
            if matches!(w, "and" | "or") && self.phrase_at(m + 1).is_some() {
                return Some((noun, m));
            }
            if self.punct(m) {
                return Some((noun, m));
            }
            if self.phrase_at(m).is_some() {
                return None;
            }
            m += 1;
        }
        (m >= self.n()).then_some((noun, m))
    }

    /// Lists of victims: "killed two police officers, four adults who were shopping, and a
    /// girl"; "the dead included a fisherman who was swept away and two boys". Every item is
    /// part of the victims; the verb or group before the list serves them all.
    pub(super) fn lists(&mut self) {
        for p in 0..self.ph.len() {
            let a = &self.ph[p];
            let Some(kind) = a.kind else { continue };
            if a.rejected || a.superseded {
                continue;
            }
            let group = a.subset.is_some()
                && (a.rule.starts_with("group_include") || a.rule == "subset:including");
            let left = a.subset.is_none()
                && (a.rule.starts_with("verb_before") || a.rule.starts_with("noun_of"));
            if !group && !left {
                continue;
            }
            let mut items: Vec<(usize, (usize, usize))> = Vec::new();
            let mut cur = p;
            let mut closed = false;
            // Commas or relative clauses: what `coordination` does not read.
            let mut commas = false;
            while let Some((noun, end)) = self.item_end(cur) {
                if cur == p && !a.singular && !group && self.generic_noun(noun.0, noun.1) {
                    break;
                }
                commas |= end != noun.1;
                items.push((cur, noun));
                let mut m = end;
                let comma = self.lw(m) == ",";
                if comma {
                    m += 1;
                }
                let conj = matches!(self.lw(m), "and" | "or");
                if conj {
                    m += 1;
                }
                if !comma && !conj {
                    break;
                }
                commas |= comma;
                let Some(q) = self.phrase_at(m) else { break };
                let b = &self.ph[q];
                if b.rejected
                    || b.superseded
                    || b.sub_mark.is_some()
                    || b.sup_mark.is_some()
                    || b.kind.is_some_and(|k| k != kind)
                    || b.subset.is_some()
                {
                    break;
                }
                cur = q;
                if conj {
                    if let Some((noun, _)) = self.item_end(q) {
                        items.push((q, noun));
                        closed = true;
                    }
                    break;
                }
            }
            // A plain pair ("5 soldiers and 2 civilians") is `coordination`'s.
            if !closed || items.len() < 2 || (left && !commas && items.len() == 2) {
                continue;
            }
            let group_rule = format!(
                "group_list:{}",
                self.ph[p].rule.split(':').nth(1).unwrap_or("")
            );
            for (x, (na, nb)) in items {
                if x == p && group {
                    continue;
                }
                let words = self.text_of(na, nb);
                let ph = &mut self.ph[x];
                if group {
                    ph.rule = group_rule.clone();
                } else if ph.kind.is_none() {
                    ph.rule = "coordinated".to_string();
                }
                ph.kind = Some(kind);
                ph.subset = words;
                ph.text_end = ph.text_end.max(nb);
            }
        }
    }

    /// "12 of the dead were in Gaza City and seven in Rafah": a count with no verb of its own,
    /// placed like the subset before it, is a subset of the same kind.
    pub(super) fn ellipsis(&mut self) {
        for q in 1..self.ph.len() {
            let b = &self.ph[q];
            if b.rejected
                || b.kind.is_some()
                || b.singular
                || b.sub_mark.is_some()
                || b.sup_mark.is_some()
                || !matches!(self.back(b.first, 1), "and" | ",")
            {
                continue;
            }
            let e = self
                .noun_group(b.next, b.collective)
                .person_end
                .unwrap_or(b.next);
            let place = |w: &str| {
                matches!(
                    w,
                    "in" | "from" | "at" | "on" | "near" | "inside" | "outside" | "aboard"
                )
            };
            if !place(self.lw(e)) {
                continue;
            }
            let Some(p) = (0..q).rev().find(|&p| {
                let a = &self.ph[p];
                !a.rejected && a.kind.is_some()
            }) else {
                continue;
            };
            let a = &self.ph[p];
            let same = a.subset.as_deref().is_some_and(|w| {
                w.split_whitespace()
                    .next()
                    .is_some_and(|f| place(&f.to_ascii_lowercase()))
            });
            if !same || a.superseded {
                continue;
            }
            let kind = a.kind;
            let Some(words) = self.subset_words(e).and_then(|(x, y)| self.text_of(x, y)) else {
                continue;
            };
            let ph = &mut self.ph[q];
            ph.kind = kind;
            ph.rule = "ellipsis".to_string();
            ph.subset = Some(words);
            ph.text_end = e;
        }
    }
}

//! Ties to the left of a number: its own trigger ("40 dead"), "the loss of 93 lives", a casualty verb or noun before it ("killing 12", "the arrest of four"), and the noun group after it.

use super::*;

impl SentenceFigures<'_, '_> {
    pub(super) fn own_trigger(&mut self, p: usize) {
        if let Some((kind, rule, end)) = self.lives(p) {
            self.set(p, kind, rule, end);
            return;
        }
        if let Some((kind, rule, end)) = self.left(p) {
            self.set(p, kind, rule, end);
            return;
        }
        if let Some(hit) = self.right(p) {
            let noun = hit.noun;
            if let Some(c) = hit
                .rule
                .find("in ")
                .filter(|_| hit.rule.ends_with(" condition") || hit.rule.ends_with("in hospital"))
            {
                // "four were in critical condition": part of the injured when a count precedes.
                self.ph[p].maybe_sub = Some(hit.rule[c..].to_string());
            }
            self.set(p, hit.kind, hit.rule, hit.text_end);
            if hit.group_subset {
                let words = noun
                    .and_then(|(a, b)| self.text_of(a, b))
                    .unwrap_or_else(|| "part".to_string());
                self.ph[p].subset = Some(words);
            }
        }
    }

    /// Where a quantity's left context starts, looking through an article and adjectives:
    /// "reached a staggering 133", "claimed a grim total of"... Returns `a` when there are none.
    pub(super) fn anchor(&self, a: usize) -> usize {
        let adj = |i: usize| {
            matches!(self.lw(i), "reported" | "confirmed" | "official")
                || self.t.is_word(i)
                    && !is_cap_word(self.t, i)
                    && self.f(i) & (FUNC | AUX | PERSON | PERSON_SG | DENY) == 0
                    && self.trig(i).is_none()
                    && self.phrase_ending_at(i + 1).is_none()
        };
        if a >= 2 && adj(a - 1) {
            if matches!(self.back(a, 2), "a" | "an") {
                return a - 2;
            }
            if a >= 3 && adj(a - 2) && matches!(self.back(a, 3), "a" | "an") {
                return a - 3;
            }
        }
        a
    }

    /// Modal or negation just before a verb at `v`: "could have killed", "did not kill".
    pub(super) fn hypothetical_before(&self, v: usize) -> bool {
        for d in 1..=3 {
            if v < d || self.punct(v - d) {
                break;
            }
            let f = self.f(v - d);
            if f & (MODAL | NEG) != 0 && !self.month(v - d) {
                return true;
            }
            if f & AUX == 0 && !matches!(self.lw(v - d), "to" | "have" | "be" | "been") {
                break;
            }
        }
        false
    }

    /// "the loss of 93 lives", "claimed 40 lives", "40 lives were lost", "the lives of 133".
    pub(super) fn lives(&self, p: usize) -> Option<(FigureKind, String, usize)> {
        let ph = &self.ph[p];
        let a = self.anchor(ph.first);
        let l1 = self.back(a, 1);
        let l2 = self.back(a, 2);
        let verb = |w: &str| {
            matches!(
                w,
                "claimed"
                    | "claiming"
                    | "claims"
                    | "claim"
                    | "took"
                    | "taking"
                    | "takes"
                    | "take"
                    | "cost"
                    | "costing"
                    | "costs"
                    | "ended"
                    | "ending"
                    | "snuffed"
                    | "lost"
            )
        };
        if matches!(self.lw(ph.next), "lives" | "life") {
            let left_ok = (verb(l1) && !self.hypothetical_before(a - 1))
                || (l1 == "of" && matches!(l2, "loss" | "losses"));
            let mut k = ph.next + 1;
            while k < ph.next + 4
                && matches!(
                    self.lw(k),
                    "were" | "was" | "have" | "had" | "has" | "been" | "are"
                )
            {
                k += 1;
            }
            let right_ok = self.lw(k) == "lost";
            if left_ok || right_ok {
                return Some((FigureKind::Killed, "lives".to_string(), ph.next + 1));
            }
        }
        if l1 == "of" && l2 == "lives" && a >= 3 {
            let v = if matches!(self.back(a, 3), "the" | "their") {
                a.saturating_sub(4)
            } else {
                a - 3
            };
            let ng = self.noun_group(ph.next, ph.collective);
            // "the lives of 40 people were lost".
            let mut k = ng.end;
            while k < ng.end + 3 && matches!(self.lw(k), "were" | "was" | "have" | "had" | "been") {
                k += 1;
            }
            let lost = self.lw(k) == "lost" && k > ng.end;
            if ((verb(self.lw(v)) || self.lw(v) == "loss") && !self.hypothetical_before(v)) || lost
            {
                return Some((
                    FigureKind::Killed,
                    "lives_of".to_string(),
                    ng.person_end.unwrap_or(ph.next),
                ));
            }
        }
        None
    }

    /// A casualty verb or "noun of" just before the quantity.
    pub(super) fn left(&self, p: usize) -> Option<(FigureKind, String, usize)> {
        let ph = &self.ph[p];
        let a = self.anchor(ph.first);
        if a == 0 {
            return None;
        }
        let l = a - 1;
        let ng = || self.noun_group(ph.next, ph.collective);
        if let Some(t) = self.trig(l)
            && t.has(T_LEFT)
        {
            if t.has(T_BASE)
                && (self.back(l, 1) == "to" || self.has(l.wrapping_sub(1), MODAL | NEG))
            {
                return None;
            }
            if self.hypothetical_before(l) {
                return None;
            }
            // "killing or injuring 40": which is which is unknown.
            if matches!(self.back(l, 1), "or" | "and" | "and/or")
                && l >= 2
                && self
                    .trig(l - 2)
                    .is_some_and(|t2| t2.has(T_LEFT) && t2.kind != t.kind)
            {
                return None;
            }
            // "saved 30 lives" is no rescue count.
            if matches!(self.lw(ph.next), "lives" | "life") {
                return None;
            }
            let g = ng();
            // "pulled 12 people alive" is a rescue whatever the verb.
            return Some((
                t.kind,
                format!("verb_before:{}", self.lw(l)),
                g.person_end.unwrap_or(ph.next),
            ));
        }
        if self.lw(l) == "of"
            && l > 0
            && let Some(t) = self.trig(l - 1)
            && t.has(T_OF)
        {
            let g = ng();
            return Some((
                t.kind,
                format!("noun_of:{}", self.lw(l - 1)),
                g.person_end.unwrap_or(ph.next),
            ));
        }
        // "forced tens of thousands to flee", "drove 3,000 people from their homes".
        if matches!(
            self.lw(l),
            "forced" | "forcing" | "forces" | "force" | "driven" | "driving" | "drove" | "drives"
        ) && !self.hypothetical_before(l)
        {
            let g = ng();
            let e = g.end;
            let flee = self.lw(e) == "to"
                && matches!(self.lw(e + 1), "flee" | "leave" | "abandon" | "evacuate");
            let from = matches!(self.lw(e), "from" | "out")
                && (e + 1..e + 4)
                    .any(|m| matches!(self.lw(m), "homes" | "home" | "houses" | "villages"));
            if flee || from {
                let kind = if self.lw(e + 1) == "evacuate" {
                    FigureKind::Evacuated
                } else {
                    FigureKind::Displaced
                };
                return Some((
                    kind,
                    format!("verb_before:{}", self.lw(l)),
                    g.person_end.unwrap_or(ph.next),
                ));
            }
        }
        // "left dozens of others with burns", "leaving 40 people with serious injuries".
        if matches!(self.lw(l), "left" | "leaving" | "leaves" | "leave")
            && !self.hypothetical_before(l)
        {
            let g = ng();
            if (g.person_end.is_some() || g.end == ph.next) && self.lw(g.end) == "with" {
                let hurt = (g.end + 1..g.end + 5)
                    .take_while(|&m| !self.punct(m))
                    .any(|m| {
                        matches!(
                            self.lw(m),
                            "burns" | "injuries" | "injury" | "wounds" | "fractures"
                        )
                    });
                if hurt {
                    return Some((
                        FigureKind::Injured,
                        format!("verb_before:{} with", self.lw(l)),
                        g.person_end.unwrap_or(ph.next),
                    ));
                }
            }
        }
        // "took two men into custody", "placed 12 people under arrest".
        if matches!(
            self.lw(l),
            "taken" | "took" | "taking" | "takes" | "placed" | "placing" | "put" | "putting"
        ) && !self.hypothetical_before(l)
        {
            let g = ng();
            let e = g.end;
            let custody = matches!(self.lw(e), "into" | "in") && self.lw(e + 1) == "custody";
            let arrest = self.lw(e) == "under" && self.lw(e + 1) == "arrest";
            if custody || arrest {
                return Some((
                    FigureKind::Detained,
                    format!("verb_before:{}", self.lw(l)),
                    g.person_end.unwrap_or(ph.next),
                ));
            }
        }
        // "Dead: 12", "Injured: 40" (lists and tables).
        if self.lw(l) == ":"
            && l > 0
            && let Some(t) = self.trig(l - 1)
            && (t.has(T_GROUP) || t.has(T_RIGHT) || t.has(T_NOUN))
            && (l == 1 || self.punct(l - 2) || is_cap_word(self.t, l - 1) || self.has(l - 2, FUNC))
        {
            let g = ng();
            return Some((
                t.kind,
                format!("label:{}", self.lw(l - 1)),
                g.person_end.unwrap_or(ph.next),
            ));
        }
        // "rounded up 37 people".
        if self.lw(l) == "up" && self.back(l, 1) == "rounded" && !self.hypothetical_before(l - 1) {
            let g = ng();
            return Some((
                FigureKind::Detained,
                "verb_before:rounded up".to_string(),
                g.person_end.unwrap_or(ph.next),
            ));
        }
        // "pulled 12 people alive from the rubble".
        if matches!(
            self.lw(l),
            "pulled"
                | "pulling"
                | "dug"
                | "digging"
                | "brought"
                | "plucked"
                | "freed"
                | "extracted"
        ) {
            let g = ng();
            if self.lw(g.end) == "alive" {
                return Some((
                    FigureKind::Rescued,
                    format!("verb_before:{}", self.lw(l)),
                    g.person_end.unwrap_or(ph.next),
                ));
            }
        }
        None
    }

    /// Modifiers and person noun after a number: "other people", "Israeli soldiers",
    /// "passengers and crew", "dozens of residents", "40 wounded soldiers".
    pub(super) fn noun_group(&self, j: usize, collective: bool) -> NounGroup {
        let mut k = j;
        let mut adj = None;
        if let Some(t) = self.trig(k)
            && t.has(T_RIGHT)
            && self.person_ahead(k + 1)
        {
            adj = Some((t.kind, k));
            k += 1;
        }
        if collective
            && self.lw(k) == "of"
            && !matches!(
                self.lw(k + 1),
                "them" | "whom" | "the" | "those" | "these" | "which"
            )
            && self.person_ahead(k + 1)
        {
            k += 1;
        }
        let mut person_end = None;
        let mut mods = 0;
        let quote = |i: usize| matches!(self.lw(i), "\"" | "“" | "”" | "'" | "‘" | "’");
        while k < self.n() {
            if person_end.is_none() && quote(k) && self.person_ahead(k + 1) {
                k += 1;
                continue;
            }
            if self.person(k) && !self.trig_has(k, T_RIGHT) {
                k += 1;
                if quote(k) && self.t.glued(k) {
                    k += 1;
                }
                person_end = Some(k);
                if matches!(self.lw(k), "and" | "or" | "&")
                    && self.person_ahead(k + 1)
                    && self.phrase_at(k + 1).is_none()
                {
                    k += 1;
                }
                continue;
            }
            if person_end.is_some() {
                break;
            }
            if mods < 3 && self.modifier(k) {
                mods += 1;
                k += 1;
                continue;
            }
            if self.unknown_plural(k) {
                k += 1;
                person_end = Some(k);
                continue;
            }
            break;
        }
        NounGroup {
            end: k,
            person_end,
            adj,
        }
    }

    /// ", including three children," / ", police said," between a subject and its verb.
    pub(super) fn paren_end(&self, k: usize) -> Option<usize> {
        let close = match self.lw(k) {
            "," => ",",
            "(" => ")",
            "–" | "—" => self.lw(k),
            "-" if !self.t.glued(k) => "-",
            _ => return None,
        };
        for m in k + 2..(k + 14).min(self.n()) {
            let w = self.lw(m);
            if w == close {
                if self.finite(m + 1) || self.trig_has(m + 1, T_RIGHT) {
                    return Some(m + 1);
                }
                return None;
            }
            if matches!(w, "." | ";" | ":" | "(" | ")") {
                return None;
            }
        }
        None
    }
}

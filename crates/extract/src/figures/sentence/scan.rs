//! Reading the sentence: every quantity and singular person phrase (`Ph`), and the filters that make a number no count of people (ages, dates, money, codes, ratios, partitive totals).

use super::*;

impl SentenceFigures<'_, '_> {
    /// Read quantities and singular person phrases.
    pub(super) fn scan(&mut self) {
        let qs = quantities(self.t);
        let mut covered = vec![false; self.n() + 1];
        for q in &qs {
            for c in covered.iter_mut().take(q.next).skip(q.first) {
                *c = true;
            }
            self.ph.push(Ph {
                value: q.value,
                value_max: q.value_max,
                qual: q.qualifier,
                first: q.first,
                next: q.next,
                collective: q.card.collective,
                year_like: q.card.year_like,
                singular: false,
                rejected: false,
                kind: None,
                rule: String::new(),
                text_end: q.next,
                subset: None,
                superseded: false,
                soft_sup: false,
                sub_mark: None,
                sub_mark_own: false,
                sup_mark: None,
                maybe_sub: None,
            });
        }
        for (i, _) in covered
            .iter()
            .enumerate()
            .take(self.n())
            .filter(|(_, c)| !**c)
        {
            if let Some(end) = self.singular_at(i) {
                self.ph.push(Ph {
                    value: 1,
                    value_max: None,
                    qual: Qualifier::Exact,
                    first: i,
                    next: end,
                    collective: false,
                    year_like: false,
                    singular: true,
                    rejected: false,
                    kind: None,
                    rule: String::new(),
                    text_end: end,
                    subset: None,
                    superseded: false,
                    soft_sup: false,
                    sub_mark: None,
                    sub_mark_own: false,
                    sup_mark: None,
                    maybe_sub: None,
                });
            }
        }
        self.ph.sort_by_key(|p| p.first);
        for (k, p) in self.ph.iter().enumerate() {
            self.start_at[p.first] = k as u32;
            if p.next < self.end_at.len() {
                self.end_at[p.next] = k as u32;
            }
        }
    }

    /// An age adjective at `k` ("23-year-old", "23 years old", "nine-year-old"): the token
    /// after it.
    pub(super) fn age_at(&self, k: usize) -> Option<usize> {
        if self.t.is_number(k)
            && matches!(self.lw(k + 1), "-" | "‑")
            && ["year", "month", "week", "day"]
                .iter()
                .any(|u| self.lw(k + 2).starts_with(u))
        {
            return Some(k + 3);
        }
        if self.t.is_number(k)
            && matches!(self.lw(k + 1), "year" | "years")
            && self.lw(k + 2) == "old"
        {
            return Some(k + 3);
        }
        let w = self.lw(k);
        (w.contains("-year-old") || w.contains("-month-old") || w.contains("‑year‑old"))
            .then_some(k + 1)
    }

    /// A lowercase word the tables do not know, read as part of a noun phrase ("coast").
    pub(super) fn plain_word(&self, k: usize) -> bool {
        self.t.is_word(k) && self.f(k) == 0 && self.trig(k).is_none() && !is_cap_word(self.t, k)
    }

    /// "a man", "an elderly woman", "a 23-year-old", "a police officer": token after the phrase.
    pub(super) fn singular_at(&self, i: usize) -> Option<usize> {
        if self.lw(i) == "the" {
            // "the gunman was arrested": a definite suspect counts for detentions only.
            let k = if self.modifier(i + 1) && !self.has(i + 1, PERSON_SG) {
                i + 2
            } else {
                i + 1
            };
            if SUSPECT_NOUNS.contains(&self.lw(k)) {
                return Some(k + 1);
            }
            // "the 58-year-old signalman detained on Friday": so does anyone described by
            // age and detained.
            let k = self.age_at(i + 1)?;
            // "the 19-year-old detained last week", "the 34-year-old lorry driver detained".
            let noun = |m: usize| {
                self.t.is_word(m)
                    && self.trig(m).is_none()
                    && self.f(m) & (FUNC | AUX | NEG | MODAL | REPORT) == 0
            };
            let k = if self.trig(k).is_some() {
                k
            } else if noun(k) && noun(k + 1) {
                k + 2
            } else if noun(k) {
                k + 1
            } else {
                return None;
            };
            let held = self
                .trig(k)
                .is_some_and(|t| t.kind == FigureKind::Detained && t.has(T_RIGHT));
            return held.then_some(k);
        }
        if !matches!(self.lw(i), "a" | "an") {
            return None;
        }
        let mut k = i + 1;
        let mut mods = 0;
        let mut age = false;
        while mods < 4 {
            if let Some(e) = self.age_at(k) {
                k = e;
                age = true;
                mods += 1;
                continue;
            }
            // "a coast guard diver", "a security guard".
            if self.has(k, PERSON_SG) && self.has(k + 1, PERSON_SG) && !self.has(k, PERSON) {
                k += 1;
                mods += 1;
                continue;
            }
            if self.plain_word(k)
                && (self.has(k + 1, PERSON_SG)
                    || (self.plain_word(k + 1) || self.has(k + 1, MOD))
                        && self.has(k + 2, PERSON_SG))
            {
                k += 1;
                mods += 1;
                continue;
            }
            if self.has(k, PERSON_SG) {
                return Some(k + 1);
            }
            if self.has(k, PERSON) && self.has(k + 1, PERSON_SG) {
                // "a police officer", "a crew member".
                k += 1;
                mods += 1;
                continue;
            }
            if self.modifier(k) && !self.has(k, PERSON) {
                k += 1;
                mods += 1;
                continue;
            }
            break;
        }
        age.then_some(k)
    }

    /// Filters that make a number no count of people, whatever triggers surround it.
    pub(super) fn rejected(&self, pi: usize) -> bool {
        let p = &self.ph[pi];
        if p.singular {
            return false;
        }
        let a = p.first;
        let nx = p.next;
        let prev = self.back(a, 1);
        if p.value == 0 {
            return true;
        }
        // Money, percentages.
        if a > 0 && self.has(a - 1, CURRENCY) {
            return true;
        }
        if matches!(self.lw(nx), "%" | "percent" | "pc" | "pct" | "per") || self.has(nx, MONEY) {
            return true;
        }
        // Ages: "aged 34", "(34)", "children under 12", "34 years old".
        if a > 0 && self.has(a - 1, AGE) {
            return true;
        }
        if prev == "(" && self.lw(nx) == ")" {
            return true;
        }
        if matches!(self.lw(nx), "year" | "years" | "month" | "months")
            && matches!(self.lw(nx + 1), "old" | "of" | "-")
        {
            return true;
        }
        // "a mother of 12 killed in crossfire", "father to two boys": children, not victims.
        if matches!(prev, "of" | "to")
            && a >= 2
            && matches!(
                self.back(a, 2),
                "mother" | "father" | "parent" | "mom" | "dad" | "grandmother" | "grandfather"
            )
        {
            return true;
        }
        // "November 28, 2005 Ten people were killed": a date's year, then the count.
        if p.year_like
            && (self.t.is_number(nx) || crate::numbers::number_word(self.lw(nx)).is_some())
        {
            return true;
        }
        // "January 9, 2017 Man found dead": the year of a full date is never a count.
        if p.year_like && prev == "," && a >= 3 && self.t.is_number(a - 2) && self.month(a - 3) {
            return true;
        }
        // Ages written loosely: "15 year-old Jordan", "a 17 year-old girl".
        let after = if matches!(self.lw(nx), "-" | "‑") {
            nx + 1
        } else {
            nx
        };
        if ["year-old", "years-old", "month-old", "week-old", "yr-old"]
            .iter()
            .any(|u| self.lw(after).starts_with(u))
        {
            return true;
        }
        // An age in commas after a name or a person: "Laprida Shears, 25, of Tyler",
        // "the driver, 41, and ...".
        if p.qual == Qualifier::Exact
            && p.value <= 120
            && prev == ","
            && a >= 2
            && (is_cap_word(self.t, a - 2)
                || self.has(a - 2, PERSON_SG)
                // "Lee Holt Jr., 27,": a name ending in an abbreviation.
                || (self.lw(a - 2) == "." && a >= 3 && is_cap_word(self.t, a - 3)))
            && (matches!(self.lw(nx), "," | "." | ")" | ";" | "and" | "of") || nx >= self.n())
        {
            return true;
        }
        if p.qual == Qualifier::Exact && p.value <= 120 && self.in_age_list(a, nx) {
            return true;
        }
        if matches!(p.qual, Qualifier::MoreThan | Qualifier::FewerThan)
            && matches!(self.lw(a), "over" | "under" | "above" | "below")
            && a > 0
            && (self.person(a - 1) || matches!(prev, "those" | "anyone" | "everyone" | "aged"))
        {
            return true;
        }
        // Dates and times.
        if a > 0 && self.month(a - 1) {
            return true;
        }
        if self.month(nx) || (self.lw(nx) == "of" && self.month(nx + 1)) {
            return true;
        }
        if self.has(nx, TIME) || (matches!(self.lw(nx), "a" | "p") && self.lw(nx + 1) == ".") {
            return true;
        }
        if p.year_like && !(self.person_ahead(nx) || self.trig(nx).is_some()) {
            return true;
        }
        // "an earthquake in 2015 killed", "the floods of 1998 displaced": a year after a
        // preposition, even with a casualty word next; only a person noun makes it a count.
        if p.year_like
            && p.qual == Qualifier::Exact
            && matches!(
                prev,
                "in" | "since" | "during" | "until" | "till" | "before" | "after" | "by" | "of"
            )
            && !self.person_ahead(nx)
        {
            return true;
        }
        // Labels: "Flight 302", "Route 9", "No. 5".
        if a > 0 && self.has(a - 1, CODE) && self.trig(a - 1).is_none() {
            return true;
        }
        if prev == "." && matches!(self.back(a, 2), "no" | "nos") {
            return true;
        }
        if prev == "#" {
            return true;
        }
        // Ratios: "one in five".
        if self.lw(nx) == "in"
            && (self.t.is_number(nx + 1) || crate::numbers::number_word(self.lw(nx + 1)).is_some())
        {
            return true;
        }
        // Negation shortly before: "none of the 40", "no one among the 12".
        for k in (a.saturating_sub(3)..a).rev() {
            if self.punct(k) {
                break;
            }
            if self.has(k, NEG) {
                return true;
            }
        }
        // Partitive totals: "12 of the 40 passengers", "one of 40", "out of 40".
        let of_at = if prev == "of" {
            Some(a - 1)
        } else if matches!(prev, "the" | "those" | "these") && self.back(a, 2) == "of" {
            Some(a - 2)
        } else {
            None
        };
        if let Some(o) = of_at
            && o > 0
            && (self.phrase_ending_at(o).is_some()
                || matches!(
                    self.lw(o - 1),
                    "none"
                        | "one"
                        | "all"
                        | "most"
                        | "some"
                        | "many"
                        | "half"
                        | "both"
                        | "each"
                        | "any"
                        | "several"
                        | "out"
                        | "majority"
                        | "few"
                        | "two-thirds"
                        | "third"
                        | "quarter"
                        | "dozens"
                        | "hundreds"
                        | "thousands"
                ))
        {
            // "one of 12 people killed": the total is itself a casualty count when the
            // casualty word follows its noun directly; "12 of the 40 passengers were killed"
            // is not.
            let e = self.noun_group(nx, p.collective).person_end.unwrap_or(nx);
            let direct = self.trig_has(e, T_RIGHT) && self.lw(o - 1) != "out";
            if !direct {
                return true;
            }
        }
        self.deny_after(nx, p.collective)
    }

    /// Is the number at `a` (next token `nx`) one of a list of ages? "ages 25, 26 and 33"
    /// (back over the list to "ages"), "4 and 6 years old" (on to "years old"), and "Dennie
    /// Reeves, 66 and Ginger Reeves, 64 were found dead": a name and a number in commas after
    /// an earlier such pair of the sentence.
    fn in_age_list(&self, a: usize, nx: usize) -> bool {
        let list_word = |w: &str| matches!(w, "," | "and" | "or" | "&");
        let mut k = a;
        while k >= 2 && list_word(self.lw(k - 1)) && self.t.is_number(k - 2) {
            k -= 2;
        }
        if k < a && k > 0 && self.has(k - 1, AGE) {
            return true;
        }
        let mut k = nx;
        while list_word(self.lw(k)) && self.t.is_number(k + 1) {
            k += 2;
        }
        if k > nx
            && matches!(self.lw(k), "year" | "years")
            && matches!(self.lw(k + 1), "old" | "of")
        {
            return true;
        }
        let name_age = |m: usize| {
            m >= 2 && self.lw(m - 1) == "," && is_cap_word(self.t, m - 2) && self.t.is_number(m)
        };
        // Both names of two words or more: "In Chicago, 12 were killed" is no such pair.
        let full_name = |m: usize| m >= 3 && is_cap_word(self.t, m - 3);
        name_age(a)
            && full_name(a)
            && (3..a.saturating_sub(2)).any(|m| {
                name_age(m)
                    && full_name(m)
                    && self.lw(m).len() <= 3
                    && matches!(self.lw(m + 1), "," | "and" | ";")
            })
    }

    /// Does a non-person noun follow the number ("300 homes", "two decades", "12 residential
    /// buildings")?
    pub(super) fn deny_after(&self, j: usize, collective: bool) -> bool {
        let mut k = j;
        if collective && self.lw(k) == "of" {
            k += 1;
        }
        for _ in 0..3 {
            // "25 rescued dogs": a casualty adjective on a non-person noun.
            if self.trig_has(k, T_RIGHT) && self.has(k + 1, DENY) && !self.person_ahead(k + 2) {
                return true;
            }
            if self.person(k) || self.trig(k).is_some() {
                return false;
            }
            if self.has(k, DENY) {
                return !self.person_ahead(k + 1);
            }
            if self.has(k, MONEY | TIME) {
                return true;
            }
            let unknown = self.t.is_word(k) && self.f(k) == 0 && !is_cap_word(self.t, k);
            if self.modifier(k) || unknown {
                k += 1;
                continue;
            }
            return false;
        }
        false
    }

    pub(super) fn set(&mut self, p: usize, kind: FigureKind, rule: String, text_end: usize) {
        let ph = &mut self.ph[p];
        ph.kind = Some(kind);
        ph.rule = rule;
        ph.text_end = text_end.max(ph.next.min(text_end.max(ph.first + 1)));
    }
}
